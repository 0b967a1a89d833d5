// The gateway: Apollo Gateway (static supergraph) inside Apollo Server 5 on Fastify 5.
// createGatewayApp() returns the Fastify app (not yet listening, so the REST shim can add routes) and execute() for
// running operations in-process through the same plugins (limits, metrics, logs, header propagation).
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type GraphQLRequest } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import { type Logger, pino } from 'pino';
import { documentLimitsFromEnv, registerDocumentLimits } from '../subgraphs/kit/document-limits.ts';
import { registerGraphQLHttp } from '../subgraphs/kit/graphql-http.ts';
import {
  type AuthOptions,
  authOptionsFromEnv,
  expandRole,
  InternalSigner,
  internalSecretFrom,
  type Principal,
  type RateLimitOptions,
  rateLimitFromEnv,
  registerAuthentication,
} from './auth/index.ts';
import { apqCache, TrustedDocuments } from './auth/trusted-documents.ts';
import { forApolloGateway, readSupergraphSdl } from './composition.ts';
import { envPrefix, type GatewayLimits, limitsFromEnv, subgraphUrlsFromEnv } from './config.ts';
import { createContext, type GatewayContext, IDEMPOTENCY_KEY_HEADER, idempotencyKeyHeader } from './context.ts';
import { DedupingGateway } from './dedupe.ts';
import { createKeepAliveAgent, type KeepAliveOptions } from './keep-alive.ts';
import { createMetrics, type GatewayMetrics } from './metrics.ts';
import { useLimits } from './plugins/execution/limits.ts';
import { useLogging } from './plugins/execution/logging.ts';
import { useOperationMetrics } from './plugins/execution/operation-metrics.ts';
import { useHealth } from './plugins/http/health.ts';
import { searchOf, useIde, wantsIde } from './plugins/http/ide.ts';
import { useMetricsEndpoint } from './plugins/http/metrics-endpoint.ts';
import { genReqId, requestIdFrom, useRequestId } from './plugins/http/request-id.ts';
import { useTracing } from './plugins/http/tracing.ts';
import { useFetchMetrics } from './plugins/subgraph-fetch/fetch-metrics.ts';
import { useTracePropagation } from './plugins/subgraph-fetch/trace-propagation.ts';
import type { FetchPlugin, HttpPlugin } from './plugins/types.ts';
import { restFrameworkErrors } from './rest/index.ts';
import { SubgraphDataSource } from './subgraph-client.ts';
import { registerWebApp } from './web.ts';

export interface GatewayAppOptions {
  /** Supergraph SDL; defaults to the committed gateway/supergraph.graphql. */
  supergraphSdl?: string;
  /** Subgraph GraphQL URLs by subgraph name; defaults to env (TEAM_AVAILABILITY_URL, …) then 127.0.0.1:400x. */
  subgraphUrls?: Record<string, string>;
  logger?: Logger;
  limits?: Partial<GatewayLimits>;
  /** Per-subgraph deadline overrides in ms (default: `<NAME>_TIMEOUT_MS` env, else limits.subgraphTimeoutMs). */
  subgraphTimeoutsMs?: Record<string, number>;
  /** Introspection; default off when NODE_ENV=production. */
  introspection?: boolean;
  /** Include Node process metrics (GC, memory, event loop) in /metrics; default true. */
  defaultMetrics?: boolean;
  keepAlive?: KeepAliveOptions;
  /**
   * Identical queries in flight at the same moment (same document, variables, and principal's conference and scopes)
   * share one
   * execution. Default on, unless GATEWAY_DEDUPE_QUERIES=false.
   */
  dedupeQueries?: boolean;
  /**
   * Identical subgraph fetches in flight at the same moment (same subgraph operation, variables, authorization and
   * tenant) share one round trip. Default on, unless GATEWAY_DEDUPE_SUBGRAPH_FETCHES=false.
   */
  dedupeSubgraphFetches?: boolean;
  /** Deadline for each subgraph's /ready probe, ms (default 2000). */
  readyTimeoutMs?: number;
  /** Credentials accepted at every door; default from the environment (FLEXTIME_API_KEYS, FLEXTIME_JWT_*). */
  auth?: AuthOptions;
  /** Secret signing the statements sent to the subgraphs; default FLEXTIME_INTERNAL_SECRET. */
  internalSecret?: string;
  /** Per-principal rate limit; default FLEXTIME_RATE_LIMIT per minute, in memory. */
  rateLimit?: RateLimitOptions;
  /**
   * The REST shim runs its operations on a remote gateway that rate-limits them itself (GATEWAY_URL): /api requests
   * are then not counted here as well.
   */
  restCountedRemotely?: boolean;
  /**
   * Where automatic persisted queries live; default a bounded in-process LRU. Replicas share one store in Redis
   * (auth/redis-documents.ts), so a document registered through one runs by its hash through any other.
   */
  persistedQueries?: KeyValueCache<string>;
  /** Trusted documents only (the persisted-documents manifest); default on when NODE_ENV=production. */
  trustedDocumentsOnly?: boolean;
  /**
   * Benchmarks only (bench:federation's baseline): no front door, every request runs as one principal of this
   * conference (null: the operator) and subgraph calls carry no statement (the subgraphs must be started with
   * `benchmarkWithoutVerification`). Refused in production.
   */
  benchmarkWithoutAuthentication?: { conferenceId: number | null };
}

export interface GatewayExecutionResult {
  /** HTTP status Apollo Server would have answered with. */
  status: number;
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
  requestId: string;
}

export interface GatewayApp {
  app: FastifyInstance;
  apollo: ApolloServer<GatewayContext>;
  metrics: GatewayMetrics;
  subgraphUrls: Record<string, string>;
  /** Runs an operation in-process for an authenticated principal (the REST shim's path), through the same plugins. */
  execute(
    operation: string | { query: string; operationName?: string },
    variables: Record<string, unknown>,
    caller: Caller,
  ): Promise<GatewayExecutionResult>;
  /** Listens and returns the GraphQL URL (…/graphql). */
  listen(opts?: { port?: number; host?: string }): Promise<string>;
  close(): Promise<void>;
}

/** Who an in-process operation runs for. */
export interface Caller {
  principal: Principal;
  requestId?: string;
  /** The REST caller's Idempotency-Key header, forwarded to the subgraphs. */
  idempotencyKey?: string;
}

export function createLogger(name = 'gateway'): Logger {
  return pino({ name, level: process.env.LOG_LEVEL ?? 'info' });
}

export async function createGatewayApp(opts: GatewayAppOptions = {}): Promise<GatewayApp> {
  const logger = opts.logger ?? createLogger();
  const supergraphSdl = forApolloGateway(opts.supergraphSdl ?? readSupergraphSdl());
  const limits = { ...limitsFromEnv(), ...opts.limits };
  const envUrls: Record<string, string> = subgraphUrlsFromEnv();
  const subgraphUrls: Record<string, string> = {};
  const timeouts: Record<string, number> = {};
  const metrics = createMetrics({ defaultMetrics: opts.defaultMetrics ?? true });
  const agent = createKeepAliveAgent(opts.keepAlive);
  const dedupe = opts.dedupeQueries ?? process.env.GATEWAY_DEDUPE_QUERIES !== 'false';
  const dedupeFetches = opts.dedupeSubgraphFetches ?? process.env.GATEWAY_DEDUPE_SUBGRAPH_FETCHES !== 'false';
  const production = process.env.NODE_ENV === 'production';
  const auth = opts.auth ?? authOptionsFromEnv();
  const signer = new InternalSigner(internalSecretFrom(opts.internalSecret ?? process.env.FLEXTIME_INTERNAL_SECRET));
  const trusted = (opts.trustedDocumentsOnly ?? production) ? TrustedDocuments.fromFile() : null;

  // what each subgraph fetch of a query plan goes through
  const fetchPlugins: FetchPlugin[] = [useTracePropagation(), useFetchMetrics(metrics)];

  // Apollo Gateway otherwise exports usage metrics to Apollo and probes cloud metadata endpoints on start: this
  // gateway talks only to its subgraphs. Opt back in with APOLLO_TELEMETRY_DISABLED=false.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    buildService({ name, url }) {
      const resolved = opts.subgraphUrls?.[name] ?? envUrls[name] ?? url;
      if (!resolved) throw new Error(`no URL for subgraph '${name}'`);
      subgraphUrls[name] = resolved;
      const envTimeout = Number(process.env[`${envPrefix(name)}_TIMEOUT_MS`]);
      const timeoutMs =
        opts.subgraphTimeoutsMs?.[name] ??
        (Number.isInteger(envTimeout) && envTimeout > 0 ? envTimeout : limits.subgraphTimeoutMs);
      timeouts[name] = timeoutMs;
      return new SubgraphDataSource({
        name,
        url: resolved,
        dispatcher: agent,
        timeoutMs,
        plugins: fetchPlugins,
        dedupe: dedupeFetches,
      });
    },
  });

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId,
    // One structured line per GraphQL operation comes from the logging plugin; Fastify's per-request lines are off.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    forceCloseConnections: true,
    // Errors Fastify raises before a route runs (bad percent-encoding, over-long path parameters): /api/* callers get
    // the legacy REST error shape, everyone else Fastify's default.
    frameworkErrors: restFrameworkErrors,
  });
  useRequestId()(app);
  const withoutAuth = opts.benchmarkWithoutAuthentication;
  if (withoutAuth && production) throw new Error('benchmarkWithoutAuthentication is refused in production');
  if (withoutAuth) registerWithoutAuthentication(app, withoutAuth.conferenceId);
  else
    registerAuthentication(app, {
      auth,
      internal: signer,
      rateLimit: opts.rateLimit ?? rateLimitFromEnv(),
      onFailure: (code) => metrics.authFailures.inc({ code }),
      onRateLimited: () => metrics.authFailures.inc({ code: 'RATE_LIMITED' }),
      // a calendar link reaches the remote gateway as a service credential, which it does not count: counted here
      countedElsewhere: opts.restCountedRemotely
        ? (request) => request.url.startsWith('/api/') && request.principal?.kind !== 'calendar'
        : undefined,
      // A browser's GET /graphql is sent on to GraphiQL in the workspace (no data); outside production it opens freely.
      isOpen: (request) =>
        !production &&
        request.url.startsWith('/graphql') &&
        wantsIde(request.method, request.headers.accept, searchOf(request.url)),
    });

  const apollo = new ApolloServer<GatewayContext>({
    gateway: dedupe ? new DedupingGateway(gateway) : gateway,
    logger,
    introspection: opts.introspection ?? process.env.NODE_ENV !== 'production',
    // Signals belong to the composition root (bin/), which closes the gateway, the subgraphs and the database in order.
    stopOnTerminationSignals: false,
    // Callers get codes and messages (a subgraph failure names the subgraph), never gateway stack traces.
    includeStacktraceInErrorResponses: false,
    // Automatic persisted queries: bounded either way (an LRU in process, TTL + count in Redis).
    persistedQueries: { cache: opts.persistedQueries ?? apqCache() },
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      useLimits({
        maxDepth: limits.maxDepth,
        maxCost: limits.maxCost,
        onReject: (reason) => metrics.rejected.inc({ reason }),
      }),
      useOperationMetrics(metrics),
      useLogging(),
    ],
  });
  await apollo.start();
  logger.info({ subgraphs: subgraphUrls, timeoutsMs: timeouts, limits }, 'gateway ready to serve');

  const httpPlugins: HttpPlugin[] = [
    useMetricsEndpoint(metrics),
    useHealth({ subgraphs: subgraphUrls, dispatcher: agent, timeoutMs: opts.readyTimeoutMs }),
    useIde(),
    // last: its preHandler hands the handler the request's trace context
    useTracing(),
  ];
  for (const plugin of httpPlugins) plugin(app);
  registerGraphQLHttp(app);
  registerDocumentLimits(app, { ...documentLimitsFromEnv(), maxDepth: limits.maxDepth }, (reason) =>
    metrics.rejected.inc({ reason }),
  );
  await registerWebApp(app);

  const apolloHandler = fastifyApolloHandler<GatewayContext>(apollo, {
    context: async (request) =>
      createContext(
        request.id,
        request.principal as Principal,
        withoutAuth ? null : signer,
        request.log,
        idempotencyKeyHeader(request.headers[IDEMPOTENCY_KEY_HEADER]),
      ),
  }) as unknown as (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  app.route({
    method: ['GET', 'POST'],
    url: '/graphql',
    async handler(request, reply) {
      if (trusted && request.principal) {
        const params = (request.method === 'GET' ? request.query : request.body) as Record<string, unknown> | undefined;
        const verdict = trusted.check(params ?? {}, request.principal);
        if (!verdict.ok) {
          return reply
            .code(400)
            .send({ errors: [{ message: verdict.message, extensions: { code: 'QUERY_NOT_IN_SAFELIST' } }] });
        }
        if (verdict.query && params) params.query = verdict.query;
      }
      return apolloHandler.call(app, request, reply);
    },
  });

  app.addHook('onClose', async () => {
    await apollo.stop();
    await agent.close();
  });

  async function execute(
    operation: string | { query: string; operationName?: string },
    variables: Record<string, unknown>,
    caller: Caller,
  ): Promise<GatewayExecutionResult> {
    const requestId = requestIdFrom(caller.requestId);
    const request: GraphQLRequest =
      typeof operation === 'string'
        ? { query: operation, variables }
        : { query: operation.query, operationName: operation.operationName, variables };
    const contextValue = createContext(
      requestId,
      caller.principal,
      signer,
      logger.child({ requestId }),
      caller.idempotencyKey,
    );
    const response = await apollo.executeOperation(request, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported in-process');
    const { data, errors } = response.body.singleResult;
    return { status: response.http.status ?? 200, data, errors, requestId };
  }

  return {
    app,
    apollo,
    metrics,
    subgraphUrls,
    execute,
    async listen({ port = 4000, host = '127.0.0.1' } = {}) {
      await app.listen({ port, host });
      const address = app.server.address();
      const realPort = typeof address === 'object' && address ? address.port : port;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      return `http://${shownHost}:${realPort}/graphql`;
    },
    close: () => app.close(),
  };
}

/** bench:federation's baseline: every request is one principal, unauthenticated (see benchmarkWithoutAuthentication). */
function registerWithoutAuthentication(app: FastifyInstance, conferenceId: number | null): void {
  const operator: Principal = {
    kind: 'api-key',
    subject: 'benchmark-baseline',
    conferenceId,
    roles: expandRole('admin'),
    extraScopes: [],
    scopes: null,
  };
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    request.principal = operator;
  });
}
