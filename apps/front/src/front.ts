import { lookup } from 'node:dns/promises';
import { Agent, createServer, request, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { connect, isIP, type Socket } from 'node:net';

/** An API process the front can hand a connection to: `host:port`, where host may name several addresses (Compose replicas). */
export interface Upstream {
  host: string;
  port: number;
}

export interface FrontOptions {
  upstreams: Upstream[];
  /** How long an address that refused a connection is skipped. */
  downMs?: number;
  log?: (msg: string) => void;
}

export function parseUpstreams(list: string): Upstream[] {
  const upstreams = list.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const at = entry.lastIndexOf(':');
    const port = Number(entry.slice(at + 1));
    if (at <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`API_UPSTREAMS: "${entry}" is not host:port`);
    return { host: entry.slice(0, at).replace(/^\[|\]$/g, ''), port };
  });
  if (!upstreams.length) throw new Error('API_UPSTREAMS names no API process');
  return upstreams;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Hop-by-hop headers belong to one connection and must not be forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'];

/**
 * The one origin in front of several API processes: plain HTTP and the `/sync` WebSocket are
 * spread over the API processes, connection by connection. A process that refuses connections
 * (crashed, restarting) is skipped, so its clients reconnect to another one; no state lives here,
 * because the API processes share rooms and presence through Redis.
 */
export function createFront({ upstreams, downMs = 2000, log = () => undefined }: FrontOptions): Server {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const downUntil = new Map<string, number>();
  let next = 0;

  async function addresses(): Promise<Upstream[]> {
    const all = await Promise.all(upstreams.map(async (u) => {
      if (isIP(u.host)) return [u];
      const found = await lookup(u.host, { all: true }).catch(() => []);
      return found.map((a) => ({ host: a.address, port: u.port }));
    }));
    return all.flat();
  }

  /** Addresses to try, in turn: round-robin, those that failed lately last. */
  async function candidates(): Promise<Upstream[]> {
    const all = await addresses();
    const start = next++ % Math.max(all.length, 1);
    const rotated = [...all.slice(start), ...all.slice(0, start)];
    const now = Date.now();
    const isUp = (u: Upstream) => (downUntil.get(key(u)) ?? 0) <= now;
    return [...rotated.filter(isUp), ...rotated.filter((u) => !isUp(u))];
  }

  const markDown = (u: Upstream, e: Error) => {
    if (!downUntil.has(key(u)) || (downUntil.get(key(u)) ?? 0) < Date.now()) log(`API process ${key(u)} refused a connection (${e.message}); skipping it for ${downMs} ms`);
    downUntil.set(key(u), Date.now() + downMs);
  };

  const forwardedHeaders = (req: IncomingMessage): OutgoingHttpHeaders => {
    const headers: OutgoingHttpHeaders = { ...req.headers };
    for (const h of HOP_BY_HOP) delete headers[h];
    const client = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${client}` : client;
    headers['x-forwarded-proto'] ??= 'http';
    headers['x-forwarded-host'] ??= req.headers.host ?? '';
    return headers;
  };

  async function forward(req: IncomingMessage, res: ServerResponse) {
    for (const target of await candidates()) {
      // The body is piped only once the connection stands, so a refused connection can be retried elsewhere.
      const ok = await new Promise<boolean>((resolve) => {
        const out = request({ host: target.host, port: target.port, method: req.method, path: req.url, headers: forwardedHeaders(req), agent });
        let connected = false;
        out.on('socket', (socket) => {
          const go = () => {
            connected = true;
            // A retried bodiless request has already been read to its end.
            if (req.readableEnded) out.end();
            else req.pipe(out);
          };
          if (socket.connecting) socket.once('connect', go);
          else go();
        });
        out.on('response', (upstream) => {
          const headers = { ...upstream.headers };
          for (const h of HOP_BY_HOP) delete headers[h];
          res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, headers);
          upstream.pipe(res);
          upstream.on('error', () => res.destroy());
          resolve(true);
        });
        out.on('error', (e) => {
          // A kept-alive connection to a process that has since died fails at once; a request that
          // cannot have changed anything may go to another process.
          const retryable = !connected || (out.reusedSocket && SAFE_METHODS.has(req.method ?? '') && !res.headersSent);
          if (retryable) {
            markDown(target, e);
            return resolve(false);
          }
          // The process died mid-request: the client sees a broken response, never a silent retry of a write.
          if (!res.headersSent) badGateway(res, 'the API process answering this request stopped');
          else res.destroy();
          resolve(true);
        });
        // The browser went away before the answer was complete: stop asking the API process for it.
        res.on('close', () => !res.writableFinished && out.destroy());
      });
      if (ok) return;
    }
    badGateway(res, 'no API process answers');
  }

  async function tunnel(req: IncomingMessage, client: Socket, head: Buffer) {
    client.on('error', () => undefined);
    for (const target of await candidates()) {
      const upstream = await new Promise<Socket | undefined>((resolve) => {
        const s = connect(target.port, target.host);
        s.once('connect', () => resolve(s));
        s.once('error', (e) => {
          markDown(target, e);
          resolve(undefined);
        });
      });
      if (!upstream) continue;
      const headers = forwardedHeaders(req);
      headers.connection = 'Upgrade';
      headers.upgrade = req.headers.upgrade;
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (const [name, value] of Object.entries(headers)) {
        for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) lines.push(`${name}: ${v}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      upstream.pipe(client).pipe(upstream);
      return;
    }
    client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  }

  const server = createServer((req, res) => void forward(req, res));
  server.on('upgrade', (req, socket, head) => void tunnel(req, socket as Socket, head));
  server.on('close', () => agent.destroy());
  return server;
}

const key = (u: Upstream) => `${u.host}:${u.port}`;

function badGateway(res: ServerResponse, detail: string) {
  const body = JSON.stringify({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail });
  res.writeHead(502, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body), 'retry-after': '1' });
  res.end(body);
}
