// The whole FlexTime stack for end-to-end tests (gateway, REST, jobs, events, validation suites), started the way
// `flextime start` does (startStack): a migrated database (PGlite, or a fresh database on DATABASE_URL's server),
// optionally the legacy monolith underneath and/or the Big 12 seed, the four subgraphs and the gateway with the REST
// shim on ephemeral loopback ports, and GATEWAY_URL pointing at it (validate and the generation worker read other
// services' data through it).
//
// Isolation from other test files sharing Redis (CI sets REDIS_URL): every stack has its own cache under a unique key
// prefix (`prefix`), optionally an in-process event bus and its own generation-jobs runtime under the same prefix;
// stop() deletes the prefix's keys.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { EPHEMERAL_PORTS, type RunningStack, startStack } from '../../bin/commands/start.ts';
import type { Database, QueryEvent } from '../../db/index.ts';
import { type AuthOptions, MemoryRateLimitStore, type RateLimitOptions } from '../../gateway/auth/index.ts';
import type { GatewayLimits, SubgraphName } from '../../gateway/config.ts';
import type { GatewayApp } from '../../gateway/server.ts';
import { seed } from '../../seeding/index.ts';
import { createProcessDependencies, type ProcessDependencies } from '../../subgraphs/dependencies.ts';
import { startSubgraph, subgraphs } from '../../subgraphs/index.ts';
import { type EventBus, MemoryEventBus } from '../../subgraphs/kit/events/index.ts';
import type { RunningSubgraph } from '../../subgraphs/kit/server.ts';
import type { JobsOptions, JobsRuntime } from '../../subgraphs/schedule-generation/generation/runtime.ts';
import { INTERNAL_SECRET, KEYS, testAuth, withCredentials } from './auth.ts';
import { createTestDatabase, type DbKind, type TestDatabase } from './db.ts';
import { HIVE_IN_FRONT, type HiveFront, startHiveFront } from './hive-front.ts';

export { JWT_SECRET, KEYS, testAuth, userToken } from './auth.ts';

/** A parsed JSON response body (tests assert its shape against the documented schemas). */
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes, checked field by field in the tests
export type Json = any;

/** A unique Redis key prefix per test file and run, so parallel files never share queues, streams or cache. */
export function uniquePrefix(name: string): string {
  return `flextime-test:${name}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export interface TestStackOptions {
  kind?: DbKind;
  limits?: Partial<GatewayLimits>;
  /** Load db/legacy/monolith.sql before migrating (the migrations copy its rows); default false. */
  monolith?: boolean;
  /** Load the Big 12 seed data (default true). */
  seed?: boolean;
  /** Serve the REST shim (default true), with the test credentials (KEYS, JWT_SECRET). */
  rest?: boolean;
  /** Name in this stack's Redis key prefix (default 'stack'); the prefix is unique per stack either way. */
  redisPrefix?: string;
  /** Publish and consume domain events on an in-process bus (default: Redis Streams under this stack's prefix when REDIS_URL is set). */
  memoryEvents?: boolean;
  /** The event bus every service of the stack receives (closed by stop()); default per memoryEvents. */
  events?: EventBus;
  /**
   * The stack's generation-jobs runtime (queue on REDIS_URL under this stack's prefix, else in process): its options;
   * closed by stop(). Default: a queue without a worker (start one with `stack.generation.startWorker()`).
   */
  jobs?: JobsOptions;
  /** Collect Node's default process metrics on the gateway's /metrics (default true). */
  defaultMetrics?: boolean;
  /** Per-principal rate limit (default: none, so suites are not throttled; the rate-limit suite sets one). */
  rateLimit?: RateLimitOptions;
  /** Credentials every door accepts (default testAuth(): KEYS and JWTs signed with JWT_SECRET). */
  auth?: AuthOptions;
}

/**
 * The REST suites' stack: the legacy monolith fixture (no seed), its own Redis prefix, in-process events, and a
 * generation queue without a worker — the REST contract is that a request is accepted (202, queued); running the
 * engine belongs to the jobs suite.
 */
export const REST_SUITE: TestStackOptions = {
  monolith: true,
  seed: false,
  redisPrefix: 'rest',
  memoryEvents: true,
  jobs: { worker: false },
  defaultMetrics: false,
};

export interface RestResponse {
  status: number;
  body: Json;
  headers: Headers;
  text: string;
}

export interface TestStack {
  kind: DbKind;
  database: TestDatabase;
  db: Database;
  /** http://127.0.0.1:<port>/graphql */
  gatewayUrl: string;
  /** http://127.0.0.1:<port> (REST, /health, /ready, /metrics) */
  baseUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  stack: RunningStack;
  gateway: GatewayApp;
  subgraphs: RunningSubgraph[];
  /** This stack's Redis key prefix (cache, jobs). */
  prefix: string;
  /** The database, event bus, cache and generation queue every service of this stack received. */
  deps: ProcessDependencies;
  /** The stack's generation jobs runtime (deps.generation). */
  generation: JobsRuntime;
  /** SQL statements issued by the services since the stack started. */
  queries: QueryEvent[];
  /**
   * GraphQL through the gateway over HTTP; throws on errors unless `allowErrors`. Authenticated by default (see
   * test/support/auth.ts withCredentials): the operator key, or a scheduler of the `x-conference-id` the headers name.
   */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    opts?: { allowErrors?: boolean; headers?: Record<string, string> },
  ): Promise<{ data: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  /** fetch(path) against the REST shim with an API key (default: operator) or explicit headers. */
  request(
    method: string,
    path: string,
    opts?: { body?: unknown; rawBody?: string; key?: string | null; headers?: Record<string, string> },
  ): Promise<RestResponse>;
  /** REST with the operator key and a JSON body; the body answered is `{}` when empty. */
  rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Stops one subgraph (as if its process died); the gateway keeps its URL. */
  stopSubgraph(name: SubgraphName): Promise<void>;
  /** Starts a stopped subgraph again on the same port. */
  restartSubgraph(name: SubgraphName): Promise<void>;
  stop(): Promise<void>;
}

/** Deletes the keys under `prefix` (queued jobs, cache) so nothing is left behind in the shared Redis. */
export async function dropRedisKeys(prefix: string, url = process.env.REDIS_URL): Promise<void> {
  if (!url) return;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    // plain keys (`<prefix>:…`) and hash-tagged ones (`{<prefix>:cache:…}:…`)
    for (const pattern of [`${prefix}:*`, `{${prefix}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

export async function startTestStack(opts: TestStackOptions = {}): Promise<TestStack> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const queries: QueryEvent[] = [];
  const database = await createTestDatabase({
    kind: opts.kind ?? 'pglite',
    monolith: opts.monolith,
    onQuery: (e) => queries.push(e),
  });
  const db = database.db;
  const prefix = uniquePrefix(opts.redisPrefix ?? 'stack');
  // this stack's own bus, cache (ids differ between databases) and jobs runtime: Redis under the prefix when
  // REDIS_URL is set, handed to every service as bin's composition root does
  const deps = createProcessDependencies(db, {
    redisUrl: process.env.REDIS_URL ?? null,
    prefix,
    logger,
    events: opts.events ?? (opts.memoryEvents ? new MemoryEventBus() : undefined),
    generation: { worker: false, logger, ...opts.jobs },
  });
  const generation = deps.generation;
  if (!generation) throw new Error('the stack always has a generation runtime');
  const previousGatewayUrl = process.env.GATEWAY_URL;
  const cleanup = async () => {
    if (previousGatewayUrl === undefined) delete process.env.GATEWAY_URL;
    else process.env.GATEWAY_URL = previousGatewayUrl;
    await deps.close().catch(() => {});
    await dropRedisKeys(prefix).catch(() => {});
    await database.dispose();
  };
  let stack: RunningStack | undefined;
  let hive: HiveFront | null = null;
  const auth = opts.auth ?? testAuth();
  const rateLimit = opts.rateLimit ?? { limit: 0, windowMs: 60_000, store: new MemoryRateLimitStore() };
  try {
    if (opts.seed ?? true) await seed(db, { log: logger });
    stack = await startStack({
      deps,
      logger,
      ports: EPHEMERAL_PORTS,
      limits: opts.limits,
      rest: opts.rest,
      auth,
      internalSecret: INTERNAL_SECRET,
      rateLimit,
      defaultMetrics: opts.defaultMetrics,
    });
    if (HIVE_IN_FRONT && (opts.rest ?? true))
      hive = await startHiveFront({
        subgraphUrls: stack.subgraphUrls,
        auth,
        rateLimit,
        events: deps.events,
        subgraphTimeoutMs: opts.limits?.subgraphTimeoutMs,
      });
  } catch (error) {
    await stack?.stop().catch(() => {});
    await cleanup();
    throw error;
  }
  queries.length = 0;
  const running = stack.subgraphs;
  const gatewayUrl = hive?.gatewayUrl ?? stack.gatewayUrl;
  const baseUrl = hive?.baseUrl ?? stack.gatewayUrl.replace(/\/graphql$/, '');
  process.env.GATEWAY_URL = gatewayUrl;

  const request: TestStack['request'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const key = o.key === undefined ? KEYS.operator : o.key;
    if (key !== null) headers['x-api-key'] = key;
    let payload: string | undefined = o.rawBody;
    if (o.body !== undefined) {
      payload = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.status, body, headers: res.headers, text };
  };

  return {
    kind: database.kind,
    database,
    db,
    gatewayUrl,
    baseUrl,
    subgraphUrls: stack.subgraphUrls,
    stack,
    gateway: stack.gateway,
    subgraphs: running,
    prefix,
    deps,
    generation,
    queries,
    async gql(query, variables = {}, o = {}) {
      const res = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await withCredentials(o.headers)) },
        body: JSON.stringify({ query, variables }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: JSON responses are inspected field by field
      const body = (await res.json()) as any;
      if (body.errors?.length && !o.allowErrors) {
        throw new Error(`GraphQL errors: ${body.errors.map((e: { message: string }) => e.message).join('; ')}`);
      }
      return body;
    },
    request,
    async rest(method, path, body) {
      const res = await request(method, path, body === undefined ? {} : { body });
      return { status: res.status, body: res.text ? JSON.parse(res.text) : {} };
    },
    async stopSubgraph(name) {
      const s = running.find((r) => r.name === name);
      if (!s) throw new Error(`no running subgraph '${name}'`);
      await s.stop();
    },
    async restartSubgraph(name) {
      const index = running.findIndex((r) => r.name === name);
      const def = subgraphs.find((d) => d.name === name);
      if (index < 0 || !def) throw new Error(`unknown subgraph '${name}'`);
      running[index] = await startSubgraph(def, {
        deps,
        port: running[index].port,
        logger,
        internalSecret: INTERNAL_SECRET,
      });
    },
    async stop() {
      await hive?.close();
      await stack.stop();
      await cleanup();
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
