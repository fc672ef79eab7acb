import type { FastifyRequest } from 'fastify';

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** The API token the request came with (set once the guard has checked it): what it may not do, and the audit log's record of it. */
  apiTokenId?: string;
  /** That token may only read. */
  apiTokenReadOnly?: boolean;
}

export function originOf(req: FastifyRequest): RequestOrigin {
  const ua = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null, requestId: String(req.id) };
}
