/**
 * A page's bounds for a list statement whose other values are in `params` (the offset's go there too). The first
 * page's are written into the text: with LIMIT as a parameter, the plan Postgres keeps for a prepared statement cannot
 * count on a small LIMIT, so it planned the list again on every call (twice Postgres's CPU a request; see
 * docs/performance.md, "Authenticated requests", "Third pass"). Later pages' are parameters, since every text that
 * repeats takes one of the process's prepared statements for good (PreparingClient), and a text per page would spend
 * them on pages rarely asked for twice.
 */
export function pageSql(limit: number, offset: number, params: unknown[]): string {
  if (offset === 0) return `LIMIT ${wholeNumber(limit)}`;
  return `LIMIT $${params.push(wholeNumber(limit))} OFFSET $${params.push(wholeNumber(offset))}`;
}

function wholeNumber(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a count: ${n}`);
  return n;
}

/** The ILIKE pattern (with `ESCAPE '\'`) for names containing `text`, its own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * A list's total, which each row of its page carries (`count(*) OVER ()`); past the last page no row carries it,
 * so `countAgain` counts what matches.
 */
export async function pageTotal(rows: readonly { total: string | number }[], offset: number, countAgain: () => Promise<number>): Promise<number> {
  if (rows.length) return Number(rows[0].total);
  return offset ? countAgain() : 0;
}

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
