import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/**
 * Path segments that are bearer secrets: a signed file or release link grants the bytes to whoever
 * holds it until it expires, and an invitation link makes its holder a member. Logs are read by
 * more people and kept longer than either, so the secret part never reaches them.
 */
const SECRET_SEGMENTS = /(\/(?:files|release-files|invitations\/preview|invite)\/)[^/?#]+/g;
/** Query parameters that carry the same kind of secret, should a client put one there. */
const SECRET_PARAMS = /([?&](?:token|access_token|refresh_token|sig|signature)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_SEGMENTS, '$1[redacted]').replace(SECRET_PARAMS, '$1[redacted]');
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    // Replaces Fastify's request serializer (it takes the instance's own first) with one that redacts the URL.
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  });
}

/** Nest's own messages (start-up, module errors) in the same JSON stream as the requests. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) { this.logger.info({ context }, String(message)); }
  error(message: unknown, trace?: string, context?: string) { this.logger.error({ context, trace }, String(message)); }
  warn(message: unknown, context?: string) { this.logger.warn({ context }, String(message)); }
  debug(message: unknown, context?: string) { this.logger.debug({ context }, String(message)); }
  verbose(message: unknown, context?: string) { this.logger.trace({ context }, String(message)); }
}
