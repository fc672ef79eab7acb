/**
 * Every action of the editor and its keys, in one table: the key handler
 * reads it, the shortcut sheet shows it, the tooltips quote it. A label's own
 * hotkey (from the schema) is tried first, so a project may take a key back.
 */
export const SHORTCUTS = {
  tools: {
    'tool.select': ['V'],
    'tool.box': ['B'],
    'tool.polygon': ['P'],
    'tool.polyline': ['L'],
    'tool.points': ['O'],
    'tool.keypoints': ['K'],
    'tool.brush': ['M'],
    'tool.eraser': ['E'],
    'tool.fill': ['G'],
  },
  drawing: {
    finish: ['Enter'],
    cancel: ['Escape'],
    removeLastPoint: ['Backspace'],
    skipKeypoint: ['S'],
    brushSmaller: ['['],
    brushLarger: [']'],
  },
  edit: {
    undo: ['Ctrl+Z'],
    redo: ['Ctrl+Shift+Z', 'Ctrl+Y'],
    delete: ['Delete', 'Backspace'],
    copy: ['Ctrl+C'],
    paste: ['Ctrl+V'],
    duplicate: ['Ctrl+D'],
    selectAll: ['Ctrl+A'],
    nextObject: ['.'],
    previousObject: [','],
    nudge: ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'],
    nudgeMore: ['Shift+ArrowLeft', 'Shift+ArrowRight', 'Shift+ArrowUp', 'Shift+ArrowDown'],
    hide: ['H'],
    showAll: ['Shift+H'],
    lock: ['Shift+L'],
    group: ['Ctrl+G'],
    ungroup: ['Ctrl+Shift+G'],
    forward: ['PageUp'],
    backward: ['PageDown'],
    toFront: ['Shift+PageUp'],
    toBack: ['Shift+PageDown'],
  },
  view: {
    zoomIn: ['+', '='],
    zoomOut: ['-'],
    fit: ['F'],
    actualSize: ['Shift+F'],
    pan: ['Space+drag', 'Middle drag'],
    grid: ['Shift+G'],
    brighter: ['Alt+ArrowUp'],
    darker: ['Alt+ArrowDown'],
    moreContrast: ['Alt+ArrowRight'],
    lessContrast: ['Alt+ArrowLeft'],
    gammaUp: ['Alt+Shift+ArrowUp'],
    gammaDown: ['Alt+Shift+ArrowDown'],
    resetImage: ['Alt+0'],
  },
  review: {
    accept: ['A'],
    reject: ['X'],
    acceptAbove: ['Shift+A'],
    rejectBelow: ['Shift+X'],
  },
  help: {
    sheet: ['?'],
  },
} as const;

type Groups = typeof SHORTCUTS;
export type ActionId = { [G in keyof Groups]: keyof Groups[G] }[keyof Groups] & string;

const ALL = Object.values(SHORTCUTS).flatMap((g) => Object.entries(g)) as [ActionId, readonly string[]][];

/** The key combination of an event, spelled as in the table ("Ctrl+Shift+Z", "?", "ArrowUp"). */
export function comboOf(e: KeyboardEvent): string {
  const named = e.key.length > 1 ? e.key : null;
  // Letters by their physical key, so Shift and layouts do not change them; symbols by what they type.
  const letter = /^Key([A-Z])$/.exec(e.code)?.[1] ?? /^Digit(\d)$/.exec(e.code)?.[1];
  const base = named ?? letter ?? e.key;
  const symbol = !named && !letter;
  const mods = [e.ctrlKey || e.metaKey ? 'Ctrl' : '', e.altKey ? 'Alt' : '', e.shiftKey && !symbol ? 'Shift' : ''].filter(Boolean);
  return [...mods, base === ' ' ? 'Space' : base].join('+');
}

export function actionOf(e: KeyboardEvent): ActionId | null {
  const combo = comboOf(e);
  for (const [id, keys] of ALL) if (keys.includes(combo)) return id;
  return null;
}

/** The label hotkey form of an event ("1", "shift+b", "alt+3"); null for a key no label can have. The numpad's digits count as digits. */
export function labelComboOf(e: KeyboardEvent): string | null {
  if (e.ctrlKey || e.metaKey) return null;
  const key = /^(Key|Digit|Numpad)(.)$/.exec(e.code)?.[2]?.toLowerCase();
  if (!key) return null;
  return `${e.shiftKey ? 'shift+' : ''}${e.altKey ? 'alt+' : ''}${key}`;
}

export const keysOf = (id: ActionId): readonly string[] => ALL.find(([a]) => a === id)?.[1] ?? [];
