import { IMAGE_EDITOR_KEYS, TASK_PAGE_KEYS, canonicalKey, type Label } from '@tessera/contracts';
import { comboOf, type KeyPress } from './keys';
import { labelShortcuts } from './labels';
import { ShortcutRegistry, type Shortcut } from './registry';

// Jest runs this project in Node: no KeyboardEvent, no DOM. Events are plain objects with the fields the registry reads,
// and a target is anything with closest(), answering for the tags it is inside.
type Init = Partial<Omit<KeyPress, 'target'>> & { inside?: string[] };
function press(init: Init): KeyPress & { prevented: boolean } {
  const { inside = [], ...rest } = init;
  const ev = {
    key: '', code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, prevented: false,
    target: { closest: (sel: string) => inside.some((tag) => sel.split(',').map((s) => s.trim()).includes(tag)) } as unknown as EventTarget,
    preventDefault: () => void (ev.prevented = true),
    ...rest,
  };
  return ev;
}
const letter = (l: string, mods: Init = {}) => press({ key: mods.shiftKey ? l.toUpperCase() : l, code: `Key${l.toUpperCase()}`, ...mods });

const shortcut = (over: Partial<Shortcut> & Pick<Shortcut, 'id' | 'scope' | 'keys'>): Shortcut => ({ run: () => undefined, title: over.id, group: 'test', ...over });
const label = (over: Partial<Label>): Label => ({ id: 'car', name: 'Car', color: '#1677ff', tools: ['box'], attributes: [], ...over });

describe('the shortcut registry', () => {
  it('spells an event as the keymaps spell its combination', () => {
    expect(comboOf(letter('z', { ctrlKey: true, shiftKey: true }))).toBe('ctrl+shift+z');
    expect(comboOf(letter('s', { shiftKey: true }))).toBe(canonicalKey(TASK_PAGE_KEYS.skip.keys[0]));
    expect(comboOf(press({ key: '?', code: 'Slash', shiftKey: true }))).toBe('?');
    expect(comboOf(press({ key: '+', code: 'Equal', shiftKey: true }))).toBe('+');
    expect(comboOf(press({ key: '1', code: 'Numpad1' }))).toBe('1');
    expect(comboOf(press({ key: ' ', code: 'Space' }))).toBe('space');
    expect(comboOf(press({ key: 'ArrowUp', code: 'ArrowUp', altKey: true, shiftKey: true }))).toBe('alt+shift+arrowup');
    // Alt changes the character on some layouts, not the physical key.
    expect(comboOf(press({ key: '¡', code: 'Digit1', altKey: true }))).toBe('alt+1');
    expect(comboOf(press({ key: 'Enter', code: 'Enter', metaKey: true }))).toBe('ctrl+enter');
  });

  it('reaches every image editor action from the keys its keymap lists', () => {
    const registry = new ShortcutRegistry();
    const ran: string[] = [];
    registry.register(Object.entries(IMAGE_EDITOR_KEYS).map(([id, spec]) => shortcut({ id, scope: spec.scope, keys: spec.keys, run: () => void ran.push(id) })));
    const SYMBOL: Record<string, [string, boolean]> = { '[': ['BracketLeft', false], ']': ['BracketRight', false], '.': ['Period', false], ',': ['Comma', false], '-': ['Minus', false], '=': ['Equal', false], '+': ['Equal', true] };
    const missed: string[] = [];
    for (const [id, spec] of Object.entries(IMAGE_EDITOR_KEYS)) {
      for (const k of spec.keys) {
        const parts = k.split('+').filter(Boolean);
        const base = k.endsWith('+') ? '+' : parts.pop()!;
        const mods = { ctrlKey: parts.includes('Ctrl'), altKey: parts.includes('Alt'), shiftKey: parts.includes('Shift') };
        const ev = /^[A-Z]$/.test(base) ? letter(base.toLowerCase(), mods)
          : /^\d$/.test(base) ? press({ key: base, code: `Digit${base}`, ...mods })
          : base === 'Space' ? press({ key: ' ', code: 'Space', ...mods })
          : base.length > 1 ? press({ key: base, code: base, ...mods })
          : press({ key: base, code: SYMBOL[base][0], ...mods, shiftKey: mods.shiftKey || SYMBOL[base][1] });
        ran.length = 0;
        registry.keydown(ev);
        // Backspace reaches the tool's binding first (it removes the last point), Escape the editor's.
        if (ran[0] !== id && !(k === 'Backspace' && id === 'delete')) missed.push(`${k}: ${id}, ran ${ran.join(',') || 'nothing'}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it('gives a key to the innermost live binding, and outward while bindings have nothing to do', () => {
    const registry = new ShortcutRegistry();
    const ran: string[] = [];
    let drafting = true;
    let tool = 'polygon';
    registry.register([shortcut({ id: 'task.unpin', scope: 'page', keys: ['Escape'], run: () => void ran.push('unpin') })]);
    registry.register([
      shortcut({ id: 'cancel', scope: 'editor', keys: ['Escape'], run: () => (ran.push('cancel?'), drafting ? (drafting = false, true) : false) }),
      shortcut({ id: 'delete', scope: 'editor', keys: ['Delete', 'Backspace'], run: () => void ran.push('delete') }),
      shortcut({ id: 'removeLastPoint', scope: 'tool', keys: ['Backspace'], when: () => tool === 'polygon', run: () => (ran.push('point?'), false) }),
    ]);
    const esc = () => press({ key: 'Escape', code: 'Escape' });
    expect(registry.keydown(esc())).toBe(true);
    expect(ran).toEqual(['cancel?']);
    registry.keydown(esc());
    expect(ran).toEqual(['cancel?', 'cancel?', 'unpin']);
    ran.length = 0;
    registry.keydown(press({ key: 'Backspace', code: 'Backspace' }));
    expect(ran).toEqual(['point?', 'delete']);
    ran.length = 0;
    tool = 'box';
    registry.keydown(press({ key: 'Backspace', code: 'Backspace' }));
    expect(ran).toEqual(['delete']);
  });

  it('prevents the default only of keys it took, and leaves fields, dialogs and sliders their keys', () => {
    const registry = new ShortcutRegistry();
    let runs = 0;
    registry.register([shortcut({ id: 'tool.box', scope: 'editor', keys: ['B'], run: () => void runs++ }), shortcut({ id: 'task.complete', scope: 'page', keys: ['Ctrl+Enter'], run: () => void runs++ }), shortcut({ id: 'nudge', scope: 'editor', keys: ['ArrowRight'], run: () => void runs++ })]);
    const typed = letter('b', { inside: ['textarea'] });
    expect(registry.keydown(typed)).toBe(false);
    expect(typed.prevented).toBe(false);
    expect(registry.keydown(press({ key: 'Enter', code: 'Enter', ctrlKey: true, inside: ['textarea'] }))).toBe(false);
    expect(registry.keydown(press({ key: 'ArrowRight', code: 'ArrowRight', inside: ['[role="slider"]'] }))).toBe(false);
    expect(registry.keydown(letter('b', { inside: ['.ant-modal'] }))).toBe(false);
    expect(registry.keydown(letter('b', { defaultPrevented: true }))).toBe(false);
    expect(runs).toBe(0);
    // A focused button keeps Enter and Space, not the other keys.
    expect(registry.keydown(press({ key: 'Enter', code: 'Enter', ctrlKey: true, inside: ['button'] }))).toBe(true);
    const b = letter('b', { inside: ['button'] });
    expect(registry.keydown(b)).toBe(true);
    expect(b.prevented).toBe(true);
    expect(runs).toBe(2);
    expect(registry.keydown(letter('q'))).toBe(false);
  });

  it('lets a held key go when it goes up, when its binding goes away, or when the window loses focus', () => {
    const registry = new ShortcutRegistry();
    const log: string[] = [];
    const off = registry.register([shortcut({ id: 'pan', scope: 'editor', keys: ['Space'], run: () => void log.push('down'), release: () => void log.push('up') })]);
    registry.keydown(press({ key: ' ', code: 'Space' }));
    registry.keyup(press({ key: ' ', code: 'Space', shiftKey: true }));
    registry.keydown(press({ key: ' ', code: 'Space' }));
    registry.releaseAll();
    registry.keydown(press({ key: ' ', code: 'Space' }));
    off();
    expect(log).toEqual(['down', 'up', 'down', 'up', 'down', 'up']);
    expect(registry.list()).toEqual([]);
  });

  it('never lets a label hotkey shadow a task action: Shift+S skips the task, whatever the schema says', () => {
    const registry = new ShortcutRegistry();
    const ran: string[] = [];
    registry.register([shortcut({ id: 'task.skip', scope: 'page', keys: TASK_PAGE_KEYS.skip.keys, run: () => void ran.push('skip') })]);
    // A schema saved before the key was the task page's (the contract refuses it now) reaches the editor with it.
    const labels = [label({ id: 'sign', name: 'Sign', hotkey: 'shift+s' }), label({ id: 'car', hotkey: '1' }), label({ id: 'bike', name: 'Bike', hotkey: 'b' })];
    const shortcuts = labelShortcuts(labels, (l) => void ran.push(l.id), 'Labels');
    expect(shortcuts.map((s) => s.id)).toEqual(['label.car']);
    registry.register(shortcuts);
    registry.keydown(letter('s', { shiftKey: true }));
    registry.keydown(press({ key: '1', code: 'Digit1' }));
    expect(ran).toEqual(['skip', 'car']);
  });
});
