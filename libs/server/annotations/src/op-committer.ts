import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  MAX_OP_BYTES, applyOp, checkAnnotation, opSchema, patched,
  type Annotation, type CommittedOp, type CommittedOpBody, type Op, type OpRejection, type OpResult, type ServerSource,
} from '@tessera/contracts';
import { UNSTORABLE_TEXT, isDataException, unstorableTextAt } from '@tessera/server/db';
import { AnnotationSets, toAnnotation, type AnnotationRow, type ExtentRow, type SetAccess } from './annotation-sets';
import { CommitFeed } from './commit-feed';
import { provenanceClaim, provenanceOf, type Provenance } from './provenance';

/** Ops one transaction takes at most; more wait for the next. */
const MAX_OPS_PER_COMMIT = 2000;
/**
 * Independent commit lanes. A set always goes down the same lane, so its ops
 * stay in order; different sets' transactions run side by side, so one
 * transaction's round trips do not hold up all the others.
 */
const LANES = 4;
const laneOf = (setId: string) => parseInt(setId.slice(0, 8), 16) % LANES;

/**
 * Who commits. A person (REST or /sync) creates `human` annotations; the
 * server (a job: pre-annotation, import, consensus) writes with a source of
 * its own, on behalf of the person the job runs for.
 */
export type Writer = { kind: 'person'; userId: string } | { kind: 'server'; userId: string; source: ServerSource };

interface Submission {
  set: SetAccess;
  writer: Writer;
  ops: Op[];
  /** Where each parsed op's result goes in the caller's list. */
  slots: number[];
  results: OpResult[];
  resolve(): void;
}

const reject = (clientSeq: number | null, code: OpRejection, message: string, errors?: { path: string; message: string }[]): OpResult => ({
  clientSeq, status: 'rejected', code, message, ...(errors?.length ? { errors } : {}),
});

function seqOf(raw: unknown): number | null {
  const s = (raw as { clientSeq?: unknown } | null)?.clientSeq;
  return typeof s === 'number' && Number.isInteger(s) ? s : null;
}

/**
 * Commits ops in small batched transactions (group commit): while one
 * transaction runs, the ops that arrive wait and go together in the next, so
 * the commit rate of the database stops bounding the op rate. A set's ops are
 * ordered by the row lock on its `annotation_sets` row, which also orders them
 * across API processes; `server_seq` is the set's counter under that lock.
 * Callers hear back only after COMMIT: an acknowledged op is in the database.
 */
@Injectable()
export class OpCommitter implements BeforeApplicationShutdown {
  private readonly log = new Logger('OpCommitter');
  private readonly queues: Submission[][] = Array.from({ length: LANES }, () => []);
  private readonly running: (Promise<void> | null)[] = new Array(LANES).fill(null);
  /** Since start: transactions committed and ops in them (their ratio is the group-commit batch size). */
  readonly stats = { commits: 0, ops: 0, failedCommits: 0 };

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly sets: AnnotationSets,
    private readonly feed: CommitFeed,
  ) {}

  /**
   * Checks the shape of every op, then commits the valid ones; one result per
   * op, in order. A server writer's creates carry its source; a person may not
   * say where an annotation came from (checked again at commit, see provenance).
   */
  async submit(set: SetAccess, writer: Writer, rawOps: unknown[]): Promise<OpResult[]> {
    const results: OpResult[] = new Array(rawOps.length);
    const ops: Op[] = [];
    const slots: number[] = [];
    rawOps.forEach((raw, i) => {
      const clientSeq = seqOf(raw);
      if (writer.kind === 'person' && !set.canEdit) return (results[i] = reject(clientSeq, 'forbidden', 'You may watch this asset, not edit its annotations.'));
      const json = JSON.stringify(raw) ?? '';
      if (json.length > MAX_OP_BYTES) return (results[i] = reject(clientSeq, 'too_large', `An op may take ${MAX_OP_BYTES} bytes as JSON; this one takes ${json.length}.`));
      // JSON writes U+0000 and half a surrogate pair as escapes: only an op whose text has one (or a backslash written
      // out before such letters) is walked to find it.
      const notText = /\\u(0000|d[89a-f])/i.test(json) ? unstorableTextAt(raw) : null;
      if (notText !== null) return (results[i] = reject(clientSeq, 'invalid', `The op's ${notText || 'value'} ${UNSTORABLE_TEXT}.`, [{ path: notText, message: UNSTORABLE_TEXT }]));
      const parsed = opSchema.safeParse(raw);
      if (!parsed.success) {
        return (results[i] = reject(clientSeq, 'invalid', 'The op is malformed.', parsed.error.issues.slice(0, 20).map((e) => ({ path: e.path.join('.'), message: e.message }))));
      }
      let op = parsed.data;
      if (writer.kind === 'server') {
        if (op.type === 'create') op = { ...op, annotation: { ...op.annotation, source: writer.source } };
      } else if (op.type === 'update' && op.patch.score !== undefined) {
        return (results[i] = reject(clientSeq, 'forbidden', "A score is a model's confidence, set by the server; it cannot be changed by hand."));
      }
      ops.push(op);
      slots.push(i);
    });
    if (ops.length) {
      const lane = laneOf(set.setId);
      await new Promise<void>((resolve) => {
        this.queues[lane].push({ set, writer, ops, slots, results, resolve });
        this.kick(lane);
      });
    }
    return results;
  }

  private kick(lane: number) {
    if (this.running[lane]) return;
    const queue = this.queues[lane];
    this.running[lane] = (async () => {
      while (queue.length) {
        const batch: Submission[] = [];
        let size = 0;
        while (queue.length && (size === 0 || size + queue[0].ops.length <= MAX_OPS_PER_COMMIT)) {
          const next = queue.shift()!;
          size += next.ops.length;
          batch.push(next);
        }
        await this.commit(batch);
      }
    })().finally(() => {
      this.running[lane] = null;
      if (queue.length) this.kick(lane);
    });
  }

  /** Waits for what is queued to be committed (shutdown: nothing accepted is dropped). */
  async beforeApplicationShutdown() {
    while (this.running.some(Boolean)) await Promise.all(this.running);
  }

  private async commit(batch: Submission[]) {
    const committed = await this.commitOrSplit(batch);
    for (const s of batch) s.resolve();
    this.feed.committed(committed);
  }

  /**
   * One transaction for the batch. Should it fail, each submission is tried again in one of its own, in order: what
   * failed it may be one submission's value the database refuses, and that must not cost the people batched with it.
   */
  private async commitOrSplit(batch: Submission[]): Promise<Map<string, CommittedOp[]>> {
    try {
      const committed = await this.db.transaction((em) => this.apply(em.query.bind(em) as Query, batch));
      this.stats.commits++;
      for (const ops of committed.values()) this.stats.ops += ops.length;
      return committed;
    } catch (e) {
      this.stats.failedCommits++;
      this.log.error(`commit of ${batch.length} submissions failed: ${(e as Error).message}`);
      if (batch.length > 1) {
        const committed = new Map<string, CommittedOp[]>();
        for (const s of batch) {
          for (const [setId, ops] of await this.commitOrSplit([s])) committed.set(setId, [...(committed.get(setId) ?? []), ...ops]);
        }
        return committed;
      }
      // Nothing of it is in the database. A value the database refused would be refused again: the ops are rejected.
      // Anything else may pass later: the client keeps the ops and sends them again.
      for (const s of batch) {
        s.ops.forEach((op, k) => (s.results[s.slots[k]] = isDataException(e)
          ? reject(op.clientSeq, 'invalid', 'The change holds a value the database cannot store.')
          : reject(op.clientSeq, 'unavailable', 'The change could not be saved just now; it will be sent again.')));
      }
      return new Map();
    }
  }

  private async apply(query: Query, batch: Submission[]): Promise<Map<string, CommittedOp[]>> {
    const setIds = [...new Set(batch.map((s) => s.set.setId))].sort();
    // The annotations these ops touch (relations also name their ends), from any set: an id is taken once.
    const ids = new Set<string>();
    for (const s of batch) {
      for (const op of s.ops) {
        if (op.type !== 'create') ids.add(op.id);
        else {
          ids.add(op.annotation.id);
          if (op.annotation.geometry.type === 'relation') ids.add(op.annotation.geometry.from).add(op.annotation.geometry.to);
        }
      }
    }
    // Resends (an op already in the log answers with its first server_seq and is not applied again) and
    // the touched annotations, read after the lock so both are as the last commit left them.
    const keys = batch.flatMap((s) => s.ops.map((op) => [s.set.setId, op.clientId, op.clientSeq] as const));
    // People's creates that say where they came from: what the log says of that id, or of that prediction, in the set.
    const claims = batch.flatMap((s) => (s.writer.kind === 'person' ? s.ops.flatMap((op) => provenanceClaim(s.set.setId, op)) : []));
    // The lock and the read go out together on the pipelined connection (one round trip); Postgres runs them in
    // the order sent, so the read waits for the lock.
    const [locked, [read]] = await Promise.all([
      query<{ id: string; last_seq: string; schema_version: number; purpose: 'work' | 'gold' }[]>(
        `SELECT s.id, s.last_seq, p.schema_version, s.purpose FROM annotation_sets s JOIN projects p ON p.id = s.project_id
          WHERE s.id = ANY($1::uuid[]) ORDER BY s.id FOR UPDATE OF s`,
        [setIds],
      ),
      query<{
        earlier: { set_id: string; client_id: string; client_seq: number; server_seq: number }[];
        rows: (AnnotationRow & { set_id: string })[];
        origins: { set_id: string; annotation_id: string; annotation: Provenance }[];
        predicted: { set_id: string; annotation: Provenance }[];
        extents: (ExtentRow & { id: string })[];
      }[]>(
        `SELECT
           (SELECT coalesce(json_agg(json_build_object('set_id', o.set_id, 'client_id', o.client_id, 'client_seq', o.client_seq, 'server_seq', o.server_seq)), '[]')
              FROM annotation_ops o JOIN unnest($1::uuid[], $2::text[], $3::bigint[]) AS k(set_id, client_id, client_seq) USING (set_id, client_id, client_seq)) AS earlier,
           (SELECT coalesce(json_agg(a), '[]') FROM annotations a WHERE a.id = ANY($4::uuid[])) AS rows,
           (SELECT coalesce(json_agg(json_build_object('set_id', o.set_id, 'annotation_id', o.annotation_id, 'annotation', o.op->'annotation')), '[]')
              FROM annotation_ops o JOIN unnest($5::uuid[], $6::uuid[]) AS k(set_id, annotation_id) USING (set_id, annotation_id) WHERE o.type = 'create') AS origins,
           (SELECT coalesce(json_agg(json_build_object('set_id', o.set_id, 'annotation', o.op->'annotation')), '[]')
              FROM annotation_ops o JOIN unnest($7::uuid[], $8::text[]) AS k(set_id, prediction_id)
                ON o.set_id = k.set_id AND o.op->'annotation'->>'predictionId' = k.prediction_id
             WHERE o.type = 'create' AND o.op->'annotation'->>'source' = 'model') AS predicted,
           (SELECT coalesce(json_agg(json_build_object('id', a.id, 'kind', a.kind, 'width', a.width, 'height', a.height, 'metadata', a.metadata)), '[]')
              FROM assets a WHERE a.id = ANY($9::uuid[])) AS extents`,
        [
          keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2]), [...ids],
          claims.map((c) => c.setId), claims.map((c) => c.annotationId), claims.map((c) => c.setId), claims.map((c) => c.predictionId ?? ''),
          // The extents the checks will need and the cache has not seen: read here rather than one round trip per asset.
          this.sets.uncachedExtents(batch.map((s) => s.set.assetId)),
        ],
      ),
    ]);
    const seq = new Map(locked.map((r) => [r.id, Number(r.last_seq)]));
    // A working set turns into a gold asset's reference when the asset is marked gold: whoever opened it
    // as working set (an annotator on the live page) may not write the reference, checked under the lock.
    const purpose = new Map(locked.map((r) => [r.id, r.purpose]));
    const currentVersion = new Map(locked.map((r) => [r.id, r.schema_version]));
    for (const e of read.extents) this.sets.primeExtent(e.id, e);
    const done = new Map(read.earlier.map((r) => [`${r.set_id}/${r.client_id}/${r.client_seq}`, Number(r.server_seq)]));
    const rows = read.rows;
    const provenance = {
      // An id's first create in the set: a person undoing its delete brings back what the server made.
      recreated: new Map(read.origins.map((o) => [`${o.set_id}/${o.annotation_id}`, o.annotation])),
      predicted: new Map(read.predicted.map((p) => [`${p.set_id}/${p.annotation.predictionId}`, p.annotation])),
    };
    // Which set holds each id, as the batch goes on: an id is taken once, in any set.
    const owner = new Map(rows.map((r) => [r.id, r.set_id]));
    const states = new Map(setIds.map((id) => [id, new Map<string, Annotation>()]));
    for (const r of rows) states.get(r.set_id)?.set(r.id, toAnnotation(r));
    const touched = new Map<string, Set<string>>(setIds.map((id) => [id, new Set()]));

    const at = new Date().toISOString();
    const committed = new Map<string, CommittedOp[]>(setIds.map((id) => [id, []]));
    for (const s of batch) {
      const setId = s.set.setId;
      const state = states.get(setId)!;
      for (let k = 0; k < s.ops.length; k++) {
        const op = s.ops[k];
        const slot = s.slots[k];
        const key = `${setId}/${op.clientId}/${op.clientSeq}`;
        const before = done.get(key);
        if (before !== undefined) {
          s.results[slot] = { clientSeq: op.clientSeq, status: 'committed', serverSeq: before };
          continue;
        }
        if (s.writer.kind === 'person' && purpose.get(setId) !== (s.set.purpose ?? 'work')) {
          s.results[slot] = reject(op.clientSeq, 'forbidden', 'What this set is has changed since you opened it; open the asset again.');
          continue;
        }
        const claimed = s.writer.kind === 'person' ? provenanceOf(setId, op, provenance) : op;
        if ('code' in claimed) {
          s.results[slot] = reject(op.clientSeq, claimed.code, claimed.message);
          continue;
        }
        const verdict = await this.check(query, s.set, currentVersion.get(setId)!, state, owner, claimed).catch((e: Error) => {
          // One op the rules cannot judge must not sink the ops batched with it.
          this.log.error(`checking op ${op.clientId}/${op.clientSeq} failed: ${e.stack ?? e.message}`);
          return { code: 'invalid' as const, message: 'The op could not be checked.', errors: undefined };
        });
        if ('code' in verdict) {
          s.results[slot] = reject(op.clientSeq, verdict.code, verdict.message, verdict.errors);
          continue;
        }
        const serverSeq = seq.get(setId)! + 1;
        seq.set(setId, serverSeq);
        done.set(key, serverSeq);
        applyOp(state, verdict.body, s.writer.userId, at);
        if (verdict.body.type === 'create') owner.set(verdict.body.annotation.id, setId);
        else if (verdict.body.type === 'delete') owner.delete(verdict.body.id);
        touched.get(setId)!.add(verdict.body.type === 'create' ? verdict.body.annotation.id : verdict.body.id);
        committed.get(setId)!.push({ serverSeq, actorId: s.writer.userId, at, op: verdict.body });
        s.results[slot] = { clientSeq: op.clientSeq, status: 'committed', serverSeq, ...(verdict.warnings.length ? { warnings: verdict.warnings } : {}) };
      }
    }
    const orgOf = new Map(batch.map((s) => [s.set.setId, s.set.orgId]));
    await this.write(query, orgOf, committed, states, touched, new Set(rows.map((r) => r.id)));
    return committed;
  }

  /** Whether one op may apply to the set as it stands, and the op as every replica will apply it. */
  private async check(
    query: Query, set: SetAccess, currentVersion: number, state: Map<string, Annotation>, owner: Map<string, string>, op: Op,
  ): Promise<{ body: CommittedOpBody; warnings: string[] } | { code: OpRejection; message: string; errors?: { path: string; message: string }[] }> {
    let candidate: Annotation;
    let body: CommittedOpBody;
    if (op.type === 'create') {
      const id = op.annotation.id;
      if (owner.has(id)) return { code: 'conflict', message: `An annotation with id ${id} exists already.` };
      const schemaVersion = op.annotation.schemaVersion ?? currentVersion;
      if (schemaVersion > currentVersion) return { code: 'invalid', message: `The label schema has no version ${schemaVersion} yet.` };
      body = { ...op, annotation: { ...op.annotation, schemaVersion } };
      candidate = { ...body.annotation, version: 1, createdBy: '', updatedBy: '', createdAt: '', updatedAt: '' };
    } else {
      const current = state.get(op.id);
      // A delete wins over a concurrent edit: once gone, later changes to it are refused.
      if (!current) return { code: 'not_found', message: `Annotation ${op.id} does not exist (it may have been deleted).` };
      if (op.type === 'delete') return { body: op, warnings: [] };
      if (op.patch.slices && current.geometry.type !== 'segment') return { code: 'invalid', message: 'Only a segment has slices.' };
      candidate = patched(current, op.patch, '', '');
      body = op;
    }
    const schema = await this.sets.schema(set.projectId, candidate.schemaVersion, { query });
    if (!schema) return { code: 'invalid', message: `The label schema has no version ${candidate.schemaVersion}.` };
    const { mediaType, extent } = await this.sets.extent(set.assetId, { query });
    // A span's ends are checked against the text's characters: never inside a surrogate pair or a grapheme.
    const text = candidate.geometry.type === 'span' && mediaType === 'text' ? await this.sets.text(set.assetId, { query }) : null;
    const verdict = checkAnnotation(candidate, { mediaType, schema, extent, text, lookup: (id) => state.get(id) });
    if (verdict.errors.length) return { code: 'invalid', message: verdict.errors[0].message, errors: verdict.errors };
    return { body, warnings: verdict.warnings.map((w) => `${w.path}: ${w.message}`) };
  }

  /**
   * One statement writes everything, whatever the batch size: the op log, the
   * folded state (deleted rows gone, the rest upserted) and the sets' counters.
   */
  private async write(
    query: Query, orgOf: Map<string, string>, committed: Map<string, CommittedOp[]>, states: Map<string, Map<string, Annotation>>, touched: Map<string, Set<string>>,
    existed: Set<string>,
  ) {
    const log = [...committed.entries()].flatMap(([setId, ops]) => ops.map((c) => ({ setId, c })));
    if (!log.length) return;
    // Rows that were there when the batch read them are upserted; the others, new ids, are plain inserts: an
    // INSERT … ON CONFLICT inserts speculatively (one more WAL record and page change a row), which a batch of
    // creates (a consensus, an import) paid for every row. Another process taking such an id meanwhile makes the
    // insert fail on the key, and the batch is retried against the truth, as the upsert's guard below does.
    const upserts: (Annotation & { setId: string; orgId: string; lastSeq: number })[] = [];
    const inserts: typeof upserts = [];
    const gone: string[] = [];
    for (const [setId, ids] of touched) {
      const last = committed.get(setId)!.at(-1)?.serverSeq ?? 0;
      for (const id of ids) {
        const a = states.get(setId)!.get(id);
        if (a) (existed.has(id) ? upserts : inserts).push({ ...a, setId, orgId: orgOf.get(setId)!, lastSeq: last });
        else gone.push(id);
      }
    }
    const bumped = [...committed.entries()].filter(([, ops]) => ops.length);
    // The log goes as one JSON document, like the folded state: as parallel arrays, each op's JSON had to be
    // escaped into an array literal by the driver and parsed back out of it by Postgres (a third of an import's CPU).
    const entries = log.map((l) => ({
      setId: l.setId, serverSeq: l.c.serverSeq, orgId: orgOf.get(l.setId), clientId: l.c.op.clientId, clientSeq: l.c.op.clientSeq,
      actorId: l.c.actorId, type: l.c.op.type, annotationId: l.c.op.type === 'create' ? l.c.op.annotation.id : l.c.op.id, op: l.c.op,
    }));
    const [{ written }] = await query<{ written: number }[]>(
      `WITH logged AS (
         INSERT INTO annotation_ops (set_id, server_seq, org_id, client_id, client_seq, actor_id, type, annotation_id, op, committed_at)
         SELECT t."setId", t."serverSeq", t."orgId", t."clientId", t."clientSeq", t."actorId", t.type, t."annotationId", t.op, $2
           FROM jsonb_to_recordset($1::jsonb) AS t("setId" uuid, "serverSeq" bigint, "orgId" uuid, "clientId" text, "clientSeq" bigint, "actorId" uuid,
                type text, "annotationId" uuid, op jsonb)),
       removed AS (DELETE FROM annotations WHERE id = ANY($3::uuid[])),
       -- Ids nobody had when the batch read: a key violation here (another process took one since) fails the batch.
       inserted AS (
         INSERT INTO annotations (id, org_id, set_id, kind, label_id, schema_version, geometry, attributes, source, score, prediction_id,
                                  z_index, group_id, version, created_by, updated_by, created_at, updated_at, last_seq)
         SELECT a.id, a."orgId", a."setId", a.geometry->>'type', a."labelId", a."schemaVersion", a.geometry, a.attributes, a.source, a.score, a."predictionId",
                a."zIndex", a."groupId", a.version, a."createdBy", a."updatedBy", a."createdAt", a."updatedAt", a."lastSeq"
           FROM jsonb_to_recordset($7::jsonb) AS a(id uuid, "orgId" uuid, "setId" uuid, "labelId" text, "schemaVersion" int, geometry jsonb, attributes jsonb,
                source text, score real, "predictionId" uuid, "zIndex" int, "groupId" uuid, version int, "createdBy" uuid, "updatedBy" uuid,
                "createdAt" timestamptz, "updatedAt" timestamptz, "lastSeq" bigint)
         RETURNING id),
       -- Rows that were there, this set's (its lock is held); the guard is a last check that a row of another
       -- set is never touched: it skips it, and the count tells, so the batch rolls back and is retried.
       upserted AS (
         INSERT INTO annotations (id, org_id, set_id, kind, label_id, schema_version, geometry, attributes, source, score, prediction_id,
                                  z_index, group_id, version, created_by, updated_by, created_at, updated_at, last_seq)
         SELECT a.id, a."orgId", a."setId", a.geometry->>'type', a."labelId", a."schemaVersion", a.geometry, a.attributes, a.source, a.score, a."predictionId",
                a."zIndex", a."groupId", a.version, a."createdBy", a."updatedBy", a."createdAt", a."updatedAt", a."lastSeq"
           FROM jsonb_to_recordset($4::jsonb) AS a(id uuid, "orgId" uuid, "setId" uuid, "labelId" text, "schemaVersion" int, geometry jsonb, attributes jsonb,
                source text, score real, "predictionId" uuid, "zIndex" int, "groupId" uuid, version int, "createdBy" uuid, "updatedBy" uuid,
                "createdAt" timestamptz, "updatedAt" timestamptz, "lastSeq" bigint)
         ON CONFLICT (id) DO UPDATE SET
           label_id = EXCLUDED.label_id, schema_version = EXCLUDED.schema_version, geometry = EXCLUDED.geometry, attributes = EXCLUDED.attributes,
           score = EXCLUDED.score, z_index = EXCLUDED.z_index, group_id = EXCLUDED.group_id, version = EXCLUDED.version,
           updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at, last_seq = EXCLUDED.last_seq
         WHERE annotations.set_id = EXCLUDED.set_id
         RETURNING id),
       counters AS (
         UPDATE annotation_sets s SET last_seq = v.seq FROM unnest($5::uuid[], $6::bigint[]) AS v(id, seq) WHERE s.id = v.id)
       SELECT (SELECT count(*) FROM upserted)::int + (SELECT count(*) FROM inserted)::int AS written`,
      [JSON.stringify(entries), log[0].c.at, gone, JSON.stringify(upserts), bumped.map(([id]) => id), bumped.map(([, ops]) => ops.at(-1)!.serverSeq), JSON.stringify(inserts)],
    );
    if (written !== upserts.length + inserts.length) throw new Error('an annotation id was taken in another set meanwhile');
  }
}

type Query = <T = unknown>(sql: string, params?: unknown[]) => Promise<T>;
