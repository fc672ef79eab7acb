import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '@tessera/server/config';
import type { Session } from '@tessera/server/auth';

export const REFRESH_COOKIE = 'tessera_refresh';
/** The cookie goes only to the auth routes, never to the rest of the API. */
const COOKIE_PATH = '/api/v1/auth';

export function setSessionCookie(reply: FastifyReply, config: Config, session: Session) {
  reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
    httpOnly: true,
    secure: config.COOKIE_SECURE,
    sameSite: 'strict',
    path: COOKIE_PATH,
    expires: session.refreshExpiresAt,
  });
  return session.body;
}

export function clearSessionCookie(reply: FastifyReply, config: Config) {
  reply.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: config.COOKIE_SECURE, sameSite: 'strict', path: COOKIE_PATH });
}

export const sessionCookieOf = (req: FastifyRequest): string | undefined => req.cookies?.[REFRESH_COOKIE];
