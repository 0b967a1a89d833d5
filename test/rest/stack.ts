// A whole FlexTime behind the REST shim, on real HTTP with ephemeral ports: a migrated database (embedded PGlite in
// memory, or a fresh database on the DATABASE_URL server when `real` is asked), optionally the legacy monolith
// fixture underneath and/or the Big 12 seed, the four subgraphs, the gateway, and the REST routes registered on the
// gateway's own Fastify app exactly as production wires them.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../db/index.ts';
import { migrate } from '../../db/migrate.ts';
import { composeSupergraph } from '../../gateway/composition.ts';
import { hashApiKey, parseApiKeys, registerRestRoutes } from '../../gateway/rest/index.ts';
import { createGatewayApp, type GatewayApp } from '../../gateway/server.ts';
import { seed } from '../../seeding/index.ts';
import { silentLog } from '../../seeding/log.ts';
import { subgraphs } from '../../subgraphs/index.ts';
import { type Cache, createCache, setCache } from '../../subgraphs/kit/cache/index.ts';
import { MemoryEventBus, setEventBus } from '../../subgraphs/kit/events/index.ts';
import { type RunningSubgraph, startSubgraph } from '../../subgraphs/kit/server.ts';
import { closeJobs, configureJobs } from '../../subgraphs/schedule-generation/jobs/runtime.ts';

/** A parsed JSON response body (tests assert its shape against the documented schemas). */
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes, checked by Ajv in the tests
export type Json = any;

export const JWT_SECRET = 'rest-test-secret-0123456789abcdef-0123456789';

/** Keys the stack accepts: bound to conference 1 (Big 12), to conference 2 (Mountain West), and an operator key (*). */
export const KEYS = { big12: 'key-big12-test', mw: 'key-mw-test', operator: 'key-operator-test' } as const;

export interface RestStack {
  baseUrl: string;
  db: Database;
  gateway: GatewayApp;
  subgraphs: RunningSubgraph[];
  /** fetch(path) against the shim with an API key (default: operator) or explicit headers. */
  request(
    method: string,
    path: string,
    opts?: { body?: unknown; rawBody?: string; key?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Json; headers: Headers; text: string }>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Load db/legacy/monolith.sql before migrating (the migrations copy its rows). */
  monolith?: boolean;
  /** Load the Big 12 seed after migrating. */
  seed?: boolean;
  /** Use a fresh database on the DATABASE_URL server instead of PGlite. */
  real?: boolean;
}

async function createRealDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL as string);
  const name = `flextime_rest_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(base.toString(), { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Deletes this stack's Redis keys (queued jobs, cache) so nothing is left behind in the shared Redis. */
async function dropRedisKeys(prefix: string): Promise<void> {
  if (!process.env.REDIS_URL) return;
  const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function startRestStack(opts: StackOptions = {}): Promise<RestStack> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let drop: (() => Promise<void>) | undefined;
  let db: Database;
  if (opts.real) {
    const real = await createRealDatabase();
    drop = real.drop;
    db = await openDatabase({ url: real.url, poolSize: 4 });
  } else {
    db = await openDatabase({ dataDir: 'memory://' });
  }
  const running: RunningSubgraph[] = [];
  let gateway: GatewayApp | undefined;
  // Isolation from other test files sharing Redis (CI sets REDIS_URL): this stack's own cache and queue under a
  // unique key prefix, events on an in-process bus. The generation queue runs no worker here: the REST contract is
  // that a request is accepted (202, queued); running the engine belongs to the jobs suite.
  const prefix = `flextime-test:rest:${process.pid}:${randomBytes(4).toString('hex')}`;
  const stackCache: Cache = createCache({ url: process.env.REDIS_URL, prefix });
  setCache(stackCache);
  setEventBus(new MemoryEventBus());
  configureJobs(db, { redisUrl: process.env.REDIS_URL ?? null, prefix, worker: false, logger });
  const cleanup = async () => {
    await closeJobs(db).catch(() => {});
    await stackCache.close().catch(() => {});
    setCache(null);
    setEventBus(null);
    await dropRedisKeys(prefix).catch(() => {});
  };
  try {
    if (opts.monolith) {
      await db.execScript(readFileSync(new URL('../../db/legacy/monolith.sql', import.meta.url), 'utf8'));
    }
    await migrate(db, {});
    if (opts.seed) await seed(db, { log: silentLog });
    for (const def of subgraphs) running.push(await startSubgraph(def, { db, port: 0, host: '127.0.0.1', logger }));
    const { supergraphSdl } = composeSupergraph(running.map((r, i) => ({ ...r, typeDefs: subgraphs[i].typeDefs })));
    gateway = await createGatewayApp({
      supergraphSdl,
      subgraphUrls: Object.fromEntries(running.map((r) => [r.name, r.url])),
      logger,
      defaultMetrics: false,
    });
    await registerRestRoutes(gateway.app, {
      execute: gateway.execute,
      logger,
      auth: {
        apiKeys: parseApiKeys(`${hashApiKey(KEYS.big12)}:1,${hashApiKey(KEYS.mw)}:2,${hashApiKey(KEYS.operator)}:*`),
        jwt: { key: new TextEncoder().encode(JWT_SECRET), algorithms: ['HS256'], conferenceClaim: 'conference_id' },
      },
    });
    const graphqlUrl = await gateway.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = graphqlUrl.replace(/\/graphql$/, '');
    // Services that read other services' data (validate, generation workers) do it through the gateway.
    const previousGatewayUrl = process.env.GATEWAY_URL;
    process.env.GATEWAY_URL = graphqlUrl;
    const gw = gateway;
    return {
      baseUrl,
      db,
      gateway: gw,
      subgraphs: running,
      async request(method, path, o = {}) {
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
      },
      async stop() {
        if (previousGatewayUrl === undefined) delete process.env.GATEWAY_URL;
        else process.env.GATEWAY_URL = previousGatewayUrl;
        await gw.close();
        for (const r of running) await r.stop();
        await cleanup();
        await db.close();
        await drop?.();
      },
    };
  } catch (err) {
    await gateway?.close().catch(() => {});
    for (const r of running) await r.stop().catch(() => {});
    await cleanup();
    await db.close().catch(() => {});
    await drop?.().catch(() => {});
    throw err;
  }
}
