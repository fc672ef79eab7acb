import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobCancelled, labelSchemaDefinition, type JobContext, type JobPayload, type JobResult } from '@tessera/contracts';
import { FORMATS, ZipWriter } from '@tessera/formats';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';
import { DbExportSource } from './export-source';

/** Skipped objects a run lists by name; the rest are counted. */
const MAX_LISTED = 500;

const slug = (s: string) => s.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60) || 'project';

/**
 * The `exports.run` job: reads a project's chosen annotations in one
 * repeatable-read transaction and streams the format's archive into the blob
 * store (constant memory: a page of assets and the zip's small directory).
 * What the format cannot hold is listed in the run's errors (code
 * `export.skipped`) and in the archive's `tessera-export.json`. A retried job
 * writes the archive again from the start; the blob store keeps one copy of
 * the same bytes. A cancelled run stops at its next progress report and keeps
 * no file.
 */
@Injectable()
export class ExportRunner {
  constructor(@Inject(DataSource) private readonly db: DataSource, @Inject(BLOB_STORE) private readonly blobs: BlobStore) {}

  async run(payload: JobPayload<'exports.run'>, ctx: JobContext): Promise<JobResult> {
    const [project] = await this.db.query<{ name: string; media_type: string; schema: unknown; schema_version: number }[]>(
      `SELECT p.name, p.media_type, v.schema, p.schema_version FROM projects p JOIN label_schema_versions v ON v.project_id = p.id AND v.version = p.schema_version
        WHERE p.id = $1 AND p.org_id = $2`,
      [payload.projectId, payload.orgId],
    );
    if (!project) throw new Error(`project ${payload.projectId} is gone`);
    const schema = labelSchemaDefinition.parse(project.schema);
    const format = FORMATS[payload.format];
    const q = this.db.createQueryRunner();
    await q.connect();
    await q.startTransaction('REPEATABLE READ');
    // Pages of annotations are sorted in memory, not on disk.
    await q.query(`SET LOCAL work_mem = '64MB'`);
    const startedAt = new Date();
    try {
      const source = new DbExportSource(q, this.blobs, schema, project.name, payload, payload.includeMedia);
      const t0 = Date.now();
      await source.prepare();
      ctx.log(`${source.total} items chosen in ${Date.now() - t0} ms`);
      await ctx.progress(0, source.total);
      const skipped: string[] = [];
      let skippedCount = 0;
      let annotations = 0;
      const zip = new ZipWriter(startedAt);
      const stored = this.blobs.put(zip.output);
      try {
        await format.exporter(counting(source, (n) => (annotations += n)), zip, { includeMedia: payload.includeMedia, conll: payload.conll }, {
          progress: (n) => ctx.progress(n, Math.max(n, source.total)),
          skipped: (item, message) => {
            skippedCount++;
            if (skipped.length < MAX_LISTED) skipped.push(`${item}: ${message}`);
          },
        });
        await zip.add('tessera-export.json', JSON.stringify({
          project: project.name, format: payload.format, annotations: payload.annotations, filter: payload.filter ?? null, includeMedia: payload.includeMedia,
          schemaVersion: project.schema_version, exportedAt: startedAt.toISOString(), items: source.total, objects: annotations - skippedCount,
          skipped: { count: skippedCount, first: skipped },
        }, null, 2) + '\n');
        // The last look before the archive is closed: a cancelled run keeps no file, not even a whole one.
        if (await ctx.cancelled()) throw new JobCancelled(payload.jobRunId);
        await zip.finish();
      } catch (e) {
        // Aborting the zip fails the blob store's write, which removes its temporary file: nothing half-written stays.
        zip.abort(e as Error);
        await stored.catch(() => undefined);
        throw e;
      }
      const blob = await stored;
      if (await ctx.cancelled()) {
        // Cancelled while the last bytes went to the store. Each archive is unique (it carries its start time), so nothing else holds this blob.
        await this.blobs.delete(blob.key);
        throw new JobCancelled(payload.jobRunId);
      }
      if (skipped.length) {
        const at = new Date().toISOString();
        const entries = skipped.map((message) => ({ message, code: 'export.skipped', at }));
        if (skippedCount > skipped.length) entries.push({ message: `and ${skippedCount - skipped.length} more`, code: 'export.skipped', at });
        await this.db.query(`UPDATE job_runs SET errors = $2::jsonb WHERE id = $1`, [payload.jobRunId, JSON.stringify(entries)]);
      }
      ctx.log(`${payload.format}: ${source.total} items, ${annotations - skippedCount} objects, ${skippedCount} skipped, ${blob.size} bytes`);
      return {
        blobKey: blob.key, sha256: blob.sha256, size: blob.size, contentType: 'application/zip',
        fileName: `${slug(project.name)}-${payload.format}-${startedAt.toISOString().slice(0, 10)}.zip`,
      };
    } finally {
      await q.rollbackTransaction().catch(() => undefined);
      await q.release();
    }
  }
}

/** The same source, counting the annotations that pass through it. */
function counting(src: DbExportSource, add: (n: number) => void): DbExportSource {
  const items = src.items.bind(src);
  return Object.assign(Object.create(src) as DbExportSource, {
    async *items(split: string) {
      for await (const item of items(split)) {
        add(item.annotations.length);
        yield item;
      }
    },
  });
}
