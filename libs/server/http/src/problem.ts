import { HttpException } from '@nestjs/common';
import { ZodError } from 'zod';
import type { Problem } from '@tessera/contracts';

type FieldError = NonNullable<Problem['errors']>[number];

/** An error that already knows how it should look to the client. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) => new ProblemError(400, 'Bad Request', detail, errors);
export const unauthorized = (detail = 'Sign in first.') => new ProblemError(401, 'Unauthorized', detail);
export const forbidden = (detail = 'Your role does not allow this.') => new ProblemError(403, 'Forbidden', detail);
/** Also the answer for another organisation's ids: their existence is not confirmed. */
export const notFound = (what = 'resource') => new ProblemError(404, 'Not Found', `No such ${what}.`);
export const conflict = (detail: string) => new ProblemError(409, 'Conflict', detail);
export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new ProblemError(429, 'Too Many Requests', detail, undefined, { 'retry-after': String(retryAfterSeconds) });

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 410: 'Gone', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function zodErrors(error: ZodError, prefix: (string | number)[] = []): FieldError[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path].map(String).join('.'),
    message: i.message,
    code: i.code,
  }));
}

export interface ProblemResponse {
  status: number;
  body: Problem;
  headers: Record<string, string>;
  /** true when the error is ours, not the client's: log it with its stack. */
  unexpected: boolean;
}

/** Maps anything thrown while serving a request to a problem+json answer. Never leaks a stack. */
export function toProblem(err: unknown, requestId?: string): ProblemResponse {
  const make = (status: number, detail?: string, errors?: FieldError[], headers: Record<string, string> = {}, title?: string): ProblemResponse => ({
    status,
    headers,
    unexpected: status >= 500,
    body: {
      type: status >= 500 ? 'about:blank' : `https://tessera.dev/problems/${status}`,
      title: title ?? TITLES[status] ?? 'Error',
      status,
      ...(detail ? { detail } : {}),
      ...(errors?.length ? { errors } : {}),
      ...(requestId ? { requestId } : {}),
    },
  });

  if (err instanceof ProblemError) return make(err.status, err.detail, err.errors, err.headers, err.title);
  if (err instanceof ZodError) return make(400, 'The request does not match its schema.', zodErrors(err));
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const response = err.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    return make(status, status >= 500 ? undefined : Array.isArray(message) ? message.join('; ') : String(message ?? err.message));
  }
  const e = err as { statusCode?: number; code?: string; message?: string };
  // Errors Fastify raises before a handler runs: bad JSON, body too large, wrong content type.
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const detail = e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'The request body is too large.' : e.message;
    return make(e.statusCode, detail);
  }
  // Postgres: a value of the wrong shape, or a uniqueness clash that raced past our checks.
  if (e?.code === '22P02' || e?.code === '22007' || e?.code === '22008') return make(400, 'A value has the wrong format.');
  if (e?.code === '23505') return make(409, 'That already exists.');
  return make(500, 'Something went wrong on our side. The request id identifies it in the logs.');
}
