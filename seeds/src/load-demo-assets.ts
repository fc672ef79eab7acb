import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TokenResponse, UploadResult } from '@tessera/contracts';
import { DEMO_ASSETS, sidecarJson, type DemoFile } from './demo-assets';

export interface LoadOptions {
  /** where the API answers, e.g. http://127.0.0.1:8080 */
  url: string;
  email: string;
  password: string;
  /** where to keep the generated images, corpus and ground-truth sidecars (not the DICOM files) */
  cacheDir?: string;
  log?: (message: string) => void;
}

export interface LoadedProject {
  project: string;
  projectId: string;
  /** false when the project already had assets */
  uploaded: boolean;
  files: number;
  runIds: string[];
}

/** Files per request: enough to be quick, few enough that no request body is huge. */
const MAX_REQUEST_BYTES = 24 * 1024 * 1024;

export async function call<T>(url: string, token: string | null, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${url}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
  const body = (await res.json().catch(() => null)) as { detail?: string; title?: string } | null;
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${body?.detail ?? body?.title ?? ''}`);
  return body as T;
}

function batches(files: DemoFile[]): DemoFile[][] {
  const out: DemoFile[][] = [];
  let current: DemoFile[] = [];
  let size = 0;
  for (const f of files) {
    if (current.length && size + f.bytes.length > MAX_REQUEST_BYTES) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(f);
    size += f.bytes.length;
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * Uploads the demo projects' generated data through the real API (login, then
 * multipart POST /api/v1/projects/{id}/assets), so it goes through the same
 * intake, de-identification and thumbnails as anyone's upload. A project that
 * already has assets is left alone, so running it again adds nothing. Returns
 * when the uploads are accepted; the worker ingests them in the background.
 */
export async function login(url: string, email: string, password: string): Promise<string> {
  const { accessToken } = await call<TokenResponse>(url, null, '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return accessToken;
}

export async function loadDemoAssets(o: LoadOptions): Promise<LoadedProject[]> {
  const log = o.log ?? (() => undefined);
  const token = await login(o.url, o.email, o.password);
  const projects = (await call<{ items: { id: string; name: string }[] }>(o.url, token, '/api/v1/projects?limit=500')).items;
  const loaded: LoadedProject[] = [];
  for (const [name, make] of Object.entries(DEMO_ASSETS)) {
    const project = projects.find((p) => p.name === name);
    if (!project) {
      log(`no project "${name}" for ${o.email}; skipped`);
      continue;
    }
    const existing = await call<{ total: number }>(o.url, token, `/api/v1/projects/${project.id}/assets?limit=1`);
    if (existing.total > 0) {
      loaded.push({ project: name, projectId: project.id, uploaded: false, files: 0, runIds: [] });
      continue;
    }
    const assets = await make();
    if (o.cacheDir) {
      const dir = join(o.cacheDir, project.id);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, assets.sidecar.name), sidecarJson(assets.sidecar.content));
      if (assets.cacheFiles) for (const f of assets.files) await writeFile(join(dir, f.name), f.bytes);
    }
    const runIds: string[] = [];
    for (const batch of batches(assets.files)) {
      const form = new FormData();
      for (const f of batch) form.append('file', new Blob([f.bytes]), f.name);
      const result = await call<UploadResult>(o.url, token, `/api/v1/projects/${project.id}/assets`, { method: 'POST', body: form });
      if (result.rejected.length) throw new Error(`${name}: ${result.rejected.map((r) => `${r.name}: ${r.reason}`).join('; ')}`);
      runIds.push(...[result.jobRunId, result.splitRunId, result.dicomRunId, result.archiveRunId].filter((id): id is string => !!id));
    }
    log(`${name}: ${assets.files.length} file${assets.files.length === 1 ? '' : 's'} uploaded, ingest running`);
    loaded.push({ project: name, projectId: project.id, uploaded: true, files: assets.files.length, runIds });
  }
  return loaded;
}
