import { HttpException } from '@nestjs/common';
import { ZodError } from 'zod';
import type { Problem } from '@tessera/contracts';
import { DomainError, type DomainErrorKind, type Reason } from '@tessera/server/errors';

type FieldError = NonNullable<Problem['errors']>[number];

/** An error of the HTTP layer itself (a route's own 413 or 415), which already knows how it should look to the client. */
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

/**
 * The domain's errors, re-exported for the imports that name them here. They are
 * DomainErrors, not ProblemErrors: domain code says what went wrong, and
 * `toProblem` below decides how HTTP says it. New domain code imports them from
 * @tessera/server/errors.
 */
export { badRequest, conflict, forbidden, gone, notFound, reason, tooManyRequests, unauthorized, unprocessable } from '@tessera/server/errors';

/** How HTTP says each kind of domain error. */
const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, gone: 410, unprocessable: 422, rate_limited: 429,
};

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

/** SQLSTATE classes and codes that mean "the database is away", not "the request is wrong". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * True when an error (or what it wraps: TypeORM's driverError, an Error's cause, an AggregateError's
 * errors) says Postgres could not be reached or went away mid-query.
 */
export function databaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((i) => i !== err && databaseUnavailable(i, depth + 1));
}

/** Maps anything thrown while serving a request to a problem+json answer. Never leaks a stack. */
export function toProblem(err: unknown, requestId?: string): ProblemResponse {
  const make = (status: number, detail?: string, errors?: FieldError[], headers: Record<string, string> = {}, title?: string, why?: Reason): ProblemResponse => ({
    status,
    headers,
    unexpected: status >= 500,
    body: {
      type: status >= 500 ? 'about:blank' : `https://tessera.dev/problems/${status}`,
      title: title ?? TITLES[status] ?? 'Error',
      status,
      ...(detail ? { detail } : {}),
      ...(why ?? {}),
      ...(errors?.length ? { errors } : {}),
      ...(requestId ? { requestId } : {}),
    },
  });

  if (err instanceof DomainError) {
    const headers: Record<string, string> = err.retryAfterSeconds !== undefined ? { 'retry-after': String(err.retryAfterSeconds) } : {};
    return make(DOMAIN_STATUS[err.kind], err.detail, err.errors, headers, undefined, err.reason);
  }
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
  // A character Postgres cannot store (U+0000) that reached a statement past the contract's check (a multipart field, say).
  if (e?.code === '22021' || e?.code === '22P05') return make(400, 'A value holds a character that cannot be stored (U+0000).');
  if (e?.code === '23505') return make(409, 'That already exists.');
  // Postgres down or restarting: nothing was done, and the same request will work once it is back.
  if (databaseUnavailable(err)) return make(503, 'The database is not answering. Nothing was changed; try again shortly.', undefined, { 'retry-after': '5' });
  return make(500, 'Something went wrong on our side. The request id identifies it in the logs.');
}
