import { z } from 'zod';

export const uuid = z.uuid();
export const isoDateTime = z.iso.datetime({ offset: true });

// The contracts run in Node and in browsers and take no platform typings; both have the WHATWG URL.
const WhatwgUrl = (globalThis as unknown as { URL: new (url: string) => { username: string; password: string } }).URL;

/**
 * True when a URL, read the way a WHATWG parser (and so every HTTP client) reads it, names no user or
 * password. A pattern over the text is not enough: parsers take `\` for `/` and forgive a third
 * slash or leading blanks, so `http:///user:pass@host` carries credentials no `://…@` pattern sees.
 */
export function withoutCredentials(url: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url)) return false;
  try {
    const parsed = new WhatwgUrl(url);
    return parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** The values a client needs to say a problem or a field error in its own language, named as its code documents them. */
const problemParams = z.record(z.string(), z.string());

/** RFC 9457 problem details, the body of every error response. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  /** A refusal a person meets in the normal course, named (`ProblemParams` in problem-codes.ts lists them). */
  code: z.string().optional(),
  params: problemParams.optional(),
  errors: z
    .array(
      z.object({
        path: z.string(),
        message: z.string(),
        code: z.string().optional(),
        params: problemParams.optional(),
      }),
    )
    .optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const idParams = z.strictObject({ id: uuid });
export type IdParams = z.infer<typeof idParams>;

export const paginationQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}
