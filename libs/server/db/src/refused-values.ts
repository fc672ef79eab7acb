/** U+0000, or half of a surrogate pair alone: neither is text Postgres stores (text refuses the one, jsonb both). */
const NOT_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Where a value holds what Postgres cannot store as text (NOT_TEXT), in a string or a key: the dotted path, or null.
 * Such a value fails its statement, and with it every change batched beside it, so callers refuse it up front,
 * naming the place. Walked without recursion, so no nesting depth overflows the stack.
 */
export function unstorableTextAt(value: unknown): string | null {
  // Each entry knows its parent, and a path is spelled only for the one found: spelled per entry, a deep value's
  // paths would take memory in the square of its depth.
  type Entry = { v: unknown; key: string | null; parent: Entry | null };
  const pathOf = (e: Entry) => {
    const keys: string[] = [];
    for (let p: Entry | null = e; p && p.key !== null; p = p.parent) keys.push(p.key);
    return keys.reverse().join('.');
  };
  const stack: Entry[] = [{ v: value, key: null, parent: null }];
  while (stack.length) {
    const e = stack.pop()!;
    const v = e.v;
    if (typeof v === 'string') {
      if (NOT_TEXT.test(v)) return pathOf(e);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], key: String(i), parent: e });
    } else if (v && typeof v === 'object') {
      for (const [key, inner] of Object.entries(v).reverse()) {
        // The key written as JSON would (\u0000) in the path.
        if (NOT_TEXT.test(key)) return pathOf({ v: inner, key: JSON.stringify(key).slice(1, -1), parent: e });
        stack.push({ v: inner, key, parent: e });
      }
    }
  }
  return null;
}

/** What a refusal of unstorable text says of its place. */
export const UNSTORABLE_TEXT = 'holds a NUL character (U+0000) or half a surrogate pair, which is not text';

/**
 * Whether Postgres refused a statement for a value in it (SQLSTATE class 22, a data exception: text it cannot store,
 * a number out of range, a malformed literal). The same values would be refused again, so a retry cannot help.
 */
export function isDataException(e: unknown): boolean {
  return /^22/.test(String((e as { code?: unknown } | null)?.code ?? ''));
}
