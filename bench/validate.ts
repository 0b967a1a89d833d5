// bench:validate — constraint validation of a full Big 12 men's basketball season (16 teams, 144 games) through the
// gateway: POST /graphql validateSchedule with the games inline, against the stored Big 12 profile (evaluators
// configured from the templates; blackouts, venue unavailability, teams and templates from the read-through cache).
// Baselines measured in the same run: a trivial query through the same gateway (the HTTP + federation floor) and
// the engine's evaluation alone (no I/O). Target: validate p50 ≤ 10 ms.
//   npm run bench:validate [-- --requests 300]      (PGlite; DATABASE_URL / REDIS_URL are used when set)
import { createHash, randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { EPHEMERAL_PORTS, prepareDatabase, startStack } from '../bin/commands/start.ts';
import { openDatabase } from '../db/index.ts';
import { BIG12_MBB_TEAMS, big12MbbProblem, evaluateSchedule, optimizeSchedule } from '../scheduling/index.ts';
import { createProcessDependencies } from '../subgraphs/dependencies.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('requests', 300);
const WARMUP = 30;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const r2 = (x: number) => Math.round(x * 100) / 100;

const KEY = 'bench-validate-key';
process.env.FLEXTIME_API_KEYS = `${createHash('sha256').update(KEY).digest('hex')}:*`;
// the gateway signs every subgraph call, and this bench's requests are not to be throttled
process.env.FLEXTIME_INTERNAL_SECRET ||= randomBytes(32).toString('base64url');
process.env.FLEXTIME_RATE_LIMIT = '0';
const logger = pino({ level: 'warn' });
const db = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir: 'memory://' });
if (process.env.DATABASE_URL)
  console.error('note: using DATABASE_URL as is (it must be a migrated or empty scratch database)');
await prepareDatabase(db, logger);
const deps = createProcessDependencies(db, {
  redisUrl: process.env.REDIS_URL || null,
  prefix: `flextime-bench-validate-${process.pid}`,
  logger,
  generation: false,
});
const stack = await startStack({
  deps,
  logger,
  ports: EPHEMERAL_PORTS,
});
process.env.GATEWAY_URL = stack.gatewayUrl;
console.error(
  `stack up: ${stack.gatewayUrl} (database ${db.kind}, cache ${process.env.REDIS_URL ? 'Redis' : 'in-process'})`,
);

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

try {
  const t = await gql<{ teams: { nodes: Array<{ id: string; abbreviation: string; sport: { id: string } }> } }>(
    '{ teams(sportCode: "MBB", limit: 100) { nodes { id abbreviation sport { id } } } }',
  );
  const ids = new Map(t.teams.nodes.map((n) => [n.abbreviation, n.id]));
  const sportId = t.teams.nodes[0].sport.id;
  const season = optimizeSchedule(big12MbbProblem(), { iterations: 200_000, seed: 1 });
  const games = season.games.map((g) => ({
    homeTeamId: ids.get(String(BIG12_MBB_TEAMS[g.home].id)),
    awayTeamId: ids.get(String(BIG12_MBB_TEAMS[g.away].id)),
    date: season.slots[g.slot].date,
  }));
  const VALIDATE = `mutation Validate($input: ValidateScheduleInput!) {
    validateSchedule(input: $input) { overallStatus totalViolations hardViolations softViolations results { type status violationCount } }
  }`;
  const input = { games, sportId, seasonId: '2' };

  const time = async (n: number, fn: () => Promise<unknown>) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
    return out;
  };
  const first = await gql<{ validateSchedule: { overallStatus: string; totalViolations: number; results: unknown[] } }>(
    VALIDATE,
    { input },
  );
  console.error(
    `season: ${games.length} games, ${first.validateSchedule.results.length} constraints, ${first.validateSchedule.overallStatus}, ${first.validateSchedule.totalViolations} violations`,
  );
  await time(WARMUP, () => gql(VALIDATE, { input }));
  await time(WARMUP, () => gql('query Floor { sports { id } }'));

  // interleaved so machine noise hits both alike
  const validate: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    validate.push(...(await time(1, () => gql(VALIDATE, { input }))));
    floor.push(...(await time(1, () => gql('query Floor { sports { id } }'))));
  }
  const problem = big12MbbProblem();
  const engine = await time(REQUESTS, async () =>
    evaluateSchedule({
      teams: problem.teams,
      slots: season.slots,
      games: season.games,
      constraints: problem.constraints,
    }),
  );

  const result = {
    games: games.length,
    constraints: first.validateSchedule.results.length,
    requests: REQUESTS,
    validate_p50_ms: r2(pct(validate, 50)),
    validate_p95_ms: r2(pct(validate, 95)),
    validate_p99_ms: r2(pct(validate, 99)),
    gateway_floor_p50_ms: r2(pct(floor, 50)),
    gateway_floor_p95_ms: r2(pct(floor, 95)),
    engine_eval_p50_ms: r2(pct(engine, 50)),
    ratio_validate_vs_floor_p50: r2(pct(validate, 50) / pct(floor, 50)),
    target_p50_ms: 10,
    meets_target: pct(validate, 50) <= 10,
    database: db.kind,
    cache: process.env.REDIS_URL ? 'redis' : 'memory',
  };
  console.error(
    `validate through the gateway: p50 ${result.validate_p50_ms} ms, p95 ${result.validate_p95_ms} ms (floor p50 ${result.gateway_floor_p50_ms} ms, engine alone ${result.engine_eval_p50_ms} ms)`,
  );
  console.log(JSON.stringify(result));
} finally {
  await stack.stop();
  await deps.close();
  await db.close();
}
