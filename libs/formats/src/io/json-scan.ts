import type { Readable } from 'node:stream';
import { FormatError } from '../model';

/**
 * Streams the elements of JSON arrays without holding the document: it
 * tracks depth and strings byte by byte and hands each element of a wanted
 * array to JSON.parse on its own. Used for COCO files of a million objects.
 *
 * `wanted(path)` is asked at each array: `[]` is a top-level array, `['images']`
 * the array under the top-level key "images". Other values are walked over
 * without being kept.
 */
export interface ScanEvent {
  path: string;
  index: number;
  value: unknown;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Yields `{path, index, value}` for each element of the wanted arrays, in file order. */
export async function* scanJsonArrays(input: Readable | AsyncIterable<Buffer>, wanted: (path: string) => boolean, where = 'file'): AsyncGenerator<ScanEvent> {
  // States of the top of the document: before the root, inside the root object (expecting a key, a colon or a value), inside a wanted array.
  let line = 1;
  let root: 'none' | 'object' | 'array' | 'done' = 'none';
  let key: string | null = null;
  let expect: 'key' | 'colon' | 'value' | 'comma' = 'key';
  // The current element (or skipped value) being gathered: its bytes, depth and string state.
  let parts: Buffer[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let keyBytes: number[] | null = null;
  let arrayPath: string | null = null;
  let arrayWanted = false;
  let index = 0;
  let elements = 0;
  let collecting = false;
  let start = 0;
  let scalar = false;
  const fail = (msg: string): never => {
    throw new FormatError(`${where}: line ${line}`, msg);
  };

  const finishElement = (chunk: Buffer, end: number): ScanEvent | null => {
    collecting = false;
    if (!arrayWanted) return null;
    // Most elements lie within one chunk: decoded from it directly, without gathering a copy first.
    let text: string;
    if (parts.length) {
      parts.push(chunk.subarray(start, end));
      text = Buffer.concat(parts).toString('utf8');
      parts = [];
    } else text = chunk.toString('utf8', start, end);
    try {
      return { path: arrayPath!, index: index++, value: JSON.parse(text) };
    } catch (e) {
      return fail(`malformed JSON in ${arrayPath || 'the list'}[${index}] (${(e as Error).message})`);
    }
  };

  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === 0x0a) line++;
      if (collecting) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          continue;
        }
        if (scalar) {
          // a number, true, false or null ends at a delimiter
          if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isSpace(c)) {
            const ev = finishElement(chunk, i);
            scalar = false;
            if (ev) yield ev;
            i--;
            if (c === 0x0a) line--;
          }
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            const ev = finishElement(chunk, i + 1);
            if (ev) yield ev;
          }
        }
        continue;
      }
      if (keyBytes) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          key = JSON.parse(`"${Buffer.from(keyBytes).toString('utf8')}"`) as string;
          keyBytes = null;
          expect = 'colon';
          continue;
        }
        if (keyBytes) keyBytes.push(c);
        continue;
      }
      if (isSpace(c)) continue;
      if (root === 'none' && (c === 0xef || c === 0xbb || c === 0xbf)) continue; // a UTF-8 byte order mark
      if (root === 'none') {
        if (c === OPEN_BRACE) root = 'object';
        else if (c === OPEN_BRACKET) {
          root = 'array';
          arrayPath = '';
          arrayWanted = wanted('');
          index = 0;
          elements = 0;
          expect = 'value';
        } else fail('expected a JSON object or array');
        continue;
      }
      if (root === 'done') fail('text after the end of the JSON document');
      if (arrayPath !== null) {
        // inside a top-level array, or a wanted array under a root key
        if (expect === 'value') {
          if (c === CLOSE_BRACKET) {
            if (elements > 0) fail(`a trailing comma in ${arrayPath || 'the list'}`);
          } else {
            collecting = true;
            start = i;
            depth = 0;
            if (c === QUOTE) inString = true;
            else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth = 1;
            else scalar = true;
            elements++;
            expect = 'comma';
            continue;
          }
        } else if (c === COMMA) {
          expect = 'value';
          continue;
        } else if (c !== CLOSE_BRACKET) fail(`expected , or ] in ${arrayPath || 'the list'}`);
        // the array closes
        if (root === 'array') root = 'done';
        else expect = 'comma';
        arrayPath = null;
        continue;
      }
      // inside the root object
      if (expect === 'key') {
        if (c === QUOTE) keyBytes = [];
        else if (c === CLOSE_BRACE) root = 'done';
        else fail('expected a key');
        continue;
      }
      if (expect === 'colon') {
        if (c !== COLON) fail(`expected : after "${key}"`);
        expect = 'value';
        continue;
      }
      if (expect === 'comma') {
        if (c === COMMA) expect = 'key';
        else if (c === CLOSE_BRACE) root = 'done';
        else fail(`expected , or } after the value of "${key}"`);
        continue;
      }
      // a value under the root key
      if (c === OPEN_BRACKET && wanted(key!)) {
        arrayPath = key!;
        arrayWanted = true;
        index = 0;
        elements = 0;
        expect = 'value';
        continue;
      }
      // any other value under a root key is walked over without keeping it
      arrayWanted = false;
      collecting = true;
      start = i;
      depth = 0;
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth = 1;
      else scalar = true;
      expect = 'comma';
    }
    if (collecting && arrayWanted) parts.push(chunk.subarray(start));
  }
  if (collecting && scalar) collecting = false;
  if (collecting || inString || keyBytes) fail('the file ends inside a value');
  if (root === 'none') fail('the file is empty');
  if (root !== 'done') fail('the file ends before the JSON document does');
}
