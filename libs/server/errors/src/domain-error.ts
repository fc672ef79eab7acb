import type { ProblemCode, ProblemParams } from '@tessera/contracts';

/**
 * What a domain rule can say went wrong, in the domain's words. Domain code
 * (libs/server/*) throws these and knows nothing of HTTP; the HTTP layer
 * (`toProblem` in libs/server/http) maps each kind to a status and a
 * problem+json body, the socket gateway to a SyncProblem, a job to its run's error.
 */
export type DomainErrorKind =
  /** The request is malformed or a value is out of range (400). */
  | 'invalid'
  /** No one, or no one any more, stands behind the credentials (401). */
  | 'unauthenticated'
  /** The actor may see the thing but not do this (403). */
  | 'forbidden'
  /** No such thing, or not one the actor may know exists (404). */
  | 'not_found'
  /** The thing's state does not allow it now (409). */
  | 'conflict'
  /** It existed and has run out (410). */
  | 'gone'
  /** Well formed, but it breaks a rule of the thing it applies to (422). */
  | 'unprocessable'
  /** Too many attempts; `retryAfterSeconds` says when to try again (429). */
  | 'rate_limited';

/** A field the problem is about, as `errors[]` in a problem+json body. */
export interface FieldError {
  path: string;
  message: string;
  code?: string;
  /** What a client needs to say the message in its own language (`refused_target`: reason, host, address, scheme). */
  params?: Record<string, string>;
}

/** Which refusal of `ProblemParams` this is, with its values: what a client needs to say it in its own language. */
export interface Reason {
  code: ProblemCode;
  params?: Record<string, string>;
}
export const reason = <C extends ProblemCode>(code: C, ...params: keyof ProblemParams[C] extends never ? [] : [ProblemParams[C]]): Reason =>
  params.length ? { code, params: params[0] } : { code };

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly retryAfterSeconds?: number,
    readonly reason?: Reason,
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const badRequest = (detail: string, errors?: FieldError[], why?: Reason) => new DomainError('invalid', detail, errors, undefined, why);
export const unauthorized = (detail = 'Sign in first.') => new DomainError('unauthenticated', detail);
export const forbidden = (detail?: string, errors?: FieldError[], why?: Reason) =>
  new DomainError('forbidden', detail ?? 'Your role does not allow this.', errors, undefined, why ?? (detail === undefined ? reason('role_forbids') : undefined));
/** Also the answer for another organisation's ids: their existence is not confirmed. */
export const notFound = (what = 'resource') => new DomainError('not_found', `No such ${what}.`, undefined, undefined, reason('not_found'));
export const conflict = (detail: string, why?: Reason) => new DomainError('conflict', detail, undefined, undefined, why);
export const gone = (detail: string, why?: Reason) => new DomainError('gone', detail, undefined, undefined, why);
export const unprocessable = (detail: string, errors?: FieldError[], why?: Reason) => new DomainError('unprocessable', detail, errors, undefined, why);
export const tooManyRequests = (detail: string, retryAfterSeconds: number) => new DomainError('rate_limited', detail, undefined, retryAfterSeconds);
