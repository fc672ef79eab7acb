import { TOOLS_BY_MEDIA, type MediaType } from './label-schema';

/**
 * Every key the web app binds, in one table per place that binds them, so
 * that the browser's shortcut registry (libs/web/editor-ui) and the
 * label-schema contract read the same keys: a label's hotkey that a page or
 * an editor already uses is refused when the schema is saved.
 *
 * Scopes nest: a page holds an editor, an editor its tools. A key goes to the
 * innermost binding first; one that has nothing to do at that moment
 * (`yields`) passes it outward. Only such a binding may share a key with an
 * enclosing scope; everything else sharing a key is a conflict.
 */
export const KEY_SCOPES = ['page', 'editor', 'tool'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export interface KeyAction {
  scope: KeyScope;
  /** As people read them: "Ctrl+Shift+Z", "Shift+S", "?", "ArrowUp". */
  keys: readonly string[];
  /** Tool scope: the editor's tools in which the key is live. */
  tools?: readonly string[];
  /** Passes the key to the enclosing scope when it has nothing to do. */
  yields?: boolean;
  /** Held rather than pressed (Space to pan). */
  hold?: boolean;
  /** Where the shortcut sheet lists it. */
  group: string;
}
export type Keymap = Readonly<Record<string, KeyAction>>;

/** The task page's actions, the same for every media type; no label may take their keys. */
export const TASK_PAGE_KEYS = {
  /** Submit an annotate task, accept a review. */
  complete: { scope: 'page', keys: ['Ctrl+Enter'], group: 'task' },
  skip: { scope: 'page', keys: ['Shift+S'], group: 'task' },
  reject: { scope: 'page', keys: ['Shift+R'], group: 'task' },
  next: { scope: 'page', keys: ['Shift+N'], group: 'task' },
  /** Drops the place a comment was going to be pinned to, once the editor has nothing left to cancel. */
  unpin: { scope: 'page', keys: ['Escape'], group: 'task' },
} as const satisfies Keymap;

/** What every editor has, bound by the frame they share (undo and redo are the sync layer's, per person). */
export const EDITOR_FRAME_KEYS = {
  undo: { scope: 'editor', keys: ['Ctrl+Z'], group: 'edit' },
  redo: { scope: 'editor', keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], group: 'edit' },
  sheet: { scope: 'editor', keys: ['?'], group: 'help' },
} as const satisfies Keymap;

const DRAWING = ['polygon', 'polyline', 'points', 'keypoints'];

/** The image editor (libs/web/image-annotator): its action table gives each of these its command. */
export const IMAGE_EDITOR_KEYS = {
  'tool.select': { scope: 'editor', keys: ['V'], group: 'tools' },
  'tool.box': { scope: 'editor', keys: ['B'], group: 'tools' },
  'tool.polygon': { scope: 'editor', keys: ['P'], group: 'tools' },
  'tool.polyline': { scope: 'editor', keys: ['L'], group: 'tools' },
  'tool.points': { scope: 'editor', keys: ['O'], group: 'tools' },
  'tool.keypoints': { scope: 'editor', keys: ['K'], group: 'tools' },
  'tool.brush': { scope: 'editor', keys: ['M'], group: 'tools' },
  'tool.eraser': { scope: 'editor', keys: ['E'], group: 'tools' },
  'tool.fill': { scope: 'editor', keys: ['G'], group: 'tools' },
  finish: { scope: 'tool', tools: DRAWING, keys: ['Enter'], group: 'drawing' },
  /** Cancels the shape being drawn, else clears the selection, else passes Escape on. */
  cancel: { scope: 'editor', keys: ['Escape'], yields: true, group: 'drawing' },
  /** Falls back to deleting the selection when no point is left to remove. */
  removeLastPoint: { scope: 'tool', tools: DRAWING, keys: ['Backspace'], yields: true, group: 'drawing' },
  skipKeypoint: { scope: 'tool', tools: ['keypoints'], keys: ['S'], group: 'drawing' },
  brushSmaller: { scope: 'tool', tools: ['brush', 'eraser'], keys: ['['], group: 'drawing' },
  brushLarger: { scope: 'tool', tools: ['brush', 'eraser'], keys: [']'], group: 'drawing' },
  delete: { scope: 'editor', keys: ['Delete', 'Backspace'], group: 'edit' },
  copy: { scope: 'editor', keys: ['Ctrl+C'], yields: true, group: 'edit' },
  paste: { scope: 'editor', keys: ['Ctrl+V'], group: 'edit' },
  duplicate: { scope: 'editor', keys: ['Ctrl+D'], group: 'edit' },
  selectAll: { scope: 'editor', keys: ['Ctrl+A'], group: 'edit' },
  nextObject: { scope: 'editor', keys: ['.'], group: 'edit' },
  previousObject: { scope: 'editor', keys: [','], group: 'edit' },
  nudge: { scope: 'editor', keys: ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'], group: 'edit' },
  nudgeMore: { scope: 'editor', keys: ['Shift+ArrowLeft', 'Shift+ArrowRight', 'Shift+ArrowUp', 'Shift+ArrowDown'], group: 'edit' },
  hide: { scope: 'editor', keys: ['H'], group: 'edit' },
  showAll: { scope: 'editor', keys: ['Shift+H'], group: 'edit' },
  lock: { scope: 'editor', keys: ['Shift+L'], group: 'edit' },
  group: { scope: 'editor', keys: ['Ctrl+G'], group: 'edit' },
  ungroup: { scope: 'editor', keys: ['Ctrl+Shift+G'], group: 'edit' },
  forward: { scope: 'editor', keys: ['PageUp'], group: 'edit' },
  backward: { scope: 'editor', keys: ['PageDown'], group: 'edit' },
  toFront: { scope: 'editor', keys: ['Shift+PageUp'], group: 'edit' },
  toBack: { scope: 'editor', keys: ['Shift+PageDown'], group: 'edit' },
  zoomIn: { scope: 'editor', keys: ['+', '='], group: 'view' },
  zoomOut: { scope: 'editor', keys: ['-'], group: 'view' },
  fit: { scope: 'editor', keys: ['F'], group: 'view' },
  actualSize: { scope: 'editor', keys: ['Shift+F'], group: 'view' },
  pan: { scope: 'editor', keys: ['Space'], hold: true, group: 'view' },
  grid: { scope: 'editor', keys: ['Shift+G'], group: 'view' },
  brighter: { scope: 'editor', keys: ['Alt+ArrowUp'], group: 'view' },
  darker: { scope: 'editor', keys: ['Alt+ArrowDown'], group: 'view' },
  moreContrast: { scope: 'editor', keys: ['Alt+ArrowRight'], group: 'view' },
  lessContrast: { scope: 'editor', keys: ['Alt+ArrowLeft'], group: 'view' },
  gammaUp: { scope: 'editor', keys: ['Alt+Shift+ArrowUp'], group: 'view' },
  gammaDown: { scope: 'editor', keys: ['Alt+Shift+ArrowDown'], group: 'view' },
  resetImage: { scope: 'editor', keys: ['Alt+0'], group: 'view' },
  accept: { scope: 'editor', keys: ['A'], group: 'review' },
  reject: { scope: 'editor', keys: ['X'], group: 'review' },
  acceptAbove: { scope: 'editor', keys: ['Shift+A'], group: 'review' },
  rejectBelow: { scope: 'editor', keys: ['Shift+X'], group: 'review' },
} as const satisfies Keymap;

/** The text editor (libs/web/text-annotator): a caret that moves by token, and the selection it extends. */
export const TEXT_EDITOR_KEYS = {
  caretNext: { scope: 'editor', keys: ['ArrowRight'], group: 'caret' },
  caretPrevious: { scope: 'editor', keys: ['ArrowLeft'], group: 'caret' },
  caretDown: { scope: 'editor', keys: ['ArrowDown'], group: 'caret' },
  caretUp: { scope: 'editor', keys: ['ArrowUp'], group: 'caret' },
  extendNext: { scope: 'editor', keys: ['Shift+ArrowRight'], group: 'caret' },
  extendPrevious: { scope: 'editor', keys: ['Shift+ArrowLeft'], group: 'caret' },
  extendDown: { scope: 'editor', keys: ['Shift+ArrowDown'], group: 'caret' },
  extendUp: { scope: 'editor', keys: ['Shift+ArrowUp'], group: 'caret' },
  lineStart: { scope: 'editor', keys: ['Home'], group: 'caret' },
  lineEnd: { scope: 'editor', keys: ['End'], group: 'caret' },
  delete: { scope: 'editor', keys: ['Delete', 'Backspace'], group: 'edit' },
  /** Clears the selection, else passes Escape on (to drop a comment's pin). */
  cancel: { scope: 'editor', keys: ['Escape'], yields: true, group: 'edit' },
  nextSpan: { scope: 'editor', keys: ['.'], group: 'edit' },
  previousSpan: { scope: 'editor', keys: [','], group: 'edit' },
  precision: { scope: 'editor', keys: ['Alt+C'], group: 'edit' },
  /** To the search box; there Enter and Shift+Enter go to the next and previous match, Escape back to the text. */
  search: { scope: 'editor', keys: ['/'], group: 'edit' },
  /** From the selected span: choose a target with the arrows, then the relation's label. */
  relation: { scope: 'editor', keys: ['R'], group: 'relations' },
  relationNext: { scope: 'tool', tools: ['relation'], keys: ['ArrowRight'], yields: true, group: 'relations' },
  relationPrevious: { scope: 'tool', tools: ['relation'], keys: ['ArrowLeft'], yields: true, group: 'relations' },
  /** Target: a span on the next or previous line; label: the next or previous relation label. */
  relationDown: { scope: 'tool', tools: ['relation'], keys: ['ArrowDown'], yields: true, group: 'relations' },
  relationUp: { scope: 'tool', tools: ['relation'], keys: ['ArrowUp'], yields: true, group: 'relations' },
  relationConfirm: { scope: 'tool', tools: ['relation'], keys: ['Enter'], yields: true, group: 'relations' },
  /** A model's selected spans made the person's, or dropped; every one at or above the threshold, or below it. With Alt: letters are labels' keys here. */
  accept: { scope: 'editor', keys: ['Alt+A'], group: 'review' },
  reject: { scope: 'editor', keys: ['Alt+X'], group: 'review' },
  acceptAbove: { scope: 'editor', keys: ['Alt+Shift+A'], group: 'review' },
  rejectBelow: { scope: 'editor', keys: ['Alt+Shift+X'], group: 'review' },
} as const satisfies Keymap;

/** The DICOM viewer (libs/web/dicom-viewer): its tools, slices, window presets and views. */
export const DICOM_VIEWER_KEYS = {
  'tool.windowLevel': { scope: 'editor', keys: ['W'], group: 'tools' },
  'tool.pan': { scope: 'editor', keys: ['H'], group: 'tools' },
  'tool.zoom': { scope: 'editor', keys: ['Z'], group: 'tools' },
  'tool.brush': { scope: 'editor', keys: ['B'], group: 'tools' },
  'tool.eraser': { scope: 'editor', keys: ['E'], group: 'tools' },
  'tool.threshold': { scope: 'editor', keys: ['Shift+B'], group: 'tools' },
  'tool.length': { scope: 'editor', keys: ['M'], group: 'tools' },
  'tool.rectangle': { scope: 'editor', keys: ['R'], group: 'tools' },
  'tool.ellipse': { scope: 'editor', keys: ['O'], group: 'tools' },
  'tool.angle': { scope: 'editor', keys: ['A'], group: 'tools' },
  'tool.bidirectional': { scope: 'editor', keys: ['D'], group: 'tools' },
  'tool.probe': { scope: 'editor', keys: ['Q'], group: 'tools' },
  'tool.regionGrow': { scope: 'editor', keys: ['G'], group: 'tools' },
  'tool.sphereBrush': { scope: 'editor', keys: ['Alt+B'], group: 'tools' },
  'tool.sphereEraser': { scope: 'editor', keys: ['Alt+E'], group: 'tools' },
  'tool.rectScissors': { scope: 'editor', keys: ['X'], group: 'tools' },
  'tool.circleScissors': { scope: 'editor', keys: ['Shift+X'], group: 'tools' },
  'tool.sphereScissors': { scope: 'editor', keys: ['Alt+X'], group: 'tools' },
  brushSmaller: { scope: 'tool', tools: ['brush', 'eraser', 'threshold', 'sphereBrush', 'sphereEraser'], keys: ['['], group: 'segments' },
  brushLarger: { scope: 'tool', tools: ['brush', 'eraser', 'threshold', 'sphereBrush', 'sphereEraser'], keys: [']'], group: 'segments' },
  toleranceDown: { scope: 'tool', tools: ['regionGrow'], keys: ['['], group: 'segments' },
  toleranceUp: { scope: 'tool', tools: ['regionGrow'], keys: [']'], group: 'segments' },
  growMode: { scope: 'editor', keys: ['Alt+G'], group: 'segments' },
  growConnectivity: { scope: 'editor', keys: ['Alt+C'], group: 'segments' },
  fillHoles: { scope: 'editor', keys: ['Shift+G'], group: 'segments' },
  segmentVisibility: { scope: 'editor', keys: ['Shift+V'], group: 'segments' },
  segmentLock: { scope: 'editor', keys: ['K'], group: 'segments' },
  segmentOpacityDown: { scope: 'editor', keys: ['Alt+-'], group: 'segments' },
  segmentOpacityUp: { scope: 'editor', keys: ['Alt+='], group: 'segments' },
  outline: { scope: 'editor', keys: ['Shift+O'], group: 'segments' },
  nextSlice: { scope: 'editor', keys: ['ArrowDown', 'PageDown'], group: 'slices' },
  previousSlice: { scope: 'editor', keys: ['ArrowUp', 'PageUp'], group: 'slices' },
  nextSlices: { scope: 'editor', keys: ['Shift+ArrowDown', 'Shift+PageDown'], group: 'slices' },
  previousSlices: { scope: 'editor', keys: ['Shift+ArrowUp', 'Shift+PageUp'], group: 'slices' },
  firstSlice: { scope: 'editor', keys: ['Home'], group: 'slices' },
  lastSlice: { scope: 'editor', keys: ['End'], group: 'slices' },
  'preset.softTissue': { scope: 'editor', keys: ['1'], group: 'window' },
  'preset.lung': { scope: 'editor', keys: ['2'], group: 'window' },
  'preset.bone': { scope: 'editor', keys: ['3'], group: 'window' },
  'preset.brain': { scope: 'editor', keys: ['4'], group: 'window' },
  'preset.liver': { scope: 'editor', keys: ['5'], group: 'window' },
  'preset.mediastinum': { scope: 'editor', keys: ['6'], group: 'window' },
  'preset.auto': { scope: 'editor', keys: ['0'], group: 'window' },
  invert: { scope: 'editor', keys: ['I'], group: 'view' },
  zoomIn: { scope: 'editor', keys: ['+', '='], group: 'view' },
  zoomOut: { scope: 'editor', keys: ['-'], group: 'view' },
  fit: { scope: 'editor', keys: ['F'], group: 'view' },
  // Viewing (h17-mpr): MPR for series ingest marked as volumes, and cine.
  mpr: { scope: 'editor', keys: ['V'], group: 'view' },
  mprNextView: { scope: 'editor', keys: ['Alt+V'], group: 'view' },
  cine: { scope: 'editor', keys: ['Space'], group: 'slices' },
  cineFaster: { scope: 'editor', keys: ['Alt+ArrowRight'], group: 'slices' },
  cineSlower: { scope: 'editor', keys: ['Alt+ArrowLeft'], group: 'slices' },
} as const satisfies Keymap;

/**
 * Each media type's editor keys, beside the frame's (a label hotkey of its
 * media type is checked against them).
 */
export const EDITOR_KEYS: Readonly<Record<MediaType, Keymap>> = { image: IMAGE_EDITOR_KEYS, text: TEXT_EDITOR_KEYS, dicom: DICOM_VIEWER_KEYS };

const MODIFIERS = ['ctrl', 'alt', 'shift'] as const;

/**
 * One spelling per key combination: lower case, modifiers in the order
 * ctrl, alt, shift ("Shift+Ctrl+Z" → "ctrl+shift+z", "Space" → "space").
 * Label hotkeys ("shift+b") are already in this form.
 */
export function canonicalKey(spelling: string): string {
  let rest = spelling.trim().toLowerCase();
  const mods = new Set<string>();
  for (let m = /^(ctrl|alt|shift)\+(.+)$/.exec(rest); m; m = /^(ctrl|alt|shift)\+(.+)$/.exec(rest)) {
    mods.add(m[1]);
    rest = m[2];
  }
  return [...MODIFIERS.filter((m) => mods.has(m)), rest].join('+');
}

export interface KeyOwner {
  /** Which table: the task page, every editor's frame, or one media type's editor. */
  keymap: 'task' | 'frame' | MediaType;
  action: string;
}
export interface KeyConflict {
  key: string;
  first: KeyOwner;
  second: KeyOwner;
}

interface Bound extends KeyOwner {
  spec: KeyAction;
}

const RANK: Record<KeyScope, number> = { page: 0, editor: 1, tool: 2 };

/** Whether two bindings of one key could both be live, with neither passing the key to the other. */
function clash(a: KeyAction, b: KeyAction): boolean {
  if (a.scope === b.scope) return a.scope !== 'tool' || !a.tools || !b.tools || a.tools.some((t) => b.tools!.includes(t));
  const inner = RANK[a.scope] > RANK[b.scope] ? a : b;
  return !inner.yields;
}

/**
 * Keys bound twice where both are live at once: within one scope, or across
 * scopes where the inner binding does not yield. `maps` are the keymaps that
 * are live together (say the task page's, the frame's and the image editor's).
 */
export function keymapConflicts(maps: readonly { keymap: KeyOwner['keymap']; keys: Keymap }[]): KeyConflict[] {
  const byKey = new Map<string, Bound[]>();
  for (const { keymap, keys } of maps) {
    for (const [action, spec] of Object.entries(keys)) {
      for (const k of new Set(spec.keys.map(canonicalKey))) byKey.set(k, [...(byKey.get(k) ?? []), { keymap, action, spec }]);
    }
  }
  const out: KeyConflict[] = [];
  for (const [key, bound] of byKey) {
    for (let i = 0; i < bound.length; i++) {
      for (let j = i + 1; j < bound.length; j++) {
        if (clash(bound[i].spec, bound[j].spec)) out.push({ key, first: owner(bound[i]), second: owner(bound[j]) });
      }
    }
  }
  return out;
}

const owner = ({ keymap, action }: Bound): KeyOwner => ({ keymap, action });

/** The keymaps live where a label of these tools is used: the task page, the frame, and the editor of each tool's media type. */
export function keymapsFor(tools: readonly string[]): { keymap: KeyOwner['keymap']; keys: Keymap }[] {
  const media = (Object.keys(TOOLS_BY_MEDIA) as MediaType[]).filter((m) => tools.some((t) => (TOOLS_BY_MEDIA[m] as readonly string[]).includes(t)));
  return [{ keymap: 'task', keys: TASK_PAGE_KEYS }, { keymap: 'frame', keys: EDITOR_FRAME_KEYS }, ...media.map((m) => ({ keymap: m, keys: EDITOR_KEYS[m] }))];
}

/** Who already holds a label hotkey for a label with these tools, or null. A label never yields, so any holder is a conflict. */
export function hotkeyOwner(hotkey: string, tools: readonly string[]): KeyOwner | null {
  const key = canonicalKey(hotkey);
  for (const { keymap, keys } of keymapsFor(tools)) {
    for (const [action, spec] of Object.entries(keys)) if (spec.keys.some((k) => canonicalKey(k) === key)) return { keymap, action };
  }
  return null;
}

const PLACE: Record<KeyOwner['keymap'], string> = { task: 'the task page', frame: 'every editor', image: 'the image editor', text: 'the text editor', dicom: 'the DICOM viewer' };

/** Problems with the labels' hotkeys against the keys the pages and editors keep, as issue paths and messages. */
export function hotkeyProblems(labels: readonly { hotkey?: string; tools: readonly string[] }[]): { path: (string | number)[]; message: string; owner: KeyOwner }[] {
  const problems: { path: (string | number)[]; message: string; owner: KeyOwner }[] = [];
  labels.forEach((l, i) => {
    const held = l.hotkey ? hotkeyOwner(l.hotkey, l.tools) : null;
    if (held) problems.push({ path: ['labels', i, 'hotkey'], message: `hotkey "${l.hotkey}" is ${PLACE[held.keymap]}'s key for "${held.action}"`, owner: held });
  });
  return problems;
}
