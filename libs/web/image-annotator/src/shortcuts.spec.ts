import { hotkeySchema } from '@tessera/contracts';
import { actionOf, comboOf, keysOf, labelComboOf, SHORTCUTS, type ActionId } from './shortcuts';

// Jest runs this project in Node: no KeyboardEvent, so events are plain objects with the fields the functions read.
type KeyInit = Partial<Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>>;
const ev = (init: KeyInit) => ({ key: '', code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...init }) as KeyboardEvent;

/** Symbols in the table, with the US-layout key that types them and whether it needs Shift. */
const SYMBOL_KEYS: Record<string, [code: string, shift: boolean]> = {
  '[': ['BracketLeft', false],
  ']': ['BracketRight', false],
  '.': ['Period', false],
  ',': ['Comma', false],
  '-': ['Minus', false],
  '=': ['Equal', false],
  '+': ['Equal', true],
  '?': ['Slash', true],
};

/** The event a US keyboard sends for a combo as the table spells it. */
function eventFor(combo: string): KeyboardEvent {
  let rest = combo;
  const mods = { ctrlKey: false, altKey: false, shiftKey: false };
  for (let m = /^(Ctrl|Alt|Shift)\+(.+)$/.exec(rest); m; m = /^(Ctrl|Alt|Shift)\+(.+)$/.exec(rest)) {
    mods[({ Ctrl: 'ctrlKey', Alt: 'altKey', Shift: 'shiftKey' } as const)[m[1] as 'Ctrl' | 'Alt' | 'Shift']] = true;
    rest = m[2];
  }
  if (/^[A-Z]$/.test(rest)) return ev({ ...mods, key: mods.shiftKey ? rest : rest.toLowerCase(), code: `Key${rest}` });
  if (/^\d$/.test(rest)) return ev({ ...mods, key: rest, code: `Digit${rest}` });
  if (rest.length > 1) return ev({ ...mods, key: rest, code: rest });
  const [code, shift] = SYMBOL_KEYS[rest];
  return ev({ ...mods, shiftKey: mods.shiftKey || shift, key: rest, code });
}

const entries = Object.entries(SHORTCUTS).flatMap(([group, actions]) =>
  Object.entries(actions).map(([id, keys]) => ({ group, id: id as ActionId, keys: keys as readonly string[] })),
);
// Pan is a pointer gesture with a held key; the key handler deals with Space itself, before the table.
const isGesture = (k: string) => / drag$|\+drag$/.test(k);

describe('the shortcut table', () => {
  it('gives every action at least one key', () => {
    expect(entries.filter((e) => e.keys.length === 0).map((e) => e.id)).toEqual([]);
  });

  it('names every action once, across all groups', () => {
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has pointer gestures only for panning', () => {
    expect(entries.filter((e) => e.keys.some(isGesture)).map((e) => [e.id, e.keys.filter(isGesture)])).toEqual([['pan', ['Space+drag', 'Middle drag']]]);
  });

  it('shares a combo only where it is meant to: Backspace removes the last point, and deletes when there is none', () => {
    const byCombo = new Map<string, ActionId[]>();
    for (const e of entries) for (const k of e.keys) byCombo.set(k, [...(byCombo.get(k) ?? []), e.id]);
    const shared = [...byCombo].filter(([, ids]) => ids.length > 1);
    expect(shared).toEqual([['Backspace', ['removeLastPoint', 'delete']]]);
    // actionOf has no context: the first entry wins, and the key handler falls back to deleting the selection.
    expect(actionOf(eventFor('Backspace'))).toBe('removeLastPoint');
  });

  it('reaches every action from the keys it lists', () => {
    const unreached: string[] = [];
    for (const e of entries)
      for (const k of e.keys) {
        if (isGesture(k) || k === 'Backspace') continue;
        const got = actionOf(eventFor(k));
        if (got !== e.id) unreached.push(`${k}: ${e.id}, got ${got}`);
      }
    expect(unreached).toEqual([]);
  });

  it('spells each key the way comboOf does, so the tooltips and the sheet show what a press produces', () => {
    const keys = entries.flatMap((e) => e.keys).filter((k) => !isGesture(k));
    expect(keys.filter((k) => comboOf(eventFor(k)) !== k)).toEqual([]);
  });
});

describe('comboOf', () => {
  it('names a letter by its key in upper case, with or without Shift', () => {
    expect(comboOf(ev({ key: 'b', code: 'KeyB' }))).toBe('B');
    expect(comboOf(ev({ key: 'H', code: 'KeyH', shiftKey: true }))).toBe('Shift+H');
  });

  it('reads letters by their physical key, so another layout does not move the shortcuts', () => {
    // The key that types "q" on AZERTY and "м" on a Russian layout sit where A and V are on QWERTY.
    expect(comboOf(ev({ key: 'q', code: 'KeyA' }))).toBe('A');
    expect(comboOf(ev({ key: 'м', code: 'KeyV' }))).toBe('V');
  });

  it('writes modifiers in a fixed order, Ctrl then Alt then Shift', () => {
    expect(comboOf(ev({ key: 'Z', code: 'KeyZ', ctrlKey: true, shiftKey: true }))).toBe('Ctrl+Shift+Z');
    expect(comboOf(ev({ key: 'ArrowUp', code: 'ArrowUp', altKey: true, shiftKey: true }))).toBe('Alt+Shift+ArrowUp');
    expect(comboOf(ev({ key: 'g', code: 'KeyG', ctrlKey: true, altKey: true, shiftKey: true }))).toBe('Ctrl+Alt+Shift+G');
  });

  it('treats the Mac Command key as Ctrl', () => {
    expect(comboOf(ev({ key: 'z', code: 'KeyZ', metaKey: true }))).toBe('Ctrl+Z');
  });

  it('names a digit by its key, even when Alt makes it type something else (macOS)', () => {
    expect(comboOf(ev({ key: 'º', code: 'Digit0', altKey: true }))).toBe('Alt+0');
  });

  it('keeps Shift on named keys', () => {
    expect(comboOf(ev({ key: 'PageUp', code: 'PageUp', shiftKey: true }))).toBe('Shift+PageUp');
    expect(comboOf(ev({ key: 'Escape', code: 'Escape' }))).toBe('Escape');
  });

  it('names symbols by what they type and drops the Shift it took to type them', () => {
    expect(comboOf(ev({ key: '?', code: 'Slash', shiftKey: true }))).toBe('?');
    // German layout: "?" is Shift+ß.
    expect(comboOf(ev({ key: '?', code: 'Minus', shiftKey: true }))).toBe('?');
    expect(comboOf(ev({ key: '+', code: 'NumpadAdd' }))).toBe('+');
  });

  it('calls the space bar Space', () => {
    expect(comboOf(ev({ key: ' ', code: 'Space' }))).toBe('Space');
  });
});

describe('actionOf', () => {
  it.each<[KeyInit, ActionId]>([
    [{ key: 'v', code: 'KeyV' }, 'tool.select'],
    [{ key: 'z', code: 'KeyZ', ctrlKey: true }, 'undo'],
    [{ key: 'Z', code: 'KeyZ', ctrlKey: true, shiftKey: true }, 'redo'],
    [{ key: 'y', code: 'KeyY', metaKey: true }, 'redo'],
    [{ key: 'Delete', code: 'Delete' }, 'delete'],
    [{ key: 'ArrowLeft', code: 'ArrowLeft' }, 'nudge'],
    [{ key: 'ArrowLeft', code: 'ArrowLeft', shiftKey: true }, 'nudgeMore'],
    [{ key: 'ArrowLeft', code: 'ArrowLeft', altKey: true }, 'lessContrast'],
    [{ key: 'G', code: 'KeyG', shiftKey: true }, 'grid'],
    [{ key: 'G', code: 'KeyG', ctrlKey: true, shiftKey: true }, 'ungroup'],
    [{ key: 'l', code: 'KeyL' }, 'tool.polyline'],
    [{ key: 'L', code: 'KeyL', shiftKey: true }, 'lock'],
    [{ key: '+', code: 'Equal', shiftKey: true }, 'zoomIn'],
    [{ key: '=', code: 'Equal' }, 'zoomIn'],
    [{ key: '?', code: 'Slash', shiftKey: true }, 'sheet'],
  ])('maps %o to %s', (init, action) => {
    expect(actionOf(ev(init))).toBe(action);
  });

  it('maps keys outside the table to nothing', () => {
    expect(actionOf(ev({ key: 'q', code: 'KeyQ' }))).toBeNull();
    expect(actionOf(ev({ key: 'F5', code: 'F5' }))).toBeNull();
    expect(actionOf(ev({ key: 'v', code: 'KeyV', altKey: true }))).toBeNull();
    expect(actionOf(ev({ key: ' ', code: 'Space' }))).toBeNull();
  });
});

describe('keysOf', () => {
  it('lists the keys of an action as the table has them', () => {
    expect(keysOf('redo')).toEqual(['Ctrl+Shift+Z', 'Ctrl+Y']);
    expect(keysOf('tool.box')).toEqual(['B']);
  });
});

describe('labelComboOf', () => {
  it('spells a letter or digit in lower case, with shift+ or alt+ in front', () => {
    expect(labelComboOf(ev({ key: '1', code: 'Digit1' }))).toBe('1');
    expect(labelComboOf(ev({ key: 'B', code: 'KeyB', shiftKey: true }))).toBe('shift+b');
    expect(labelComboOf(ev({ key: '£', code: 'Digit3', altKey: true }))).toBe('alt+3');
  });

  it('takes the numpad digits for the top row ones, but not its operators', () => {
    expect(labelComboOf(ev({ key: '2', code: 'Numpad2' }))).toBe('2');
    expect(labelComboOf(ev({ key: '+', code: 'NumpadAdd' }))).toBeNull();
  });

  it('reads the physical key, so Shift+1 is "shift+1" and not "!"', () => {
    expect(labelComboOf(ev({ key: '!', code: 'Digit1', shiftKey: true }))).toBe('shift+1');
  });

  it('leaves Ctrl and Command to the editor', () => {
    expect(labelComboOf(ev({ key: 'c', code: 'KeyC', ctrlKey: true }))).toBeNull();
    expect(labelComboOf(ev({ key: 'c', code: 'KeyC', metaKey: true }))).toBeNull();
  });

  it('has nothing for keys a label hotkey cannot be', () => {
    expect(labelComboOf(ev({ key: 'Enter', code: 'Enter' }))).toBeNull();
    expect(labelComboOf(ev({ key: '?', code: 'Slash', shiftKey: true }))).toBeNull();
    expect(labelComboOf(ev({ key: ' ', code: 'Space' }))).toBeNull();
  });

  it('produces the form the label schema stores, so a hotkey as typed in the schema matches the press', () => {
    for (const [typed, init] of [
      ['7', { key: '7', code: 'Digit7' }],
      ['B', { key: 'b', code: 'KeyB' }],
      ['Shift+B', { key: 'B', code: 'KeyB', shiftKey: true }],
      ['alt+4', { key: '¢', code: 'Digit4', altKey: true }],
    ] as const) {
      expect(labelComboOf(ev(init))).toBe(hotkeySchema.parse(typed));
    }
  });
});
