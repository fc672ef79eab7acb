// The floor under `pool.claims_per_s`: what "next task" and "submit" cost on this machine with nothing of Tessera's
// around them. One process, Fastify, the API's two routes on the same paths, the bench's own HS256 tokens verified once
// each and remembered (as the API does). A claim is one autocommit statement: the person's held task, or the first
// queued one in order they have not had the asset of, taken with FOR UPDATE SKIP LOCKED; a submit is one autocommit
// statement that accepts the person's held task. No roles, leases, schema checks, batch close, change notices or audit:
// what any design of a shared pool has to do, and no more.
// With RECORDS=1 the same two statements also write the rows Tessera writes a cycle in the bench: a history row for each
// move (one at the claim; started, submitted, accepted at the submit) and a scoring run, each table with an index on
// its task, as Tessera's are (the bench's organisation has no webhooks, so Tessera writes no delivery rows there).
// Started by pool.bench.mjs with PORT, DATABASE_URL and JWT_SECRET; GET /ready answers once the (empty) tables are made
// and the server listens, and the bench then fills the pool with the same assets' tasks as Tessera's.
import Fastify from 'fastify';
import { jwtVerify } from 'jose';
import pg from 'pg';

const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
await db.query(`DROP TABLE IF EXISTS bench_bare_tasks;
  CREATE TABLE bench_bare_tasks (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), project_id uuid NOT NULL, asset_id uuid NOT NULL,
    sort_key double precision NOT NULL DEFAULT random(), state text NOT NULL DEFAULT 'queued', assignee_id uuid, claimed_at timestamptz, submitted_at timestamptz);
  CREATE INDEX ON bench_bare_tasks (project_id, sort_key) WHERE state = 'queued';
  CREATE INDEX ON bench_bare_tasks (assignee_id) WHERE state = 'assigned';
  -- One person never gets both copies of an asset (the overlap rule), whatever the statement below misses.
  CREATE UNIQUE INDEX ON bench_bare_tasks (asset_id, assignee_id);
  DROP TABLE IF EXISTS bench_bare_moves, bench_bare_scoring;
  CREATE TABLE bench_bare_moves (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, task_id uuid NOT NULL, to_state text NOT NULL,
    actor_id uuid, reason text NOT NULL, at timestamptz NOT NULL DEFAULT now());
  CREATE INDEX ON bench_bare_moves (task_id);
  CREATE TABLE bench_bare_scoring (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), task_id uuid NOT NULL, state text NOT NULL DEFAULT 'queued',
    at timestamptz NOT NULL DEFAULT now());
  CREATE INDEX ON bench_bare_scoring (task_id)`);
const records = process.env.RECORDS === '1';

const CLAIM = {
  name: 'claim',
  text: `WITH held AS (
      SELECT id FROM bench_bare_tasks WHERE assignee_id = $2 AND state = 'assigned' AND project_id = $1 LIMIT 1),
    pick AS (
      SELECT t.id FROM bench_bare_tasks t
       WHERE t.project_id = $1 AND t.state = 'queued' AND NOT EXISTS (SELECT 1 FROM held)
         AND NOT EXISTS (SELECT 1 FROM bench_bare_tasks o WHERE o.asset_id = t.asset_id AND o.assignee_id = $2)
       ORDER BY t.sort_key LIMIT 1 FOR UPDATE SKIP LOCKED),
    claimed AS (
      UPDATE bench_bare_tasks t SET state = 'assigned', assignee_id = $2, claimed_at = now() FROM pick WHERE t.id = pick.id RETURNING t.id)${records ? `,
    logged AS (INSERT INTO bench_bare_moves (task_id, to_state, actor_id, reason) SELECT id, 'assigned', $2, 'claimed from the pool' FROM claimed)` : ''}
    SELECT id FROM claimed UNION ALL SELECT id FROM held`,
};
const SUBMIT = {
  name: 'submit',
  text: records
    ? `WITH done AS (
        UPDATE bench_bare_tasks SET state = 'accepted', submitted_at = now()
         WHERE id = $1 AND assignee_id = $2 AND state = 'assigned' RETURNING id, state),
      logged AS (
        INSERT INTO bench_bare_moves (task_id, to_state, actor_id, reason)
        SELECT done.id, m.to_state, m.actor_id, m.reason FROM done,
          (VALUES ('in_progress', $2::uuid, 'started'), ('submitted', $2::uuid, 'submitted'), ('accepted', NULL, 'accepted without review')) m(to_state, actor_id, reason)),
      scored AS (INSERT INTO bench_bare_scoring (task_id) SELECT id FROM done)
      SELECT id, state FROM done`
    : `UPDATE bench_bare_tasks SET state = 'accepted', submitted_at = now()
        WHERE id = $1 AND assignee_id = $2 AND state = 'assigned' RETURNING id, state`,
};

const key = new TextEncoder().encode(process.env.JWT_SECRET);
/** Verified tokens by their text (the API too verifies a token once and then checks only its expiry). */
const verified = new Map();
async function person(req) {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return null;
  let claims = verified.get(token);
  if (!claims) {
    claims = await jwtVerify(token, key, { issuer: 'tessera', audience: 'tessera-api' }).then((r) => r.payload, () => null);
    if (!claims) return null;
    verified.set(token, claims);
  }
  return claims.exp * 1000 > Date.now() ? claims.sub : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const app = Fastify();
app.get('/ready', async () => ({ ready: true }));
/** A route running `statement` with the path's id and the person's; `none` answers when it returns no row. */
const route = (path, statement, none) =>
  app.post(path, async (req, reply) => {
    const userId = await person(req);
    if (!userId) return reply.code(401).send();
    if (!UUID.test(req.params.id)) return reply.code(404).send();
    const { rows: [task] } = await db.query({ ...statement, values: [req.params.id, userId] });
    return task ?? reply.code(none).send();
  });
route('/api/v1/projects/:id/tasks/next', CLAIM, 204);
route('/api/v1/tasks/:id/submit', SUBMIT, 404);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => db.end()).then(() => process.exit(0)));
