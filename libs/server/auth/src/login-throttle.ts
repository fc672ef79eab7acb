import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';
import { tooManyRequests } from '@tessera/server/http';

/**
 * Counts failed logins per account and address in Redis. After
 * LOGIN_MAX_FAILURES within the window, that pair is refused until it expires;
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

  async assertAllowed(email: string, ip: string | null): Promise<void> {
    const key = this.key(email, ip);
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.ttl(key)]);
    if (Number(count ?? 0) >= this.config.LOGIN_MAX_FAILURES) {
      throw tooManyRequests('Too many failed sign-in attempts. Try again later.', Math.max(ttl, 1));
    }
  }

  async recordFailure(email: string, ip: string | null): Promise<void> {
    const key = this.key(email, ip);
    await this.redis.multi().incr(key).expire(key, this.config.LOGIN_LOCK_SECONDS).exec();
  }

  async reset(email: string, ip: string | null): Promise<void> {
    await this.redis.del(this.key(email, ip));
  }
}
