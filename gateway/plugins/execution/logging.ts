// Structured logs (pino): one line per GraphQL operation with its request id, name, duration and error codes.
import { isClientError } from '../../../subgraphs/kit/graphql-http.ts';
import type { ExecutionPlugin } from '../types.ts';

export function useLogging(): ExecutionPlugin {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse(ctx) {
          const body = ctx.response.body;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          const entry = {
            operationName: ctx.operationName ?? undefined,
            operationType: ctx.operation?.operation,
            durationMs: Math.round((performance.now() - started) * 100) / 100,
            ...(errors.length
              ? {
                  errors: errors.map((e) => ({
                    code: e.extensions?.code,
                    serviceName: e.extensions?.serviceName,
                    message: e.message,
                  })),
                }
              : {}),
          };
          // the caller's mistakes (4xx: bad input, refused by a limit, not found) are routine: info, no stack
          if (errors.length && errors.every(isClientError)) contextValue.log.info(entry, 'graphql operation refused');
          else if (errors.length) contextValue.log.warn(entry, 'graphql operation finished with errors');
          else contextValue.log.info(entry, 'graphql operation');
        },
      };
    },
  };
}
