import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { allows, labelSchemaDefinition, type Annotation, type AnnotationContext, type LabelSchema, type MediaType } from '@tessera/contracts';
import { AssetsService } from '@tessera/server/assets';
import type { Actor } from '@tessera/server/auth';
import { conflict, notFound } from '@tessera/server/http';
import { ProjectsService } from '@tessera/server/projects';

/** An annotation set as an actor reaches it: what they may do there is decided once, on opening. */
export interface SetAccess {
  setId: string;
  orgId: string;
  projectId: string;
  assetId: string;
  canEdit: boolean;
}

interface AssetExtent {
  mediaType: MediaType;
  extent: AnnotationContext['extent'];
}

export interface AnnotationRow {
  id: string; set_id: string; label_id: string; schema_version: number; geometry: Annotation['geometry'];
  attributes: Annotation['attributes']; source: Annotation['source']; score: number | null; prediction_id: string | null;
  z_index: number; group_id: string | null; version: number; created_by: string; updated_by: string;
  created_at: Date | string; updated_at: Date | string;
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
  private readonly schemas = new Map<string, Promise<LabelSchema | null>>();
  private readonly extents = new Map<string, Promise<AssetExtent>>();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly assets: AssetsService,
    private readonly projects: ProjectsService,
  ) {}

  /** The asset's working set, made on first use; 404 for an asset the actor may not see. */
  async openForAsset(actor: Actor, assetId: string): Promise<SetAccess> {
    const asset = await this.assets.getEntity(actor, assetId);
    if (asset.status !== 'ready') throw conflict(`The asset is ${asset.status}; it can be annotated once it is ready.`);
    const canEdit = allows(actor.role, 'annotations.edit') && (await this.projects.get(actor, asset.projectId, 'annotations.edit').then(() => true, () => false));
    let [row] = await this.db.query<{ id: string }[]>(
      `WITH made AS (
         INSERT INTO annotation_sets (org_id, project_id, asset_id) VALUES ($1, $2, $3)
         ON CONFLICT (asset_id) WHERE task_id IS NULL DO NOTHING RETURNING id)
       SELECT id FROM made UNION ALL SELECT id FROM annotation_sets WHERE asset_id = $3 AND task_id IS NULL`,
      [actor.orgId, asset.projectId, asset.id],
    );
    // Two first joins at once: the loser's statement cannot see the winner's row yet, a new statement can.
    row ??= (await this.db.query<{ id: string }[]>(`SELECT id FROM annotation_sets WHERE asset_id = $1 AND task_id IS NULL`, [asset.id]))[0];
    return { setId: row.id, orgId: actor.orgId, projectId: asset.projectId, assetId: asset.id, canEdit };
  }

  /** A set the actor reached before, by id (REST catch-up): the same checks as opening its asset. */
  async openById(actor: Actor, setId: string): Promise<SetAccess> {
    const [row] = await this.db.query<{ asset_id: string }[]>(`SELECT asset_id FROM annotation_sets WHERE id = $1 AND org_id = $2`, [setId, actor.orgId]);
    if (!row) throw notFound('annotation set');
    return this.openForAsset(actor, row.asset_id);
  }

  schema(projectId: string, version: number): Promise<LabelSchema | null> {
    const key = `${projectId}:${version}`;
    let found = this.schemas.get(key);
    if (!found) {
      found = this.db
        .query<{ schema: LabelSchema }[]>(`SELECT schema FROM label_schema_versions WHERE project_id = $1 AND version = $2`, [projectId, version])
        .then(([r]) => (r ? labelSchemaDefinition.parse(r.schema) : null));
      found.catch(() => this.schemas.delete(key));
      this.schemas.set(key, found);
    }
    return found;
  }

  extent(assetId: string): Promise<AssetExtent> {
    let found = this.extents.get(assetId);
    if (!found) {
      found = this.db
        .query<{ kind: MediaType; width: number | null; height: number | null; metadata: Record<string, unknown> }[]>(
          `SELECT kind, width, height, metadata FROM assets WHERE id = $1`, [assetId])
        .then(([a]) => ({
          mediaType: a.kind,
          extent: {
            width: a.width, height: a.height,
            textLength: typeof a.metadata.characters === 'number' ? a.metadata.characters : null,
            slices: typeof a.metadata.instanceCount === 'number' ? a.metadata.instanceCount : null,
          },
        }));
      found.catch(() => this.extents.delete(assetId));
      this.extents.set(assetId, found);
    }
    return found;
  }
}
