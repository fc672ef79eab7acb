import { createFront, parseUpstreams } from './front';

/**
 * `API_UPSTREAMS=127.0.0.1:8081,127.0.0.1:8082 PORT=8080 node dist/apps/front/main.js`: one origin for
 * several API processes (see front.ts). `npm run up -- --api 2` and docker-compose.yml run it.
 */
const upstreams = parseUpstreams(process.env.API_UPSTREAMS ?? '');
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
const log = (msg: string) => console.log(JSON.stringify({ time: new Date().toISOString(), msg }));

const front = createFront({ upstreams, log });
front.listen(port, host, () => log(`front listening on ${host}:${port}, spreading over ${upstreams.map((u) => `${u.host}:${u.port}`).join(', ')}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    front.close(() => process.exit(0));
    front.closeAllConnections();
  });
}
