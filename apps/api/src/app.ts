import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import compress from '@fastify/compress';
import { constants as zlib } from 'node:zlib';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type Redis from 'ioredis';
import { REDIS, type Config } from '@tessera/server/config';
import { PinoNestLogger, ProblemError, buildOpenApiDocument, createLogger, listRoutes, sendProblem, type RouteInfo } from '@tessera/server/http';
import { ACTIONS, AuthGuard, CAN, PUBLIC, READS_ONLY, SESSION_ONLY, type Action } from '@tessera/server/auth';
import { JobQueues } from '@tessera/server/jobs';
import { AppModule } from './app.module';
import { installMetrics } from './system/metrics';
import { installSecurityHeaders } from './system/security-headers';
import { QueueBoardOperators, installQueueBoard } from './system/queue-board';
import { docsPage, docsInit } from './system/docs-page';

const REQUEST_ID = /^[\w.-]{8,128}$/;

/** Builds the whole HTTP application; main.ts listens, tests and benchmarks reuse it. */
export async function createApi(config: Config): Promise<NestFastifyApplication> {
  const logger = createLogger(config.LOG_LEVEL, 'api');
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Without it every client behind a proxy shares the proxy's address, and so one login limit.
    trustProxy: typeof config.TRUST_PROXY === 'number' ? hops(config.TRUST_PROXY) : config.TRUST_PROXY,
    // Fastify's default (100) is shorter than a signed file token (~230); contracts still bound every param.
    // (Under routerOptions: Fastify 5 warns at every start about the top-level option.)
    routerOptions: { maxParamLength: 1024 },
    // Keep a caller's request id so one action can be followed across services.
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const fastify = adapter.getInstance() as unknown as FastifyInstance;
  const metrics = installMetrics(fastify);
  const openapi: { current?: object } = {};

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, metrics, openapi), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });

  fastify.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  installSecurityHeaders(fastify, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // antd writes its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        workerSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  // Before the static plugins (their precompressed files already carry an encoding and pass through).
  await app.register(compress, {
    // Requests are not inflated: a small gzip body must not become a large one behind the body limit.
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // Quality 4 is about as fast as gzip and smaller; 11 (the default) would cost seconds on a large snapshot.
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
  // tus bodies stream straight to disk: Fastify must leave them unread.
  fastify.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));
  await app.register(multipart, { limits: { files: 10_000, fields: 20, parts: 10_020, headerPairs: 200 } });
  await app.register(rateLimit, {
    global: false,
    max: config.AUTH_RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    redis: app.get<Redis>(REDIS),
    nameSpace: `${config.REDIS_PREFIX}:rate-limit:`,
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) =>
      new ProblemError(429, 'Too Many Requests', `Too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} s.`, undefined, { 'retry-after': String(Math.ceil(ctx.ttl / 1000)) }),
  });

  serveDocs(fastify);
  installQueueBoard(fastify, { config, guard: app.get(AuthGuard), queues: app.get(JobQueues), operators: app.get(QueueBoardOperators) });
  serveWeb(fastify, resolve(config.WEB_DIST));

  await app.init();
  openapi.current = buildOpenApiDocument(checkedRoutes(app), { version: '0.1.0', describeAccess: accessOf });
  return app;
}

/** Trust the nearest `n` proxies (proxy-addr counts hops from the socket's peer, which is hop 0). */
function hops(n: number) {
  return (_address: string, hop: number) => hop < n;
}

function accessOf(route: RouteInfo) {
  const isPublic = Reflect.getMetadata(PUBLIC, route.handler) === true;
  const action = Reflect.getMetadata(CAN, route.handler) as Action | undefined;
  const sessionOnly = Reflect.getMetadata(SESSION_ONLY, route.handler) === true;
  const readsOnly = Reflect.getMetadata(READS_ONLY, route.handler) === true;
  const needs = `Needs permission \`${action}\`${sessionOnly ? ', in a signed-in session (API tokens are refused)' : readsOnly ? '; changes nothing, so read-only API tokens may too' : ''}.`;
  return { public: isPublic, action, sessionOnly, description: isPublic ? 'No token needed.' : needs };
}

/**
 * Refuses to start when a route escapes the rules: every route has a contract,
 * and is either public or names an action of the decision table.
 */
function checkedRoutes(app: NestFastifyApplication): RouteInfo[] {
  const routes = listRoutes(app);
  const broken = routes.filter((r) => {
    const { public: isPublic, action } = accessOf(r);
    return !r.contract || isPublic === Boolean(action) || (action && !ACTIONS.includes(action));
  });
  if (broken.length) {
    throw new Error(`Routes without a contract or a policy action: ${broken.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  }
  return routes;
}

function serveDocs(fastify: FastifyInstance) {
  const uiDir = dirname(require.resolve('swagger-ui-dist/package.json'));
  fastify.register(fastifyStatic, { root: uiDir, prefix: '/api/docs/assets/', decorateReply: false });
  fastify.get('/api/docs', (_req, reply) => reply.type('text/html').send(docsPage));
  fastify.get('/api/docs/init.js', (_req, reply) => reply.type('text/javascript').send(docsInit));
}

/** Hashed names never change content: a browser keeps them a year and does not ask again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The SPA on the same origin: files from the build, index.html for
 * client-side routes. The build writes brotli and gzip variants beside each
 * file (apps/web/precompress.ts); the one the browser accepts is sent as it is.
 */
function serveWeb(fastify: FastifyInstance, root: string) {
  const indexPath = resolve(root, 'index.html');
  if (!existsSync(indexPath)) return;
  const hashed = resolve(root, 'assets') + '/';
  fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    preCompressed: true,
    // Dot files (.vite/manifest.json) are for the build's readers, not for browsers.
    serveDotFiles: false,
    // The variants are found beside their file on each request; they need no routes of their own.
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    // index.html names the hashed files of the current build, so it is checked on every load.
    setHeaders: (reply: FastifyReply, path: string) => reply.header('cache-control', path.startsWith(hashed) ? IMMUTABLE : 'no-cache'),
  });
  const indexHtml = readFileSync(indexPath);
  // Files are exact routes and win; anything else that looks like a page gets the app shell.
  fastify.get('/*', (req: FastifyRequest, reply: FastifyReply) => {
    const isPage = !req.url.startsWith('/api/') && !/\.\w+($|\?)/.test(req.url);
    if (isPage) return reply.type('text/html').header('cache-control', 'no-cache').send(indexHtml);
    return sendProblem(new ProblemError(404, 'Not Found', `No route GET ${req.url.split('?')[0]}.`), req, reply);
  });
}
