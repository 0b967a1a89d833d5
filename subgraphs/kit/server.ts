import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import {
  defaultFieldResolver,
  type GraphQLFormattedError,
  type GraphQLObjectType,
  type GraphQLSchema,
  parse,
} from 'graphql';
import pino from 'pino';
import { DatabaseUnavailableError, isConnectionLoss, type ServiceName } from '../../db/index.ts';
import { auditPlugin } from './audit.ts';
import { internalKey, requireGatewayStatement, trustEveryCaller } from './auth.ts';
import { authorizationRules, enforceAuthorization } from './authorization.ts';
import { documentLimitsFromEnv, registerDocumentLimits, subgraphDocumentLimits } from './document-limits.ts';
import { badUserInput } from './errors.ts';
import { isClientError, registerGraphQLHttp } from './graphql-http.ts';
import { withRequestScope } from './idempotency/outside-effects.ts';
import { idempotencyPlugin } from './idempotency/plugin.ts';
import { collectProcessMetrics, metricsText } from './metrics.ts';
import { InvalidDate } from './scalars.ts';
import { registerRequestTracing } from './tracing.ts';
import type { ServiceDependencies, SubgraphDefinition } from './types.ts';

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  'team-availability': 4001,
  'venue-management': 4002,
  'constraint-validation': 4003,
  'schedule-generation': 4004,
};

/** `TEAM_AVAILABILITY_PORT` etc. */
export function portEnvName(name: ServiceName): string {
  return `${name.toUpperCase().replace(/-/g, '_')}_PORT`;
}

function findInvalidDate(value: unknown, path: string): { path: string; raw: unknown } | null {
  if (value instanceof InvalidDate) return { path, raw: value.raw };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findInvalidDate(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      const found = findInvalidDate(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return null;
}

/** Whether an input type is or contains the Date scalar (through lists, non-null and input objects). */
function mentionsDate(type: unknown, seen: Set<unknown>): boolean {
  let t = type as { ofType?: unknown; name?: string; constructor: { name: string }; getFields?: () => object };
  while (t.ofType) t = t.ofType as typeof t;
  if (t.name === 'Date') return true;
  if (t.constructor.name !== 'GraphQLInputObjectType' || seen.has(t)) return false;
  seen.add(t);
  return Object.values(t.getFields!()).some((f: { type: unknown }) => mentionsDate(f.type, seen));
}

/**
 * Wraps every resolver that takes Date arguments so an invalid Date argument (literal or variable) is rejected before the
 * resolver runs, as BAD_USER_INPUT naming the argument (e.g. `from`, `input.startDate`).
 */
export function guardArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    // Duck-typed, not `instanceof`: @apollo/subgraph (CommonJS) and this ESM code may hold different copies of graphql.
    if (type.constructor.name !== 'GraphQLObjectType' || type.name.startsWith('__')) continue;
    for (const field of Object.values((type as GraphQLObjectType).getFields())) {
      if (!field.args.some((a) => mentionsDate(a.type, new Set()))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        for (const [name, value] of Object.entries(args)) {
          const bad = findInvalidDate(value, name);
          if (bad) {
            throw badUserInput(
              bad.path,
              `${JSON.stringify(typeof bad.raw === 'string' ? bad.raw : String(bad.raw))} is not a valid date (expected YYYY-MM-DD)`,
            );
          }
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

const PG_ERRORS: Record<string, { code: string; message: string }> = {
  '42501': { code: 'FORBIDDEN', message: 'Not allowed for this tenant (row-level security)' },
  '23503': { code: 'BAD_USER_INPUT', message: 'A referenced row does not exist' },
  '23505': { code: 'BAD_USER_INPUT', message: 'A row with these values already exists' },
  '23514': { code: 'BAD_USER_INPUT', message: 'A value is outside its allowed range' },
  '22P02': { code: 'BAD_USER_INPUT', message: 'A value has an invalid format' },
  // raised by a live migration's fence (db/live/install.ts): nothing was written, retry after the switch
  FT001: {
    code: 'DATABASE_UNAVAILABLE',
    message:
      'Writes are paused: a live migration has made this data read-only here; nothing was written, retry shortly',
  },
};

/** The error a resolver threw, under GraphQL's wrapping. */
function unwrap(error: unknown): unknown {
  let e = error as { originalError?: unknown } | undefined;
  for (let i = 0; e?.originalError && i < 5; i++) e = e.originalError as typeof e;
  return e;
}

function pgCode(error: unknown): string | undefined {
  for (
    let e = error as { code?: unknown; cause?: unknown; originalError?: unknown } | undefined, i = 0;
    e && i < 5;
    i++
  ) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return undefined;
}

/**
 * Database errors never leak SQL: constraint/RLS failures map to client codes, a lost or unreachable database to
 * DATABASE_UNAVAILABLE (retryable; the message says whether anything was written), anything else to a plain 500 message.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
  const unavailable = unwrap(error);
  if (unavailable instanceof DatabaseUnavailableError || isConnectionLoss(unavailable)) {
    return {
      ...formatted,
      message:
        unavailable instanceof DatabaseUnavailableError
          ? unavailable.message
          : 'The database is unavailable; retry the request',
      extensions: {
        ...formatted.extensions,
        code: 'DATABASE_UNAVAILABLE',
        ...(unavailable instanceof DatabaseUnavailableError ? { outcome: unavailable.outcome } : {}),
      },
    };
  }
  const mapped = PG_ERRORS[pgCode(error) ?? ''];
  if (mapped)
    return { ...formatted, message: mapped.message, extensions: { ...formatted.extensions, code: mapped.code } };
  return { ...formatted, message: 'Internal server error' };
}

export function buildSchema(def: SubgraphDefinition): GraphQLSchema {
  const typeDefs = parse(def.typeDefs);
  const schema = guardArguments(buildSubgraphSchema({ typeDefs, resolvers: def.resolvers }));
  return enforceAuthorization(schema, authorizationRules(typeDefs));
}

function errorLogger(logger: pino.Logger): ApolloServerPlugin {
  return {
    async requestDidStart(rc) {
      const start = performance.now();
      const reqId = rc.request.http?.headers.get('x-request-id') ?? undefined;
      return {
        async didEncounterErrors(ctx) {
          for (const err of ctx.errors) {
            const code = err.extensions?.code;
            if (isClientError(err)) {
              logger.info({ reqId, code, reason: err.message, path: err.path }, 'client error');
            } else {
              logger.error({ reqId, code, err: err.originalError ?? err, path: err.path }, 'graphql error');
            }
          }
        },
        async willSendResponse(ctx) {
          logger.debug(
            { reqId, operation: ctx.operationName, ms: Math.round((performance.now() - start) * 10) / 10 },
            'graphql request',
          );
        },
      };
    },
  };
}

export interface RunningSubgraph {
  name: ServiceName;
  /** http://host:port/graphql */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The database, event bus, cache (and generation queue) of this process: made by the composition root. */
  deps: ServiceDependencies;
  port?: number;
  host?: string;
  logger?: pino.Logger;
  /** Secret the gateway signs its statements with; default FLEXTIME_INTERNAL_SECRET (required). */
  internalSecret?: string;
  /**
   * Benchmarks only (bench:federation's baseline): no statement is checked and every caller is the principal of this
   * conference (null: the operator). Refused in production.
   */
  benchmarkWithoutVerification?: { conferenceId: number | null };
  /** Node's process metrics (CPU, memory, event loop) on /metrics; default true. */
  processMetrics?: boolean;
}

/** Starts one subgraph: Apollo Server 5 on Fastify 5, `/graphql` (GET/POST), `/health`, `/ready`. port 0 → ephemeral. */
export async function startSubgraph(def: SubgraphDefinition, opts: StartOptions): Promise<RunningSubgraph> {
  const logger = (opts.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' })).child({ service: def.name });
  const key = internalKey(opts.internalSecret ?? process.env.FLEXTIME_INTERNAL_SECRET);
  const app = Fastify({
    loggerInstance: logger,
    // One line per request of our own (onResponse below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    keepAliveTimeout: 65_000,
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return (Array.isArray(h) ? h[0] : h) || randomUUID();
    },
  });
  const apollo = new ApolloServer({
    schema: buildSchema(def),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // bin/ owns the process's signals and stops subgraphs itself; Apollo's own handler would race with that stop().
    stopOnTerminationSignals: false,
    formatError,
    // No per-field instrumentation: cache hints, traces and usage reporting are off (no field-level wrapping).
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      errorLogger(logger),
      auditPlugin(def.name, opts.deps.db, logger),
      // mutations with an Idempotency-Key: one transaction for the key, the writes and the stored response
      idempotencyPlugin(def.name),
    ],
  });
  await apollo.start();

  const { deps } = opts;
  const { db } = deps;
  // Only the gateway's signed statement gets a request in; the tenant and roles come from it, never from a header.
  if (opts.benchmarkWithoutVerification) {
    if (process.env.NODE_ENV === 'production') throw new Error('benchmarkWithoutVerification is refused in production');
    trustEveryCaller(app as unknown as FastifyInstance, opts.benchmarkWithoutVerification.conferenceId);
  } else requireGatewayStatement(app as unknown as FastifyInstance, key);
  registerGraphQLHttp(app);
  registerDocumentLimits(app, subgraphDocumentLimits(documentLimitsFromEnv()));
  // after the other preHandler hooks: the operation runs inside this request's span (continuing the gateway's trace)
  registerRequestTracing(app as unknown as FastifyInstance, def.name);
  const graphqlHandler = fastifyApolloHandler(apollo, {
    context: async (request) =>
      def.createContext({
        headers: request.headers,
        deps,
        logger,
        principal: request.subgraphPrincipal,
        internalKey: key,
      }) as object,
  });
  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    // each request in a scope of its own: a keyed mutation refuses to reach outside its transaction (kit/idempotency)
    handler(request, reply) {
      return withRequestScope(() => graphqlHandler.call(app as unknown as FastifyInstance, request, reply));
    },
  });
  app.addHook('onResponse', async (request, reply) => {
    if (request.url === '/health' || request.url === '/ready' || request.url === '/metrics') return;
    logger.info(
      {
        reqId: request.id,
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  });
  app.get('/health', async () => ({ status: 'ok', service: def.name }));
  // this process's metrics: generation queue depth and job durations, event lag, cache, view refreshes, Node's own
  if (opts.processMetrics ?? true) collectProcessMetrics();
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await metricsText();
    return reply.type(contentType).send(body);
  });
  app.get('/ready', async (_request, reply) => {
    try {
      await db.service(def.name).run(async (tx) => {
        await tx.execute(sql`select 1`);
      });
      return { status: 'ready', service: def.name };
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({
        status: 'not ready',
        service: def.name,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  });

  await app.listen({ port: opts.port ?? DEFAULT_PORTS[def.name], host: opts.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' && opts.host !== '::' ? opts.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/graphql`;
  logger.info({ url }, 'subgraph listening');
  let stopped: Promise<void> | undefined;
  return {
    name: def.name,
    url,
    port: address.port,
    stop: () => {
      stopped ??= (async () => {
        await app.close(); // drain plugin stops Apollo Server too
        await apollo.stop().catch(() => {});
      })();
      return stopped;
    },
  };
}
