import { z } from 'zod';
import { problemSchema } from '@tessera/contracts';
import type { RouteInfo } from './routes';

type JsonSchema = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
};

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export interface OpenApiOptions {
  /** Whether a route is open without a token, and what it needs otherwise. */
  describeAccess(route: RouteInfo): { public: boolean; action?: string; sessionOnly?: boolean; description?: string };
  version: string;
}

/** OpenAPI 3.1 from the same zod schemas that validate the requests. */
export function buildOpenApiDocument(routes: RouteInfo[], options: OpenApiOptions) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const c = route.contract;
    if (!c) continue;
    const access = options.describeAccess(route);
    const parameters: unknown[] = [];
    for (const where of ['params', 'query'] as const) {
      const schema = c[where];
      if (!schema) continue;
      const js = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where === 'params' ? 'path' : 'query', required: where === 'params' || (js.required ?? []).includes(name), schema: s });
      }
    }
    const status = String(c.status ?? 200);
    const success =
      c.produces
        ? { description: 'the file', content: { [c.produces]: { schema: { type: 'string', format: 'binary' } } } }
        : c.response
          ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(c.response, 'output') } } }
          : { description: 'No Content' };
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = {
      summary: c.summary,
      tags: c.tags,
      description: access.description,
      ...(access.action ? { 'x-tessera-action': access.action } : {}),
      ...(access.sessionOnly ? { 'x-tessera-session-only': true } : {}),
      ...(access.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(c.upload ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } } }, required: ['file'] } } } } } : {}),
      ...(c.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(c.body, 'input') } } } } : {}),
      responses: {
        [status]: success,
        '400': problemResponse('The request is malformed or does not match its schema'),
        ...(access.public ? {} : { '401': problemResponse('No valid access token'), '403': problemResponse('The role does not allow this') }),
        '404': problemResponse('Not found, or in another organisation'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Tessera API', version: options.version, description: 'Collaborative data annotation. Errors are RFC 9457 problem+json.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An access token (a JWT from sign-in) or an API token (`tsr_…`)' } },
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
    },
  };
}
