/** A number a spreadsheet reads as a number, not a formula: a leading sign is harmless then. */
const PLAIN_NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
/** What makes a spreadsheet read a cell as a formula (or DDE), after any blanks it skips. */
const FORMULA_START = /^(\s*)([=+\-@\t\r])/;

/**
 * One CSV field, for files people open in a spreadsheet (CSV injection). A cell starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is defused with a leading `'`; so is each part after
 * a `;`, because where `;` is the list separator (much of Europe) a spreadsheet splits an unquoted
 * cell there. Plain numbers are left alone. The field is quoted when it holds a quote, a comma, a
 * semicolon or a line break, so neither separator splits it.
 */
export function csvCell(value: unknown): string {
  const raw = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const s = raw
    .split(';')
    .map((part) => (PLAIN_NUMBER.test(part) ? part : part.replace(FORMULA_START, "$1'$2")))
    .join(';');
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
