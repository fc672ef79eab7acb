import type { Problem, TokenResponse } from '@tessera/contracts';
import { useSession } from '../auth/session-store';

export const API_BASE = '/api/v1';

/** Any non-2xx answer, carrying the server's problem+json body (or one made up for it). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    /** The body as the server sent it, with any fields the shared problem schema does not name (e.g. an issue's annotationId). */
    readonly raw?: unknown,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
  get fieldErrors() {
    return this.problem.errors ?? [];
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  body?: unknown;
  /** A multipart body (the browser sets its Content-Type with the boundary). */
  formData?: FormData;
  query?: Query;
  /** false for public endpoints: a 401 there means bad credentials, not an expired session. */
  auth?: boolean;
  signal?: AbortSignal;
}

function withQuery(path: string, query?: Query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // A proxy or a crashed server may answer with HTML; fall back to the status line.
  }
  const problem = readProblem(body) ?? { type: 'about:blank', title: res.statusText || `HTTP ${res.status}`, status: res.status };
  return new ApiError(res.status, problem, body);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const optString = (v: unknown) => (isString(v) ? v : undefined);

/**
 * The shared `problemSchema`, checked by hand: this module is in the login
 * page's first script, and zod with every contract would double its size.
 * Keeps the named fields only, as the schema would.
 */
export function readProblem(body: unknown): Problem | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  if (!isString(b.type) || !isString(b.title) || !Number.isInteger(b.status)) return null;
  const named = readNamed(b);
  if (!named) return null;
  const problem: Problem = { type: b.type, title: b.title, status: b.status as number, ...named };
  for (const key of ['detail', 'instance', 'requestId'] as const) {
    const v = optString(b[key]);
    if (v !== undefined) problem[key] = v;
  }
  if (b.errors !== undefined) {
    if (!Array.isArray(b.errors)) return null;
    const errors: NonNullable<Problem['errors']> = [];
    for (const e of b.errors as unknown[]) {
      const item = e as Record<string, unknown> | null;
      if (!item || typeof item !== 'object' || !isString(item.path) || !isString(item.message)) return null;
      const itemNamed = readNamed(item);
      if (!itemNamed) return null;
      // A field of the request body is named as the form names it ("body.email" is the form's "email").
      errors.push({ path: item.path.replace(/^body\./, ''), message: item.message, ...itemNamed });
    }
    problem.errors = errors;
  }
  return problem;
}

/** A problem's or a field error's `code` and `params`, if well formed (null if not). */
function readNamed(v: Record<string, unknown>): { code?: string; params?: Record<string, string> } | null {
  if (v.code !== undefined && !isString(v.code)) return null;
  const params = v.params as Record<string, unknown> | undefined;
  if (params !== undefined && (!params || typeof params !== 'object' || !Object.values(params).every(isString))) return null;
  return { ...(v.code !== undefined && { code: v.code }), ...(params && { params: params as Record<string, string> }) };
}

function networkError(err: unknown): ApiError {
  return new ApiError(0, { type: 'network', title: 'Network error', status: 0, detail: String((err as Error)?.message ?? err) });
}

// One refresh at a time: the server rotates the refresh cookie on every use,
// so two refreshes racing would make the second one present a revoked cookie.
let refreshing: Promise<boolean> | null = null;

export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const res = await fetch(`${API_BASE}/auth/refresh`, { method: 'POST', credentials: 'include' });
      if (!res.ok) return false;
      useSession.getState().signIn((await res.json()) as TokenResponse);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const token = useSession.getState().accessToken;
  if (token && opts.auth !== false) headers.Authorization = `Bearer ${token}`;
  let body: string | FormData | undefined = opts.formData;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  try {
    return await fetch(API_BASE + withQuery(path, opts.query), { method, headers, body, credentials: 'include', signal: opts.signal });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw networkError(err);
  }
}

/** The raw response of an API call, after one refresh-and-retry on 401. Throws ApiError otherwise. */
export async function apiFetch(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  let res = await send(method, path, opts);
  if (res.status === 401 && opts.auth !== false) {
    // Only a failed refresh ends the session: a second 401 after a good
    // refresh is the endpoint's own answer (e.g. a wrong current password).
    if (await refreshSession()) res = await send(method, path, opts);
    else useSession.getState().expire();
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

export async function api<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await apiFetch(method, path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const http = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query'> = {}) => api<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => api<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => api<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => api<T>('PATCH', path, { ...opts, body }),
  delete: <T = void>(path: string, opts: RequestOptions = {}) => api<T>('DELETE', path, opts),
};
