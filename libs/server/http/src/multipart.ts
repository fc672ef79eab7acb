import type { Readable } from 'node:stream';
import { badRequest } from '@tessera/server/errors';

/**
 * A request's multipart parts, watched: what the parser raises over the body (it ends before its closing
 * boundary, a part's header is malformed) is the sender's fault and answers 400, told from an error storing a
 * file (ours, a 500) by where it came from: the parts' iterator, or a file part's stream. (The parser may fail a
 * part's stream before the handler takes the part, so the stream's own `errored` is asked, not an error event.)
 */
export function watchedParts<P extends object>(parts: AsyncIterable<P>) {
  const streams: Readable[] = [];
  let unreadable: unknown = null;
  async function* each(): AsyncGenerator<P> {
    try {
      for await (const part of parts) {
        if ('file' in part) streams.push(part.file as Readable);
        yield part;
      }
    } catch (e) {
      unreadable = e;
      throw e;
    }
  }
  return {
    parts: each(),
    /** The error as it should answer: a 400 where the body could not be read, otherwise itself. */
    problem(e: unknown): unknown {
      if (e !== unreadable && !streams.some((stream) => stream.errored === e)) return e;
      return badRequest(`The multipart body could not be read (${(e as Error).message}).`);
    },
  };
}
