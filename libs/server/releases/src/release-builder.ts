import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DATASHEET_DEIDENTIFICATION, labelSchemaDefinition, type FormatId, type JobContext, type JobPayload, type JobResult, type LabelSchema, type ReleaseCreateParsed, type ReleaseDatasheet, type ReleaseDiff } from '@tessera/contracts';
import { FORMATS, ZipWriter, under } from '@tessera/formats';
import { DbExportSource } from '@tessera/server/exports';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';
import { WebhookOutbox } from '@tessera/server/webhooks';
import { datasheetMarkdown } from './datasheet';

interface ReleaseRow {
  id: string;
  org_id: string;
  project_id: string;
  number: number;
  name: string;
  state: string;
  params: ReleaseCreateParsed;
  schema_version: number;
  created_at: Date;
}

/**
 * The `releases.build` job. In one repeatable-read transaction it fixes the
 * release's assets (with their splits) and annotations (with a fingerprint
 * each, for the next release's diff), writes every chosen format under its
 * own folder of one archive, then the splits, the datasheet (JSON and
 * Markdown), the diff against the previous release and a manifest with the
 * SHA-256 of every file, and marks the release ready — all or nothing: a
 * failure leaves no half release behind (the row says `failed`). The
 * organisation's webhooks hear `release.ready` from the same transaction, so a
 * pipeline that fetches each new version learns of it exactly once.
 */
@Injectable()
export class ReleaseBuilder {
  private readonly log = new Logger('ReleaseBuilder');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly outbox: WebhookOutbox,
  ) {}

  async run(payload: JobPayload<'releases.build'>, ctx: JobContext): Promise<JobResult> {
    const [r] = await this.db.query<ReleaseRow[]>(`SELECT * FROM releases WHERE id = $1 AND org_id = $2`, [payload.releaseId, payload.orgId]);
    if (!r) throw Object.assign(new Error('the release is gone'), { permanent: true });
    if (r.state !== 'building') return null;
    const [project] = await this.db.query<{ name: string; media_type: string; schema: unknown }[]>(
      `SELECT p.name, p.media_type, v.schema FROM projects p JOIN label_schema_versions v ON v.project_id = p.id AND v.version = $2 WHERE p.id = $1`, [r.project_id, r.schema_version]);
    const schema = labelSchemaDefinition.parse(project.schema);
    const q = this.db.createQueryRunner();
    await q.connect();
    await q.startTransaction('REPEATABLE READ');
    // Pages of annotations are sorted in memory, not on disk.
    await q.query(`SET LOCAL work_mem = '64MB'`);
    try {
      const p = r.params;
      const source = new DbExportSource(q, this.blobs, schema, project.name, { orgId: r.org_id, projectId: r.project_id, annotations: p.annotations, filter: p.filter }, p.includeMedia);
      await source.prepare();
      if (p.splits) await source.assignSplits(p.splits.seed, p.splits);
      const em = q.manager;
      await em.query(`INSERT INTO release_assets (release_id, asset_id, split) SELECT $1, id, split FROM export_assets`, [r.id]);
      const labelFilter = p.filter?.labelIds?.length ? ` AND n.label_id = ANY($2::text[])` : '';
      await em.query(
        `INSERT INTO release_annotations (release_id, annotation_id, asset_id, label_id, fingerprint)
         SELECT $1, n.id, e.id, n.label_id, md5(n.label_id || n.geometry::text || n.attributes::text)
           FROM export_assets e JOIN annotations n ON n.set_id = e.set_id WHERE true${labelFilter}`,
        p.filter?.labelIds?.length ? [r.id, p.filter.labelIds] : [r.id],
      );
      await ctx.progress(0, source.total * p.formats.length);
      const zip = new ZipWriter(new Date(r.created_at));
      zip.hashEntries = true;
      const stored = this.blobs.put(zip.output);
      const skipped: string[] = [];
      try {
        let base = 0;
        for (const format of p.formats as FormatId[]) {
          await FORMATS[format].exporter(source, under(zip, `${format}/`), { includeMedia: p.includeMedia }, {
            progress: (n) => ctx.progress(base + n, source.total * p.formats.length),
            skipped: (item, message) => void (skipped.length < 1000 && skipped.push(`${format}: ${item}: ${message}`)),
          });
          base += source.total;
        }
        for (const split of source.splits) {
          const names: string[] = [];
          for await (const a of source.assets(split)) names.push(a.fileName);
          await zip.add(`splits/${split}.txt`, names.join('\n') + (names.length ? '\n' : ''));
        }
        const datasheet = await this.datasheet(em, r, project.name, project.media_type, schema);
        const diff = await this.diff(em, r, schema);
        await zip.add('datasheet.json', JSON.stringify(datasheet, null, 2) + '\n');
        await zip.add('datasheet.md', datasheetMarkdown(datasheet, diff));
        await zip.add('diff.json', JSON.stringify(diff, null, 2) + '\n');
        if (skipped.length) await zip.add('skipped.txt', skipped.join('\n') + '\n');
        const manifest = [...zip.records];
        await zip.add('manifest.json', JSON.stringify({ release: r.number, project: project.name, files: manifest }, null, 2) + '\n');
        await zip.finish();
        const blob = await stored;
        const fileName = `${project.name.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60) || 'project'}-release-${r.number}.zip`;
        await em.query(
          `UPDATE releases SET state = 'ready', blob_key = $2, file_name = $3, size = $4, sha256 = $5, manifest = $6, datasheet = $7, diff = $8, finished_at = now() WHERE id = $1`,
          [r.id, blob.key, fileName, blob.size, blob.sha256, JSON.stringify(manifest), JSON.stringify(datasheet), JSON.stringify(diff)],
        );
        const deliveries = await this.outbox.record(em, r.org_id, [{
          event: 'release.ready',
          payload: { projectId: r.project_id, releaseId: r.id, number: r.number, name: r.name, formats: p.formats, sha256: blob.sha256, size: blob.size },
        }]);
        await q.commitTransaction();
        // Committed: a failure to queue now leaves the deliveries to the webhook sweep.
        await this.outbox.dispatch(r.org_id, deliveries).catch((e: Error) => this.log.warn(`release.ready deliveries left to the sweep: ${e.message}`));
        return { blobKey: blob.key, sha256: blob.sha256, size: blob.size, fileName, contentType: 'application/zip' };
      } catch (e) {
        zip.abort(e as Error);
        await stored.catch(() => undefined);
        throw e;
      }
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction();
      if (ctx.finalAttempt || (e as { permanent?: boolean }).permanent) await this.db.query(`UPDATE releases SET state = 'failed', finished_at = now() WHERE id = $1 AND state = 'building'`, [r.id]);
      throw e;
    } finally {
      await q.release();
    }
  }

  private async datasheet(em: EntityManager, r: ReleaseRow, projectName: string, mediaType: string, schema: LabelSchema): Promise<ReleaseDatasheet> {
    const splits = await em.query<{ split: string; n: number }[]>(`SELECT split, count(*)::int AS n FROM release_assets WHERE release_id = $1 GROUP BY split`, [r.id]);
    const counts = await em.query<{ label_id: string; split: string; n: number }[]>(
      `SELECT a.label_id, s.split, count(*)::int AS n FROM release_annotations a JOIN release_assets s ON s.release_id = a.release_id AND s.asset_id = a.asset_id
        WHERE a.release_id = $1 GROUP BY 1, 2`, [r.id]);
    const [{ annotators }] = await em.query<{ annotators: number }[]>(
      `SELECT count(DISTINCT u)::int AS annotators FROM release_annotations ra JOIN annotations n ON n.id = ra.annotation_id, LATERAL (VALUES (n.created_by), (n.updated_by)) v(u)
        WHERE ra.release_id = $1 AND n.source = 'human'`, [r.id]);
    const [review] = await em.query<{ accepted: number; rejected: number; reviewed: number }[]>(
      `SELECT count(*) FILTER (WHERE t.stage = 'annotate' AND t.state = 'accepted')::int AS accepted,
              count(*) FILTER (WHERE t.stage = 'review' AND t.state = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE t.stage = 'review' AND t.state IN ('accepted', 'rejected'))::int AS reviewed
         FROM tasks t JOIN release_assets s ON s.asset_id = t.asset_id WHERE s.release_id = $1`, [r.id]);
    return {
      project: projectName,
      release: r.number,
      name: r.name,
      description: r.params.description ?? '',
      licence: r.params.licence,
      createdAt: new Date(r.created_at).toISOString(),
      schemaVersion: r.schema_version,
      formats: r.params.formats,
      annotations: r.params.annotations,
      deidentification: DATASHEET_DEIDENTIFICATION[mediaType === 'dicom' ? 'dicom' : 'none'],
      assets: Object.fromEntries(splits.map((s) => [s.split, s.n])),
      labels: schema.labels.map((l) => {
        const mine = counts.filter((c) => c.label_id === l.id);
        return { id: l.id, name: l.name, total: mine.reduce((n, c) => n + c.n, 0), bySplit: Object.fromEntries(mine.map((c) => [c.split, c.n])) };
      }),
      annotators,
      review,
      agreement: null,
    };
  }

  /** What changed since the previous ready release of the project: objects added, removed and changed, per label. */
  private async diff(em: EntityManager, r: ReleaseRow, schema: LabelSchema): Promise<ReleaseDiff> {
    const [prev] = await em.query<{ id: string; number: number }[]>(
      `SELECT id, number FROM releases WHERE project_id = $1 AND state = 'ready' AND number < $2 ORDER BY number DESC LIMIT 1`, [r.project_id, r.number]);
    const rows = prev
      ? await em.query<{ kind: 'added' | 'removed' | 'changed'; label_id: string; n: number }[]>(
        `WITH cur AS (SELECT annotation_id, label_id, fingerprint FROM release_annotations WHERE release_id = $1),
              old AS (SELECT annotation_id, label_id, fingerprint FROM release_annotations WHERE release_id = $2)
         SELECT 'added' AS kind, c.label_id, count(*)::int AS n FROM cur c LEFT JOIN old o USING (annotation_id) WHERE o.annotation_id IS NULL GROUP BY 2
         UNION ALL SELECT 'removed', o.label_id, count(*)::int FROM old o LEFT JOIN cur c USING (annotation_id) WHERE c.annotation_id IS NULL GROUP BY 2
         UNION ALL SELECT 'changed', c.label_id, count(*)::int FROM cur c JOIN old o USING (annotation_id) WHERE c.fingerprint <> o.fingerprint GROUP BY 2`,
        [r.id, prev.id])
      : await em.query<{ kind: 'added'; label_id: string; n: number }[]>(`SELECT 'added' AS kind, label_id, count(*)::int AS n FROM release_annotations WHERE release_id = $1 GROUP BY 2`, [r.id]);
    const name = (id: string) => schema.labels.find((l) => l.id === id)?.name ?? id;
    const part = (kind: string) => {
      const mine = rows.filter((x) => x.kind === kind);
      return { total: mine.reduce((n, x) => n + x.n, 0), byLabel: Object.fromEntries(mine.map((x) => [name(x.label_id), x.n])) };
    };
    return { previous: prev?.number ?? null, added: part('added'), removed: part('removed'), changed: part('changed') };
  }
}
