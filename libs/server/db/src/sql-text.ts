/**
 * A page's bounds written into the statement: as parameters, the plan Postgres keeps for the prepared statement
 * cannot count on a small LIMIT, so it planned the list again on every call (twice the CPU a request; see
 * docs/performance.md, "Authenticated requests", "Third pass").
 */
export function pageSql(limit: number, offset: number): string {
  return `LIMIT ${wholeNumber(limit)} OFFSET ${wholeNumber(offset)}`;
}

function wholeNumber(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a count: ${n}`);
  return n;
}

/** The ILIKE pattern (with `ESCAPE '\'`) for names containing `text`, its own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
