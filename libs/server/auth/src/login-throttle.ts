import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';
import { tooManyRequests } from '@tessera/server/http';

/**
 * Checks the limit and counts the attempt in one step, so parallel attempts cannot all read
 * "under the limit" before any of them is counted. Answers the new count, or -ttl when the
 * pair is already at the limit (the attempt is then not counted and not verified).
 */
const TAKE_ATTEMPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then
  local ttl = redis.call('TTL', KEYS[1])
  if ttl < 1 then ttl = 1 end
  return -ttl
end
count = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return count
`;

/**
 * Counts sign-in attempts per account and address in Redis. Every attempt is counted before the
 * password is checked and the count is cleared by a success, so at most LOGIN_MAX_FAILURES
 * wrong passwords are ever tried for a pair within the window, however many arrive at once;
 * keying on the pair keeps an attacker elsewhere from locking a person out.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private key(email: string, ip: string | null) {
    return `${this.config.REDIS_PREFIX}:login-failures:${email}:${ip ?? '-'}`;
  }

  /** Takes one attempt for the pair, or throws 429 with the seconds until it may try again. */
  async takeAttempt(email: string, ip: string | null): Promise<void> {
    const result = Number(await this.redis.eval(TAKE_ATTEMPT, 1, this.key(email, ip), this.config.LOGIN_MAX_FAILURES, this.config.LOGIN_LOCK_SECONDS));
    if (result < 0) throw tooManyRequests('Too many failed sign-in attempts. Try again later.', -result);
  }

  async reset(email: string, ip: string | null): Promise<void> {
    await this.redis.del(this.key(email, ip));
  }
}
