import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths, components } from './schema';

/**
 * The Tessera API, typed from its OpenAPI document (`schema.d.ts`, generated:
 * `UPDATE_CLIENT=1 npx jest apps/api/src/openapi-client.spec.ts`). Every path,
 * parameter, body and answer is checked by the compiler.
 *
 *     const api = tesseraClient({ baseUrl: 'http://localhost:8080', token });
 *     const { data, error } = await api.POST('/api/v1/projects/{id}/exports', { params: { path: { id } }, body: { format: 'coco' } });
 */
export function tesseraClient(opts: { baseUrl: string; token?: string; fetch?: typeof fetch }): Client<paths> {
  return createClient<paths>({
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
    fetch: opts.fetch,
  });
}

/** Signs in with an e-mail and a password; the access token lives 15 minutes. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const api = tesseraClient({ baseUrl });
  const { data, error } = await api.POST('/api/v1/auth/login', { body: { email, password } });
  if (!data) throw new Error(`sign-in refused: ${JSON.stringify(error)}`);
  return data.accessToken;
}
