import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { Registry } from 'prom-client';
import { readiness } from '@tessera/contracts';
import { REDIS } from '@tessera/server/config';
import { Public } from '@tessera/server/auth';
import { Contract } from '@tessera/server/http';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');

async function timed(check: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000))]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (e) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (e as Error).message };
  }
}

@Controller()
export class SystemController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
    @Inject(OPENAPI_DOCUMENT) private readonly openapi: { current?: object },
  ) {}

  @Public()
  @Get('healthz')
  @Contract({ summary: 'Liveness: the process answers', tags: ['system'] })
  health() {
    return { status: 'ok' };
  }

  @Public()
  @Get('readyz')
  @Contract({ summary: 'Readiness: Postgres, Redis and the blob store answer', tags: ['system'], response: readiness })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const checks = {
      postgres: await timed(() => this.db.query('SELECT 1')),
      redis: await timed(() => this.redis.ping()),
      blobStore: await timed(() => this.blobs.check()),
    };
    const failing = Object.entries(checks).filter(([, c]) => !c.ok).map(([name]) => name);
    if (!failing.length) return { status: 'ok', checks };
    // Not ready is an error like any other (problem+json), which also carries the readiness body's fields.
    reply.status(503).type('application/problem+json').header('retry-after', '5');
    return { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: `Not ready: ${failing.join(', ')} not answering.`, checks };
  }

  @Public()
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  @Contract({ summary: 'Prometheus metrics', tags: ['system'], produces: 'text/plain' })
  scrape() {
    return this.metrics.metrics();
  }

  @Public()
  @Get('api/openapi.json')
  @Contract({ summary: 'This OpenAPI 3.1 document', tags: ['system'], produces: 'application/json' })
  document() {
    return this.openapi.current;
  }
}
