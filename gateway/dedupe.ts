// In-flight deduplication of whole operations: identical queries (same document, operation name, variables, and
// principals of the same conference and scopes) arriving while one is executing share its query-plan execution and result, as Hive
// Gateway and Apollo Router do. Each request still runs its own parse/validation, limits, metrics and logs;
// mutations and subscriptions always execute on their own.
import type {
  GatewayExecutor,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import type { GatewayContext } from './context.ts';

export function dedupeExecutor(executor: GatewayExecutor): GatewayExecutor {
  const inflight = new Map<string, ReturnType<GatewayExecutor>>();
  return (requestContext) => {
    if (requestContext.operation?.operation !== 'query') return executor(requestContext);
    const key = [
      (requestContext.context as Partial<GatewayContext>).principalKey ?? '',
      requestContext.queryHash ?? requestContext.source ?? '',
      requestContext.operationName ?? '',
      JSON.stringify(requestContext.request.variables ?? {}),
    ].join('\u0000');
    const pending = inflight.get(key);
    if (pending) return pending;
    const execution = executor(requestContext).finally(() => inflight.delete(key));
    inflight.set(key, execution);
    return execution;
  };
}

/** Wraps a gateway so its executor deduplicates identical in-flight queries. */
export class DedupingGateway implements GatewayInterface {
  constructor(private readonly inner: GatewayInterface) {}

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const loaded = await this.inner.load(options);
    return { ...loaded, executor: loaded.executor ? dedupeExecutor(loaded.executor) : null };
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback) {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }
}
