import type { MediaType, Model } from '@tessera/contracts';

export interface ModelRow {
  id: string;
  org_id: string;
  name: string;
  kind: string;
  version: string;
  media_type: MediaType;
  url: string | null;
  options: Record<string, unknown>;
  file_key: string | null;
  file_sha256: string | null;
  file_size: string | number | null;
  label_map: Record<string, string>;
  score_threshold: number;
  max_objects: number;
  created_at: Date;
  updated_at: Date;
  project_ids: string[] | null;
  arrival_project_ids: string[] | null;
}

/** A model with the projects it is enabled in (of the caller's organisation). */
export const MODEL_COLUMNS = `m.id, m.org_id, m.name, m.kind, m.version, m.media_type, m.url, m.options, m.file_key, m.file_sha256, m.file_size, m.label_map, m.score_threshold, m.max_objects, m.created_at, m.updated_at,
  (SELECT coalesce(array_agg(pm.project_id ORDER BY pm.enabled_at, pm.project_id), '{}') FROM project_models pm WHERE pm.model_id = m.id AND pm.org_id = m.org_id) AS project_ids,
  (SELECT coalesce(array_agg(pm.project_id ORDER BY pm.enabled_at, pm.project_id), '{}') FROM project_models pm
    WHERE pm.model_id = m.id AND pm.org_id = m.org_id AND pm.on_arrival_by IS NOT NULL) AS arrival_project_ids`;

export function toModel(r: ModelRow): Model {
  return {
    id: r.id, name: r.name, kind: r.kind, version: r.version, mediaType: r.media_type, url: r.url, options: r.options ?? {},
    file: r.file_sha256 ? { sha256: r.file_sha256, size: Number(r.file_size) } : null, labelMap: r.label_map,
    scoreThreshold: Math.round(Number(r.score_threshold) * 1e6) / 1e6, maxObjects: r.max_objects, projectIds: r.project_ids ?? [], arrivalProjectIds: r.arrival_project_ids ?? [],
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}
