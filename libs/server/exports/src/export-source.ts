import type { QueryRunner } from 'typeorm';
import type { AnnotationSelection, ExportFilter, LabelSchema, MediaType } from '@tessera/contracts';
import { type ExportAnnotation, type ExportAsset, type ExportItem, type ExportSource, type MediaFile, type SeriesInfo } from '@tessera/formats';
import type { BlobStore } from '@tessera/server/storage';
import { loadSeries } from './series-loader';

/** Assets a page reads at once. */
const PAGE = 200;
/**
 * Assets whose annotations come in one query. Small on purpose: a batch lives until the exporter
 * has written it, and one that outlives a young-generation collection or two (a hundred thousand
 * objects for 200 images of 100 boxes) is promoted, so the old generation, and the process, grew by
 * hundreds of megabytes of garbage over an export. Batches are fetched one ahead, so their number costs no waiting.
 */
const BATCH = 16;

export interface SourceScope {
  orgId: string;
  projectId: string;
  annotations: AnnotationSelection;
  filter?: ExportFilter;
  /** With `predictions`: only this model's (its version, `name@version`, or its name, as the import recorded them). */
  modelVersion?: string;
}

/** The annotation set an export reads for each asset. */
function setChoice(selection: AnnotationSelection): string {
  switch (selection) {
    case 'accepted':
      // The newest accepted work: an annotate task a reviewer (or the sampling) accepted.
      return `(SELECT s.id FROM tasks t JOIN annotation_sets s ON s.task_id = t.id
                WHERE t.asset_id = a.id AND t.stage = 'annotate' AND t.state = 'accepted' ORDER BY t.updated_at DESC, t.id LIMIT 1)`;
    case 'predictions':
      return `(SELECT s.id FROM annotation_sets s WHERE s.asset_id = a.id AND s.task_id IS NULL AND s.purpose = 'work')`;
    case 'consensus':
      // Not a set: the asset's agreed or accepted consensus, kept in its quality result (see annotationRows).
      return `(SELECT r.asset_id FROM quality_asset_results r WHERE r.asset_id = a.id AND r.state IN ('agreed', 'accepted'))`;
    default:
      // The set changed last: the live set (a gold asset's: its reference answers), or the newest task's work.
      // Each part names its partial index's predicate literally (live set, gold set, task sets): a purpose
      // computed per asset (CASE WHEN gold …) matches no partial index, and each asset scanned the whole table.
      return `(SELECT s.id FROM (
                 SELECT id, task_id FROM annotation_sets WHERE asset_id = a.id AND task_id IS NULL AND purpose = 'work'
                    AND NOT EXISTS (SELECT 1 FROM gold_assets g WHERE g.asset_id = a.id)
                 UNION ALL SELECT id, task_id FROM annotation_sets WHERE asset_id = a.id AND task_id IS NULL AND purpose = 'gold'
                    AND EXISTS (SELECT 1 FROM gold_assets g WHERE g.asset_id = a.id)
                 UNION ALL SELECT id, task_id FROM annotation_sets WHERE asset_id = a.id AND task_id IS NOT NULL) s
                 LEFT JOIN LATERAL (SELECT o.committed_at FROM annotation_ops o WHERE o.set_id = s.id ORDER BY o.server_seq DESC LIMIT 1) o ON true
                ORDER BY o.committed_at DESC NULLS LAST, s.task_id NULLS FIRST LIMIT 1)`;
  }
}

/**
 * The chosen annotations as (set_id, label_id) rows, for the filters and splits that look at labels.
 * A consensus lives in its quality result (accepted or not), under the asset's id.
 */
function annotationRows(selection: AnnotationSelection): string {
  return selection === 'consensus'
    ? `(SELECT r.asset_id AS set_id, o->>'labelId' AS label_id FROM quality_asset_results r CROSS JOIN jsonb_array_elements(r.details->'objects') o
         WHERE r.state IN ('agreed', 'accepted'))`
    : 'annotations';
}

/** Characters no file system takes in a name, and control characters. */
const UNSAFE = /[\u0000-\u001f<>:"/\\|?*]/g;

/**
 * A project's assets and annotations as an export reads them, from one
 * repeatable-read transaction: the assets chosen (by the filter) are fixed
 * first in a temporary table with their order, their unique file names and
 * the annotation set each reads, so every walk over them sees the same
 * assets in the same order, however long the export runs and whatever
 * people change meanwhile.
 */
export class DbExportSource implements ExportSource {
  splits: string[] = ['default'];
  total = 0;

  constructor(
    private readonly q: QueryRunner,
    private readonly blobs: BlobStore,
    readonly schema: LabelSchema,
    readonly projectName: string,
    private readonly scope: SourceScope,
    private readonly withMedia: boolean,
  ) {}

  /** Fixes the asset list; call once, inside the transaction. */
  async prepare(): Promise<void> {
    const { orgId, projectId, filter } = this.scope;
    const params: unknown[] = [orgId, projectId];
    const where: string[] = [`a.org_id = $1`, `a.project_id = $2`, `a.status = 'ready'`];
    if (filter?.batchId) {
      params.push(filter.batchId);
      where.push(`EXISTS (SELECT 1 FROM batch_assets b WHERE b.batch_id = $${params.length} AND b.asset_id = a.id)`);
    }
    const status = filter?.status;
    const annotated = `EXISTS (SELECT 1 FROM ${annotationRows(this.scope.annotations)} n WHERE n.set_id = c.set_id)`;
    const post = status === 'annotated' ? `WHERE ${annotated}`
      : status === 'unannotated' ? `WHERE NOT ${annotated}`
        : status === 'accepted' ? `WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.asset_id = c.id AND t.stage = 'annotate' AND t.state = 'accepted')`
          : status === 'submitted' ? `WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.asset_id = c.id AND t.stage = 'annotate' AND t.state IN ('submitted', 'accepted'))`
            : '';
    await this.q.manager.query(
      `CREATE TEMP TABLE export_assets ON COMMIT DROP AS
       WITH c AS (
         SELECT a.id, a.kind, a.name, a.width, a.height, a.blob_key, a.metadata, a.created_at, 'default'::text AS split, ${setChoice(this.scope.annotations)} AS set_id
           FROM assets a WHERE ${where.join(' AND ')}
       )
       SELECT row_number() OVER (ORDER BY c.created_at, c.id) AS ord, c.*,
              count(*) OVER (PARTITION BY lower(regexp_replace(regexp_replace(c.name, '[[:cntrl:]<>:"/\\\\|?*]', '_', 'g'), '\\.[^.]*$', ''))) > 1 AS dup
         FROM c ${post}`,
      params,
    );
    await this.q.manager.query(`CREATE INDEX ON export_assets (split, ord)`);
    const [{ n }] = await this.q.manager.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM export_assets`);
    this.total = n;
  }

  /**
   * Train, val and test from a seed, stratified by label: each asset counts
   * under its rarest label (the one the fewest chosen assets carry), and each
   * such group is cut at the ratios in an order the seed fixes.
   */
  async assignSplits(seed: number, ratios: { train: number; val: number }): Promise<void> {
    const annotations = annotationRows(this.scope.annotations);
    await this.q.manager.query(
      `WITH freq AS (SELECT n.label_id, count(DISTINCT e.id) AS f FROM export_assets e JOIN ${annotations} n ON n.set_id = e.set_id GROUP BY n.label_id),
            strata AS (SELECT e.id, (SELECT n.label_id FROM ${annotations} n JOIN freq USING (label_id) WHERE n.set_id = e.set_id ORDER BY freq.f, n.label_id LIMIT 1) AS stratum FROM export_assets e),
            ranked AS (SELECT id, row_number() OVER (PARTITION BY stratum ORDER BY md5($1 || id::text)) AS k, count(*) OVER (PARTITION BY stratum) AS n FROM strata)
       UPDATE export_assets e SET split = CASE WHEN r.k <= round(r.n * $2::float8) THEN 'train' WHEN r.k <= round(r.n * ($2::float8 + $3::float8)) THEN 'val' ELSE 'test' END
         FROM ranked r WHERE r.id = e.id`,
      [String(seed), ratios.train, ratios.val],
    );
    const present = await this.q.manager.query<{ split: string }[]>(`SELECT DISTINCT split FROM export_assets`);
    this.splits = ['train', 'val', 'test'].filter((s) => present.some((p) => p.split === s));
    if (!this.splits.length) this.splits = ['train'];
  }

  /** The assets after `after` in the walk's order, a page of them (keyset pagination on the fixed order). */
  private page(split: string, after: number): Promise<AssetRow[]> {
    return this.q.manager.query<AssetRow[]>(
      `SELECT ord::int, id, kind, name, width, height, blob_key, metadata, set_id, dup FROM export_assets WHERE split = $1 AND ord > $2 ORDER BY ord LIMIT $3`,
      [split, after, PAGE],
    );
  }

  private async *rows(split: string): AsyncGenerator<AssetRow[]> {
    let after = 0;
    for (;;) {
      const page = await this.page(split, after);
      if (!page.length) return;
      yield page;
      after = page[page.length - 1].ord;
    }
  }

  private asset(r: AssetRow): ExportAsset {
    const base = r.name.replace(UNSAFE, '_').replace(/^\.+/, '_') || 'asset';
    const meta = r.metadata ?? {};
    const ext = meta.id ?? meta.external_id ?? meta.externalId;
    return {
      id: r.id, kind: r.kind, name: r.name,
      fileName: r.dup ? `${r.id.slice(0, 8)}_${base}` : base,
      externalId: typeof ext === 'string' || typeof ext === 'number' ? String(ext) : null,
      width: r.width, height: r.height,
    };
  }

  async *assets(split: string): AsyncGenerator<ExportAsset> {
    for await (const page of this.rows(split)) for (const r of page) yield this.asset(r);
  }

  /**
   * Items in batches of BATCH assets. The next batch's annotations are asked for as soon as the
   * current batch arrives, so Postgres reads and sends them while the exporter writes this one:
   * the connection is never idle and the process never waits for rows it could have had.
   */
  async *items(split: string): AsyncGenerator<ExportItem> {
    const batches = this.batches(split);
    const load = async (rows: AssetRow[]) => ({ rows, bySet: await this.annotationsOf(rows) });
    let step = await batches.next();
    let next: ReturnType<typeof load> | null = step.done ? null : load(step.value);
    try {
      while (next) {
        const { rows, bySet } = await next;
        step = await batches.next();
        next = step.done ? null : load(step.value);
        // A walk stopped early (an error, a cancel) leaves this one unread: it must not become an unhandled rejection.
        next?.catch(() => undefined);
        for (const r of rows) {
          const item: ExportItem = { asset: this.asset(r), annotations: (r.set_id && bySet.get(r.set_id)) || [] };
          if (r.kind === 'text') item.text = (await this.bytes(r.blob_key)).toString('utf8');
          if (r.kind === 'dicom') item.series = await this.series(r);
          yield item;
        }
      }
    } finally {
      // The statement on its way shares the transaction's connection: let it finish before anyone else uses it.
      await next?.catch(() => undefined);
      await batches.return(undefined);
    }
  }

  private async *batches(split: string): AsyncGenerator<AssetRow[]> {
    for await (const page of this.rows(split)) for (let i = 0; i < page.length; i += BATCH) yield page.slice(i, i + BATCH);
  }

  /** The assets' annotations, by set, in each set's drawing order. */
  private async annotationsOf(page: AssetRow[]): Promise<Map<string, ExportAnnotation[]>> {
    const { filter, annotations, modelVersion } = this.scope;
    const sets = page.map((r) => r.set_id).filter((s): s is string => !!s);
    const bySet = new Map<string, ExportAnnotation[]>();
    if (!sets.length) return bySet;
    const params: unknown[] = [sets];
    let extra = '';
    if (filter?.labelIds?.length) {
      params.push(filter.labelIds);
      extra += ` AND label_id = ANY($${params.length}::text[])`;
    }
    if (annotations === 'consensus') return this.consensusOf(sets);
    if (annotations === 'predictions') extra += ` AND source = 'model'`;
    if (annotations === 'predictions' && modelVersion) {
      params.push(modelVersion, this.scope.orgId);
      const v = `$${params.length - 1}`;
      extra += ` AND id IN (SELECT annotation_id FROM prediction_models WHERE org_id = $${params.length} AND annotation_id = annotations.id
                              AND (model_version = ${v} OR model_name || '@' || model_version = ${v} OR model_name = ${v}))`;
    }
    // One row per set, its annotations as one JSON array already in the shape exporters read: a row per
    // annotation cost the driver a row object, nine parsed fields and a copy for each, which is most of what
    // an export allocated.
    const rows = await this.q.manager.query<{ set_id: string; annotations: string }[]>(
      `SELECT set_id, json_agg(json_build_object('id', id, 'labelId', label_id, 'geometry', geometry, 'attributes', attributes, 'source', source,
                'score', score, 'zIndex', z_index, 'groupId', group_id) ORDER BY z_index, created_at, id)::text AS annotations
         FROM annotations WHERE set_id = ANY($1::uuid[])${extra} GROUP BY set_id`, params);
    for (const r of rows) bySet.set(r.set_id, JSON.parse(r.annotations) as ExportAnnotation[]);
    return bySet;
  }

  /** The assets' consensus objects (keyed by asset id, which stands for their set), in the shape exporters read. */
  private async consensusOf(assetIds: string[]): Promise<Map<string, ExportAnnotation[]>> {
    const labels = this.scope.filter?.labelIds?.length ? this.scope.filter.labelIds : null;
    const rows = await this.q.manager.query<{ asset_id: string; annotations: string }[]>(
      `SELECT r.asset_id, coalesce(json_agg(json_build_object('id', o->'id', 'labelId', o->'labelId', 'geometry', o->'geometry', 'attributes', o->'attributes',
                'source', 'consensus', 'score', NULL, 'zIndex', 0, 'groupId', NULL) ORDER BY i) FILTER (WHERE o IS NOT NULL), '[]')::text AS annotations
         FROM quality_asset_results r
         LEFT JOIN LATERAL jsonb_array_elements(r.details->'objects') WITH ORDINALITY AS x(o, i) ON $2::text[] IS NULL OR o->>'labelId' = ANY($2::text[])
        WHERE r.asset_id = ANY($1::uuid[]) AND r.org_id = $3 GROUP BY r.asset_id`, [assetIds, labels, this.scope.orgId]);
    return new Map(rows.map((r) => [r.asset_id, JSON.parse(r.annotations) as ExportAnnotation[]]));
  }

  private async bytes(key: string): Promise<Buffer> {
    return this.blobs.read(key);
  }

  private series(r: AssetRow): Promise<SeriesInfo> {
    return loadSeries(this.q.manager, this.blobs, r.id);
  }

  async media(asset: ExportAsset): Promise<MediaFile[]> {
    if (!this.withMedia) return [];
    const [r] = await this.q.manager.query<{ blob_key: string }[]>(`SELECT blob_key FROM assets WHERE id = $1`, [asset.id]);
    if (asset.kind !== 'dicom') return [{ name: asset.fileName, content: await this.bytes(r.blob_key) }];
    const rows = await this.q.manager.query<{ blob_key: string; sop_instance_uid: string }[]>(`SELECT blob_key, sop_instance_uid FROM dicom_instances WHERE asset_id = $1 ORDER BY instance_number, id`, [asset.id]);
    return Promise.all(rows.map(async (x) => ({ name: `${asset.fileName}/${x.sop_instance_uid}.dcm`, content: await this.bytes(x.blob_key) })));
  }
}

interface AssetRow {
  ord: number;
  id: string;
  kind: MediaType;
  name: string;
  width: number | null;
  height: number | null;
  blob_key: string;
  metadata: Record<string, unknown> | null;
  set_id: string | null;
  dup: boolean;
}
