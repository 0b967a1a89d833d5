// Latency of each subgraph fetch, and the failed ones by kind (timeout, unavailable, http_error, graphql_error).
import type { GatewayMetrics } from '../../metrics.ts';
import type { FetchPlugin } from '../types.ts';

export function useFetchMetrics(metrics: GatewayMetrics): FetchPlugin {
  return {
    onFetch({ subgraph }) {
      const started = performance.now();
      return (outcome) => {
        metrics.fetchDuration.observe({ subgraph }, (performance.now() - started) / 1000);
        if (outcome !== 'ok') metrics.fetchErrors.inc({ subgraph, kind: outcome });
      };
    },
  };
}
