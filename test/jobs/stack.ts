// A whole FlexTime stack for the jobs / events / validation tests: a migrated and seeded database (PGlite or real
// Postgres), the four subgraphs on ephemeral ports, the gateway (composed from their SDLs) with the REST shim, and
// GATEWAY_URL pointing at it (the worker and validate read other services' data through it).
import { createHash, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { composeSupergraph } from '../../gateway/composition.ts';
import { registerRestRoutes } from '../../gateway/rest/index.ts';
import { createGatewayApp, type GatewayApp } from '../../gateway/server.ts';
import { seed } from '../../seeding/index.ts';
import { subgraphs } from '../../subgraphs/index.ts';
import { createCache, setCache } from '../../subgraphs/kit/cache/index.ts';
import { type RunningSubgraph, startSubgraph } from '../../subgraphs/kit/server.ts';
import { createTestDatabase, type DbKind, type TestDatabase } from '../support/db.ts';

export const API_KEY = 'jobs-test-key';

export interface Stack {
  t: TestDatabase;
  gateway: GatewayApp;
  gatewayUrl: string;
  base: string;
  running: RunningSubgraph[];
  /** GraphQL through the gateway over HTTP; throws on errors unless `allowErrors`. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    opts?: { allowErrors?: boolean; headers?: Record<string, string> },
  ): Promise<{ data: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  /** REST through the gateway with the test API key. */
  rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/** A unique Redis key prefix per test file and run, so parallel files never share queues or streams. */
export function uniquePrefix(name: string): string {
  return `flextime-test:${name}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export async function startStack(kind: DbKind): Promise<Stack> {
  const t = await createTestDatabase({ kind });
  // a cache of this stack's own (ids differ between databases): Redis under a unique prefix when REDIS_URL is set
  const stackCache = createCache({ url: process.env.REDIS_URL, prefix: uniquePrefix('cache') });
  setCache(stackCache);
  await seed(t.db, {});
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const running: RunningSubgraph[] = [];
  for (const def of subgraphs) running.push(await startSubgraph(def, { db: t.db, port: 0, logger }));
  const { supergraphSdl } = composeSupergraph(
    subgraphs.map((def, i) => ({ name: def.name, url: running[i].url, typeDefs: def.typeDefs })),
  );
  process.env.FLEXTIME_API_KEYS = `${createHash('sha256').update(API_KEY).digest('hex')}:*`;
  const gateway = await createGatewayApp({
    supergraphSdl,
    subgraphUrls: Object.fromEntries(running.map((r) => [r.name, r.url])),
    logger,
    defaultMetrics: false,
    limits: { subgraphTimeoutMs: 30_000 },
  });
  await registerRestRoutes(gateway.app, {
    execute: async (operation, variables, headers) => {
      const r = await gateway.execute(operation, variables, headers);
      return { data: r.data, errors: r.errors };
    },
    logger,
  });
  const gatewayUrl = await gateway.listen({ port: 0 });
  process.env.GATEWAY_URL = gatewayUrl;
  const base = gatewayUrl.replace(/\/graphql$/, '');

  return {
    t,
    gateway,
    gatewayUrl,
    base,
    running,
    async gql(query, variables = {}, opts = {}) {
      const res = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...opts.headers },
        body: JSON.stringify({ query, variables }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: JSON responses are inspected field by field
      const body = (await res.json()) as any;
      if (body.errors?.length && !opts.allowErrors) {
        throw new Error(`GraphQL errors: ${body.errors.map((e: { message: string }) => e.message).join('; ')}`);
      }
      return body;
    },
    async rest(method, path, body) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { 'x-api-key': API_KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : {} };
    },
    async stop() {
      await gateway.close();
      for (const r of running) await r.stop();
      await t.dispose();
      await stackCache.close();
      setCache(null);
    },
  };
}

/** Polls until `check` returns a value other than undefined/false (or throws after `timeoutMs`). */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
