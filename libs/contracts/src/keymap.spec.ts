import {
  EDITOR_FRAME_KEYS, EDITOR_KEYS, IMAGE_EDITOR_KEYS, MEDIA_TYPES, TASK_PAGE_KEYS, canonicalKey, hotkeyOwner, keymapConflicts, keymapsFor,
  labelSchemaUpdateRequest, projectCreateRequest, TOOLS_BY_MEDIA, type Keymap,
} from './index';

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
const label = (over: Record<string, unknown> = {}) => ({ id: 'car', name: 'Car', color: '#1677ff', tools: ['box'], ...over });

describe('key combinations', () => {
  it('have one spelling: lower case, modifiers ctrl, alt, shift', () => {
    expect(canonicalKey('Shift+Ctrl+Z')).toBe('ctrl+shift+z');
    expect(canonicalKey('Alt+Shift+ArrowUp')).toBe('alt+shift+arrowup');
    expect(canonicalKey('shift+s')).toBe('shift+s');
    expect(canonicalKey('+')).toBe('+');
    expect(canonicalKey('Space')).toBe('space');
  });
});

describe('the keymaps', () => {
  it('bind no key twice where both are live: the task page, the frame and each editor together', () => {
    for (const media of MEDIA_TYPES) expect(keymapConflicts(keymapsFor(TOOLS_BY_MEDIA[media]))).toEqual([]);
  });

  it('name the scopes: every tool-scope key says which tools it is live in', () => {
    for (const keys of [TASK_PAGE_KEYS, EDITOR_FRAME_KEYS, ...Object.values(EDITOR_KEYS)] as Keymap[]) {
      for (const [id, spec] of Object.entries(keys)) expect([id, spec.scope === 'tool' ? !!spec.tools?.length : true]).toEqual([id, true]);
    }
  });

  it('find a key bound twice in one scope, or an inner binding that takes an outer one’s key without yielding', () => {
    const editor: Keymap = {
      a: { scope: 'editor', keys: ['Q'], group: 'x' },
      b: { scope: 'editor', keys: ['q'], group: 'x' },
      c: { scope: 'tool', tools: ['box'], keys: ['W'], group: 'x' },
      d: { scope: 'tool', tools: ['polygon'], keys: ['W'], group: 'x' },
      e: { scope: 'tool', tools: ['polygon', 'box'], keys: ['Shift+N'], group: 'x' },
      f: { scope: 'editor', keys: ['Escape'], yields: true, group: 'x' },
    };
    const found = keymapConflicts([{ keymap: 'task', keys: TASK_PAGE_KEYS }, { keymap: 'image', keys: editor }]);
    expect(found.map((c) => `${c.key}: ${c.first.keymap}.${c.first.action} / ${c.second.keymap}.${c.second.action}`)).toEqual([
      'shift+n: task.next / image.e',
      'q: image.a / image.b',
    ]);
  });
});

describe('label hotkeys against the keys pages and editors keep', () => {
  it('refuses a label’s Shift+S: it is the task page’s skip', () => {
    expect(hotkeyOwner('shift+s', ['box'])).toEqual({ keymap: 'task', action: 'skip' });
    const r = projectCreateRequest.safeParse({ name: 'x', mediaType: 'image', labelSchema: { labels: [label({ hotkey: 'Shift+S' })] } });
    expect(issues(r)).toEqual(['labelSchema.labels.0.hotkey: hotkey "shift+s" is the task page\'s key for "skip"']);
    expect(issues(labelSchemaUpdateRequest.safeParse({ basedOnVersion: 1, labelSchema: { labels: [label({ hotkey: 'shift+s' })] } }))).toEqual([
      'labelSchema.labels.0.hotkey: hotkey "shift+s" is the task page\'s key for "skip"',
    ]);
  });

  it('keeps R for the text editor’s relations, and the arrows and Enter only while a relation is being made', () => {
    expect(hotkeyOwner('r', ['span'])).toEqual({ keymap: 'text', action: 'relation' });
    expect(hotkeyOwner('r', ['box'])).toBeNull();
    expect(hotkeyOwner('enter', ['span'])).toEqual({ keymap: 'text', action: 'relationConfirm' });
    // Every text label, whatever its tool, and however R is spelled: the relation key works wherever the label is used.
    for (const tools of [['relation'], ['doc-label'], ['span', 'relation']]) for (const k of ['r', 'R']) expect(hotkeyOwner(k, tools)).toEqual({ keymap: 'text', action: 'relation' });
    expect(hotkeyOwner('shift+r', ['span'])).toEqual({ keymap: 'task', action: 'reject' });
    const r = projectCreateRequest.safeParse({ name: 'x', mediaType: 'text', labelSchema: { labels: [label({ tools: ['span'], hotkey: 'R' })] } });
    expect(issues(r)).toEqual(['labelSchema.labels.0.hotkey: hotkey "r" is the text editor\'s key for "relation"']);
  });

  it('refuses the keys of the editor the label’s tools belong to, and only of that one', () => {
    expect(hotkeyOwner('b', ['box', 'polygon'])).toEqual({ keymap: 'image', action: 'tool.box' });
    expect(hotkeyOwner('alt+0', ['mask'])).toEqual({ keymap: 'image', action: 'resetImage' });
    expect(hotkeyOwner('s', ['keypoints'])).toEqual({ keymap: 'image', action: 'skipKeypoint' });
    // The text editor keeps no plain letters: the demo's text labels use p, o, l, d.
    expect(hotkeyOwner('b', ['span'])).toBeNull();
    expect(hotkeyOwner('alt+c', ['span'])).toEqual({ keymap: 'text', action: 'precision' });
    expect(hotkeyOwner('1', ['box'])).toBeNull();
    expect(hotkeyOwner('shift+b', ['box'])).toBeNull();
    expect(IMAGE_EDITOR_KEYS['tool.box'].keys).toEqual(['B']);
  });

  it('keeps saved versions readable: only saving checks hotkeys', () => {
    const r = labelSchemaUpdateRequest.safeParse({ basedOnVersion: 1, labelSchema: { labels: [label({ hotkey: '1' }), label({ id: 'person', name: 'Person', hotkey: '2', tools: ['keypoints'], skeleton: { points: ['a'], edges: [] } })] } });
    expect(r.success).toBe(true);
  });
});
