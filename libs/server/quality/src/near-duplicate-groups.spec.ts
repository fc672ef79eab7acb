import type { DataSource } from 'typeorm';
import type { JobContext } from '@tessera/contracts';
import { METRIC_VERSIONS, phashBands } from '@tessera/quality';
import { openDataSource, MIGRATIONS } from '@tessera/server/db';
import type { BlobStore } from '@tessera/server/storage';
import { createAnnotatableAsset, createOrgWithRoles, createTestDatabase, type TestDatabase, type TestOrg } from '@tessera/server/testing';
import { Fingerprints, joinGroups } from './fingerprints';

/**
 * Near-duplicate groups on real Postgres: the fingerprint job's search and writes under the project's lock,
 * groups joined through a third asset and merged, and the migration that turned the stored pairs into groups.
 */
let database: TestDatabase;
let ds: DataSource;
let org: TestOrg;

beforeAll(async () => {
  database = await createTestDatabase();
  ds = await openDataSource(database.url);
  org = await createOrgWithRoles(ds, 'Frames Co', 'frames.test');
});

afterAll(async () => {
  await ds?.destroy();
  await database?.drop();
});

const noBlobs = {} as BlobStore; // every asset here carries the hash ingest kept: no blob is read
const ctx = { finalAttempt: true, attempt: 1, itemsDone: async () => undefined } as unknown as JobContext;
const fingerprint = (assetIds: string[]) => new Fingerprints(ds, noBlobs).run({ orgId: org.orgId, assetIds } as never, ctx);

/** a, b, c…, then n26, n27… */
const nameOf = (i: number) => (i < 26 ? String.fromCharCode(97 + i) : `n${i}`);

/** A project whose image assets carry these perceptual hashes (16 hex digits), named a, b, c… */
async function project(hashes: string[]) {
  const { projectId } = await createAnnotatableAsset(ds, org);
  const ids: string[] = [];
  for (const [i, phash] of hashes.entries()) {
    const [{ id }] = await ds.query(
      `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height, metadata)
       VALUES ($1, $2, 'image', 'ready', $3, 'sha256/' || md5(random()::text), md5(random()::text), 1, 64, 64, $4) RETURNING id`,
      [org.orgId, projectId, nameOf(i), JSON.stringify({ phash, phashVersion: METRIC_VERSIONS.duplicates })]);
    ids.push(id);
  }
  return { projectId, ids };
}

/** The project's groups as sorted lists of asset names, and each grouped asset's nearest by name. */
async function groupsOf(projectId: string) {
  const rows = await ds.query<{ name: string; group_id: string; nearest: string }[]>(
    `SELECT a.name, g.group_id, n.name AS nearest FROM asset_duplicate_groups g JOIN assets a ON a.id = g.asset_id JOIN assets n ON n.id = g.nearest_id
      WHERE g.project_id = $1 ORDER BY a.name`, [projectId]);
  const byGroup = new Map<string, string[]>();
  for (const r of rows) byGroup.set(r.group_id, [...(byGroup.get(r.group_id) ?? []), r.name]);
  return { groups: [...byGroup.values()].map((g) => g.sort()).sort((x, y) => (x[0] < y[0] ? -1 : 1)), nearest: Object.fromEntries(rows.map((r) => [r.name, r.nearest])) };
}

describe('near-duplicate groups', () => {
  it('joins an asset to its most alike match, and a chain of alike assets into one group without pairs', async () => {
    // b is 4 bits from a, c 4 bits from b but 8 from a (not alike to a), d far from all.
    const { projectId, ids } = await project(['0000000000000000', '000000000000000f', '00000000000000ff', 'ffffffffffffffff']);
    for (const id of ids) await fingerprint([id]);
    const { groups, nearest } = await groupsOf(projectId);
    expect(groups).toEqual([['a', 'b', 'c']]);
    expect(nearest).toEqual({ a: 'b', b: 'a', c: 'b' });
    // One row per grouped asset, whatever the number of alike pairs.
    expect(Number((await ds.query(`SELECT count(*) AS n FROM asset_duplicate_groups WHERE project_id = $1`, [projectId]))[0].n)).toBe(3);
    // Run again: nothing changes (the job counts a fingerprinted asset and moves on).
    await fingerprint(ids);
    expect(await groupsOf(projectId)).toEqual({ groups, nearest });
  });

  it('finds hashes 6 bits apart through their bands however the bits fall, and not 7 bits apart', async () => {
    const bits = (...at: number[]) => at.reduce((h, i) => h | (1n << BigInt(i)), 0n).toString(16).padStart(16, '0');
    // The bands are bits 0–15, 16–31, 32–47, 48–63. From a: b differs by 2 + 2 + 2 + 0 bits (one band whole),
    // c by 2 + 2 + 1 + 1 (no band whole: found through a band one bit off), d by 2 + 2 + 2 + 1 (7 bits).
    const [b, c, d] = [bits(0, 1, 16, 17, 32, 33), bits(2, 3, 18, 19, 34, 50), bits(4, 5, 20, 21, 36, 37, 52)];
    for (const other of [b, c, d]) {
      const { projectId, ids } = await project(['0000000000000000', other]);
      for (const id of ids) await fingerprint([id]);
      expect((await groupsOf(projectId)).groups).toEqual(other === d ? [] : [['a', 'b']]);
    }
  });

  it('merges two groups that a new asset is alike to', async () => {
    // {a, b} and {c, d} are 12 or more bits apart; e is 6 bits from a and 6 from c, so alike to both groups.
    const { projectId, ids } = await project(['0000000000000000', '0000000000001000', '0000000000000fff', '0000000000002fff', '000000000000003f']);
    for (const id of ids.slice(0, 4)) await fingerprint([id]);
    expect((await groupsOf(projectId)).groups).toEqual([['a', 'b'], ['c', 'd']]);
    await fingerprint([ids[4]]);
    const after = await groupsOf(projectId);
    expect(after.groups).toEqual([['a', 'b', 'c', 'd', 'e']]);
    expect(['a', 'c']).toContain(after.nearest.e);
  });

  it('groups the assets of one job in one transaction, each finding those stored before it', async () => {
    const { projectId, ids } = await project(['0000000000000000', '000000000000000f', '00000000000000ff', 'ffffffffffffffff']);
    await fingerprint(ids);
    expect(await groupsOf(projectId)).toEqual({ groups: [['a', 'b', 'c']], nearest: { a: 'b', b: 'a', c: 'b' } });
    // Rows written by one transaction carry its id.
    const [{ n }] = await ds.query(`SELECT count(DISTINCT xmin::text)::int AS n FROM asset_fingerprints WHERE asset_id = ANY($1::uuid[])`, [ids]);
    expect(n).toBe(1);
  });

  it('writes nothing when one asset cannot be stored and a retry follows, and on the last attempt stores the others', async () => {
    const { projectId, ids } = await project(['0000000000000000', '0000000000000001', '0000000000000003']);
    await ds.query(`CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.asset_id = '${ids[1]}' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await ds.query(`CREATE TRIGGER refuse_one BEFORE INSERT ON asset_fingerprints FOR EACH ROW EXECUTE FUNCTION refuse_one()`);
    try {
      const outcomes: { key: string; ok: boolean; message?: string }[] = [];
      const attempt = (finalAttempt: boolean) => new Fingerprints(ds, noBlobs).run({ orgId: org.orgId, assetIds: ids } as never,
        { ...ctx, finalAttempt, itemsDone: async (o: typeof outcomes) => void outcomes.push(...o) } as unknown as JobContext);
      await expect(attempt(false)).rejects.toThrow('refused for the test');
      expect(await ds.query(`SELECT 1 FROM asset_fingerprints WHERE asset_id = ANY($1::uuid[])`, [ids])).toEqual([]);
      await attempt(true);
      expect(outcomes.sort((x, y) => x.key.localeCompare(y.key)).map((o) => o.ok)).toEqual([true, false, true]);
      expect(outcomes[1].message).toMatch(/no fingerprint: .*refused for the test/);
      expect((await groupsOf(projectId)).groups).toEqual([['a', 'c']]);
    } finally {
      await ds.query(`DROP TRIGGER refuse_one ON asset_fingerprints`);
      await ds.query(`DROP FUNCTION refuse_one()`);
    }
  });

  it('lets assets fingerprinted at the same moment find each other', async () => {
    // Forty frames of one scene, each job on its own connection at once: none may miss the rest.
    const { projectId, ids } = await project(Array.from({ length: 40 }, (_, i) => (1n << BigInt(i % 6)).toString(16).padStart(16, '0')));
    await Promise.all(ids.map((id) => fingerprint([id])));
    const { groups } = await groupsOf(projectId);
    expect(groups).toEqual([ids.map((_, i) => nameOf(i)).sort()]);
  });
});

describe('joinGroups', () => {
  const A = '00000000-0000-4000-8000-00000000000a';
  const B = '00000000-0000-4000-8000-00000000000b';
  const C = '00000000-0000-4000-8000-00000000000c';
  const X = '00000000-0000-4000-8000-0000000000ff';
  it('names the group after the most alike match, merges the other groups and points ungrouped matches at the asset', () => {
    expect(joinGroups(X, [])).toBeNull();
    expect(joinGroups(X, [{ id: A, similarity: 0.95, group_id: 'g1' }, { id: B, similarity: 0.97, group_id: 'g2' }, { id: C, similarity: 0.92, group_id: null }])).toEqual({
      group: 'g2', mergedGroups: ['g1'],
      rows: [{ assetId: X, nearestId: B, similarity: 0.97 }, { assetId: C, nearestId: X, similarity: 0.92 }],
    });
    expect(joinGroups(X, [{ id: B, similarity: 0.9, group_id: null }, { id: A, similarity: 0.9, group_id: null }])?.group).toBe(A);
  });
});

describe('the migration from pairs to groups', () => {
  it('makes each connected set of pairs a group, each asset pointing at its most alike partner, and back', async () => {
    const { projectId, ids: [a, b, c, d, e] } = await project(['0000000000000000', '0000000000000001', '0000000000000003', 'ffffffffffffffff', 'fffffffffffffffe']);
    // Its down and up over the migrated database: no later migration touches the tables it changes.
    const groups = MIGRATIONS.find((m) => m.name === 'DuplicateGroups1767700000000')!;
    const runner = ds.createQueryRunner();
    try {
      await runner.startTransaction();
      await new groups().down(runner);
      const pair = (x: string, y: string, similarity: number) => runner.query(
        `INSERT INTO asset_duplicates (asset_a, asset_b, org_id, project_id, method, similarity) VALUES (least($1::uuid, $2::uuid), greatest($1::uuid, $2::uuid), $3, $4, 'phash', $5)`,
        [x, y, org.orgId, projectId, similarity]);
      await pair(a, b, 0.98);
      await pair(b, c, 0.99);
      await pair(d, e, 0.97);
      await new groups().up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const rows = await ds.query<{ asset_id: string; group_id: string; nearest_id: string; similarity: number }[]>(
      `SELECT asset_id, group_id, nearest_id, similarity FROM asset_duplicate_groups WHERE project_id = $1`, [projectId]);
    const of = (id: string) => rows.find((r) => r.asset_id === id)!;
    expect(rows).toHaveLength(5);
    expect(new Set([a, b, c].map((x) => of(x).group_id))).toEqual(new Set([[a, b, c].sort()[0]]));
    expect(new Set([d, e].map((x) => of(x).group_id))).toEqual(new Set([[d, e].sort()[0]]));
    expect([of(a).nearest_id, of(b).nearest_id, of(c).nearest_id, of(d).nearest_id, of(e).nearest_id]).toEqual([b, c, b, e, d]);
    expect(of(b).similarity).toBeCloseTo(0.99);
    // Every stored perceptual hash has its bands again, cut as the job cuts them (the way the search finds alike ones).
    const hashes = await ds.query<{ phash: string; bands: string[] | null }[]>(`SELECT phash::text, bands FROM asset_fingerprints WHERE method = 'phash'`);
    expect(hashes.length).toBeGreaterThan(10);
    expect(hashes.filter((h) => JSON.stringify(h.bands) !== JSON.stringify(phashBands(BigInt.asUintN(64, BigInt(h.phash)).toString(16).padStart(16, '0'))))).toEqual([]);
  });
});
