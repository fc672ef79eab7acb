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
