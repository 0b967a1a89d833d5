// GraphQL operations by type and outcome (ok, partial = data with errors, error = no data), and their latency.
import type { GatewayMetrics } from '../../metrics.ts';
import type { ExecutionPlugin } from '../types.ts';

export function useOperationMetrics(metrics: GatewayMetrics): ExecutionPlugin {
  return {
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
          metrics.operations.inc({ operation_type: type, outcome });
          metrics.operationDuration.observe({ operation_type: type }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
