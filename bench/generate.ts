// bench:generate — a generation job end to end for Big 12 men's basketball: POST /api/v2/schedule-generation/requests
// (answers 202 at once), the worker reads teams, windows, blackouts, venue unavailability and the constraint profile
// through the gateway, runs the engine on a thread with a time budget, stores the version with its 144 games and
// metrics; polled on GET /requests/{id}; then validateSchedule (REST v2) on the stored schedule. The hard violations
// and the 9 home / 9 away split are RECOMPUTED from the stored games by test/support/big12-rules.ts, not taken from
// the engine. Baseline measured in the same run: the engine alone on the same problem and budget (no I/O), so the
// ratio is the service overhead. Goal: 0 hard violations.
//   npm run bench:generate [-- --seconds 20 --seed 1]       (PGlite + in-process queue; DATABASE_URL / REDIS_URL when set)
import { optimizeSchedule } from '../scheduling/index.ts';
import { MemoryCache } from '../subgraphs/kit/cache/index.ts';
import { buildProblem } from '../subgraphs/schedule-generation/generation/build-problem.ts';
import { big12HardViolations, homeAwayCounts } from '../test/support/big12-rules.ts';
import { big12Sport, scheduleGames } from '../test/support/big12-schedule.ts';
import { generateThroughRest, serviceHardViolations, startProductStack } from './product-path.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 20);
const SEED = arg('seed', 1);

const p = await startProductStack('generate');
try {
  const mbb = await big12Sport(p.db, p.gql, 'MBB');
  const request = (name: string, generation_parameters: Record<string, unknown>) => ({
    request_name: name,
    sport_id: Number(mbb.sportId),
    season_id: 2,
    conference_id: Number(mbb.conferenceId),
    generation_parameters,
  });

  // warm-up: one tiny job (first requests pay for query planning and connection set-up)
  const warm = await generateThroughRest(p, request('warm-up', { iterations: 1_000 }));
  const run = await generateThroughRest(
    p,
    request('Big 12 MBB 2025-26 (bench)', { seconds: SECONDS, seed: SEED }),
    (l) => console.error(`  ${l}`),
  );

  const games = await scheduleGames(p.gql, run.scheduleId);
  const recomputed = big12HardViolations(mbb.teams, games, mbb.rules);
  for (const v of recomputed) console.error(`  hard: ${v}`);
  const balanced = [...homeAwayCounts(mbb.teams, games).values()].filter(([h, a]) => h === 9 && a === 9).length;
  const service = await serviceHardViolations(p, run.scheduleId);
  const metrics = await p.gql<{
    schedule: { currentVersion: { hardViolations: number; softPenalty: number } };
  }>('query($id: ID!) { schedule(id: $id) { currentVersion { hardViolations softPenalty } } }', {
    id: String(run.scheduleId),
  });

  // baseline: the engine alone, same problem (built through the gateway as the worker does) and budget
  const built = await buildProblem(
    { name: 'baseline', sportId: Number(mbb.sportId), seasonId: 2, conferenceId: Number(mbb.conferenceId) },
    {},
    { url: p.gatewayUrl, cache: new MemoryCache() },
  );
  const b0 = performance.now();
  const engine = optimizeSchedule(built.problem, { seconds: SECONDS, seed: SEED });
  const engineS = (performance.now() - b0) / 1000;

  const result = {
    teams: built.teams.length,
    games: games.length,
    budget_seconds: SECONDS,
    seed: SEED,
    answer_202_ms: Math.round(run.answerMs * 10) / 10,
    answer_202_cold_ms: Math.round(warm.answerMs * 10) / 10,
    end_to_end_seconds: Math.round(run.seconds * 100) / 100,
    hard_violations_recomputed: recomputed.length,
    hard_violations_service: service,
    hard_violations_engine: metrics.schedule.currentVersion.hardViolations,
    teams_9_9: balanced,
    soft_penalty: Math.round(metrics.schedule.currentVersion.softPenalty),
    engine_alone_seconds: Math.round(engineS * 100) / 100,
    engine_alone_hard_violations: engine.hardViolations,
    engine_alone_soft_penalty: Math.round(engine.softPenalty),
    ratio_end_to_end_vs_engine: Math.round((run.seconds / engineS) * 100) / 100,
    zero_hard_violations: recomputed.length === 0,
    database: p.db.kind,
    queue: process.env.REDIS_URL ? 'bullmq' : 'memory',
  };
  console.error(
    `job: 202 in ${result.answer_202_ms} ms, done in ${result.end_to_end_seconds} s, ${recomputed.length} hard violations recomputed (service ${service}), ${balanced}/16 teams 9/9, soft ${result.soft_penalty} (engine alone: ${result.engine_alone_seconds} s, ${engine.hardViolations} hard)`,
  );
  console.log(JSON.stringify(result));
} finally {
  await p.close();
}
