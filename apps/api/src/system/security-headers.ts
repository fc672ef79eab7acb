import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * Helmet's headers, worked out once: they do not depend on the request here (no CSP nonces). @fastify/helmet built
 * the whole middleware again on every request, parsing the CSP directives each time: 2.3 % of the API's samples
 * under the pool bench. Set at onRequest, so a route's own header (the signed files' sandbox CSP) still wins.
 */
export function installSecurityHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const headers = helmetHeaders(options);
  fastify.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** What helmet's middleware sets on a response, read off a stand-in for one. */
export function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown = null;
  let finished = false;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (e?: unknown) => {
    failed = e ?? null;
    finished = true;
  });
  // Helmet's middleware is synchronous; a version that is not would leave the headers unset, never half set.
  if (!finished || failed) throw new Error(`helmet did not set its headers: ${failed instanceof Error ? failed.message : 'it did not finish at once'}`);
  return headers;
}
