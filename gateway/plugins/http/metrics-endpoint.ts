// GET /metrics (Prometheus text) and the HTTP request counters and latency behind it.
import { register as globalRegistry, Registry } from 'prom-client';
import type { GatewayMetrics } from '../../metrics.ts';
import type { HttpPlugin } from '../types.ts';

export function useMetricsEndpoint(metrics: GatewayMetrics): HttpPlugin {
  return (app) => {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === '/metrics') return;
      metrics.httpRequests.inc({ method: request.method, route, status_code: String(reply.statusCode) });
      metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });
    app.get('/metrics', async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      // plus the process-wide registry: metrics of services running in this process (e.g. the read-through
      // cache's hit/miss counters) when the gateway and the subgraphs share one process (`npm start`)
      return Registry.merge([metrics.registry, globalRegistry]).metrics();
    });
  };
}
