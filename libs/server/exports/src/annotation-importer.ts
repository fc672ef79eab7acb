import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  FORMATS_BY_MEDIA, MAX_OP_BYTES, labelSchemaDefinition,
  type AnnotationImportReport, type JobContext, type JobPayload, type JobResult, type LabelSchema, type MediaType, type FormatId,
} from '@tessera/contracts';
import { remapUid } from '@tessera/dicom';
import {
  AssetIndex, FORMATS, FormatError, mapPeerItem, openZip, resolveLabel, singleFile, stableId, textKey,
  type FileTree, type LabelMapping, type PeerItem, type Problem, type TargetAsset,
} from '@tessera/formats';
import { BulkCreates, ServerAnnotations, serverClientId, type BulkSetCreates } from '@tessera/server/annotations';
import { CONFIG, type Config } from '@tessera/server/config';
import { notFound, unprocessable } from '@tessera/server/errors';
import { BLOB_STORE, deriveKey, type BlobStore } from '@tessera/server/storage';
import { loadSeries } from './series-loader';

export interface ImportOptions {
  format: FormatId;
  as: 'annotations' | 'predictions';
  modelName?: string;
  modelVersion?: string;
  mapping: LabelMapping;
  skipBad: boolean;
}

interface AssetRow {
  id: string;
  kind: MediaType;
  name: string;
  width: number | null;
  height: number | null;
  blob_key: string;
  series_uid: string | null;
  external_id: string | null;
}

const LISTED = 200;
/** Objects an import writes in one transaction (a round of BulkCreates). */
const ROUND_OBJECTS = 10_000;
/**
 * Rounds written at once, each on its own connection (rounds written at once never share a set). The write is
 * Postgres's work (indexes, the op log, the foreign-key checks), one backend a round; with one round at a time
 * the commit of 200,000 boxes took 68 s at load 20–25, with two 25 s, three 17.5 s, four 16 s (load 15–18):
 * three keep two cores busy through each round's round trips.
 */
const ROUNDS_IN_FLIGHT = 3;
/** The dry run asks which ids exist already for this many at once, not item by item. */
const KNOWN_BATCH = 20_000;

/** One walk's tally: the dry run's report, and what the job decides by. */
class Tally {
  items = 0;
  matched = 0;
  annotations = 0;
  already = 0;
  problems: Problem[] = [];
  problemCount = 0;
  unmatched: { where: string; reason: string }[] = [];
  unmatchedCount = 0;
  categories = new Map<string, number>();
  dropped = new Map<string, number>();
  /** Assets that get annotations: the job makes their sets in one go before it commits. */
  assets = new Set<string>();
  problem(p: Problem) {
    this.problemCount++;
    if (this.problems.length < LISTED) this.problems.push(p);
  }
}

/**
 * Annotation imports: a peer file is read by its format's reader, each item
 * matched to an asset (file name, external id, series UID — the
 * de-identified one, or the original through the organisation's UID map — or
 * the document's text), fitted to the schema by `mapPeerItem`, and, unless it
 * is a dry run, committed through the server's committer as `import` (or
 * `model` for predictions). Nothing is committed unless everything fits
 * (or the user asked to skip what does not); ids derive from the file's hash
 * and the objects' places in it, so the same file again changes nothing.
 */
@Injectable()
export class AnnotationImporter {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CONFIG) private readonly config: Config,
    private readonly annotations: ServerAnnotations,
    private readonly bulk: BulkCreates,
  ) {}

  /** The project's schema and media type; a format that is not the project's is refused. */
  private async project(orgId: string, projectId: string, format: FormatId) {
    const [p] = await this.db.query<{ media_type: MediaType; schema: unknown; schema_version: number }[]>(
      `SELECT p.media_type, v.schema, p.schema_version FROM projects p JOIN label_schema_versions v ON v.project_id = p.id AND v.version = p.schema_version WHERE p.id = $1 AND p.org_id = $2`,
      [projectId, orgId],
    );
    if (!p) throw notFound('project');
    const formats: readonly string[] = FORMATS_BY_MEDIA[p.media_type];
    if (!formats.includes(format)) throw unprocessable(`${format} is not a format for ${p.media_type} projects (${formats.join(', ')})`, [{ path: 'format', message: 'not a format of this project' }]);
    return { mediaType: p.media_type, schema: labelSchemaDefinition.parse(p.schema), version: p.schema_version };
  }

  /** The upload as a file tree: a zip's entries (unsafe ones refused), or the file itself. */
  private async tree(blobKey: string, fileName: string): Promise<{ tree: FileTree; problems: Problem[]; done: () => Promise<void> }> {
    const head = await (async () => {
      const s = await this.blobs.get(blobKey);
      for await (const chunk of s) {
        s.destroy();
        return Buffer.from(chunk as Buffer).subarray(0, 4);
      }
      return Buffer.alloc(0);
    })();
    if (head.toString('latin1') !== 'PK\u0003\u0004') return { tree: singleFile(fileName, () => this.blobs.get(blobKey)), problems: [], done: async () => undefined };
    const dir = await mkdtemp(join(tmpdir(), 'tessera-import-'));
    const path = join(dir, 'upload.zip');
    await pipeline(await this.blobs.get(blobKey), createWriteStream(path));
    const zip = await openZip(path);
    return { tree: zip.tree, problems: zip.problems, done: async () => { zip.close(); await rm(dir, { recursive: true, force: true }); } };
  }

  /**
   * Walks the file once: every item matched, fitted and checked. `keep`
   * (the job's walk) gets each item's annotations that fit, in file order.
   */
  private async walk(orgId: string, projectId: string, blobKey: string, fileName: string, opts: ImportOptions, keep?: (assetId: string, annotations: string[]) => Promise<void>): Promise<Tally> {
    const { schema, version } = await this.project(orgId, projectId, opts.format);
    const sha = blobKey.replace(/^sha256\//, '');
    const namespace = stableId(projectId, sha, opts.as, opts.modelName ?? '', opts.modelVersion ?? '');
    const assets = await this.db.query<AssetRow[]>(
      `SELECT id, kind, name, width, height, blob_key, series_uid, coalesce(metadata->>'id', metadata->>'external_id') AS external_id
         FROM assets WHERE org_id = $1 AND project_id = $2 AND status = 'ready'`, [orgId, projectId]);
    const byId = new Map(assets.map((a) => [a.id, a]));
    const index = new AssetIndex(assets.map((a) => ({ id: a.id, name: a.name, externalId: a.external_id })));
    const bySeries = new Map(assets.filter((a) => a.series_uid).map((a) => [a.series_uid!, a.id]));
    const uidSecret = deriveKey(this.config.DEID_SECRET, `deid-uid:${orgId}`).toString('hex');
    let byText: Map<string, string | null> | null = null;
    const tally = new Tally();
    const { tree, problems, done } = await this.tree(blobKey, fileName);
    for (const p of problems) tally.problem(p);
    const find = async (item: PeerItem): Promise<{ id: string; remapped: boolean } | { reason: string }> => {
      if (item.ref.seriesUid) {
        const direct = bySeries.get(item.ref.seriesUid);
        if (direct) return { id: direct, remapped: false };
        const mapped = bySeries.get(remapUid(uidSecret, item.ref.seriesUid));
        if (mapped) return { id: mapped, remapped: true };
      }
      const found = index.find(item.ref);
      if ('id' in found || item.ref.text === undefined) return 'id' in found ? { id: found.id, remapped: false } : found;
      byText ??= await this.textIndex(assets);
      const id = byText.get(createHash('sha256').update(textKey(item.ref.text)).digest('hex'));
      return id ? { id, remapped: false } : { reason: id === null ? 'more than one document has this text' : 'no document of the project has this text' };
    };
    let unknown: string[] = [];
    // Looked up id by id in the primary key: `id = ANY(…)` of 20,000 ids was planned as a scan of the whole table.
    const countKnown = async () => {
      if (!unknown.length) return;
      const [{ n }] = await this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS i(id) CROSS JOIN LATERAL (SELECT 1 FROM annotations a WHERE a.id = i.id LIMIT 1) AS taken`, [unknown]);
      tally.already += n;
      unknown = [];
    };
    try {
      for await (const item of FORMATS[opts.format].reader(tree)) {
        tally.items++;
        for (const a of item.annotations) tally.categories.set(a.category, (tally.categories.get(a.category) ?? 0) + 1);
        const hit = await find(item);
        if (!('id' in hit)) {
          tally.unmatchedCount++;
          if (tally.unmatched.length < LISTED) tally.unmatched.push({ where: item.where, reason: hit.reason });
          for (const p of item.problems) tally.problem(p);
          continue;
        }
        tally.matched++;
        const row = byId.get(hit.id)!;
        const target: TargetAsset = { id: row.id, kind: row.kind, width: row.width, height: row.height };
        if (row.kind === 'text') target.text = (await this.blobs.read(row.blob_key)).toString('utf8');
        if (row.kind === 'dicom') {
          target.series = await loadSeries(this.db, this.blobs, row.id);
          // A SEG made on the original series names its instances by their original UIDs.
          if (hit.remapped) for (const a of item.annotations) if (a.geometry.type === 'peer-segment') for (const f of a.geometry.frames) if (f.sopInstanceUid) f.sopInstanceUid = remapUid(uidSecret, f.sopInstanceUid);
        }
        const mapped = mapPeerItem(item, target, { schema, schemaVersion: version, mapping: opts.mapping, source: opts.as === 'predictions' ? 'model' : 'import', namespace });
        for (const p of mapped.problems) tally.problem(p);
        // Each object as the JSON it is committed as (made once: the spool and the commit pass it on as text);
        // one the committer would refuse as too large is a problem here, with its place, not a silent loss later.
        const json: string[] = [];
        mapped.annotations = mapped.annotations.filter((a, k) => {
          const text = JSON.stringify(a);
          if (text.length <= MAX_OP_BYTES - 1024) return json.push(text);
          tally.problem({ where: item.where, message: `object ${k + 1} takes ${text.length} bytes as JSON; an object may take ${MAX_OP_BYTES - 1024}` });
          return false;
        });
        for (const [k, n] of Object.entries(mapped.dropped)) tally.dropped.set(k, (tally.dropped.get(k) ?? 0) + n);
        tally.annotations += mapped.annotations.length;
        if (mapped.annotations.length) {
          tally.assets.add(row.id);
          // Only the dry run reports what is there already; the job's rounds find it out under their locks anyway.
          if (!keep) {
            for (const a of mapped.annotations) unknown.push(a.id);
            if (unknown.length >= KNOWN_BATCH) await countKnown();
          }
          await keep?.(row.id, json);
        }
      }
      await countKnown();
    } catch (e) {
      // A file that cannot be read at all (malformed JSON or XML, a DOCTYPE) is one problem, with where.
      if (!(e instanceof FormatError)) throw e;
      tally.problem({ where: e.where, message: e.message.slice(e.where.length + 2) });
    } finally {
      await done();
    }
    return tally;
  }

  /** Text documents by their text without white space (CoNLL and doccano files name documents by content). */
  private async textIndex(assets: AssetRow[]): Promise<Map<string, string | null>> {
    const m = new Map<string, string | null>();
    for (const a of assets.filter((x) => x.kind === 'text')) {
      const key = createHash('sha256').update(textKey((await this.blobs.read(a.blob_key)).toString('utf8'))).digest('hex');
      m.set(key, m.has(key) ? null : a.id);
    }
    return m;
  }

  private report(t: Tally, opts: ImportOptions, schema: LabelSchema): AnnotationImportReport {
    return {
      dryRun: true,
      format: opts.format,
      items: t.items,
      matchedItems: t.matched,
      annotations: t.annotations,
      alreadyImported: t.already,
      categories: [...t.categories.entries()].map(([name, count]) => {
        const label = resolveLabel(schema, opts.mapping, name);
        const user = Object.prototype.hasOwnProperty.call(opts.mapping, name);
        return { name, count, labelId: label?.id ?? null, mapped: label === null ? 'skipped' : label ? (user ? 'user' : 'auto') : 'none' };
      }),
      unmatched: t.unmatched,
      unmatchedCount: t.unmatchedCount,
      problems: t.problems,
      problemCount: t.problemCount,
      droppedAttributes: [...t.dropped.entries()].map(([name, count]) => ({ name, count })),
      acceptable: opts.skipBad || (t.problemCount === 0 && t.unmatchedCount === 0),
    };
  }

  /** The dry run: what the file would do to the project, changing nothing. */
  async check(orgId: string, projectId: string, blobKey: string, fileName: string, opts: ImportOptions): Promise<AnnotationImportReport> {
    const tally = await this.walk(orgId, projectId, blobKey, fileName, opts);
    const { schema } = await this.project(orgId, projectId, opts.format);
    return this.report(tally, opts, schema);
  }

  /** The `annotations.import` job: checks everything first, then commits (all, or what fits with skipBad). */
  async run(payload: JobPayload<'annotations.import'>, ctx: JobContext): Promise<JobResult> {
    const [run] = await this.db.query<{ created_by: string | null }[]>(`SELECT created_by FROM job_runs WHERE id = $1`, [payload.jobRunId]);
    const onBehalfOf = run?.created_by;
    if (!onBehalfOf) throw new Error('an import runs for the person who started it, and this run has nobody');
    const opts: ImportOptions = payload;
    const t0 = Date.now();
    // What fits is kept in a spool file as the check finds it, and committed from there once the whole file is
    // known to be good: reading the peer file and fitting every object a second time cost as much as the check.
    const dir = await mkdtemp(join(tmpdir(), 'tessera-import-spool-'));
    try {
      const spool = join(dir, 'items.jsonl');
      const out = createWriteStream(spool);
      const checked = await this.walk(payload.orgId, payload.projectId, payload.blobKey, payload.fileName, opts, async (assetId, annotations) => {
        // A line an item: its asset and its objects' JSON, tab-separated (JSON text never holds a raw tab or newline).
        if (!out.write(`${assetId}\t${annotations.join('\t')}\n`)) await once(out, 'drain');
      }).finally(() => new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve()))));
      await this.commitChecked(payload, ctx, onBehalfOf, checked, spool, t0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return null;
  }

  private async commitChecked(payload: JobPayload<'annotations.import'>, ctx: JobContext, onBehalfOf: string, checked: Tally, spool: string, t0: number) {
    const opts: ImportOptions = payload;
    const refusals = [
      ...checked.unmatched.map((u) => ({ message: `${u.where}: ${u.reason}`, code: 'import.unmatched', at: new Date().toISOString() })),
      ...checked.problems.map((p) => ({ message: `${p.where}: ${p.message}`, code: 'import.refused', at: new Date().toISOString() })),
    ];
    if (refusals.length) await this.db.query(`UPDATE job_runs SET errors = $2::jsonb WHERE id = $1`, [payload.jobRunId, JSON.stringify(refusals.slice(0, 1000))]);
    if (!opts.skipBad && (checked.problemCount || checked.unmatchedCount)) {
      throw Object.assign(new Error(`nothing was imported: ${checked.problemCount} objects do not fit and ${checked.unmatchedCount} items match no asset (choose "skip bad items" to import the rest)`), { permanent: true });
    }
    const t1 = Date.now();
    // Every set the import writes to, found or made in three statements (not three round trips an item).
    const sets = await this.annotations.readyAssetSets(payload.orgId, payload.projectId, [...checked.assets]);
    const author = {
      orgId: payload.orgId, projectId: payload.projectId, onBehalfOf,
      // The same on a retry of this run: a round committed before the retry is found in the log, not written twice.
      clientId: serverClientId(payload.jobRunId, 'imp'),
      ...(payload.as === 'predictions' ? { model: { name: payload.modelName ?? 'unnamed', version: payload.modelVersion ?? 'unversioned', jobRunId: payload.jobRunId } } : {}),
    };
    const seqs = new Map<string, number>();
    let committed = 0;
    let done = 0;
    let round: BulkSetCreates[] = [];
    let size = 0;
    // Rounds being written, each one transaction on a connection of its own, with the sets it writes to.
    const writing = new Set<{ sets: Set<string>; done: Promise<void> }>();
    let failed: { error: unknown } | null = null;
    // Rounds of about ROUND_OBJECTS objects, up to ROUNDS_IN_FLIGHT of them written at once while the next is read
    // from the spool: with one at a time, one Postgres backend did the work and the rest of the machine waited.
    const flush = async () => {
      const next = round;
      const items = next.length;
      round = [];
      size = 0;
      const sets = new Set(next.map((s) => s.setId));
      // A round that writes to a set another round is writing to waits for it: a set's ops stay in file order.
      for (;;) {
        if (failed) throw failed.error;
        const ahead = [...writing].filter((w) => writing.size >= ROUNDS_IN_FLIGHT || [...sets].some((id) => w.sets.has(id)));
        if (!ahead.length) break;
        await Promise.race(ahead.map((w) => w.done.catch(() => undefined)));
      }
      if (!next.length) return;
      const entry = {
        sets,
        done: this.bulk.createRound(author, next).then(async (n) => {
          committed += n;
          done += items;
          await ctx.progress(done, checked.matched);
        }),
      };
      writing.add(entry);
      // The first failure stops the import at the next flush; no rejection is left unhandled meanwhile.
      entry.done.catch((error: unknown) => void (failed ??= { error })).finally(() => writing.delete(entry));
    };
    try {
      for await (const line of createInterface({ input: createReadStream(spool), crlfDelay: Infinity })) {
        if (!line) continue;
        const [assetId, ...annotations] = line.split('\t');
        // An asset deleted or moved since the check: the lookup says what became of it (404, or 409 if not ready).
        const set = sets.get(assetId) ?? (await this.annotations.assetSet(payload.orgId, assetId));
        const firstSeq = (seqs.get(assetId) ?? 0) + 1;
        seqs.set(assetId, firstSeq + annotations.length - 1);
        round.push({ setId: set.setId, firstSeq, annotations });
        size += annotations.length;
        if (size >= ROUND_OBJECTS) await flush();
      }
      await flush();
    } finally {
      // Also on a failure, the rounds still being written end before the job does: a retry starts on a quiet log.
      await Promise.allSettled([...writing].map((w) => w.done));
    }
    if (failed) throw (failed as { error: unknown }).error;
    ctx.log(`imported ${committed} objects into ${seqs.size} assets (${checked.annotations - committed} were there already): checked in ${t1 - t0} ms, committed in ${Date.now() - t1} ms`);
  }
}
