// npm run bench:federation — the cost of federation, on real PostgreSQL (DATABASE_URL).
//
// Three representative queries, each through:
//   (a) this gateway (Apollo Gateway on Fastify, gateway/server.ts) as deployed: every request authenticated (an API
//       key) and every subgraph call carrying a signed statement the subgraphs verify — and the same gateway and
//       subgraphs with authentication off (gateway_noauth: the cost of the trust boundary, target ≥ 0.95×),
//   (b) Hive Gateway (@graphql-hive/gateway-runtime) serving the same supergraph against the same subgraphs,
//   (c) the monolith floor: one hand-written SQL join per query behind a bare node:http server.
// Every server runs in its own child process (the four subgraphs share one); autocannon drives them over loopback
// from this process, one target at a time, for a bounded duration. Prints p50, p95, req/s and the ratios; the last
// stdout line is one JSON object.
//
// Env: DATABASE_URL (required; a scratch database is created on its server and dropped afterwards),
//      BENCH_DURATION (seconds per measurement, default 5), BENCH_CONNECTIONS (default 10),
//      BENCH_AUTH_ROUNDS (interleaved rounds of the auth/no-auth comparison, default 6, 2 s per target each),
//      BENCH_OPERATOR_KEY=true (an operator key instead of the conference's: every read is then audited, one insert
//      per subgraph fetch, by design — issue 17 item 7).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { pino } from 'pino';
import postgres from 'postgres';
import { subgraphSources } from '../bin/commands/compose.ts';
import { openDatabase } from '../db/index.ts';
import { hashApiKey } from '../gateway/auth/index.ts';
import { composeSupergraph } from '../gateway/composition.ts';
import { createGatewayApp } from '../gateway/server.ts';
import { createProcessDependencies } from '../subgraphs/dependencies.ts';
import { startSubgraph, subgraphs } from '../subgraphs/index.ts';
import { type Ids, prepareDatabase, QUERIES, type QueryName } from './federation-queries.ts';

const SELF = fileURLToPath(import.meta.url);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const quiet = pino({ level: 'warn' });
/** The key the authenticated gateway accepts: the Big 12's own (a conference's dashboard), or an operator's. */
const OPERATOR_KEY = process.env.BENCH_OPERATOR_KEY === 'true';
const AUTH_ROUNDS = Number(process.env.BENCH_AUTH_ROUNDS ?? 6);
/** The baseline's principal: the same conference as the key (children read it from BENCH_CONFERENCE). */
const baselineConference = (): number | null =>
  process.env.BENCH_CONFERENCE ? Number(process.env.BENCH_CONFERENCE) : null;
const BENCH_KEY = `bench-${randomBytes(12).toString('hex')}`;

// ---------------------------------------------------------------------------------------------------------------
// Child process roles. Each prints one line `READY <json>` once it listens.

function ready(info: object): void {
  process.stdout.write(`READY ${JSON.stringify(info)}\n`);
}

async function roleSubgraphs(): Promise<void> {
  const db = await openDatabase({ url: process.env.DATABASE_URL, poolSize: 20 });
  const urls: Record<string, string> = {};
  const openUrls: Record<string, string> = {};
  const deps = createProcessDependencies(db, { logger: quiet, generation: { worker: false, logger: quiet } });
  for (const def of subgraphs) {
    urls[def.name] = (await startSubgraph(def, { deps, port: 0, logger: quiet })).url;
    // the same subgraph with statement verification off: the unauthenticated baseline's (and Hive's) upstream
    openUrls[def.name] = (
      await startSubgraph(def, {
        deps,
        port: 0,
        logger: quiet,
        benchmarkWithoutVerification: { conferenceId: baselineConference() },
      })
    ).url;
  }
  ready({ urls, openUrls });
}

async function roleGateway(): Promise<void> {
  const subgraphUrls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? '{}') as Record<string, string>;
  const gw = await createGatewayApp({
    subgraphUrls,
    logger: quiet,
    benchmarkWithoutAuthentication:
      process.env.BENCH_NO_AUTH === 'true' ? { conferenceId: baselineConference() } : undefined,
  });
  ready({ url: await gw.listen({ port: 0 }) });
}

async function roleHive(): Promise<void> {
  const { createGatewayRuntime } = await import('@graphql-hive/gateway-runtime');
  const runtime = createGatewayRuntime({
    supergraph: process.env.BENCH_SUPERGRAPH_FILE ?? '',
    logging: 'warn',
    inboundInflightRequestDeduplication: process.env.BENCH_HIVE_DEDUPE === 'true',
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ready({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` });
}

async function roleSql(): Promise<void> {
  const sql = postgres(process.env.DATABASE_URL ?? '', { max: 10, onnotice: () => {} });
  const ids = JSON.parse(process.env.BENCH_IDS ?? '{}') as Ids;
  const server = createServer((req, res) => {
    const name = (req.url ?? '').slice(1) as QueryName;
    const q = QUERIES[name];
    req.resume();
    req.on('end', async () => {
      if (!q) {
        res.writeHead(404).end();
        return;
      }
      try {
        const rows = await sql.unsafe(q.sql, q.params(ids));
        const data = name === 'teams' ? { teams: { nodes: rows } } : { [name]: rows[0] ?? null };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ready({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

// ---------------------------------------------------------------------------------------------------------------
// The orchestrator.

const children: ChildProcess[] = [];

/** CPU milliseconds (user + system) a process has used so far, from /proc (Linux; NaN elsewhere). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // fields[11], fields[12]: utime, stime in clock ticks (USER_HZ, 100 on Linux)
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

function startChild(role: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, role], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /^READY (.*)$/m.exec(buffer);
      if (match) resolve({ ...JSON.parse(match[1]), pid: child.pid });
    });
    child.once('exit', (code) => reject(new Error(`${role} exited with code ${code} before it was ready`)));
  });
}

interface Measured {
  p50: number;
  p95: number;
  rps: number;
  requests: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function load(url: string, body: string | undefined, seconds: number): Promise<Measured> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': BENCH_KEY },
        body,
        connections: CONNECTIONS,
        duration: seconds,
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    p50: round2(percentile(latencies, 50)),
    p95: round2(percentile(latencies, 95)),
    rps: round2(result.requests.total / seconds),
    requests: result.requests.total,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

async function post(url: string, body?: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': BENCH_KEY },
    body,
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

/** Size of the answer: number of objects in it (a cheap check that all three targets return the same amount). */
function countObjects(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countObjects(v), 0);
  if (value && typeof value === 'object')
    return 1 + Object.values(value).reduce((n: number, v) => n + countObjects(v), 0);
  return 0;
}

async function main(): Promise<void> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('bench:federation runs on real PostgreSQL: set DATABASE_URL');
  console.log(`bench:federation — ${DURATION}s per measurement, ${CONNECTIONS} connections, loopback`);
  const started = Date.now();
  const database = await prepareDatabase(baseUrl);
  const tmp = mkdtempSync(join(tmpdir(), 'flextime-bench-'));
  try {
    console.log(`database ready (migrated, seeded, 240-game schedule) in ${Date.now() - started} ms`);
    const env = {
      DATABASE_URL: database.url,
      BENCH_IDS: JSON.stringify(database.ids),
      FLEXTIME_INTERNAL_SECRET: randomBytes(32).toString('base64url'),
      FLEXTIME_API_KEYS: `${hashApiKey(BENCH_KEY)}:${OPERATOR_KEY ? '*' : database.ids.conferenceId}`,
      FLEXTIME_RATE_LIMIT: '0',
      BENCH_CONFERENCE: OPERATOR_KEY ? '' : String(database.ids.conferenceId),
    };
    const subgraphsChild = (await startChild('subgraphs', env)) as {
      urls: Record<string, string>;
      openUrls: Record<string, string>;
      pid: number;
    };
    const { urls, openUrls } = subgraphsChild;
    // Hive Gateway does not sign subgraph calls: it is pointed at the subgraphs that do not verify them
    const sources = subgraphSources().map((s) => ({ ...s, url: openUrls[s.name] }));
    const supergraphFile = join(tmp, 'supergraph.graphql');
    writeFileSync(supergraphFile, composeSupergraph(sources).supergraphSdl);
    const [ours, oursNoAuth, oursPlain, hive, hiveDedupe, floor] = await Promise.all([
      startChild('gateway', { ...env, BENCH_SUBGRAPH_URLS: JSON.stringify(urls) }),
      startChild('gateway', { ...env, BENCH_SUBGRAPH_URLS: JSON.stringify(openUrls), BENCH_NO_AUTH: 'true' }),
      startChild('gateway', {
        ...env,
        BENCH_SUBGRAPH_URLS: JSON.stringify(urls),
        GATEWAY_DEDUPE_QUERIES: 'false',
      }),
      startChild('hive', { ...env, BENCH_SUPERGRAPH_FILE: supergraphFile }),
      startChild('hive', { ...env, BENCH_SUPERGRAPH_FILE: supergraphFile, BENCH_HIVE_DEDUPE: 'true' }),
      startChild('sql', env),
    ]);
    const graphql = (url: unknown) => (q: QueryName) => ({
      url: url as string,
      body: JSON.stringify({ query: QUERIES[q].graphql, variables: QUERIES[q].variables(database.ids) }),
    });
    // gateway / hive: each at its defaults. Both share identical in-flight subgraph fetches; this gateway also shares
    // identical in-flight whole queries, Hive only when asked. Like for like: gateway_fetchdedupe (whole-query sharing
    // off) vs hive, and gateway vs hive_dedupe (Hive's inboundInflightRequestDeduplication on).
    const targets = {
      gateway: graphql(ours.url),
      gateway_noauth: graphql(oursNoAuth.url),
      gateway_fetchdedupe: graphql(oursPlain.url),
      hive: graphql(hive.url),
      hive_dedupe: graphql(hiveDedupe.url),
      sql: (q: QueryName) => ({ url: `${floor.url as string}/${q}`, body: undefined as string | undefined }),
    };
    type Target = keyof typeof targets;

    // Correctness first: every target answers every query without errors and with the same amount of data.
    for (const q of Object.keys(QUERIES) as QueryName[]) {
      const sizes: string[] = [];
      for (const target of Object.keys(targets) as Target[]) {
        const { url, body } = targets[target](q);
        const answer = await post(url, body);
        if (answer.errors?.length || !answer.data) {
          throw new Error(`${target} ${q}: ${JSON.stringify(answer.errors ?? answer).slice(0, 500)}`);
        }
        sizes.push(`${target}=${countObjects(answer.data)}`);
      }
      console.log(`  ${q}: objects in the answer ${sizes.join(' ')}`);
    }

    const results = {} as Record<QueryName, Record<Target, Measured>>;
    for (const q of Object.keys(QUERIES) as QueryName[]) {
      results[q] = {} as Record<Target, Measured>;
      for (const target of Object.keys(targets) as Target[]) {
        const { url, body } = targets[target](q);
        await load(url, body, 1); // warm-up: JIT, query plans, connection pools
        results[q][target] = await load(url, body, DURATION);
        const m = results[q][target];
        console.log(
          `  ${q.padEnd(8)} ${target.padEnd(8)} p50 ${String(m.p50).padStart(7)} ms  p95 ${String(m.p95).padStart(7)} ms  ` +
            `${String(m.rps).padStart(8)} req/s  (${m.requests} requests, ${m.errors} errors)`,
        );
      }
    }

    // The trust boundary's cost is a few percent, below the drift of a shared machine between two measurements taken
    // a minute apart: measure it interleaved (A B, B A, …, 2 s each) and compare the totals.
    // Beside it, the servers' own CPU time per request (gateway process + the subgraphs' process, read from /proc),
    // which other processes' load barely moves: on a CPU-bound server, throughput is its inverse.
    const authRatio = {} as Record<QueryName, number>;
    const authCpuRatio = {} as Record<QueryName, number>;
    const pids = { gateway: ours.pid as number, gateway_noauth: oursNoAuth.pid as number };
    const subgraphsPid = subgraphsChild.pid as number;
    for (const q of Object.keys(QUERIES) as QueryName[]) {
      const requests = { gateway: 0, gateway_noauth: 0 };
      const cpu = { gateway: 0, gateway_noauth: 0 };
      for (let round = 0; round < AUTH_ROUNDS; round++) {
        const order = round % 2 ? (['gateway_noauth', 'gateway'] as const) : (['gateway', 'gateway_noauth'] as const);
        for (const target of order) {
          const { url, body } = targets[target](q);
          const before = cpuMs(pids[target]) + cpuMs(subgraphsPid);
          const m = await load(url, body, 2);
          cpu[target] += cpuMs(pids[target]) + cpuMs(subgraphsPid) - before;
          requests[target] += m.requests;
        }
      }
      authRatio[q] = round2(requests.gateway / requests.gateway_noauth);
      const perRequest = (t: keyof typeof cpu) => cpu[t] / requests[t];
      authCpuRatio[q] = round2(perRequest('gateway_noauth') / perRequest('gateway'));
      console.log(
        `  ${q.padEnd(8)} auth/no-auth interleaved over ${AUTH_ROUNDS} rounds: req/s ${authRatio[q]}×; ` +
          `server CPU per request ${round2(perRequest('gateway'))} vs ${round2(perRequest('gateway_noauth'))} ms ` +
          `(throughput implied ${authCpuRatio[q]}×)`,
      );
    }

    console.log('');
    console.log('p50 / p95 ms, req/s per target; ratios: gateway vs hive (both at defaults) and like for like');
    const summary: Record<string, unknown> = {};
    for (const q of Object.keys(QUERIES) as QueryName[]) {
      const r = results[q];
      const throughputVsHive = round2(r.gateway.rps / r.hive.rps);
      const throughputVsHiveDedupe = round2(r.gateway.rps / r.hive_dedupe.rps);
      const throughputFetchDedupeVsHive = round2(r.gateway_fetchdedupe.rps / r.hive.rps);
      const p50VsFloor = round2(r.gateway.p50 / r.sql.p50);
      const authThroughputRatio = authRatio[q];
      const authCpuThroughputRatio = authCpuRatio[q];
      const cells = (Object.keys(targets) as Target[]).map((t) => `${t} ${r[t].p50}/${r[t].p95}, ${r[t].rps}`);
      console.log(`${q.padEnd(9)} | ${cells.join(' | ')}`);
      console.log(
        `${''.padEnd(9)} | req/s gateway/hive ${throughputVsHive}×, gateway/hive_dedupe ${throughputVsHiveDedupe}×, ` +
          `gateway_fetchdedupe/hive ${throughputFetchDedupeVsHive}× | p50 gateway/SQL floor ${p50VsFloor}× | ` +
          `req/s with auth/without ${authThroughputRatio}×`,
      );
      summary[q] = {
        label: QUERIES[q].label,
        ...r,
        throughputVsHive,
        throughputVsHiveDedupe,
        throughputFetchDedupeVsHive,
        p50VsFloor,
        authThroughputRatio,
        authCpuThroughputRatio,
      };
    }
    const all = Object.values(summary) as {
      throughputVsHive: number;
      throughputVsHiveDedupe: number;
      throughputFetchDedupeVsHive: number;
      p50VsFloor: number;
      authThroughputRatio: number;
      authCpuThroughputRatio: number;
    }[];
    const verdict = {
      throughputAtLeastHive: all.every((s) => s.throughputVsHive >= 1),
      throughputAtLeastHiveLikeForLike: all.every(
        (s) => s.throughputVsHiveDedupe >= 1 && s.throughputFetchDedupeVsHive >= 1,
      ),
      p50WithinTwiceFloor: all.every((s) => s.p50VsFloor <= 2),
      authCostWithin5Percent: all.every((s) => s.authThroughputRatio >= 0.95),
      authCpuCostWithin5Percent: all.every((s) => s.authCpuThroughputRatio >= 0.95),
    };
    console.log(
      `targets: gateway req/s ≥ Hive on every query: ${verdict.throughputAtLeastHive} ` +
        `(like for like: ${verdict.throughputAtLeastHiveLikeForLike}); ` +
        `gateway p50 ≤ 2× SQL floor (incl. HTTP): ${verdict.p50WithinTwiceFloor}; ` +
        `authenticated req/s ≥ 0.95× unauthenticated: ${verdict.authCostWithin5Percent} ` +
        `(by server CPU per request: ${verdict.authCpuCostWithin5Percent})`,
    );
    console.log(
      JSON.stringify({
        bench: 'federation',
        durationSeconds: DURATION,
        connections: CONNECTIONS,
        key: OPERATOR_KEY ? 'operator' : 'conference',
        authRounds: AUTH_ROUNDS,
        queries: summary,
        ...verdict,
      }),
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await database.drop().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  }
}

const roles: Record<string, () => Promise<void>> = {
  subgraphs: roleSubgraphs,
  gateway: roleGateway,
  hive: roleHive,
  sql: roleSql,
};
const role = process.argv[2];
if (role) {
  const fn = roles[role];
  if (!fn) throw new Error(`unknown role '${role}'`);
  await fn();
  process.on('SIGTERM', () => process.exit(0));
} else {
  await main();
  process.exit(0);
}
