// One trace per request: a SERVER span from arrival to response, inside which the GraphQL operation (Apollo Gateway's
// gateway.request / plan / execute / fetch spans) and every subgraph fetch run. A caller's `traceparent` is continued.
import { registerRequestTracing } from '../../../subgraphs/kit/tracing.ts';
import type { HttpPlugin } from '../types.ts';

export function useTracing(): HttpPlugin {
  return (app) => registerRequestTracing(app, 'gateway');
}
