// Prometheus metrics (prom-client) on a registry of the gateway's own, served at GET /metrics:
// HTTP requests and latency, GraphQL operations by outcome, per-subgraph fetch latency and errors, limit rejections.
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, register as globalRegistry, Histogram, Registry } from 'prom-client';
import type { FetchObserver } from './subgraph-fetch.ts';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface GatewayMetrics {
  registry: Registry;
  observeFetch: FetchObserver;
  rejected: Counter<'reason'>;
  /** Requests refused at the door: no, unknown, malformed or expired credential (by code), and rate-limited ones. */
  authFailures: Counter<'code'>;
  apolloPlugin: ApolloServerPlugin;
  register(app: FastifyInstance): void;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'flextime_gateway_' });

  const httpRequests = new Counter({
    name: 'flextime_gateway_http_requests_total',
    help: 'HTTP requests answered by the gateway',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'flextime_gateway_http_request_duration_seconds',
    help: 'HTTP request latency at the gateway',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const operations = new Counter({
    name: 'flextime_gateway_graphql_operations_total',
    help: 'GraphQL operations by type and outcome (ok, partial = data with errors, error = no data)',
    labelNames: ['operation_type', 'outcome'] as const,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: 'flextime_gateway_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency from parse to response',
    labelNames: ['operation_type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const fetchDuration = new Histogram({
    name: 'flextime_gateway_subgraph_fetch_duration_seconds',
    help: 'Latency of each subgraph fetch of a query plan',
    labelNames: ['subgraph'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const fetchErrors = new Counter({
    name: 'flextime_gateway_subgraph_fetch_errors_total',
    help: 'Subgraph fetches that failed (timeout, unavailable, http_error) or returned GraphQL errors (graphql_error)',
    labelNames: ['subgraph', 'kind'] as const,
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'flextime_gateway_rejected_operations_total',
    help: 'Operations rejected before any subgraph was called: bytes, tokens, aliases, directives (before parsing), depth, cost',
    labelNames: ['reason'] as const,
    registers: [registry],
  });

  const authFailures = new Counter({
    name: 'flextime_gateway_auth_failures_total',
    help: 'Requests refused before any route ran: failed authentication (by code) or RATE_LIMITED',
    labelNames: ['code'] as const,
    registers: [registry],
  });

  const observeFetch: FetchObserver = (subgraph, seconds, outcome) => {
    fetchDuration.observe({ subgraph }, seconds);
    if (outcome !== 'ok') fetchErrors.inc({ subgraph, kind: outcome });
  };

  const apolloPlugin: ApolloServerPlugin = {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse(ctx) {
          const type = ctx.operation?.operation ?? 'unknown';
          const body = ctx.response.body;
          const single = body.kind === 'single' ? body.singleResult : undefined;
          const hasErrors = Boolean(single?.errors?.length);
          const hasData = single?.data !== undefined && single?.data !== null;
          const outcome = !hasErrors ? 'ok' : hasData ? 'partial' : 'error';
          operations.inc({ operation_type: type, outcome });
          operationDuration.observe({ operation_type: type }, (performance.now() - started) / 1000);
        },
      };
    },
  };

  function register(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === '/metrics') return;
      httpRequests.inc({ method: request.method, route, status_code: String(reply.statusCode) });
      httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });
    app.get('/metrics', async (_request, reply) => {
      reply.header('content-type', registry.contentType);
      // plus the process-wide registry: metrics of services running in this process (e.g. the read-through
      // cache's hit/miss counters) when the gateway and the subgraphs share one process (`npm start`)
      return Registry.merge([registry, globalRegistry]).metrics();
    });
  }

  return { registry, observeFetch, rejected, authFailures, apolloPlugin, register };
}
