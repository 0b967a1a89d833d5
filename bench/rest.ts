// npm run bench:rest — what the REST shim costs on top of the gateway.
//
// The legacy monolith fixture is migrated (embedded PGlite, or a scratch database on DATABASE_URL's server), the
// four subgraphs and the gateway start with the REST routes on it, and autocannon drives, for a bounded duration each:
//   (a) a v1 REST route (auth, validation, the named operation run in-process, the legacy mapper), and
//   (b) the baseline measured in the same run: the very same named operation POSTed to the gateway's /graphql.
// Prints req/s, p50 and p97.5 of both and the ratio REST/GraphQL; the last stdout line is one JSON object.
//
// Env: DATABASE_URL (optional), BENCH_DURATION (seconds per measurement, default 5), BENCH_CONNECTIONS (default 10).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { pino } from 'pino';
import postgres from 'postgres';
import { type Database, openDatabase } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import { MemoryRateLimitStore } from '../gateway/auth/index.ts';
import { composeSupergraph } from '../gateway/composition.ts';
import { hashApiKey, parseApiKeys, registerRestRoutes } from '../gateway/rest/index.ts';
import { createGatewayApp } from '../gateway/server.ts';
import { createProcessDependencies } from '../subgraphs/dependencies.ts';
import { startSubgraph, subgraphs } from '../subgraphs/index.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const KEY = `bench-${randomBytes(8).toString('hex')}`;
const quiet = pino({ level: 'warn' });

const op = (name: string) => readFileSync(new URL(`../gateway/rest/v1/${name}.graphql`, import.meta.url), 'utf8');

const CASES = [
  {
    name: 'schedule_games',
    label: 'GET /api/v1/schedules/1/games vs ScheduleGames',
    rest: '/api/v1/schedules/1/games',
    graphql: { query: op('ScheduleGames'), variables: { id: '1' } },
  },
  {
    name: 'schedules',
    label: 'GET /api/v1/schedules vs ListSchedules',
    rest: '/api/v1/schedules?limit=20',
    graphql: { query: op('ListSchedules'), variables: { limit: 20 } },
  },
  {
    name: 'teams',
    label: 'GET /api/v1/teams vs ListTeams',
    rest: '/api/v1/teams',
    graphql: { query: op('ListTeams'), variables: { page: 1, limit: 100 } },
  },
];

interface Figures {
  rps: number;
  p50: number;
  p97_5: number;
  errors: number;
}

async function measure(opts: autocannon.Options): Promise<Figures> {
  const result = await autocannon({ duration: DURATION, connections: CONNECTIONS, ...opts });
  const latency = result.latency as unknown as Record<string, number>;
  return {
    rps: Math.round(result.requests.average),
    p50: latency.p50,
    p97_5: latency.p97_5,
    errors: result.errors + result.non2xx,
  };
}

async function openBenchDatabase(): Promise<{ db: Database; drop: () => Promise<void>; kind: string }> {
  if (!process.env.DATABASE_URL) {
    return { db: await openDatabase({ dataDir: 'memory://' }), drop: async () => {}, kind: 'pglite' };
  }
  const base = new URL(process.env.DATABASE_URL);
  const name = `flextime_bench_rest_${Date.now()}`;
  const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    db: await openDatabase({ url: url.toString() }),
    kind: 'postgres',
    drop: async () => {
      const a = postgres(base.toString(), { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

async function main() {
  // the gateway signs every subgraph call; a throwaway secret for this run
  process.env.FLEXTIME_INTERNAL_SECRET ||= randomBytes(32).toString('base64url');
  const { db, drop, kind } = await openBenchDatabase();
  console.error(`preparing: monolith fixture + migrations on ${kind}`);
  await db.execScript(readFileSync(new URL('../db/legacy/monolith.sql', import.meta.url), 'utf8'));
  await migrate(db, {});
  const running = [];
  const deps = createProcessDependencies(db, { logger: quiet, generation: { worker: false, logger: quiet } });
  for (const def of subgraphs) running.push(await startSubgraph(def, { deps, port: 0, logger: quiet }));
  const { supergraphSdl } = composeSupergraph(running.map((r, i) => ({ ...r, typeDefs: subgraphs[i].typeDefs })));
  const gateway = await createGatewayApp({
    supergraphSdl,
    subgraphUrls: Object.fromEntries(running.map((r) => [r.name, r.url])),
    logger: quiet,
    defaultMetrics: false,
    auth: { apiKeys: parseApiKeys(`${hashApiKey(KEY)}:*`), jwt: null },
    rateLimit: { limit: 0, windowMs: 60_000, store: new MemoryRateLimitStore() },
  });
  await registerRestRoutes(gateway.app, { execute: gateway.execute, logger: quiet });
  const graphqlUrl = await gateway.listen({ port: 0, host: '127.0.0.1' });
  const base = graphqlUrl.replace(/\/graphql$/, '');

  const results: Record<string, { rest: Figures; graphql: Figures; ratio: number; added_p50_ms: number }> = {};
  try {
    for (const c of CASES) {
      console.error(`measuring ${c.label} (${DURATION} s each, ${CONNECTIONS} connections)…`);
      // Warm both paths (query plans, JIT, connection pools) before measuring.
      await autocannon({ url: `${base}${c.rest}`, headers: { 'x-api-key': KEY }, amount: 50, connections: 2 });
      const rest = await measure({ url: `${base}${c.rest}`, headers: { 'x-api-key': KEY } });
      const graphql = await measure({
        url: graphqlUrl,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
        body: JSON.stringify(c.graphql),
      });
      const ratio = graphql.rps ? rest.rps / graphql.rps : 0;
      results[c.name] = { rest, graphql, ratio: Number(ratio.toFixed(3)), added_p50_ms: rest.p50 - graphql.p50 };
      console.log(
        `${c.label}\n  REST    ${rest.rps} req/s  p50 ${rest.p50} ms  p97.5 ${rest.p97_5} ms  errors ${rest.errors}\n` +
          `  GraphQL ${graphql.rps} req/s  p50 ${graphql.p50} ms  p97.5 ${graphql.p97_5} ms  errors ${graphql.errors}\n` +
          `  ratio REST/GraphQL throughput ${ratio.toFixed(2)}`,
      );
    }
  } finally {
    await gateway.close();
    for (const r of running) await r.stop();
    await deps.close();
    await db.close();
    await drop();
  }
  console.log(
    JSON.stringify({ bench: 'rest', database: kind, duration_s: DURATION, connections: CONNECTIONS, results }),
  );
}

await main();
