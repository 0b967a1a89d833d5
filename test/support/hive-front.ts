// FLEXTIME_TEST_GATEWAY=hive: the end-to-end suites run with Hive Gateway in front instead of FlexTime's gateway
// (issue #23: the supergraph runs unchanged on another gateway, the subgraphs enforcing authentication, tenancy and
// roles on their own). GraphQL goes to Hive; REST goes to a FlexTime gateway process whose REST shim sends its
// operations to Hive over HTTP, as `serve gateway` does with GATEWAY_URL.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { it } from 'vitest';
import {
  type AuthOptions,
  InternalSigner,
  internalSecretFrom,
  type RateLimitOptions,
} from '../../gateway/auth/index.ts';
import { readSupergraphSdl } from '../../gateway/composition.ts';
import { createHiveGateway } from '../../gateway/hive.ts';
import { httpExecutor } from '../../gateway/rest/executor.ts';
import { registerRestRoutes } from '../../gateway/rest/index.ts';
import { createGatewayApp } from '../../gateway/server.ts';
import type { EventBus } from '../../subgraphs/kit/events/index.ts';
import { INTERNAL_SECRET } from './auth.ts';

export const HIVE_IN_FRONT = process.env.FLEXTIME_TEST_GATEWAY === 'hive';

export interface HiveFront {
  /** Hive Gateway's /graphql */
  gatewayUrl: string;
  /** the REST shim (and /health, /ready, /metrics) of the FlexTime process in front of Hive */
  baseUrl: string;
  close(): Promise<void>;
}

export async function startHiveFront(opts: {
  subgraphUrls: Record<string, string>;
  auth: AuthOptions;
  rateLimit: RateLimitOptions;
  events: EventBus;
  /** Hive's deadline per subgraph fetch, ms (default SUBGRAPH_TIMEOUT_MS). */
  subgraphTimeoutMs?: number;
  /** Per-subgraph deadlines, ms, by name. */
  subgraphTimeoutsMs?: Record<string, number>;
  /** Called on every request Hive receives (tests count them). */
  onRequest?: () => void;
}): Promise<HiveFront> {
  const runtime = createHiveGateway({
    supergraphSdl: readSupergraphSdl(),
    subgraphUrls: opts.subgraphUrls,
    auth: opts.auth,
    internalSecret: INTERNAL_SECRET,
    rateLimit: opts.rateLimit,
    subgraphTimeoutMs: opts.subgraphTimeoutMs,
    subgraphTimeoutsMs: opts.subgraphTimeoutsMs,
    logging: false,
  });
  const server: Server = createServer((req, res) => {
    opts.onRequest?.();
    return runtime(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const rest = await createGatewayApp({
    subgraphUrls: opts.subgraphUrls,
    auth: opts.auth,
    internalSecret: INTERNAL_SECRET,
    rateLimit: opts.rateLimit,
    restCountedRemotely: true,
    defaultMetrics: false,
    logger: pino({ level: 'silent' }),
  });
  const executor = httpExecutor(gatewayUrl, { signer: new InternalSigner(internalSecretFrom(INTERNAL_SECRET)) });
  await registerRestRoutes(rest.app, { execute: executor.execute, events: opts.events });
  const baseUrl = (await rest.listen({ port: 0 })).replace(/\/graphql$/, '');
  return {
    gatewayUrl,
    baseUrl,
    async close() {
      await rest.close();
      await executor.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runtime.dispose?.();
    },
  };
}

/**
 * A test of FlexTime's own gateway process (its plugins, its /metrics counters, its IDE page, its tracing) has no
 * subject with Hive in front, where that process serves the REST shim only: it runs in the main pass, not in this one.
 */
export const itOnFlexTimeGateway = it.skipIf(HIVE_IN_FRONT);
