import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { CONFIG, REDIS, type Config } from '@tessera/server/config';
import { dataSourceOptions } from './data-source';

class InfraShutdown implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown() {
    await Promise.allSettled([this.db.destroy(), this.redis.quit()]);
  }
}

/** Configuration, the Postgres pool and the Redis connection, for every module of a process. */
@Global()
@Module({})
export class InfraModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: InfraModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: DataSource, useFactory: () => new DataSource(dataSourceOptions(config.DATABASE_URL)).initialize() },
        { provide: REDIS, useFactory: () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false }) },
        InfraShutdown,
      ],
      exports: [CONFIG, DataSource, REDIS],
    };
  }
}
