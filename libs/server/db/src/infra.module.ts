import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';
import { dataSourceOptions, type EntityClass } from './data-source';
import { PubSub } from './pubsub';

class InfraShutdown implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown() {
    await Promise.allSettled([this.db.destroy(), this.redis.quit()]);
  }
}

/**
 * Configuration, the Postgres pool, the Redis connection and Redis pub/sub, for
 * every module of a process; `entities` are those of the features it runs.
 */
@Global()
@Module({})
export class InfraModule {
  static forRoot(config: Config, entities: EntityClass[]): DynamicModule {
    return {
      module: InfraModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: DataSource, useFactory: () => new DataSource(dataSourceOptions(config.DATABASE_URL, entities)).initialize() },
        { provide: REDIS, useFactory: () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false }) },
        PubSub,
        InfraShutdown,
      ],
      exports: [CONFIG, DataSource, REDIS, PubSub],
    };
  }
}
