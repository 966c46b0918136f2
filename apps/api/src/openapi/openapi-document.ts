import { z } from 'zod';
import { documentedRoutes, type ApiRoute } from './api-route';

type JsonSchema = Record<string, unknown>;

/** Requests are described as clients write them (defaults optional), responses as the API sends them. */
const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return json;
};

const ERROR = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, description: 'one line per bad field: `field: reason`' }] },
  },
};
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** The OpenAPI 3.1 document of every route registered with `documentRoute`, in a stable order. */
export function buildOpenApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = [...documentedRoutes()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const route of sorted) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operationOf(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard REST API',
      version,
      description: 'Every call and business action of an AI phone agent, as a durable Temporal workflow. All of /v1 needs `Authorization: Bearer <API key>`.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    tags: [...new Set(sorted.map((route) => route.tag))].sort().map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A tenant key (sb_live_…) or an admin key (sb_admin_…)' } },
      schemas: { Error: ERROR },
    },
  };
}

function operationOf(route: ApiRoute): JsonSchema {
  const onV1 = route.path.startsWith('/v1');
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.description && { description: route.description }),
    operationId: operationId(route),
    ...(!onV1 && { security: [] }),
    parameters: [...pathParameters(route), ...queryParameters(route), ...(route.idempotent ? [IDEMPOTENCY_KEY] : [])],
    ...(route.body && { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } }),
    responses: {
      [route.method === 'post' ? '201' : '200']: successResponse(route),
      ...((route.params || route.query || route.body) && { 400: errorResponse('Bad input: `message` lists each bad field') }),
      ...(onV1 && {
        401: errorResponse('No key, a malformed header, or an unknown or revoked key'),
        403: errorResponse('The key is valid but may not do this (another tenant, or an admin key is needed)'),
        429: errorResponse('Rate limit exceeded; `Retry-After` says in how many seconds to retry'),
      }),
    },
  };
}

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'A retry with the same key and request replays the first response (`Idempotent-Replayed: true`) for 24 h',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

function successResponse(route: ApiRoute): JsonSchema {
  const mediaTypes = route.responseMediaTypes ?? ['application/json'];
  if (!route.response) return { description: 'OK' };
  const schema = schemaOf(route.response, 'output');
  return { description: 'OK', content: Object.fromEntries(mediaTypes.map((type) => [type, type === 'application/json' ? { schema } : {}])) };
}

function pathParameters(route: ApiRoute): JsonSchema[] {
  return Object.entries(route.params ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: schemaOf(schema, 'input') }));
}

function queryParameters(route: ApiRoute): JsonSchema[] {
  if (!route.query) return [];
  const object = schemaOf(route.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: object.required?.includes(name) ?? false,
    ...(typeof schema.description === 'string' && { description: schema.description }),
    schema,
  }));
}

function operationId(route: ApiRoute): string {
  const words = route.path.split(/[/:{}-]+/).filter(Boolean);
  return [route.method, ...words].map((word, i) => (i === 0 ? word : word[0].toUpperCase() + word.slice(1))).join('');
}
