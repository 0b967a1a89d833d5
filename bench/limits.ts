// npm run bench:limits — can one expensive ACCEPTED query stall everybody else? Target: /health p99 ≤ 50 ms while
// the worst queries the limits let through run (issue 17, item 5).
//
// Starts `flextime start` in a child process exactly as `npm start` does (one process: gateway, four subgraphs and the
// embedded PGlite database, in a temporary data directory), creates a Big 12 schedule with a double round robin of
// games through the API, then for each query below keeps BENCH_CONCURRENCY copies in flight for BENCH_DURATION
// seconds while polling /health every 10 ms, and reports /health p50/p99/max beside the query's own latency:
//   largest   — just under the token and byte limits (one field repeated: the validator compares every pair)
//   aliases   — the maximum number of aliases, each a team list with its games, home and away teams (as many as the
//               cost limit lets through)
//   aliases-new — the same, renamed on every request: a new document each time, so the query planner runs every time
//   deepest   — the maximum depth, hopping Team → Game → Team → Venue → Game … across three subgraphs
//   refused   — a 900 KB query and 1,000 aliases (refused before parsing), alternately
// Queries run without a conference (an operator: every read is audited), the heaviest path there is.
// Env: BENCH_DURATION (seconds per phase, default 10), BENCH_PHASES (comma list, default all), BENCH_CONCURRENCY (queries in flight, default 1: one expensive
// query at a time, back to back). Last stdout line: JSON.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_AUTH_FILE } from '../bin/commands/local-auth.ts';
import { checkDocument, DEFAULT_DOCUMENT_LIMITS } from '../subgraphs/kit/document-limits.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
const HEALTH_TARGET_MS = 50;
const LIMITS = DEFAULT_DOCUMENT_LIMITS;
/** The local admin key `flextime start` wrote into its data directory (an operator: every read is audited). */
let apiKey = '';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (n: number) => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function graphql(url: string, query: string, variables: Record<string, unknown> = {}, conference?: number) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': apiKey,
      ...(conference ? { 'x-conference-id': String(conference) } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLAnswer };
}

/** The data of an operation that must succeed (setup steps). */
async function mustData<T>(url: string, query: string, variables: Record<string, unknown> = {}, conference?: number) {
  const { body } = await graphql(url, query, variables, conference);
  if (body.errors?.length || !body.data) throw new Error(`${query.slice(0, 60)}: ${body.errors?.[0]?.message}`);
  return body.data as T;
}

async function startFlextime(): Promise<{ child: ChildProcess; base: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'flextime-bench-limits-'));
  const ports = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: '',
    REDIS_URL: '',
    FLEXTIME_DATA_DIR: join(dir, 'pgdata'),
    LOG_LEVEL: 'warn',
    // the per-principal rate limit (600/min) would answer most of these back-to-back queries with 429
    FLEXTIME_RATE_LIMIT: '0',
    GATEWAY_PORT: String(ports[0]),
    TEAM_AVAILABILITY_PORT: String(ports[1]),
    VENUE_MANAGEMENT_PORT: String(ports[2]),
    CONSTRAINT_VALIDATION_PORT: String(ports[3]),
    SCHEDULE_GENERATION_PORT: String(ports[4]),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/flextime.ts', 'start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${ports[0]}`;
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`flextime start exited with ${child.exitCode}`);
    const ready = await fetch(`${base}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) {
      apiKey = (JSON.parse(readFileSync(join(dir, 'pgdata', LOCAL_AUTH_FILE), 'utf8')) as { adminKey: string })
        .adminKey;
      break;
    }
    if (Date.now() > deadline) throw new Error('flextime start was not ready within 15 minutes');
    await sleep(500);
  }
  return {
    child,
    base,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Big 12 schedule with a double round robin of one sport's teams, created through the API (the user's path). */
async function createSchedule(url: string): Promise<{ scheduleId: string; teamCount: number; games: number }> {
  const seed = await mustData<{ seasons: { id: string }[]; teams: { nodes: { id: string; sport: { id: string } }[] } }>(
    url,
    '{ seasons { id } teams(limit: 100, conferenceId: 1) { nodes { id sport { id } } } }',
  );
  const teams = seed.teams.nodes;
  const bySport = new Map<string, string[]>();
  for (const t of teams) bySport.set(t.sport.id, [...(bySport.get(t.sport.id) ?? []), t.id]);
  const [sportId, ids] = [...bySport.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  const seasonId = seed.seasons[0].id;
  const created = await mustData<{ createSchedule: { id: string } }>(
    url,
    'mutation ($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }',
    { input: { name: 'bench:limits', sportId, seasonId, conferenceId: '1' } },
    1,
  );
  const scheduleId = created.createSchedule.id;
  let games = 0;
  const day = Date.parse('2026-01-03T00:00:00Z');
  for (let i = 0; i < ids.length; i++) {
    for (let j = 0; j < ids.length; j++) {
      if (i === j) continue;
      const date = new Date(day + ((i * ids.length + j) % 120) * 86_400_000).toISOString().slice(0, 10);
      await mustData(
        url,
        'mutation ($input: CreateGameInput!) { createGame(input: $input) { id } }',
        { input: { scheduleId, homeTeamId: ids[i], awayTeamId: ids[j], date } },
        1,
      );
      games++;
    }
  }
  return { scheduleId, teamCount: ids.length, games };
}

/** One field repeated `n` times under 100 teams: the validator compares the copies pairwise. */
const repeatedField = (n: number) => `{ teams(limit: 100) { nodes { id ${'name '.repeat(n)}} } }`;

/**
 * The most copies the gateway accepts: at most the token limit allows (14 tokens are the frame), and graphql-js's
 * own overlapping-fields budget refuses ("Validation aborted") somewhat fewer; binary search for the edge.
 */
async function largestAccepted(url: string): Promise<number> {
  let accepted = 1;
  let refused = LIMITS.maxTokens - 14 + 1;
  while (refused - accepted > 1) {
    const n = Math.floor((accepted + refused) / 2);
    const { body } = await graphql(url, repeatedField(n));
    if (body.errors?.length) refused = n;
    else accepted = n;
  }
  return accepted;
}

function worstQueries(scheduleId: string, largestRepeats: number): Record<string, string[]> {
  const largest = repeatedField(largestRepeats);
  // each alias costs 6 + 6 + 6 + 3 × 120 = 378: 15 of them (the alias limit), 5670, just under GATEWAY_MAX_COST (6000)
  const perAlias = (i: number) =>
    `a${i}: teams(limit: 6) { nodes { name homeVenue { name } games(scheduleId: ${scheduleId}, first: 20) { date home { name } away { name } } } }`;
  const aliases = `{ ${Array.from({ length: LIMITS.maxAliases }, (_, i) => perAlias(i)).join(' ')} }`;
  // depth 12: teams › nodes › games › home › homeVenue › games › away › venues › games › venue › name … (+ leaf)
  const deepest = `{ teams(limit: 4) { nodes { games(scheduleId: ${scheduleId}, first: 2) { home { homeVenue { games(first: 2) {
    away { venues { games(first: 2) { home { homeVenue { name } } } } } } } } } } } }`;
  const refused900k = `{ ${'__typename '.repeat(900_000 / 11)}}`;
  const refusedAliases = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}:__typename`).join(' ')} }`;
  // the same aliases under names never seen before: every request is a new document, planned from scratch
  const newAliases = Array.from({ length: 20 }, (_, k) => aliases.replace(/\ba(\d+): /g, `n${k}_$1: `));
  return {
    largest: [largest],
    aliases: [aliases],
    'aliases-new': newAliases,
    deepest: [deepest],
    refused: [refused900k, refusedAliases],
  };
}

interface PhaseResult {
  phase: string;
  queries: number;
  /** Accepted queries that failed, or refused ones that ran: must be 0 for the phase to mean anything. */
  unexpectedAnswers: number;
  queryP50Ms: number;
  queryP99Ms: number;
  healthSamples: number;
  healthP50Ms: number;
  healthP99Ms: number;
  healthMaxMs: number;
}

async function phase(base: string, name: string, queries: string[]): Promise<PhaseResult> {
  const url = `${base}/graphql`;
  const until = Date.now() + DURATION_S * 1000;
  const health: number[] = [];
  const latencies: number[] = [];
  const poll = (async () => {
    while (Date.now() < until) {
      const started = performance.now();
      await fetch(`${base}/health`).then((r) => r.arrayBuffer());
      health.push(performance.now() - started);
      await sleep(10);
    }
  })();
  let n = 0;
  let unexpected = 0;
  const workers = queries.length
    ? Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < until) {
          const i = n++;
          // past the listed documents, `aliases-new` keeps renaming so that no document repeats
          const query =
            name === 'aliases-new'
              ? queries[i % queries.length].replace(/\bn(\d+)_/g, `n${i}_`)
              : queries[i % queries.length];
          const started = performance.now();
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
            body: JSON.stringify({ query }),
          });
          const answer = (await res.json()) as GraphQLAnswer;
          // an accepted query must really have run; the refused phase must really have been refused
          if ((name === 'refused') === (res.status === 200 && !answer.errors?.length)) unexpected++;
          latencies.push(performance.now() - started);
        }
      })
    : [];
  await Promise.all([poll, ...workers]);
  health.sort((a, b) => a - b);
  latencies.sort((a, b) => a - b);
  return {
    phase: name,
    queries: latencies.length,
    unexpectedAnswers: unexpected,
    queryP50Ms: round(percentile(latencies, 50)),
    queryP99Ms: round(percentile(latencies, 99)),
    healthSamples: health.length,
    healthP50Ms: round(percentile(health, 50)),
    healthP99Ms: round(percentile(health, 99)),
    healthMaxMs: round(health.at(-1) ?? Number.NaN),
  };
}

async function main(): Promise<void> {
  console.log(
    `bench:limits — starting flextime (embedded database), ${DURATION_S} s per phase, ${CONCURRENCY} in flight`,
  );
  const flextime = await startFlextime();
  try {
    const url = `${flextime.base}/graphql`;
    const schedule = await createSchedule(url);
    console.log(`schedule ${schedule.scheduleId}: ${schedule.teamCount} teams, ${schedule.games} games`);
    const repeats = await largestAccepted(url);
    console.log(`largest accepted: ${repeats} copies of one field (the token limit allows ${LIMITS.maxTokens - 14})`);
    const queries = worstQueries(schedule.scheduleId, repeats);
    for (const [name, [query]] of Object.entries(queries)) {
      const res = await graphql(url, query);
      const refused = checkDocument(query, LIMITS);
      const bytes = Buffer.byteLength(query);
      const outcome = res.body.errors?.[0]?.extensions?.code ?? 'accepted';
      console.log(`  ${name.padEnd(9)} ${String(bytes).padStart(7)} bytes  ${res.status} ${outcome}`);
      if ((name === 'refused') !== (refused !== null) || (name !== 'refused' && res.body.errors)) {
        throw new Error(`${name}: expected ${name === 'refused' ? 'refusal' : 'acceptance'}, got ${outcome}`);
      }
    }
    const results = [await phase(flextime.base, 'idle', [])];
    const only = process.env.BENCH_PHASES?.split(',');
    for (const [name, list] of Object.entries(queries)) {
      if (!only || only.includes(name)) results.push(await phase(flextime.base, name, list));
    }
    console.log('\nphase      queries (unexpected)  query p50/p99 ms   /health samples  p50  p99  max ms');
    for (const r of results) {
      console.log(
        `${r.phase.padEnd(10)} ${String(r.queries).padStart(7)} (${r.unexpectedAnswers})  ${`${r.queryP50Ms}/${r.queryP99Ms}`.padStart(16)}   ${String(r.healthSamples).padStart(15)}  ${r.healthP50Ms}  ${r.healthP99Ms}  ${r.healthMaxMs}`,
      );
    }
    const worstP99 = Math.max(...results.map((r) => r.healthP99Ms));
    const unexpected = results.reduce((sum, r) => sum + r.unexpectedAnswers, 0);
    if (unexpected) console.log(`${unexpected} answers were not what the phase expects: the figures are void`);
    const pass = worstP99 <= HEALTH_TARGET_MS && unexpected === 0;
    console.log(
      `\n/health p99 worst phase: ${worstP99} ms (target ≤ ${HEALTH_TARGET_MS} ms): ${pass ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      JSON.stringify({
        bench: 'limits',
        durationS: DURATION_S,
        concurrency: CONCURRENCY,
        limits: LIMITS,
        schedule,
        results,
        worstP99,
        pass,
      }),
    );
    process.exitCode = pass ? 0 : 1;
  } finally {
    await flextime.stop();
  }
}

await main();
