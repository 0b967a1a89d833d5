// W3C `traceparent` on every subgraph fetch: the subgraph's spans join the caller's trace, under the gateway's
// `gateway.fetch` span (Apollo Gateway's own, active while the fetch runs). Nothing is added when no trace records.
import { traceHeaders } from '../../../subgraphs/kit/tracing.ts';
import type { FetchPlugin } from '../types.ts';

export function useTracePropagation(): FetchPlugin {
  return {
    onFetch({ headers }) {
      Object.assign(headers, traceHeaders());
      return undefined;
    },
  };
}
