import { labelSchemaDefinition, type LabelSchemaInput, type MediaType } from '@tessera/contracts';
import type { TestOrg } from './fixtures';
import type { Queryable } from './test-server';

export const TEST_SCHEMAS: Record<MediaType, LabelSchemaInput> = {
  image: {
    labels: [
      { id: 'car', name: 'Car', color: '#1677ff', hotkey: '1', tools: ['box', 'polygon', 'mask'], attributes: [
        { key: 'kind', name: 'Kind', type: 'select', options: ['sedan', 'van'] },
        { key: 'occluded', name: 'Occluded', type: 'boolean' },
      ] },
      { id: 'person', name: 'Person', color: '#f5222d', hotkey: '2', tools: ['box', 'keypoints'], skeleton: { points: ['head', 'foot'], edges: [[0, 1]] } },
    ],
  },
  text: {
    labels: [
      { id: 'per', name: 'Person', color: '#f5222d', tools: ['span'] },
      { id: 'works-for', name: 'Works for', color: '#1677ff', tools: ['relation'] },
    ],
  },
  dicom: { labels: [{ id: 'liver', name: 'Liver', color: '#52c41a', tools: ['segment', 'length'] }] },
};

/**
 * A project with a label schema, its annotator and reviewer as members, and one
 * ready asset, written straight to the database: annotation tests need no ingest.
 */
export async function createAnnotatableAsset(db: Queryable, org: TestOrg, mediaType: MediaType = 'image', opts: { width?: number; height?: number; characters?: number; slices?: number } = {}) {
  const [{ id: projectId }] = await db.query(
    `INSERT INTO projects (org_id, name, media_type, workflow, created_by) VALUES ($1, $2, $3, '{}', $4) RETURNING id`,
    [org.orgId, `${mediaType} project ${Math.random().toString(36).slice(2, 8)}`, mediaType, org.users.manager.id],
  );
  // Stored as the API stores a schema: parsed, its defaults filled in.
  await db.query(`INSERT INTO label_schema_versions (project_id, org_id, version, schema) VALUES ($1, $2, 1, $3)`, [projectId, org.orgId, JSON.stringify(labelSchemaDefinition.parse(TEST_SCHEMAS[mediaType]))]);
  for (const role of ['annotator', 'reviewer', 'consumer'] as const) {
    await db.query(`INSERT INTO project_members (project_id, user_id, org_id, role) VALUES ($1, $2, $3, $4)`, [projectId, org.users[role].id, org.orgId, role]);
  }
  const width = mediaType === 'text' ? null : (opts.width ?? 640);
  const height = mediaType === 'text' ? null : (opts.height ?? 480);
  const metadata = mediaType === 'text' ? { characters: opts.characters ?? 200 } : mediaType === 'dicom' ? { instanceCount: opts.slices ?? 10 } : {};
  const [{ id: assetId }] = await db.query(
    `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height, metadata)
     VALUES ($1, $2, $3, 'ready', 'fixture', 'sha256/' || md5(random()::text), md5(random()::text), 1, $4, $5, $6) RETURNING id`,
    [org.orgId, projectId, mediaType, width, height, JSON.stringify(metadata)],
  );
  return { projectId, assetId };
}
