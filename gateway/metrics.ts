// The gateway's Prometheus instruments (prom-client) on a registry of its own: HTTP requests and latency, GraphQL
// operations by outcome, per-subgraph fetch latency and errors, limit rejections, refused credentials. The plugins
// that feed them: plugins/http/metrics-endpoint.ts (HTTP, GET /metrics), plugins/execution/operation-metrics.ts,
// plugins/subgraph-fetch/fetch-metrics.ts.
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface GatewayMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status_code'>;
  httpDuration: Histogram<'method' | 'route'>;
  operations: Counter<'operation_type' | 'outcome'>;
  operationDuration: Histogram<'operation_type'>;
  fetchDuration: Histogram<'subgraph'>;
  fetchErrors: Counter<'subgraph' | 'kind'>;
  rejected: Counter<'reason'>;
  /** Requests refused at the door: no, unknown, malformed or expired credential (by code), and rate-limited ones. */
  authFailures: Counter<'code'>;
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

  return {
    registry,
    httpRequests,
    httpDuration,
    operations,
    operationDuration,
    fetchDuration,
    fetchErrors,
    rejected,
    authFailures,
  };
}
