// The REST shim: legacy v1 routes and per-service v2 routes served by the gateway's Fastify app. Every
// route runs named GraphQL operations (gateway/rest/v1|v2/*.graphql) in-process through the gateway and
// maps the result to its JSON shape; nothing here reads a database. Requests are validated with JSON
// Schema (Ajv); the same schemas build the OpenAPI 3.1 document at /openapi.json and the docs at /docs.
// Route files: v1/<resource>.ts and v2/<service>.ts, each shape beside its mapper; `run('v1/ListSchedules')` returns
// the result type generated from that document (generated/, written by `npm run compose`).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorHandler, notFoundHandler, RestError, sendError } from './errors.ts';
import { OperationRegistry } from './operations.ts';
import { checkWrite, makeRunner, type RouteSpec } from './route.ts';
import { ERROR_RESPONSES } from './schemas.ts';
import type { RestDeps } from './types.ts';
import { v1Routes } from './v1/index.ts';
import { registerGenerationEvents } from './v2/generation-events.ts';
import { v2Routes } from './v2/index.ts';

export { type AuthOptions, authOptionsFromEnv, hashApiKey, parseApiKeys } from '../auth/index.ts';
export { RestError, restFrameworkErrors } from './errors.ts';
export type { ExecuteFn, GraphQLResult, RestDeps } from './types.ts';

// ajv-formats is CommonJS: its default export arrives as the module object under nodenext typing.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

export const routes: readonly RouteSpec[] = [...v1Routes, ...v2Routes];

export const OPENAPI_INFO = {
  title: 'FlexTime REST API',
  version: '2.0.0',
  description:
    'Legacy v1 routes (the monolith contract, snake_case) and per-service v2 routes, served over the FlexTime supergraph. ' +
    'Authenticate with `X-API-Key` or `Authorization: Bearer <JWT>`; every error is `{ error, message, code, details }`.',
};

function validators() {
  // Query strings and path params arrive as strings: coerce them. Bodies are JSON: no coercion, so
  // `"limit": "5"` is a 400 naming the field rather than a silent conversion.
  const coercing = addFormats(new Ajv({ coerceTypes: 'array', useDefaults: true, allErrors: false, strict: false }));
  const strict = addFormats(new Ajv({ coerceTypes: false, useDefaults: true, allErrors: false, strict: false }));
  return ({ schema, httpPart }: { schema: unknown; httpPart?: string }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema as object);
}

/**
 * Registers the REST routes, /openapi.json and /docs on the gateway's Fastify app. Call before `app.listen()`/`ready()`:
 *   await registerRestRoutes(app, { execute, logger });
 * The gateway's front door (gateway/auth) has already authenticated every /api request: `request.principal`.
 */
export async function registerRestRoutes(app: FastifyInstance, deps: RestDeps): Promise<void> {
  if (!app.hasRequestDecorator('principal')) {
    throw new Error('REST routes need the front door first: registerAuthentication(app, …) from gateway/auth');
  }
  const operations = new OperationRegistry();
  for (const r of routes) for (const op of r.operations) operations.get(op); // a missing file fails at startup
  const timeoutMs = deps.timeoutMs ?? (Number(process.env.REST_TIMEOUT_MS) || 15_000);
  const runner = { execute: deps.execute, operations, timeoutMs };
  const log = deps.logger ?? app.log;
  if (!deps.events) log.warn('no event bus given: the generation event stream (SSE) is not served');
  log.info({ routes: routes.length, timeoutMs }, 'REST routes registered (/api/v1, /api/v2, /openapi.json, /docs)');

  await app.register(async (scope) => {
    scope.setValidatorCompiler(validators());
    // Response schemas document the shapes (and contract tests check them); serialisation stays plain JSON.
    scope.setSerializerCompiler(() => (data) => JSON.stringify(data));
    scope.setErrorHandler(errorHandler);

    await scope.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: OPENAPI_INFO,
        components: {
          securitySchemes: {
            apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
            bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          },
        },
        security: [{ apiKey: [] }, { bearer: [] }],
        tags: [
          { name: 'v1', description: 'Legacy monolith contract' },
          { name: 'team-availability' },
          { name: 'venue-management' },
          { name: 'constraint-validation' },
          { name: 'schedule-generation' },
        ],
      },
    });
    await scope.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
    scope.get('/openapi.json', { schema: { hide: true } }, async () => scope.swagger());

    await scope.register(
      async (api) => {
        api.setNotFoundHandler(notFoundHandler);
        for (const spec of routes) registerRoute(api, spec, runner);
        if (deps.events) registerGenerationEvents(api, runner, { events: deps.events, heartbeatMs: deps.heartbeatMs });
      },
      { prefix: '/api' },
    );
  });
}

/** The Idempotency-Key header of every write route (subgraphs/kit/idempotency: what the subgraph records). */
const IDEMPOTENCY_KEY_HEADER_SCHEMA = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 1,
      maxLength: 257,
      description:
        'Makes the write retry-safe (IETF draft "The Idempotency-Key HTTP Header Field"): a unique value per request, ' +
        'e.g. a UUID, bare or quoted, at most 255 characters. A retry with the same key and body after a success gets ' +
        'the first response and writes nothing again; after a failure that wrote nothing it runs. Remembered 24 h per ' +
        'conference and caller. 409 IDEMPOTENCY_KEY_IN_USE: a request with this key is still running; 422 ' +
        'IDEMPOTENCY_KEY_REUSED: the key was used with another body; 422 IDEMPOTENCY_KEY_NOT_SUPPORTED: this write ' +
        'reaches other services or the job queue (generation, validation, comparison) and takes no key; 400 ' +
        'IDEMPOTENCY_KEY_INVALID.',
    },
  },
} as const;

function registerRoute(api: FastifyInstance, spec: RouteSpec, runner: Parameters<typeof makeRunner>[0]): void {
  const response: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(spec.responses)) {
    response[status] = schema ?? { type: 'null', description: 'No content' };
  }
  for (const [status, schema] of Object.entries(ERROR_RESPONSES)) {
    if (status === '400' && !spec.params && !spec.querystring && !spec.body) continue;
    response[status] = schema;
  }
  const required = (spec.body?.required as string[] | undefined) ?? [];
  api.route({
    // A body whose fields are all optional may be left out entirely (e.g. POST …/optimize).
    preValidation:
      spec.body && required.length === 0
        ? async (request) => {
            if (request.body === undefined) request.body = {};
          }
        : undefined,
    method: spec.method,
    url: spec.url.replace(/^\/api/, ''),
    schema: {
      summary: spec.summary,
      description: spec.description,
      tags: spec.tags,
      operationId: operationId(spec),
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.querystring ? { querystring: spec.querystring } : {}),
      ...(spec.body ? { body: spec.body } : {}),
      ...(spec.write ? { headers: IDEMPOTENCY_KEY_HEADER_SCHEMA } : {}),
      ...(spec.security ? { security: spec.security } : {}),
      response,
    },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const principal = request.principal;
      if (!principal) return sendError(reply, new RestError(401, 'Authentication required', { code: 'AUTH_REQUIRED' }));
      checkWrite(spec, principal);
      rejectNul(request.query, 'querystring');
      rejectNul(request.body, 'body');
      const result = await spec.handler({
        request,
        principal,
        params: (request.params ?? {}) as Record<string, unknown>,
        query: (request.query ?? {}) as Record<string, unknown>,
        body: (request.body ?? {}) as Record<string, unknown>,
        run: makeRunner(runner, request, principal),
      });
      if (result.headers) reply.headers(result.headers);
      reply.code(result.status ?? 200);
      if (result.body === undefined) return reply.send();
      // Exports (ICS, CSV) answer text in the media type their headers name.
      if (typeof result.body === 'string') return reply.send(result.body);
      return reply.type('application/json; charset=utf-8').send(result.body);
    },
  });
}

function operationId(spec: RouteSpec): string {
  const words = `${spec.method.toLowerCase()} ${spec.url.replace(/^\/api\//, '').replace(/[{}]/g, '')}`
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000; JSON can. Such input is the caller's error (400 naming the field),
 * not something to forward until the database refuses it.
 */
function rejectNul(value: unknown, where: string, path = ''): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      throw new RestError(400, `Invalid ${where} '${path || where}': must not contain NUL characters`, {
        code: 'VALIDATION_ERROR',
        details: { field: path || where, in: where },
      });
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) rejectNul(v, where, path ? `${path}.${i}` : String(i));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const field = path ? `${path}.${k}` : k;
      rejectNul(k, where, field);
      rejectNul(v, where, field);
    }
  }
}
