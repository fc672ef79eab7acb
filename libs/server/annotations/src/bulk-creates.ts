import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CommittedCreate } from '@tessera/contracts';
import { CommitFeed } from './commit-feed';

/**
 * One set's share of a round: its creates as JSON text, each an annotation the
 * server built and already checked against the schema and the asset
 * (`checkAnnotation`, as `mapPeerItem` does), with its `schemaVersion` and
 * its `source` (the job's: `import`, `model`) filled in. `firstSeq` is the clientSeq of the first; the
 * rest follow in order.
 */
export interface BulkSetCreates {
  setId: string;
  firstSeq: number;
  annotations: string[];
}

export interface BulkAuthor {
  orgId: string;
  projectId: string;
  onBehalfOf: string;
  /** Stays the same when the job is retried (serverClientId): a retried round finds its ops logged. */
  clientId: string;
  /** Predictions remember their model (prediction_models). */
  model?: { name: string; version: string; jobRunId: string };
}

/**
 * Creates for sets nobody needs to see op by op — an import's thousands of
 * objects — written set-wise: one transaction a round, the sets locked as the
 * committer locks them (so server_seq stays the set's one counter), what is
 * there already left out (the annotation's id, or the op's clientId/clientSeq
 * in the log: a retried round changes nothing), the rest numbered after each
 * set's last_seq, and one statement writing the folded state, the op log, the
 * counters and the predictions' models. The committer's per-op work (the zod
 * parse of each op, the checks it repeats, the op log's JSON built in the
 * process, one broadcast entry per op) is what made a million-object import
 * take a quarter of an hour.
 *
 * The broadcast says, per set, only its last op: a replica that has the set
 * open sees the gap in server_seq and catches up from the log, as it does
 * after any message it missed.
 */
@Injectable()
export class BulkCreates {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly feed: CommitFeed,
  ) {}

  /** Writes one round atomically; answers how many annotations it made (fewer on a retry). */
  async createRound(author: BulkAuthor, sets: BulkSetCreates[]): Promise<number> {
    if (!sets.some((s) => s.annotations.length)) return 0;
    const at = new Date().toISOString();
    const setIds = [...new Set(sets.map((s) => s.setId))].sort();
    const ids = sets.flatMap((s) => s.annotations.map(idOf));
    const { made, last } = await this.db.transaction(async (em) => {
      // Big rounds sort and hold their rows in memory rather than in temporary files.
      await em.query(`SET LOCAL work_mem = '64MB'`);
      // The same lock the committer takes, in the same order: a person's edit of one of these sets waits for the round.
      // Sets not of this organisation and project are not locked, and get nothing.
      const locked = await em.query<{ id: string; last_seq: string }[]>(
        `SELECT id, last_seq FROM annotation_sets WHERE id = ANY($1::uuid[]) AND org_id = $2 AND project_id = $3 ORDER BY id FOR UPDATE`,
        [setIds, author.orgId, author.projectId],
      );
      const seq = new Map(locked.map((r) => [r.id, Number(r.last_seq)]));
      // What is there already, read under the lock: an id taken (this file imported before, or an id of another
      // set), or this clientId's op already in the log (a retried round). Neither is written again.
      // The ids are looked up one by one in the primary key (LATERAL … LIMIT 1): as `id = ANY(…)`, the planner
      // chose a parallel scan of the whole table for 10,000 ids, every round, so a round cost more the more
      // annotations the database held (241 ms against 76 ms at 400,000 rows).
      const [there] = await em.query<{ ids: string[]; logged: [string, string][] }[]>(
        `SELECT (SELECT coalesce(json_agg(i.id), '[]') FROM unnest($1::uuid[]) AS i(id)
                   CROSS JOIN LATERAL (SELECT 1 FROM annotations a WHERE a.id = i.id LIMIT 1) AS taken) AS ids,
                (SELECT coalesce(json_agg(json_build_array(set_id, client_seq)), '[]') FROM annotation_ops WHERE set_id = ANY($2::uuid[]) AND client_id = $3) AS logged`,
        [ids, [...seq.keys()], author.clientId],
      );
      const taken = new Set(there.ids);
      const logged = new Set(there.logged.map(([setId, clientSeq]) => `${setId}/${clientSeq}`));
      // Numbered here, after each set's last_seq: Postgres then only stores rows (a window over them cost more than the rows).
      const rows: string[] = [];
      const last = new Map<string, { serverSeq: number; clientSeq: number; json: string }>();
      for (const s of sets) {
        if (!seq.has(s.setId)) continue;
        s.annotations.forEach((a, k) => {
          const clientSeq = s.firstSeq + k;
          if (taken.has(idOf(a)) || logged.has(`${s.setId}/${clientSeq}`)) return;
          const serverSeq = seq.get(s.setId)! + 1;
          seq.set(s.setId, serverSeq);
          rows.push(`{"s":"${s.setId}","q":${clientSeq},"n":${serverSeq},"a":${a}}`);
          last.set(s.setId, { serverSeq, clientSeq, json: a });
        });
      }
      if (!rows.length) return { made: 0, last };
      await em.query(
        `WITH input AS MATERIALIZED (SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(s uuid, q bigint, n bigint, a jsonb)),
         made AS (
           INSERT INTO annotations (id, org_id, set_id, kind, label_id, schema_version, geometry, attributes, source, score, prediction_id,
                                    z_index, group_id, version, created_by, updated_by, created_at, updated_at, last_seq)
           SELECT (i.a->>'id')::uuid, $2, i.s, i.a->'geometry'->>'type', i.a->>'labelId', (i.a->>'schemaVersion')::int, i.a->'geometry',
                  coalesce(i.a->'attributes', '{}'), i.a->>'source', (i.a->>'score')::real, (i.a->>'predictionId')::uuid,
                  coalesce((i.a->>'zIndex')::int, 0), (i.a->>'groupId')::uuid, 1, $3, $3, $4, $4, v.seq
             FROM input i JOIN unnest($6::uuid[], $7::bigint[]) AS v(id, seq) ON v.id = i.s
           RETURNING id),
         logged AS (
           INSERT INTO annotation_ops (set_id, server_seq, org_id, client_id, client_seq, actor_id, type, annotation_id, op, committed_at)
           SELECT i.s, i.n, $2, $5, i.q, $3, 'create', (i.a->>'id')::uuid,
                  jsonb_build_object('type', 'create', 'clientId', $5::text, 'clientSeq', i.q, 'annotation', i.a), $4
             FROM input i),
         counters AS (
           UPDATE annotation_sets s SET last_seq = v.seq FROM unnest($6::uuid[], $7::bigint[]) AS v(id, seq) WHERE s.id = v.id)
         INSERT INTO prediction_models (annotation_id, org_id, project_id, model_name, model_version, job_run_id)
         SELECT m.id, $2, $8, $9, $10, $11 FROM made m WHERE $9::text IS NOT NULL
         ON CONFLICT (annotation_id) DO NOTHING`,
        [
          `[${rows.join(',')}]`, author.orgId, author.onBehalfOf, at, author.clientId, [...last.keys()], [...last.values()].map((l) => l.serverSeq),
          author.projectId, author.model?.name ?? null, author.model?.version ?? null, author.model?.jobRunId ?? null,
        ],
      );
      return { made: rows.length, last };
    });
    // Only each set's last op: whoever has the set open catches up on the rest from the log.
    if (last.size) {
      this.feed.committed(new Map([...last].map(([setId, l]) => [setId, [{
        serverSeq: l.serverSeq, actorId: author.onBehalfOf, at,
        op: { type: 'create' as const, clientId: author.clientId, clientSeq: l.clientSeq, annotation: JSON.parse(l.json) as CommittedCreate['annotation'] },
      }]])));
    }
    return made;
  }
}

/** An annotation's id, from the front of its JSON where JSON.stringify puts it (parsed when it is not there). */
function idOf(json: string): string {
  const m = /^\{"id":"([0-9a-fA-F-]{36})"/.exec(json);
  return m ? m[1] : (JSON.parse(json) as { id: string }).id;
}
