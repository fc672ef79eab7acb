import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** The lines of a text stream with their numbers (1-based), without line ends; a BOM is dropped. */
export async function* lines(input: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<{ n: number; text: string }> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let n = 0;
  for await (const chunk of input) {
    rest += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let i: number;
    while ((i = rest.indexOf('\n')) >= 0) {
      const text = rest.slice(0, i).replace(/\r$/, '');
      rest = rest.slice(i + 1);
      yield { n: ++n, text: n === 1 ? text.replace(/^\ufeff/, '') : text };
    }
  }
  rest += decoder.end();
  if (rest) yield { n: ++n, text: (n === 1 ? rest.replace(/^\ufeff/, '') : rest).replace(/\r$/, '') };
}

/** A whole small file as text. */
export async function text(input: Readable | AsyncIterable<Buffer | string>, max = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of input) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    size += b.length;
    if (size > max) throw new Error(`the file is larger than ${max} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/^\ufeff/, '');
}
