import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { allows, labelSchemaDefinition, reachOf, type Annotation, type AnnotationContext, type LabelSchema, type MediaType } from '@tessera/contracts';
import { AssetsService } from '@tessera/server/assets';
import { BLOB_STORE, type BlobStore } from '@tessera/server/storage';
import type { Actor } from '@tessera/server/auth';
import { conflict, notFound, reason } from '@tessera/server/http';
import { ProjectsService } from '@tessera/server/projects';

/** An annotation set as an actor reaches it: what they may do there is decided once, on opening. */
export interface SetAccess {
  setId: string;
  orgId: string;
  projectId: string;
  assetId: string;
  canEdit: boolean;
  /** The task whose work this set is, when it is a task's. */
  taskId?: string;
  /** 'gold': a gold asset's reference answers, opened by someone who keeps gold; otherwise work. */
  purpose?: 'work' | 'gold';
}

interface AssetExtent {
  mediaType: MediaType;
  extent: AnnotationContext['extent'];
  /** A text asset's normalised text, in the blob store. */
  textKey?: string;
}

/** Code units of document text kept in memory for checking spans (about twice as many bytes); the least recently used go first. */
const TEXT_CACHE_UNITS = 32 * 1024 * 1024;

/** A task's set, just made (the first to open the task made it). */
export interface TaskSetMade {
  setId: string;
  orgId: string;
  projectId: string;
  assetId: string;
  taskId: string;
}

/** What an asset's extent is read from. */
export interface ExtentRow {
  id: string;
  kind: MediaType;
  width: number | null;
  height: number | null;
  metadata: Record<string, unknown>;
}

/**
 * An asset row `a`'s extent as one JSON value (an ExtentRow with only the metadata extentOf reads), for a statement
 * that reads it along with other things and primes the cache with it (see primeExtent).
 */
export const extentSql = (a: string) =>
  `json_build_object('id', ${a}.id, 'kind', ${a}.kind, 'width', ${a}.width, 'height', ${a}.height,
     'metadata', jsonb_build_object('characters', ${a}.metadata->'characters', 'instanceCount', ${a}.metadata->'instanceCount', 'textKey', ${a}.metadata->'textKey'))`;

const extentOf = (a: ExtentRow): AssetExtent => ({
  mediaType: a.kind,
  extent: {
    width: a.width, height: a.height,
    textLength: typeof a.metadata.characters === 'number' ? a.metadata.characters : null,
    slices: typeof a.metadata.instanceCount === 'number' ? a.metadata.instanceCount : null,
  },
  textKey: a.kind === 'text' && typeof a.metadata.textKey === 'string' ? a.metadata.textKey : undefined,
});

export interface AnnotationRow {
  id: string; set_id: string; label_id: string; schema_version: number; geometry: Annotation['geometry'];
  attributes: Annotation['attributes']; source: Annotation['source']; score: number | null; prediction_id: string | null;
  z_index: number; group_id: string | null; version: number; created_by: string; updated_by: string;
  created_at: Date | string; updated_at: Date | string;
}

export interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

const iso = (d: Date | string) => (typeof d === 'string' ? new Date(d) : d).toISOString();

export function toAnnotation(r: AnnotationRow): Annotation {
  return {
    id: r.id, labelId: r.label_id, schemaVersion: r.schema_version, geometry: r.geometry, attributes: r.attributes,
    source: r.source, score: r.score, predictionId: r.prediction_id, zIndex: r.z_index, groupId: r.group_id,
    version: r.version, createdBy: r.created_by, updatedBy: r.updated_by, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

/**
 * Finds (or makes) the annotation set of an asset, and what the rules need to
 * check an annotation on it. Label-schema versions never change once written and
 * an asset's size is fixed at ingest, so both are cached for the process's life.
 */
@Injectable()
export class AnnotationSets {
  private readonly log = new Logger(AnnotationSets.name);
  private readonly schemas = new Map<string, Promise<LabelSchema | null>>();
  private readonly extents = new Map<string, Promise<AssetExtent>>();
  private readonly texts = new Map<string, Promise<string | null>>();
  private readonly textUnits = new Map<string, number>();
  private readonly taskSetListeners: ((made: TaskSetMade) => Promise<void>)[] = [];

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly assets: AssetsService,
    private readonly projects: ProjectsService,
  ) {}

  /**
   * The asset's own set, made on first use; 404 for an asset the actor may not see. For those who
   * keep gold (`gold.manage` in the project) a gold asset's own set is its reference answers; for
   * everyone else it is the working set, an ordinary one: the reference is never in a set an
   * annotator or reviewer reaches, and nothing here tells them the asset is gold.
   */
  async openForAsset(actor: Actor, assetId: string): Promise<SetAccess> {
    const asset = await this.assets.getEntity(actor, assetId);
    if (asset.status !== 'ready') throw conflict(`The asset is ${asset.status}; it can be annotated once it is ready.`, reason('asset_not_ready', { status: asset.status }));
    const canEdit = allows(actor.role, 'annotations.edit') && (await this.projects.reaches(actor, asset.projectId, 'annotations.edit'));
    const purpose = (await this.keepsGold(actor, asset.projectId)) && (await this.isGold(actor.orgId, asset.id)) ? 'gold' : 'work';
    const setId = await this.setOf(actor.orgId, asset.projectId, asset.id, null, purpose);
    return { setId, orgId: actor.orgId, projectId: asset.projectId, assetId: asset.id, canEdit, purpose };
  }

  /**
   * A set the actor reached before, by id (REST catch-up, an annotation's history): only if opening
   * its task or asset now gives the actor this very set, so a gold asset's reference is never
   * reached by its id by someone its asset would not give it to.
   */
  async openById(actor: Actor, setId: string): Promise<SetAccess> {
    const [row] = await this.db.query<{ asset_id: string; task_id: string | null }[]>(`SELECT asset_id, task_id FROM annotation_sets WHERE id = $1 AND org_id = $2`, [setId, actor.orgId]);
    if (!row) throw notFound('annotation set');
    const access = await (row.task_id ? this.openForTask(actor, row.task_id) : this.openForAsset(actor, row.asset_id));
    if (access.setId !== setId) throw notFound('annotation set');
    return access;
  }

  private async keepsGold(actor: Actor, projectId: string): Promise<boolean> {
    return allows(actor.role, 'gold.manage') && this.projects.reaches(actor, projectId, 'gold.manage');
  }

  private async isGold(orgId: string, assetId: string): Promise<boolean> {
    return (await this.db.query<unknown[]>(`SELECT 1 FROM gold_assets WHERE asset_id = $1 AND org_id = $2`, [assetId, orgId])).length > 0;
  }

  /**
   * A task's set: an annotate task's own, and for a review task the set of the
   * work it reviews. Who may edit follows the task: its assignee while it is
   * theirs to work on, the reviewer holding the review, and managers; everyone
   * else who may see the task watches. 404 for a task the actor may not see.
   */
  async openForTask(actor: Actor, taskId: string): Promise<SetAccess> {
    const [t] = await this.db.query<{ id: string; asset_id: string; project_id: string; stage: 'annotate' | 'review'; state: string; assignee_id: string | null; review_of: string | null }[]>(
      `SELECT id, asset_id, project_id, stage, state, assignee_id, review_of FROM tasks WHERE id = $1 AND org_id = $2`, [taskId, actor.orgId]);
    if (!t) throw notFound('task');
    const reach = reachOf(actor.role, 'tasks.read');
    const mine = t.assignee_id === actor.userId;
    const visible = reach === 'org' || (reach === 'own' && mine) || (reach === 'project' && (await this.projects.reaches(actor, t.project_id, 'tasks.read')));
    if (!visible) throw notFound('task');
    const workTaskId = t.stage === 'review' ? t.review_of! : t.id;
    const holding = mine && ['assigned', 'in_progress'].includes(t.state);
    const canEdit = holding || reachOf(actor.role, 'annotations.edit') === 'org';
    const setId = await this.setOf(actor.orgId, t.project_id, t.asset_id, workTaskId);
    return { setId, orgId: actor.orgId, projectId: t.project_id, assetId: t.asset_id, canEdit, taskId: workTaskId };
  }

  /** The sets of these tasks' work (a task without one yet has none). */
  async setsOfTasks(orgId: string, taskIds: string[]): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(`SELECT id FROM annotation_sets WHERE org_id = $1 AND task_id = ANY($2::uuid[])`, [orgId, taskIds]);
    return rows.map((r) => r.id);
  }

  /**
   * Called once for each task set as it is made, before whoever made it gets its id (pre-annotation fills a
   * new task's set with the asset's predictions). A listener that fails leaves the set made and empty: it is
   * logged, never the opener's failure.
   */
  whenTaskSetMade(listener: (made: TaskSetMade) => Promise<void>): void {
    this.taskSetListeners.push(listener);
  }

  /**
   * The set of an asset (taskId null: its working set, or with `purpose` 'gold' its reference
   * answers) or of a task's work, made on first use.
   */
  async setOf(orgId: string, projectId: string, assetId: string, taskId: string | null, purpose: 'work' | 'gold' = 'work'): Promise<string> {
    if (taskId && purpose !== 'work') throw new Error('a task set is always work');
    const find = async () =>
      (await (taskId
        ? this.db.query<{ id: string }[]>(`SELECT id FROM annotation_sets WHERE asset_id = $1 AND task_id = $2`, [assetId, taskId])
        : this.db.query<{ id: string }[]>(`SELECT id FROM annotation_sets WHERE asset_id = $1 AND task_id IS NULL AND purpose = $2`, [assetId, purpose])))[0]?.id;
    const found = await find();
    if (found) return found;
    const [made] = await this.db.query<{ id: string }[]>(
      `INSERT INTO annotation_sets (org_id, project_id, asset_id, task_id, purpose) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [orgId, projectId, assetId, taskId, purpose],
    );
    if (made && taskId) {
      for (const listener of this.taskSetListeners) {
        await listener({ setId: made.id, orgId, projectId, assetId, taskId }).catch((e: Error) => this.log.warn(`a new task set's listener failed: ${e.message}`));
      }
    }
    // Two first joins at once: one insert wins, and the other finds the winner's row.
    return made?.id ?? (await find())!;
  }

  /**
   * The working sets of many assets of the organisation, made on first use, in one round trip (two
   * when another process made one of them meanwhile). Answers by asset id, with each asset's
   * project and status; an asset not found is absent, one that is not ready has no set.
   */
  async workingSets(orgId: string, assetIds: string[]): Promise<Map<string, { projectId: string; status: string; setId: string | null }>> {
    const ids = [...new Set(assetIds)].sort();
    const rows = await this.db.query<{ asset_id: string; project_id: string; status: string; set_id: string | null }[]>(
      `WITH a AS (SELECT id, project_id, status FROM assets WHERE id = ANY($2::uuid[]) AND org_id = $1),
       s AS (SELECT s.asset_id, s.id FROM annotation_sets s JOIN a ON a.id = s.asset_id WHERE s.task_id IS NULL AND s.purpose = 'work'),
       made AS (
         INSERT INTO annotation_sets (org_id, project_id, asset_id, task_id, purpose)
         SELECT $1, a.project_id, a.id, NULL, 'work' FROM a
          WHERE a.status = 'ready' AND NOT EXISTS (SELECT 1 FROM s WHERE s.asset_id = a.id) ORDER BY a.id
         ON CONFLICT DO NOTHING RETURNING asset_id, id)
       SELECT a.id AS asset_id, a.project_id, a.status, coalesce(s.id, made.id) AS set_id
         FROM a LEFT JOIN s ON s.asset_id = a.id LEFT JOIN made ON made.asset_id = a.id`,
      [orgId, ids],
    );
    const found = new Map(rows.map((r) => [r.asset_id, { projectId: r.project_id, status: r.status, setId: r.status === 'ready' ? r.set_id : null }]));
    // Made by someone else between this statement's snapshot and its insert: read what they made.
    const raced = [...found].filter(([, f]) => f.status === 'ready' && !f.setId).map(([id]) => id);
    if (raced.length) {
      const late = await this.db.query<{ asset_id: string; id: string }[]>(
        `SELECT asset_id, id FROM annotation_sets WHERE asset_id = ANY($1::uuid[]) AND org_id = $2 AND task_id IS NULL AND purpose = 'work'`, [raced, orgId]);
      for (const r of late) found.get(r.asset_id)!.setId = r.id;
    }
    return found;
  }

  /**
   * The working sets of many assets of one project at once (an import writing to thousands of assets:
   * three statements, not three per asset), made where missing. Not `workingSets`: for thousands of ids
   * its joins can be planned as nested loops on a fresh project's statistics (see below). Only assets
   * of this organisation and project that are ready get one; the others are left out of the answer.
   */
  async workSetsOf(orgId: string, projectId: string, assetIds: string[]): Promise<Map<string, string>> {
    const sets = new Map<string, string>();
    if (!assetIds.length) return sets;
    // Which of them are the project's ready assets, and the project's work sets, are each read whole by their
    // index and matched here. Joined or filtered in SQL (`= ANY(list)`, a join to unnest(list)), a fresh
    // project whose statistics still say one asset got nested loops comparing every asset with every id:
    // minutes for 10,000.
    const wanted = new Set(assetIds);
    const mine = (await this.db.query<{ id: string }[]>(
      `SELECT id FROM assets WHERE org_id = $1 AND project_id = $2 AND status = 'ready'`, [orgId, projectId])).filter((a) => wanted.has(a.id)).map((a) => a.id);
    if (!mine.length) return sets;
    await this.db.query(
      `INSERT INTO annotation_sets (org_id, project_id, asset_id, task_id, purpose) SELECT $1, $2, x.id, NULL, 'work' FROM unnest($3::uuid[]) AS x(id)
       ON CONFLICT DO NOTHING`,
      [orgId, projectId, mine],
    );
    const rows = (await this.db.query<{ id: string; asset_id: string }[]>(
      `SELECT id, asset_id FROM annotation_sets WHERE org_id = $1 AND project_id = $2 AND task_id IS NULL AND purpose = 'work'`, [orgId, projectId]))
      .filter((r) => wanted.has(r.asset_id));
    for (const r of rows) sets.set(r.asset_id, r.id);
    return sets;
  }

  /**
   * `via`: the caller's transaction. Whoever holds a pooled connection must not
   * wait for a second one, or enough of them at once exhaust the pool.
   */
  schema(projectId: string, version: number, via: Queryable = this.db): Promise<LabelSchema | null> {
    const key = `${projectId}:${version}`;
    let found = this.schemas.get(key);
    if (!found) {
      found = via
        .query<{ schema: LabelSchema }[]>(`SELECT schema FROM label_schema_versions WHERE project_id = $1 AND version = $2`, [projectId, version])
        .then(([r]) => (r ? labelSchemaDefinition.parse(r.schema) : null));
      found.catch(() => this.schemas.delete(key));
      this.schemas.set(key, found);
    }
    return found;
  }

  extent(assetId: string, via: Queryable = this.db): Promise<AssetExtent> {
    let found = this.extents.get(assetId);
    if (!found) {
      found = via.query<ExtentRow[]>(`SELECT id, kind, width, height, metadata FROM assets WHERE id = $1`, [assetId]).then(([a]) => extentOf(a));
      found.catch(() => this.extents.delete(assetId));
      this.extents.set(assetId, found);
    }
    return found;
  }

  /**
   * A text asset's text (null for other kinds), so a span's ends are checked
   * against its characters. Texts never change once ingested; the most
   * recently used are kept, up to TEXT_CACHE_UNITS code units in all.
   */
  async text(assetId: string, via: Queryable = this.db): Promise<string | null> {
    let found = this.texts.get(assetId);
    if (found) {
      // Most recently used last: the Map's order is the eviction order.
      this.texts.delete(assetId);
      this.texts.set(assetId, found);
      return found;
    }
    found = this.extent(assetId, via).then(async ({ textKey }) => {
      if (!textKey) return null;
      const text = (await this.blobs.read(textKey)).toString('utf8');
      this.textUnits.set(assetId, text.length);
      let total = 0;
      for (const n of this.textUnits.values()) total += n;
      for (const key of this.texts.keys()) {
        if (total <= TEXT_CACHE_UNITS || key === assetId) break;
        total -= this.textUnits.get(key) ?? 0;
        this.texts.delete(key);
        this.textUnits.delete(key);
      }
      return text;
    });
    found.catch(() => {
      this.texts.delete(assetId);
      this.textUnits.delete(assetId);
    });
    this.texts.set(assetId, found);
    return found;
  }

  /** Of these assets, those whose extent is not cached yet (a caller that reads many at once primes them). */
  uncachedExtents(assetIds: Iterable<string>): string[] {
    return [...new Set(assetIds)].filter((id) => !this.extents.has(id));
  }

  /** Caches an asset's extent read by the caller (`SELECT kind, width, height, metadata FROM assets`). */
  primeExtent(assetId: string, row: ExtentRow) {
    if (!this.extents.has(assetId)) this.extents.set(assetId, Promise.resolve(extentOf(row)));
  }

}
