// npm run bench:pooling — the whole stack through PgBouncer in transaction pooling mode vs direct sessions, one run.
//
// A scratch database on DATABASE_URL's server (a PostgreSQL server reached directly) is migrated and seeded, and copied
// (CREATE DATABASE … TEMPLATE) so each mode has its own; Debian's PgBouncer is started in front of the server in
// transaction mode (.ci/start-pgbouncer). Two stacks, each the four subgraphs and the gateway in this process on
// loopback, with the read-through cache and in-flight deduplication off (every request runs its own statements: the
// path pooling changes):
//   (a) direct: FLEXTIME_DB_POOLING=session (the default), DATABASE_URL the server itself;
//   (b) pooled: FLEXTIME_DB_POOLING=transaction through PgBouncer.
// autocannon drives each request type against (a), (b), (a), (b), … (BENCH_ROUNDS rounds of BENCH_DURATION/BENCH_ROUNDS
// seconds each), so drift in the machine's load hits both alike. Per request type and mode: req/s, p50, statements and service transactions per
// request (counted at the Database: onQuery, service(…).run), server connections in use (pg_stat_activity sampled
// every 100 ms) and this process's CPU ms per request (gateway, subgraphs and the load generator). The last stdout
// line is one JSON object; the ratio pooled/direct throughput is the figure bench/RESULTS.md records.
//
// Env: DATABASE_URL (required), BENCH_DURATION (seconds per request type and mode, default 6), BENCH_ROUNDS (default
// 2), BENCH_CONNECTIONS (default 10). Needs `pgbouncer` on PATH.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import postgres from 'postgres';
import { type Database, openDatabase, rows } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import { MemoryRateLimitStore } from '../gateway/auth/index.ts';
import { composeSupergraph } from '../gateway/composition.ts';
import { hashApiKey, parseApiKeys } from '../gateway/rest/index.ts';
import { createGatewayApp, type GatewayApp } from '../gateway/server.ts';
import { seed } from '../seeding/index.ts';
import { type RunningSubgraph, startSubgraph, subgraphs } from '../subgraphs/index.ts';
import { type Cache, setCache } from '../subgraphs/kit/cache/index.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SLICE = DURATION / ROUNDS;
const KEY = `bench-${randomBytes(8).toString('hex')}`;
const quiet = pino({ level: 'warn' });
const op = (name: string) => readFileSync(new URL(`../gateway/rest/v1/${name}.graphql`, import.meta.url), 'utf8');

type Mode = 'direct' | 'pooled';

/** No read-through cache: every request runs its statements. */
const UNCACHED: Cache = {
  kind: 'memory',
  getOrLoad: (_namespace, _key, load) => load(),
  invalidate: async () => {},
  stats: async () => ({}),
  close: async () => {},
};
interface Figures {
  rps: number;
  p50: number;
  statements_per_request: number;
  transactions_per_request: number;
  server_connections_max: number;
  server_connections_active_avg: number;
  cpu_ms_per_request: number;
}

const CASES = (ids: { teamId: number }) => [
  {
    name: 'teams',
    label: 'ListTeams (read, 2 subgraphs)',
    body: { query: op('ListTeams'), variables: { limit: 100 } },
  },
  {
    name: 'team',
    label: 'team + profile, blackouts, home venue (read, 2 subgraphs)',
    body: {
      query: `query Team($id: ID!) { team(id: $id) { name profile { maxGamesPerWeek minRestDays }
        blackouts { startDate endDate severity } homeVenue { name capacity } } }`,
      variables: { id: String(ids.teamId) },
    },
  },
  {
    name: 'create_blackout',
    label: 'createBlackout (write)',
    body: {
      query: 'mutation ($input: CreateBlackoutInput!) { createBlackout(input: $input) { id } }',
      variables: {
        input: { teamId: String(ids.teamId), startDate: '2026-03-02', endDate: '2026-03-03', reason: 'bench' },
      },
    },
  },
];

async function startStack(db: Database): Promise<{ url: string; stop(): Promise<void> }> {
  const running: RunningSubgraph[] = [];
  for (const def of subgraphs) running.push(await startSubgraph(def, { db, port: 0, logger: quiet }));
  const { supergraphSdl } = composeSupergraph(running.map((r, i) => ({ ...r, typeDefs: subgraphs[i].typeDefs })));
  const gateway: GatewayApp = await createGatewayApp({
    supergraphSdl,
    subgraphUrls: Object.fromEntries(running.map((r) => [r.name, r.url])),
    logger: quiet,
    defaultMetrics: false,
    // identical requests in flight would share one execution: every request runs its own here
    dedupeQueries: false,
    dedupeSubgraphFetches: false,
    auth: { apiKeys: parseApiKeys(`${hashApiKey(KEY)}:1:scheduler`), jwt: null },
    rateLimit: { limit: 0, windowMs: 60_000, store: new MemoryRateLimitStore() },
  });
  const url = await gateway.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    async stop() {
      await gateway.close();
      for (const r of running) await r.stop();
    },
  };
}

async function main() {
  if (!process.env.DATABASE_URL)
    throw new Error('bench:pooling needs DATABASE_URL (a PostgreSQL server, not PgBouncer)');
  process.env.FLEXTIME_INTERNAL_SECRET ||= randomBytes(32).toString('base64url');
  const server = new URL(process.env.DATABASE_URL);
  const name = `flextime_bench_pooling_${Date.now()}`;
  const names: Record<Mode, string> = { direct: name, pooled: `${name}_pooled` };
  const owner = postgres(server.toString(), { max: 1, onnotice: () => {} });
  await owner.unsafe(`CREATE DATABASE ${name}`);
  const urlOf = (database: string, port?: string) => {
    const url = new URL(server.toString());
    url.pathname = `/${database}`;
    if (port) url.port = port;
    return url.toString();
  };
  const watch = postgres(server.toString(), { max: 1, onnotice: () => {}, fetch_types: false });
  setCache(UNCACHED);
  const bouncerDir = mkdtempSync(join(tmpdir(), 'flextime-bench-pgbouncer-'));
  const statements = { n: 0 };
  const transactions = { n: 0 };
  const onQuery = () => {
    statements.n++;
  };
  const opened: Database[] = []; // closed at the end
  const stacks: Array<{ stop(): Promise<void> }> = [];
  try {
    const setup = await openDatabase({ url: urlOf(name) });
    await migrate(setup);
    await seed(setup);
    const [team] = await setup.admin((tx) =>
      rows<{ team_id: number }>(tx, sql`select team_id from shared_data.teams where conference_id = 1 limit 1`),
    );
    await setup.close();
    await owner.unsafe(`CREATE DATABASE ${names.pooled} TEMPLATE ${name}`);
    const port = execFileSync(new URL('../.ci/start-pgbouncer', import.meta.url).pathname, [bouncerDir], {
      encoding: 'utf8',
    }).trim();
    const dbs: Record<Mode, Database> = {
      direct: await openDatabase({ url: urlOf(names.direct), onQuery }),
      pooled: await openDatabase({
        url: urlOf(names.pooled, port),
        pooling: 'transaction',
        directUrl: urlOf(names.pooled),
        onQuery,
      }),
    };
    opened.push(dbs.direct, dbs.pooled);
    const urls = {} as Record<Mode, string>;
    for (const mode of ['direct', 'pooled'] as const) {
      const stack = await startStack(countingTransactions(dbs[mode], transactions));
      stacks.push(stack);
      urls[mode] = stack.url;
    }
    console.log(
      `bench:pooling — ${DURATION}s per request type and mode (${ROUNDS} alternating slices), ${CONNECTIONS} connections`,
    );
    const results: Record<string, Record<Mode, Figures> & { ratio: number }> = {};
    for (const c of CASES({ teamId: Number(team.team_id) })) {
      const sums = { direct: emptySums(), pooled: emptySums() };
      const order = Array.from({ length: ROUNDS }, () => ['direct', 'pooled'] as const).flat();
      for (const mode of order) {
        const request = {
          url: urls[mode],
          method: 'POST' as const,
          headers: { 'content-type': 'application/json', 'x-api-key': KEY },
          body: JSON.stringify(c.body),
        };
        const probe = await fetch(request.url, request);
        const answer = (await probe.json()) as { errors?: unknown };
        if (answer.errors) throw new Error(`${c.label}: ${JSON.stringify(answer.errors).slice(0, 300)}`);
        await autocannon({ ...request, amount: 40, connections: 2 }); // warm plans, pools, JIT
        statements.n = 0;
        transactions.n = 0;
        const cpu = process.cpuUsage();
        const samples: Array<{ total: number; active: number }> = [];
        const sampler = setInterval(() => {
          watch`select count(*)::int as total, count(*) filter (where state = 'active')::int as active
                from pg_stat_activity where datname = ${names[mode]}`.then(
            ([r]) => samples.push({ total: r.total, active: r.active }),
            () => {},
          );
        }, 100);
        const result = await autocannon({ ...request, duration: SLICE, connections: CONNECTIONS });
        clearInterval(sampler);
        const used = process.cpuUsage(cpu);
        const s = sums[mode];
        s.requests += result.requests.total;
        s.seconds += SLICE;
        s.p50.push((result.latency as unknown as Record<string, number>).p50);
        s.statements += statements.n;
        s.transactions += transactions.n;
        s.cpuMs += (used.user + used.system) / 1000;
        s.errors += result.errors + result.non2xx;
        for (const x of samples) {
          s.connMax = Math.max(s.connMax, x.total);
          s.active.push(x.active);
        }
      }
      const figures = { direct: toFigures(sums.direct), pooled: toFigures(sums.pooled) };
      const ratio = figures.direct.rps ? Number((figures.pooled.rps / figures.direct.rps).toFixed(3)) : 0;
      results[c.name] = { ...figures, ratio };
      for (const mode of ['direct', 'pooled'] as const) {
        if (sums[mode].errors) throw new Error(`${c.label} (${mode}): ${sums[mode].errors} failed requests`);
      }
      console.log(`${c.label}`);
      for (const mode of ['direct', 'pooled'] as const) {
        const f = figures[mode];
        console.log(
          `  ${mode.padEnd(6)} ${f.rps} req/s  p50 ${f.p50} ms  ${f.statements_per_request} statements and ` +
            `${f.transactions_per_request} transactions per request  server connections max ${f.server_connections_max} ` +
            `(active avg ${f.server_connections_active_avg})  ${f.cpu_ms_per_request} ms CPU per request`,
        );
      }
      console.log(`  pooled/direct throughput ${ratio}`);
    }
    console.log(
      JSON.stringify({
        bench: 'pooling',
        duration_s: DURATION,
        rounds: ROUNDS,
        connections: CONNECTIONS,
        pgbouncer_pool: 10,
        results,
      }),
    );
  } finally {
    for (const stack of stacks) await stack.stop().catch(() => {});
    for (const db of opened) await db.close().catch(() => {});
    try {
      process.kill(Number(readFileSync(join(bouncerDir, 'pgbouncer.pid'), 'utf8')));
    } catch {
      // not started
    }
    rmSync(bouncerDir, { recursive: true, force: true });
    await watch.end();
    for (const database of Object.values(names)) await owner.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await owner.end();
  }
}

function emptySums() {
  return {
    requests: 0,
    seconds: 0,
    p50: [] as number[],
    statements: 0,
    transactions: 0,
    cpuMs: 0,
    errors: 0,
    connMax: 0,
    active: [] as number[],
  };
}

function toFigures(s: ReturnType<typeof emptySums>): Figures {
  const per = (x: number) => (s.requests ? Number((x / s.requests).toFixed(2)) : 0);
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    rps: Math.round(s.requests / s.seconds),
    p50: Number(avg(s.p50).toFixed(1)),
    statements_per_request: per(s.statements),
    transactions_per_request: per(s.transactions),
    server_connections_max: s.connMax,
    server_connections_active_avg: Number(avg(s.active).toFixed(1)),
    cpu_ms_per_request: per(s.cpuMs),
  };
}

/** `db`, its service transactions counted in `count.n`. */
function countingTransactions(db: Database, count: { n: number }): Database {
  return {
    ...db,
    service(name) {
      const service = db.service(name);
      return {
        service: service.service,
        run(fn, opts) {
          count.n++;
          return service.run(fn, opts);
        },
      };
    },
  };
}

await main();
