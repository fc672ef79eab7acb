/**
 * Every registered route × every role × own and other organisation, with the
 * expected answer derived from the decision table (libs/contracts/src/policy.ts).
 * The route list comes from the running API's OpenAPI document, which the API
 * builds from its controllers and refuses to start without a policy for each.
 * Every other role comes with an API token instead of a session's access
 * token: the same answers, but for the routes marked session-only (403).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIONS, ROLES, reachOf, type Action, type Role } from '@tessera/contracts';
import { api, createOrgWithRoles, startTestServer, TEST_PASSWORD, type TestOrg, type TestServer } from '@tessera/server/testing';

/** Routes open without a token; a new public route must be added here on purpose. */
const PUBLIC_ROUTES = [
  'GET /api/v1/setup', 'POST /api/v1/setup', 'POST /api/v1/auth/login', 'POST /api/v1/auth/refresh', 'POST /api/v1/auth/logout',
  'GET /api/v1/invitations/preview/{token}', 'POST /api/v1/invitations/accept',
  // A signed file URL: the signature stands in for the token (asset-delivery.spec.ts covers who it serves).
  'GET /api/v1/files/{token}',
  // A signed release link: the same, for a release's archive (releases.spec.ts covers who it serves).
  'GET /api/v1/release-files/{token}',
  'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /api/openapi.json',
];

interface Fixture {
  org: TestOrg;
  target: string;
  projectId: string;
  invitationId: string;
  /** a job run started by the auditor */
  jobRunId: string;
  assetId: string;
  /** a ready asset with an annotation set, and one annotation in it */
  annotatedAssetId: string;
  batchId: string;
  /** An empty batch for the assign route: handing the fixture tasks back to the pool would take them from their holders. */
  spareBatchId: string;
  /** One task per route that moves a task, so one route's move does not change what the next one finds. */
  tasks: Record<'view' | 'start' | 'heartbeat' | 'skip' | 'submit' | 'review' | 'ops', string>;
  commentId: string;
  setId: string;
  annotationId: string;
  /** a built release of the project, granted to nobody */
  releaseId: string;
  webhookId: string;
  /** a second webhook, for the DELETE route, so the others keep theirs */
  doomedWebhookId: string;
  /** a model (a text one, not enabled in the image project), and a second for the DELETE route */
  modelId: string;
  doomedModelId: string;
  /** an asset for the DELETE route, so the others keep theirs */
  doomedAssetId: string;
  /** the owner's API token's id, for the DELETE route */
  apiTokenId: string;
  /** an API token of every role, for the roles the matrix sends with one */
  apiTokens: Record<Role, string>;
}

/** An earlier row of the matrix may have changed a person's password (the route does, for the roles it lets in). */
const passwordAfterChange = (role: Role) => `new passphrase for ${role}`;
const changedPasswords = new Set<string>();
const passwordOf = (role: Role, f: Fixture) => (changedPasswords.has(`${f.org.orgId}:${role}`) ? passwordAfterChange(role) : TEST_PASSWORD);

/** The roles whose requests carry an API token rather than a session's access token: every other one, the owner not. */
const viaApiToken = (role: Role) => ROLES.indexOf(role) % 2 === 1;

const PNG_1X1 = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/** Multipart with one small file, as the upload route expects. */
async function uploadOne(path: string, token: string | undefined, name: string) {
  const form = new FormData();
  if (path.endsWith('/annotation-imports')) {
    // An annotation import's dry run: a COCO file that names no image.
    form.append('format', 'coco');
    form.append('dryRun', 'true');
    form.append('file', new Blob([Buffer.from('{"images":[],"annotations":[],"categories":[]}')]), `${name}.json`);
  } else form.append('file', new Blob([Buffer.concat([PNG_1X1, Buffer.from(name)])]), `${name}.png`);
  const res = await fetch(`${server.url}${path}`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}
/** Allowlisted, so creating hooks needs no DNS (a name that resolves nowhere is refused). */
const WEBHOOK_HOST = 'hooks.matrix.test';
const isUpload = (op: { method: string; path: string }) => op.method === 'POST' && (op.path === '/api/v1/projects/{id}/assets' || op.path === '/api/v1/projects/{id}/annotation-imports');

let server: TestServer;
let operations: { method: string; path: string; action?: Action; sessionOnly: boolean; isPublic: boolean }[];
const tenants: Record<'a' | 'b', Fixture> = {} as never;

async function makeFixture(name: string, domain: string): Promise<Fixture> {
  const org = await createOrgWithRoles(server.db, name, domain);
  const owner = await server.tokenFor(org.users.owner.id, org.orgId);
  const [{ id: target }] = await server.db.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, 'Target', 'x') RETURNING id`, [`target@${domain}`]);
  await server.db.query(`INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'annotator')`, [org.orgId, target]);
  const project = await api(server.url, 'POST', '/api/v1/projects', { token: owner, body: { name: `${name} project`, mediaType: 'image' } });
  expect(project.status).toBe(201);
  for (const role of ['reviewer', 'annotator', 'provider', 'consumer'] as const) {
    const added = await api(server.url, 'POST', `/api/v1/projects/${project.json.id}/members`, { token: owner, body: { userId: org.users[role].id, role } });
    expect(added.status).toBe(201);
  }
  const invitation = await api(server.url, 'POST', '/api/v1/invitations', { token: owner, body: { email: `invitee@${domain}`, role: 'annotator' } });
  const auditor = await server.tokenFor(org.users.auditor.id, org.orgId);
  const run = await api(server.url, 'POST', '/api/v1/audit-events/exports', { token: auditor, body: { from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' } });
  expect(run.status).toBe(202);
  const uploaded = await uploadOne(`/api/v1/projects/${project.json.id}/assets`, owner, `fixture-${domain}`);
  expect(uploaded.status).toBe(202);
  const [{ id: annotatedAssetId }] = await server.db.query(
    `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height) VALUES ($1, $2, 'image', 'ready', 'ready.png', 'sha256/x', md5($3), 1, 100, 100) RETURNING id`,
    [org.orgId, project.json.id, domain]);
  const [{ id: doomedAssetId }] = await server.db.query(
    `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height) VALUES ($1, $2, 'image', 'ready', 'doomed.png', 'sha256/x', md5($3), 1, 100, 100) RETURNING id`,
    [org.orgId, project.json.id, `doomed ${domain}`]);
  const [{ id: setId }] = await server.db.query(`INSERT INTO annotation_sets (org_id, project_id, asset_id) VALUES ($1, $2, $3) RETURNING id`, [org.orgId, project.json.id, annotatedAssetId]);
  const annotationId = randomUUID();
  await server.db.query(
    `INSERT INTO annotation_ops (set_id, server_seq, org_id, client_id, client_seq, actor_id, type, annotation_id, op, committed_at) VALUES ($1, 1, $2, 'matrix-fixture', 1, $3, 'create', $4, $5, now())`,
    [setId, org.orgId, org.users.annotator.id, annotationId, JSON.stringify({ type: 'create', clientId: 'matrix-fixture', clientSeq: 1, annotation: { id: annotationId, labelId: 'car', geometry: { type: 'tag' } } })]);
  const [{ id: releaseId }] = await server.db.query(
    `INSERT INTO releases (org_id, project_id, number, name, state, params, schema_version) VALUES ($1, $2, 1, 'Matrix', 'ready', $3, 1) RETURNING id`,
    [org.orgId, project.json.id, JSON.stringify({ formats: ['coco'], licence: 'CC0-1.0', annotations: 'latest', description: '', includeMedia: false })]);
  const hooks: string[] = [];
  for (const path of ['kept', 'doomed']) {
    const hook = await api(server.url, 'POST', '/api/v1/webhooks', { token: owner, body: { url: `https://${WEBHOOK_HOST}/${domain}/${path}`, events: ['task.submitted'] } });
    expect(hook.status).toBe(201);
    hooks.push(hook.json.id);
  }
  const models: string[] = [];
  for (const name of ['kept', 'doomed']) {
    const made = await api(server.url, 'POST', '/api/v1/models', { token: owner, body: { name, kind: 'ner-en', version: '1', mediaType: 'text' } });
    expect(made.status).toBe(201);
    models.push(made.json.id);
  }
  const apiTokens = {} as Record<Role, string>;
  const apiTokenIds: string[] = [];
  for (const role of ROLES) {
    const made = await api(server.url, 'POST', '/api/v1/api-tokens', { token: await server.tokenFor(org.users[role].id, org.orgId), body: { currentPassword: TEST_PASSWORD, name: `matrix ${role}` } });
    expect(made.status).toBe(201);
    apiTokens[role] = made.json.token;
    apiTokenIds.push(made.json.id);
  }
  return {
    apiTokens, apiTokenId: apiTokenIds[0],
    org, target, projectId: project.json.id, invitationId: invitation.json.id, jobRunId: run.json.id, assetId: uploaded.json.accepted[0].assetId,
    annotatedAssetId, setId, annotationId, releaseId, ...(await taskFixtures(org, project.json.id)), webhookId: hooks[0], doomedWebhookId: hooks[1],
    modelId: models[0], doomedModelId: models[1], doomedAssetId,
  };
}

/** A batch, and tasks held by the annotator (the review one by the reviewer), each on an asset of its own. */
async function taskFixtures(org: TestOrg, projectId: string) {
  const q = server.db.query.bind(server.db);
  const [{ id: batchId }] = await q(`INSERT INTO batches (org_id, project_id, name, overlap) VALUES ($1, $2, 'matrix', 1) RETURNING id`, [org.orgId, projectId]);
  const task = async (assignee: string, extra: { stage?: string; state?: string; reviewOf?: string } = {}) => {
    const [{ id: assetId }] = await q(
      `INSERT INTO assets (org_id, project_id, kind, status, name, blob_key, sha256, size, width, height) VALUES ($1, $2, 'image', 'ready', 't.png', 'sha256/x', md5(random()::text), 1, 100, 100) RETURNING id`,
      [org.orgId, projectId]);
    const [{ id }] = await q(
      `INSERT INTO tasks (org_id, project_id, batch_id, asset_id, stage, state, assignee_id, review_of, leased, lease_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true, now() + interval '1 hour') RETURNING id`,
      [org.orgId, projectId, batchId, assetId, extra.stage ?? 'annotate', extra.state ?? 'assigned', assignee, extra.reviewOf ?? null]);
    return id as string;
  };
  const annotator = org.users.annotator.id;
  const reviewed = await task(annotator, { state: 'submitted' });
  const tasks = {
    view: await task(annotator), start: await task(annotator), heartbeat: await task(annotator), skip: await task(annotator),
    submit: await task(annotator), ops: await task(annotator), review: await task(org.users.reviewer.id, { stage: 'review', reviewOf: reviewed }),
  };
  const [{ id: spareBatchId }] = await q(`INSERT INTO batches (org_id, project_id, name, overlap) VALUES ($1, $2, 'spare', 1) RETURNING id`, [org.orgId, projectId]);
  const [{ id: commentId }] = await q(`INSERT INTO task_comments (org_id, task_id, body, author_id) VALUES ($1, $2, 'matrix', $3) RETURNING id`, [org.orgId, tasks.view, annotator]);
  return { batchId, spareBatchId, tasks, commentId };
}

function taskId(path: string, f: Fixture): string {
  const verb = /^\/api\/v1\/tasks\/\{id\}\/(start|heartbeat|skip|submit|review|annotations\/ops)$/.exec(path)?.[1];
  return verb ? f.tasks[verb === 'annotations/ops' ? 'ops' : (verb as keyof Fixture['tasks'])] : f.tasks.view;
}

function fill(path: string, f: Fixture, method = 'GET'): string {
  if (path === '/api/v1/me/dashboard') return `${path}?projectId=${f.projectId}`;
  return path
    .replace('{id}', path.startsWith('/api/v1/tasks/') ? taskId(path, f) : path === '/api/v1/batches/{id}/assign' ? f.spareBatchId : path.startsWith('/api/v1/batches') ? f.batchId : path.startsWith('/api/v1/comments') ? f.commentId
      : path === '/api/v1/assets/{id}/gold' ? f.annotatedAssetId
      : path === '/api/v1/assets/{id}' && method === 'DELETE' ? f.doomedAssetId
      : path === '/api/v1/webhooks/{id}' && method === 'DELETE' ? f.doomedWebhookId : path.startsWith('/api/v1/webhooks') ? f.webhookId
      : path === '/api/v1/models/{id}' && method === 'DELETE' ? f.doomedModelId : path.startsWith('/api/v1/models') ? f.modelId
      : path.startsWith('/api/v1/assets/{id}/annotations') ? f.annotatedAssetId : path.startsWith('/api/v1/annotation-sets') ? f.setId : path.startsWith('/api/v1/annotations/') ? f.annotationId
      : path.startsWith('/api/v1/releases/') ? f.releaseId
      : path.startsWith('/api/v1/api-tokens/') ? f.apiTokenId
      : path.startsWith('/api/v1/invitations') ? f.invitationId : path.startsWith('/api/v1/job-runs') ? f.jobRunId : path.startsWith('/api/v1/assets') ? f.assetId : f.projectId)
    .replace('{userId}', f.target)
    .replace('{instanceId}', '00000000-0000-4000-8000-000000000000')
    .replace('{uploadId}', '0123456789abcdef0123456789abcdef')
    .replace('{version}', '1');
}

function bodyFor(method: string, path: string, role: Role, f: Fixture): unknown {
  const key = `${method} ${path}`;
  switch (key) {
    case 'POST /api/v1/auth/password': return { currentPassword: TEST_PASSWORD, newPassword: passwordAfterChange(role) };
    case 'POST /api/v1/invitations': return { email: `new-${role}-${Math.random().toString(36).slice(2)}@example.test`, role: 'annotator' };
    case 'PATCH /api/v1/members/{userId}': return { role: 'reviewer' };
    case 'POST /api/v1/projects': return { name: `made by ${role}`, mediaType: 'text' };
    case 'PATCH /api/v1/projects/{id}': return { description: `edited by ${role}` };
    case 'PUT /api/v1/projects/{id}/label-schema':
      return { basedOnVersion: 1, labelSchema: { labels: [{ id: 'car', name: 'Car', color: '#ff0000', hotkey: '1', tools: ['box'] }] } };
    case 'POST /api/v1/projects/{id}/members': return { userId: f.target, role: 'annotator' };
    case 'POST /api/v1/audit-events/exports': return { from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' };
    case 'POST /api/v1/projects/{id}/imports': return { source: { type: 'folder', path: '.' }, dryRun: true };
    case 'POST /api/v1/projects/{id}/exports': return { format: 'coco' };
    case 'POST /api/v1/projects/{id}/releases': return { formats: ['coco'], licence: 'CC0-1.0' };
    // To the auditor, who reads every release anyway (the target member may be removed by an earlier row; a consumer must stay ungranted).
    case 'POST /api/v1/releases/{id}/grants': return { userId: f.org.users.auditor.id };
    case 'POST /api/v1/webhooks': return { url: `https://${WEBHOOK_HOST}/made-by-${role}`, events: ['task.accepted', 'batch.completed'] };
    case 'PATCH /api/v1/webhooks/{id}': return { active: true };
    case 'POST /api/v1/models': return { name: `by ${role}`, kind: 'ner-en', version: '1', mediaType: 'text' };
    case 'PATCH /api/v1/models/{id}': return { name: `renamed by ${role}` };
    case 'POST /api/v1/projects/{id}/preannotations': return { modelId: f.modelId };
    case 'POST /api/v1/tasks/{id}/auto-annotate': return { modelId: f.modelId };
    case 'POST /api/v1/assets/{id}/auto-annotate': return { modelId: f.modelId };
    case 'POST /api/v1/projects/{id}/batches': return { name: `by ${role}`, selection: { filter: {}, onlyUnbatched: false } };
    case 'POST /api/v1/projects/{id}/batches/preview': return { selection: { filter: {} } };
    case 'POST /api/v1/batches/{id}/assign': return { mode: 'pool' };
    case 'PUT /api/v1/assets/{id}/gold': return { gold: false };
    case 'POST /api/v1/api-tokens': return { currentPassword: passwordOf(role, f), name: `by ${role}`, expiresInDays: 7 };
    // A choice that matches nothing: what the route does is deleting-data.spec's.
    case 'POST /api/v1/projects/{id}/assets/delete': return { matching: { q: 'no asset is named so' }, expected: 1 };
    case 'POST /api/v1/projects/{id}/assets/retry': return { matching: { status: 'failed' } };
    case 'PUT /api/v1/projects/{id}/quality/people/{userId}': return { fullReview: false };
    case 'PUT /api/v1/projects/{id}/qualification/items': return { assetIds: [] };
    case 'POST /api/v1/projects/{id}/tasks/next': return {};
    case 'POST /api/v1/tasks/{id}/heartbeat': return { active: true };
    case 'POST /api/v1/tasks/{id}/review': return { decision: 'accept' };
    case 'POST /api/v1/tasks/{id}/comments': return { body: `from ${role}` };
    case 'PATCH /api/v1/comments/{id}': return { resolved: true };
    case 'POST /api/v1/tasks/{id}/annotations/ops': return { ops: [{ type: 'delete', clientId: `matrix-${role}`, clientSeq: 1, id: randomUUID() }] };
    case 'POST /api/v1/assets/{id}/annotations/ops': return { ops: [{ type: 'delete', clientId: `matrix-${role}`, clientSeq: 1, id: randomUUID() }] };
    default: return undefined;
  }
}

/** What the decision table says should happen. */
function expected(op: { method: string; path: string; action?: Action; sessionOnly: boolean }, role: Role, tenant: 'own' | 'other', runOwner: Role) {
  const reach = reachOf(role, op.action!);
  if (!reach || (op.sessionOnly && viaApiToken(role))) return 'forbidden';
  const hasId = op.path.includes('{');
  if (tenant === 'other' && hasId) return 'not-found';
  if (reach === 'own' && op.path.startsWith('/api/v1/job-runs/') && role !== runOwner) return 'not-found';
  // A consumer reaches a release only through a grant; the fixture's release is granted to nobody.
  if (reach === 'own' && op.path.startsWith('/api/v1/releases/')) return 'not-found';
  // The fixture API token is the owner's: nobody else's to revoke below an admin.
  if (reach === 'own' && op.path.startsWith('/api/v1/api-tokens/')) return 'not-found';
  // The queue board shows every organisation's jobs: only the installation's own (the first, org A) opens it.
  if (op.path === '/api/v1/admin/queues/session' && tenant === 'other') return 'forbidden';
  return 'allowed';
}

/** Answers an allowed request may give when an earlier row of the matrix already changed the state. */
const STATEFUL_OK: Record<string, number[]> = {
  // Task moves: only the task's holder may make them; everyone else the table lets in hears 409 (not yours).
  'POST /api/v1/tasks/{id}/start': [409],
  'POST /api/v1/tasks/{id}/heartbeat': [409],
  'POST /api/v1/tasks/{id}/skip': [409],
  'POST /api/v1/tasks/{id}/submit': [409],
  'POST /api/v1/tasks/{id}/review': [409],
  // Reviewers may read a task's annotations; only its holder and managers edit them.
  'POST /api/v1/tasks/{id}/annotations/ops': [403],
  // The other organisation's project id in the query is not found.
  'GET /api/v1/me/dashboard': [404],
  'PUT /api/v1/projects/{id}/label-schema': [409],
  'POST /api/v1/projects/{id}/archive': [409],
  'POST /api/v1/projects/{id}/restore': [409],
  // The fixture project is active: it is deleted only once archived.
  'DELETE /api/v1/projects/{id}': [409],
  'DELETE /api/v1/invitations/{id}': [404, 409],
  // The matrix sends JSON where a model file belongs (uploads are preannotation-backends.spec's), and the model may be deleted by an earlier row.
  'PUT /api/v1/models/{id}/file': [404, 415],
  'DELETE /api/v1/members/{userId}': [404],
  'PATCH /api/v1/members/{userId}': [404],
  'DELETE /api/v1/projects/{id}/members/{userId}': [404],
  'POST /api/v1/projects/{id}/members': [404],
  'GET /api/v1/job-runs/{id}/download': [409],
  // The fixture run is not a kind that may be cancelled (or an earlier row cancelled it).
  'POST /api/v1/job-runs/{id}/cancel': [409],
  // No worker runs here, so assets stay pending.
  'GET /api/v1/assets/{id}/content': [409],
  'GET /api/v1/assets/{id}/thumbnail': [404],
  'GET /api/v1/assets/{id}/files': [409],
  'POST /api/v1/assets/{id}/retry': [409],
  // The fixture asset is an image, not a DICOM series, and not quarantined.
  'GET /api/v1/assets/{id}/instances': [404],
  'GET /api/v1/assets/{id}/instances/{instanceId}': [404],
  'POST /api/v1/assets/{id}/release': [409],
  'GET /api/v1/assets/{id}/instances/{instanceId}/original': [404],
  // No such resumable upload: its starter would see it, nobody else ever does.
  'HEAD /api/v1/uploads/{uploadId}': [404],
  'PATCH /api/v1/uploads/{uploadId}': [404],
  'DELETE /api/v1/uploads/{uploadId}': [404],
  // The first allowed role removes the hook (and the model, and the asset).
  'DELETE /api/v1/webhooks/{id}': [404],
  'DELETE /api/v1/models/{id}': [404],
  'DELETE /api/v1/assets/{id}': [404],
  'DELETE /api/v1/api-tokens/{id}': [404],
  // The matrix's choice matches no asset, and says it expected one.
  'POST /api/v1/projects/{id}/assets/delete': [409],
  // No asset of the fixture project has failed (no worker runs here).
  'POST /api/v1/projects/{id}/assets/retry': [409],
  // The fixture model is not enabled in the (image) project: a 422 once the route let the role in.
  'POST /api/v1/projects/{id}/preannotations': [422],
  // Auto-annotate: only whoever may edit the task now (others hear 403), and the fixture model is not enabled in the project (422);
  // the fixture asset is not ready (no worker runs here).
  'POST /api/v1/tasks/{id}/auto-annotate': [403, 422],
  'POST /api/v1/assets/{id}/auto-annotate': [409],
  // The fixture asset has no overlapped work yet, so no agreement result; the project asks for no qualification.
  'GET /api/v1/assets/{id}/quality': [404],
  'POST /api/v1/assets/{id}/quality/accept': [404],
  'POST /api/v1/projects/{id}/qualification/attempts': [409],
  // An earlier row removes the target from the organisation: then there is no such person to set.
  'PUT /api/v1/projects/{id}/quality/people/{userId}': [404],
  // The fixture release is granted to nobody until an earlier row granted it.
  'DELETE /api/v1/releases/{id}/grants/{userId}': [404],
};

/** tus requests carry their protocol headers; creating one names the project it is for. */
function tusHeaders(op: { method: string; path: string }, f: Fixture): Record<string, string> | undefined {
  if (!op.path.startsWith('/api/v1/uploads')) return undefined;
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const headers: Record<string, string> = { 'Tus-Resumable': '1.0.0' };
  if (op.method === 'POST') Object.assign(headers, { 'Upload-Length': '5', 'Upload-Metadata': `projectId ${b64(f.projectId)},filename ${b64('m.png')}` });
  if (op.method === 'PATCH') Object.assign(headers, { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' });
  return headers;
}

beforeAll(async () => {
  // An empty allowlisted folder, so the import route can answer a dry run.
  server = await startTestServer({ env: { IMPORT_ROOTS: mkdtempSync(join(tmpdir(), 'tessera-import-root-')), WEBHOOK_ALLOW_HOSTS: WEBHOOK_HOST } });
  const doc = (await api(server.url, 'GET', '/api/openapi.json')).json;
  operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, action: op['x-tessera-action'], sessionOnly: op['x-tessera-session-only'] === true, isPublic: Array.isArray(op.security) && op.security.length === 0 })),
  );
  tenants.a = await makeFixture('Org A', 'a.test');
  tenants.b = await makeFixture('Org B', 'b.test');
}, 60000);
afterAll(() => server?.close());

it('lists every route with either a policy action or an explicit public marking', () => {
  expect(operations.length).toBeGreaterThan(30);
  for (const op of operations) {
    const key = `${op.method} ${op.path}`;
    if (op.isPublic) expect(PUBLIC_ROUTES).toContain(key);
    else expect(ACTIONS).toContain(op.action);
  }
  // Every public route in the allowlist is still there (no stale entries).
  for (const key of PUBLIC_ROUTES) expect(operations.map((o) => `${o.method} ${o.path}`)).toContain(key);
});

it('answers every route × role × tenant as the decision table says', async () => {
  const mismatches: string[] = [];
  let cells = 0;
  const guarded = operations.filter((o) => !o.isPublic);
  for (const op of guarded) {
    for (const role of ROLES) {
      for (const tenant of ['own', 'other'] as const) {
        // With an id, an org A member aims at org B's resource. Without one,
        // the same role in org B must get the same answer in its own org.
        const home = op.path.includes('{') || tenant === 'own' ? tenants.a : tenants.b;
        const target = tenant === 'own' ? tenants.a : tenants.b;
        const token = viaApiToken(role) ? home.apiTokens[role] : await server.tokenFor(home.org.users[role].id, home.org.orgId);
        const res = isUpload(op)
          ? await uploadOne(fill(op.path, target, op.method), token, `${role}-${tenant}`)
          : await api(server.url, op.method, fill(op.path, target, op.method), { token, body: bodyFor(op.method, op.path, role, home), headers: tusHeaders(op, home) });
        if (op.method === 'POST' && op.path === '/api/v1/auth/password' && res.status === 200) changedPasswords.add(`${home.org.orgId}:${role}`);
        const want = expected(op, role, tenant, 'auditor');
        const stateful = STATEFUL_OK[`${op.method} ${op.path}`] ?? [];
        const ok =
          want === 'forbidden' ? res.status === 403
          : want === 'not-found' ? res.status === 404
          : (res.status >= 200 && res.status < 300) || (tenant === 'own' && stateful.includes(res.status));
        if (!ok) mismatches.push(`${op.method} ${op.path} as ${role} (${tenant} org): expected ${want}, got ${res.status} ${res.json?.detail ?? ''}`);
        if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        cells++;
      }
    }
  }
  console.log(`authorization matrix: ${guarded.length} routes × ${ROLES.length} roles × 2 tenants = ${cells} requests`);
  expect(mismatches).toEqual([]);
  // The API tokens carried those roles' requests (each one's last use is written down), and only theirs.
  const used = await server.db.query(`SELECT m.role FROM api_tokens t JOIN memberships m USING (org_id, user_id) WHERE t.last_used_at IS NOT NULL AND t.org_id = $1 ORDER BY m.role`, [tenants.a.org.orgId]);
  expect(used.map((r: { role: Role }) => r.role)).toEqual(ROLES.filter(viaApiToken).sort());
}, 120000);

it('lets nothing through without a token', async () => {
  for (const op of operations.filter((o) => !o.isPublic)) {
    const res = isUpload(op)
      ? await uploadOne(fill(op.path, tenants.a, op.method), undefined, 'anonymous')
      : await api(server.url, op.method, fill(op.path, tenants.a, op.method), { body: bodyFor(op.method, op.path, 'owner', tenants.a) });
    expect([op.path, res.status]).toEqual([op.path, 401]);
  }
});

it('every list query is scoped to the organisation', async () => {
  const ownerA = await server.tokenFor(tenants.a.org.users.owner.id, tenants.a.org.orgId);
  const lists = ['/api/v1/projects?status=all', '/api/v1/members', '/api/v1/invitations', '/api/v1/audit-events?limit=500', '/api/v1/job-runs', '/api/v1/webhooks', '/api/v1/models', '/api/v1/api-tokens'];
  lists.push(`/api/v1/projects/${tenants.a.projectId}/assets`);
  const bIds = new Set([tenants.b.projectId, tenants.b.invitationId, tenants.b.jobRunId, tenants.b.assetId, tenants.b.webhookId, tenants.b.doomedWebhookId, tenants.b.modelId, tenants.b.doomedModelId, tenants.b.doomedAssetId, tenants.b.apiTokenId, ...Object.values(tenants.b.org.users).map((u) => u.id)]);
  for (const path of lists) {
    const res = await api(server.url, 'GET', path, { token: ownerA });
    expect(res.status).toBe(200);
    const seen = JSON.stringify(res.json);
    for (const id of bIds) expect(seen.includes(id) ? `${path} leaks ${id}` : 'ok').toBe('ok');
  }
});

it('an annotator sees only the projects they belong to', async () => {
  const ownerA = await server.tokenFor(tenants.a.org.users.owner.id, tenants.a.org.orgId);
  const other = await api(server.url, 'POST', '/api/v1/projects', { token: ownerA, body: { name: 'Not yours', mediaType: 'text' } });
  const annotator = await server.tokenFor(tenants.a.org.users.annotator.id, tenants.a.org.orgId);
  const list = await api(server.url, 'GET', '/api/v1/projects?status=all', { token: annotator });
  expect(list.json.items.map((p: { id: string }) => p.id)).not.toContain(other.json.id);
  expect((await api(server.url, 'GET', `/api/v1/projects/${other.json.id}`, { token: annotator })).status).toBe(404);
});
