// bench:generate — a generation job end to end for Big 12 men's basketball: POST /api/v2/schedule-generation/requests
// (answers 202 at once), the worker reads teams, windows, blackouts, venue unavailability and the constraint profile
// through the gateway, runs the engine on a thread with a time budget, stores the version with its 144 games and
// metrics; polled on GET /requests/{id}. Baseline measured in the same run: the engine alone on the same problem and
// budget (no I/O), so the ratio is the service overhead. Goal: 0 hard violations.
//   npm run bench:generate [-- --seconds 20]       (PGlite + in-process queue; DATABASE_URL / REDIS_URL when set)
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { EPHEMERAL_PORTS, prepareDatabase, startStack } from '../bin/commands/start.ts';
import { openDatabase } from '../db/index.ts';
import { optimizeSchedule } from '../scheduling/index.ts';
import { buildProblem } from '../subgraphs/schedule-generation/generation/build-problem.ts';
import { closeJobs, configureJobs } from '../subgraphs/schedule-generation/generation/runtime.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 20);
const SEED = arg('seed', 1);

const KEY = 'bench-generate-key';
process.env.FLEXTIME_API_KEYS = `${createHash('sha256').update(KEY).digest('hex')}:*`;
const logger = pino({ level: 'warn' });
const db = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir: 'memory://' });
await prepareDatabase(db, logger);
const stack = await startStack({
  db,
  logger,
  ports: EPHEMERAL_PORTS,
});
process.env.GATEWAY_URL = stack.gatewayUrl;
configureJobs(db, { logger, prefix: `flextime-bench-${process.pid}` });
const base = stack.gatewayUrl.replace(/\/graphql$/, '');
console.error(
  `stack up: ${stack.gatewayUrl} (database ${db.kind}, queue ${process.env.REDIS_URL ? 'BullMQ' : 'in-process'})`,
);

async function rest(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-api-key': KEY, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

try {
  const gq = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: '{ teams(sportCode: "MBB", limit: 1) { nodes { sport { id } conference { id } } } }',
    }),
  });
  const n = (
    (await gq.json()) as { data: { teams: { nodes: Array<{ sport: { id: string }; conference: { id: string } }> } } }
  ).data.teams.nodes[0];

  // warm-up: one tiny job (first requests pay for query planning and connection set-up)
  const warm = performance.now();
  const w = await rest('POST', '/api/v2/schedule-generation/requests', {
    request_name: 'warm-up',
    sport_id: Number(n.sport.id),
    season_id: 2,
    conference_id: Number(n.conference.id),
    generation_parameters: { iterations: 1_000 },
  });
  const coldAnswerMs = performance.now() - warm;
  for (;;) {
    const r = await rest('GET', `/api/v2/schedule-generation/requests/${w.body.request_id}`);
    if (['completed', 'failed', 'cancelled'].includes(String(r.body.status))) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  const t0 = performance.now();
  const created = await rest('POST', '/api/v2/schedule-generation/requests', {
    request_name: 'Big 12 MBB 2025-26 (bench)',
    sport_id: Number(n.sport.id),
    season_id: 2,
    conference_id: Number(n.conference.id),
    generation_parameters: { seconds: SECONDS, seed: SEED },
  });
  const answerMs = performance.now() - t0;
  if (created.status !== 202)
    throw new Error(`POST /requests answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.request_id;
  let done: Record<string, unknown> | undefined;
  let lastPrint = 0;
  while (!done) {
    await new Promise((r) => setTimeout(r, 250));
    const r = await rest('GET', `/api/v2/schedule-generation/requests/${id}`);
    const job = (r.body.jobs as Array<Record<string, unknown>>)[0];
    if (performance.now() - lastPrint > 2000) {
      lastPrint = performance.now();
      console.error(
        `  ${((performance.now() - t0) / 1000).toFixed(1)} s: ${job.status} ${Number(job.progress).toFixed(0)}% best cost ${job.best_cost ?? '–'} hard ${job.hard_violations ?? '–'}`,
      );
    }
    if (['completed', 'failed', 'cancelled'].includes(String(r.body.status))) done = r.body;
  }
  const totalS = (performance.now() - t0) / 1000;
  const job = (done.jobs as Array<Record<string, unknown>>)[0];
  if (done.status !== 'completed') throw new Error(`generation ${done.status}: ${done.error_message}`);

  const metrics = await db.admin(async (tx) => {
    const { sql } = await import('drizzle-orm');
    const { rows } = await import('../db/index.ts');
    return rows<{ metric_name: string; metric_value: number }>(
      tx,
      sql`select metric_name, metric_value from schedule_generation.schedule_optimization_metrics
          where version_id = ${Number(job.result_version_id)}`,
    );
  });
  const m = Object.fromEntries(metrics.map((r) => [r.metric_name, Number(r.metric_value)]));

  // baseline: the engine alone, same problem (built through the gateway as the worker does) and budget
  const built = await buildProblem(
    { name: 'baseline', sportId: Number(n.sport.id), seasonId: 2, conferenceId: Number(n.conference.id) },
    {},
    { url: stack.gatewayUrl },
  );
  const b0 = performance.now();
  const engine = optimizeSchedule(built.problem, { seconds: SECONDS, seed: SEED });
  const engineS = (performance.now() - b0) / 1000;

  const result = {
    teams: built.teams.length,
    games: m.games,
    budget_seconds: SECONDS,
    answer_202_ms: Math.round(answerMs * 10) / 10,
    answer_202_cold_ms: Math.round(coldAnswerMs * 10) / 10,
    end_to_end_seconds: Math.round(totalS * 100) / 100,
    hard_violations: m.hard_violations,
    soft_penalty: Math.round(m.soft_penalty),
    iterations: m.iterations,
    engine_alone_seconds: Math.round(engineS * 100) / 100,
    engine_alone_hard_violations: engine.hardViolations,
    engine_alone_soft_penalty: Math.round(engine.softPenalty),
    ratio_end_to_end_vs_engine: Math.round((totalS / engineS) * 100) / 100,
    zero_hard_violations: m.hard_violations === 0,
    database: db.kind,
    queue: process.env.REDIS_URL ? 'bullmq' : 'memory',
  };
  console.error(
    `job: 202 in ${result.answer_202_ms} ms, done in ${result.end_to_end_seconds} s, ${result.hard_violations} hard violations, soft ${result.soft_penalty} (engine alone: ${result.engine_alone_seconds} s, ${result.engine_alone_hard_violations} hard)`,
  );
  console.log(JSON.stringify(result));
} finally {
  await closeJobs(db);
  await stack.stop();
  await db.close();
}
