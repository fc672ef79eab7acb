import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createFront, parseUpstreams } from './front';

/** A stand-in API process: answers with its name, echoes bodies and headers, and echoes bytes on an upgraded connection. */
function fakeApi(name: string): Server {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.end(JSON.stringify({ name, body: Buffer.concat(chunks).toString(), forwardedFor: req.headers['x-forwarded-for'], host: req.headers['x-forwarded-host'] }));
    });
  });
  server.on('upgrade', (req, socket: Socket) => {
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Api: ${name}\r\n\r\n`);
    socket.on('data', (d) => socket.write(`${name}:${d}`));
    // Upgraded sockets are half-open capable; end our side when the peer ends theirs.
    socket.on('end', () => socket.end());
  });
  return server;
}

const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const close = (server: Server) => new Promise<void>((resolve) => {
  server.close(() => resolve());
  server.closeAllConnections();
});

let apiA: Server;
let apiB: Server;
let front: Server;
let frontUrl: string;
let frontPort: number;
let portA: number;

beforeEach(async () => {
  apiA = fakeApi('a');
  apiB = fakeApi('b');
  portA = await listen(apiA);
  const portB = await listen(apiB);
  front = createFront({ upstreams: parseUpstreams(`127.0.0.1:${portA},127.0.0.1:${portB}`), downMs: 60000 });
  frontPort = await listen(front);
  frontUrl = `http://127.0.0.1:${frontPort}`;
});

afterEach(async () => {
  await Promise.all([close(front), apiA.listening ? close(apiA) : undefined, close(apiB)]);
});

it('spreads requests over the API processes and says who the client is', async () => {
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const res = await fetch(`${frontUrl}/api/v1/x`, { method: 'POST', body: `body ${i}` });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { name: string };
    expect(json).toMatchObject({ body: `body ${i}`, forwardedFor: '127.0.0.1', host: `127.0.0.1:${frontPort}` });
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    seen.add(json.name);
  }
  expect(seen).toEqual(new Set(['a', 'b']));
});

it('skips a process that stopped, without failing a request or losing its body', async () => {
  await close(apiA);
  for (let i = 0; i < 4; i++) {
    const res = await fetch(`${frontUrl}/x`, { method: 'PUT', body: 'kept' });
    expect(await res.json()).toMatchObject({ name: 'b', body: 'kept' });
  }
});

it('answers 502 problem+json when no API process answers', async () => {
  await Promise.all([close(apiA), close(apiB)]);
  const res = await fetch(`${frontUrl}/x`);
  expect(res.status).toBe(502);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(await res.json()).toMatchObject({ status: 502, title: 'Bad Gateway' });
});

it('tunnels upgraded connections (the /sync WebSocket) both ways', async () => {
  const socket = connect(frontPort, '127.0.0.1');
  const received: Buffer[] = [];
  socket.on('data', (d) => received.push(d));
  socket.write('GET /sync/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
  await until(() => Buffer.concat(received).toString().includes('\r\n\r\n'));
  const head = Buffer.concat(received).toString();
  expect(head).toMatch(/^HTTP\/1\.1 101/);
  const name = /X-Api: (\w)/.exec(head)![1];
  socket.write('ping');
  await until(() => Buffer.concat(received).toString().endsWith(`${name}:ping`));
  socket.destroy();
});

it('refuses a malformed upstream list', () => {
  expect(() => parseUpstreams('')).toThrow(/names no API process/);
  expect(() => parseUpstreams('api')).toThrow(/not host:port/);
  expect(parseUpstreams('api:8080, [::1]:9000')).toEqual([{ host: 'api', port: 8080 }, { host: '::1', port: 9000 }]);
});

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}
