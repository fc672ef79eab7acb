import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Near-duplicates as groups instead of pairs: one row per asset that has a near-duplicate, naming its group
 * (one of the group's assets) and the asset it was found alike to. Pairs grew as n² in a project of alike
 * images (extracted video frames, bursts): 10,000 frames would have made 50 million rows.
 *
 * The pairs become groups through their connected components: each asset's nearest is its most alike
 * partner, and its group the smallest asset id reachable through the pairs.
 *
 * And a perceptual hash gets bands, as a text's MinHash has, so the search for alike images probes the
 * bands' index instead of comparing every hash of the project: four bands of 16 bits. Two hashes within
 * 6 bits of each other have a band within 1 bit (were every band 2 or more bits apart, they would be 8),
 * so the search asks for each band's value and its 16 one-bit neighbours (`phashBands`, `phashBandProbes`
 * in libs/quality; the backfill below cuts the stored hashes the same way). Every
 * fingerprint is searched for as it is stored, so the bands' index takes its entries at once
 * (`fastupdate` off): GIN's pending list, read whole by every search, cost a search 240 ms at 100,000
 * bulk-loaded hashes against 0.6 ms once merged.
 */
export class DuplicateGroups1767700000000 implements MigrationInterface {
  name = 'DuplicateGroups1767700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE asset_duplicate_groups (
        asset_id uuid PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
        group_id uuid NOT NULL,
        nearest_id uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        method text NOT NULL,
        similarity real NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (asset_id <> nearest_id)
      );
      CREATE INDEX asset_duplicate_groups_group_idx ON asset_duplicate_groups (project_id, group_id);

      -- Each asset starts in its own group and takes the smallest group among its partners until none changes:
      -- as many passes as a group's widest chain of pairs, each a pass over the pairs.
      CREATE TEMP TABLE duplicate_labels ON COMMIT DROP AS
        SELECT asset_a AS asset_id, asset_a AS group_id FROM asset_duplicates
        UNION SELECT asset_b, asset_b FROM asset_duplicates;
      CREATE UNIQUE INDEX ON duplicate_labels (asset_id);
      DO $$
      BEGIN
        LOOP
          UPDATE duplicate_labels l SET group_id = m.group_id
            FROM (SELECT p.x, min(o.group_id::text)::uuid AS group_id
                    FROM (SELECT asset_a AS x, asset_b AS y FROM asset_duplicates UNION ALL SELECT asset_b, asset_a FROM asset_duplicates) p
                    JOIN duplicate_labels o ON o.asset_id = p.y GROUP BY p.x) m
           WHERE m.x = l.asset_id AND m.group_id::text < l.group_id::text;
          EXIT WHEN NOT FOUND;
        END LOOP;
      END $$;

      INSERT INTO asset_duplicate_groups (asset_id, group_id, nearest_id, org_id, project_id, method, similarity, created_at)
      SELECT DISTINCT ON (p.asset_id) p.asset_id, l.group_id, p.other, d.org_id, d.project_id, d.method, d.similarity, d.created_at
        FROM asset_duplicates d, LATERAL (VALUES (d.asset_a, d.asset_b), (d.asset_b, d.asset_a)) AS p (asset_id, other), duplicate_labels l
       WHERE l.asset_id = p.asset_id
       ORDER BY p.asset_id, d.similarity DESC, d.created_at;

      DROP TABLE asset_duplicates;

      UPDATE asset_fingerprints
         SET bands = ARRAY['p0:' || (phash & 65535), 'p1:' || ((phash >> 16) & 65535), 'p2:' || ((phash >> 32) & 65535), 'p3:' || ((phash >> 48) & 65535)]
       WHERE method = 'phash';
      ALTER INDEX asset_fingerprints_bands_idx SET (fastupdate = off);
      SELECT gin_clean_pending_list('asset_fingerprints_bands_idx');
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE asset_duplicates (
        asset_a uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        asset_b uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        org_id uuid NOT NULL,
        project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        method text NOT NULL,
        similarity real NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (asset_a, asset_b),
        CHECK (asset_a < asset_b)
      );
      CREATE INDEX asset_duplicates_project_idx ON asset_duplicates (project_id, created_at DESC);
      INSERT INTO asset_duplicates (asset_a, asset_b, org_id, project_id, method, similarity, created_at)
      SELECT DISTINCT least(asset_id, nearest_id), greatest(asset_id, nearest_id), org_id, project_id, method, similarity, created_at
        FROM asset_duplicate_groups
      ON CONFLICT DO NOTHING;
      DROP TABLE asset_duplicate_groups;
      UPDATE asset_fingerprints SET bands = NULL WHERE method = 'phash';
      ALTER INDEX asset_fingerprints_bands_idx RESET (fastupdate);
    `);
  }
}
