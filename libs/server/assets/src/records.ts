import { parse } from 'csv-parse/sync';
import { UNSTORABLE_TEXT, unstorableTextAt } from '@tessera/server/db';
import { IngestError, normaliseText } from './ingest';

export interface TextRecord {
  /** 1-based line (JSONL) or record number (CSV) in the source file */
  line: number;
  text: string;
  metadata: Record<string, unknown>;
}
export interface RecordProblem {
  line: number;
  message: string;
}

/** Metadata kept per record; a record is a document, not a database. */
const MAX_METADATA_BYTES = 16 * 1024;

function take(line: number, fields: Record<string, unknown>, textField: string, maxTextBytes: number): TextRecord | RecordProblem {
  const value = fields[textField];
  if (typeof value !== 'string') return { line, message: `no text in field "${textField}"` };
  let text: string;
  try {
    text = normaliseText(Buffer.from(value, 'utf8'), maxTextBytes);
  } catch (e) {
    return { line, message: (e as Error).message };
  }
  if (!text.trim()) return { line, message: `field "${textField}" is empty` };
  const { [textField]: _text, ...rest } = fields;
  // JSON may escape what no text holds (\u0000); stored as it is, the record's row would fail its file's whole job.
  const notText = unstorableTextAt(rest);
  if (notText !== null) return { line, message: `field "${notText}" ${UNSTORABLE_TEXT}` };
  const metadata = JSON.stringify(rest).length <= MAX_METADATA_BYTES ? rest : { truncated: 'metadata larger than 16 kB was dropped' };
  return { line, text, metadata };
}

/**
 * Splits a JSONL or CSV file into text records. The whole file is checked as
 * strict UTF-8 first (the line of a bad byte is reported); then each record is
 * taken or refused on its own, so one bad line does not sink the file.
 */
export function splitRecords(bytes: Buffer, format: 'jsonl' | 'csv', textField: string, limits: { fileBytes: number; textBytes: number }) {
  const content = normaliseText(bytes, limits.fileBytes);
  const records: TextRecord[] = [];
  const problems: RecordProblem[] = [];
  const keep = (r: TextRecord | RecordProblem) => ('text' in r ? records.push(r) : problems.push(r));

  if (format === 'jsonl') {
    content.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return problems.push({ line: i + 1, message: 'not valid JSON' });
      }
      if (!value || typeof value !== 'object' || Array.isArray(value)) return problems.push({ line: i + 1, message: 'not a JSON object' });
      keep(take(i + 1, value as Record<string, unknown>, textField, limits.textBytes));
    });
  } else {
    let rows: Record<string, string>[];
    try {
      rows = parse(content, { columns: true, skip_empty_lines: true, relax_column_count: false, bom: true });
    } catch (e) {
      throw new IngestError('records.unreadable', `not a readable CSV file (${(e as Error).message})`);
    }
    if (rows.length && !(textField in rows[0])) throw new IngestError('records.no_text_field', `the CSV has no column "${textField}" (columns: ${Object.keys(rows[0]).join(', ')})`);
    rows.forEach((row, i) => keep(take(i + 2, row, textField, limits.textBytes)));
  }
  return { records, problems };
}
