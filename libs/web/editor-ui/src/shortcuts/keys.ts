/** The fields of a KeyboardEvent the registry reads (tests pass plain objects: Jest runs in Node). */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
  defaultPrevented?: boolean;
  target?: EventTarget | null;
  preventDefault?: () => void;
}

/**
 * The key combination of an event in the canonical spelling of
 * `canonicalKey` (libs/contracts): "ctrl+shift+z", "shift+s", "?", "arrowup",
 * "space". Letters and digits by their physical key, so Shift, Alt and the
 * layout do not change them (the numpad's digits count as digits); symbols by
 * what they type, without the Shift it took to type them.
 */
export function comboOf(e: KeyPress): string {
  const named = e.key.length > 1 ? e.key.toLowerCase() : e.key === ' ' ? 'space' : null;
  const alnum = /^(?:Key([A-Z])|Digit(\d)|Numpad(\d))$/.exec(e.code);
  const base = alnum ? (alnum[1] ?? alnum[2] ?? alnum[3]).toLowerCase() : (named ?? e.key.toLowerCase());
  const symbol = !named && !alnum;
  const mods = [e.ctrlKey || e.metaKey ? 'ctrl' : '', e.altKey ? 'alt' : '', e.shiftKey && !symbol ? 'shift' : ''].filter(Boolean);
  return [...mods, base].join('+');
}

/** Where typing goes, and widgets that keep their own keys: no shortcut fires from inside them. */
const OWN_KEYS = 'input, textarea, select, [contenteditable="true"], [contenteditable=""], [role="slider"], [role="combobox"], [role="listbox"], .ant-select-dropdown, .ant-modal, [role="dialog"]';
/** Controls that Space and Enter activate. */
const ACTIVATES = 'button, a[href], [role="button"], [role="switch"], [role="checkbox"], [role="radio"], [role="menuitem"], [role="tab"], [role="option"]';

interface Closest {
  closest(selector: string): unknown;
}
const closest = (target: EventTarget | null | undefined, selector: string) => !!(target && typeof (target as unknown as Closest).closest === 'function' && (target as unknown as Closest).closest(selector));

/** Whether a key press belongs to what has focus rather than to the shortcuts. */
export function belongsToFocus(e: KeyPress): boolean {
  if (e.defaultPrevented || e.isComposing) return true;
  if (closest(e.target, OWN_KEYS)) return true;
  const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
  return plain && (e.key === ' ' || e.key === 'Enter') && closest(e.target, ACTIVATES);
}
