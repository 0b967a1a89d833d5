/**
 * bench:big12 — Big 12 basketball 2025-26 through the product path: a migrated and seeded database (the rules live in
 * the seeded templates and profiles), POST /api/v2/schedule-generation/requests → the generation job → the stored
 * schedule → validateSchedule (REST v2). Every figure about the result is RECOMPUTED from the stored games by code
 * that is not the engine (test/support/big12-rules.ts; travel below): hard violations, 9 home / 9 away per team,
 * travel. Both sports are ONE request (shared_arena_sport_ids: the men's job queues the women's generation around the
 * stored men's schedule, its follow-up) and the arena-days hosting two games are counted over both schedules' games.
 *
 * Baseline, same run, same problem (built through the gateway as the job builds it): the circle-method schedule
 * repaired to feasibility on the hard rules only (annealing stopped at the first feasible schedule), its travel
 * recomputed the same way.
 *
 *   npm run bench:big12 -- [--seconds 8] [--seed 1]
 *   (PGlite + in-process queue; DATABASE_URL / REDIS_URL when set). --seconds is the request's time limit, which each
 *   sport's generation runs under.
 *
 * Targets: 0 hard violations, 9/9 for every team, generation ≤ 10 s, travel ≥ 15 % below the baseline; MBB + WBB:
 * 0 arena conflicts in ≤ 30 s (from the POST to the women's schedule stored). Progress on stderr; last stdout line:
 * JSON (one line per seed, with the load average of the machine before and after).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { optimizeSchedule, type ScheduleProblem } from '../scheduling/index.ts';
import { buildProblem } from '../subgraphs/schedule-generation/generation/build-problem.ts';
import { arenaConflicts, big12HardViolations, type CheckedGame, homeAwayCounts } from '../test/support/big12-rules.ts';
import { type Big12Sport, big12Sport, scheduleGames } from '../test/support/big12-schedule.ts';
import {
  awaitGeneration,
  engineFigures,
  generateThroughRest,
  type ProductStack,
  serviceHardViolations,
  startProductStack,
  teamCoordinates,
  travelMiles,
} from './product-path.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
  },
});
const SECONDS = Number(values.seconds);
const SEED = Number(values.seed);
if (!(SECONDS > 0) || !Number.isInteger(SEED)) {
  throw new Error('usage: bench:big12 -- [--seconds N] [--seed S]');
}

/** The circle-method baseline on the problem the job would build, its games in API team ids. */
async function circleBaseline(p: ProductStack, sport: Big12Sport): Promise<CheckedGame[]> {
  const built = await buildProblem(
    { name: 'baseline', sportId: Number(sport.sportId), seasonId: 2, conferenceId: Number(sport.conferenceId) },
    {},
    { url: p.gatewayUrl },
  );
  const hardOnly: ScheduleProblem = {
    ...built.problem,
    constraints: built.problem.constraints.filter((c) => c.severity === 'hard'),
  };
  const r = optimizeSchedule(hardOnly, { seed: SEED, canonicalStart: true, stopWhenFeasible: true, seconds: 30 });
  if (r.hardViolations > 0) console.error(`baseline: still ${r.hardViolations} hard violations after 30 s`);
  return r.games.map((g) => ({
    home: String(built.teams[g.home].id),
    away: String(built.teams[g.away].id),
    date: r.slots[g.slot].date as string,
  }));
}

const p = await startProductStack('big12');
try {
  const gql = p.gql;
  const mbb = await big12Sport(p.db, gql, 'MBB');
  const wbb = await big12Sport(p.db, gql, 'WBB');
  const progress = (line: string) => console.error(`  ${line}`);

  // warm-up (query plans, connections): one tiny job, not measured
  await generateThroughRest(p, {
    request_name: 'warm-up',
    sport_id: Number(mbb.sportId),
    season_id: 2,
    conference_id: Number(mbb.conferenceId),
    generation_parameters: { iterations: 1_000 },
  });

  const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
  const t0 = performance.now();
  const men = await generateThroughRest(
    p,
    {
      request_name: `Big 12 MBB + WBB 2025-26 (bench seed ${SEED})`,
      sport_id: Number(mbb.sportId),
      season_id: 2,
      conference_id: Number(mbb.conferenceId),
      time_limit_seconds: SECONDS,
      generation_parameters: { seed: SEED },
      shared_arena_sport_ids: [Number(wbb.sportId)],
    },
    progress,
  );
  if (men.followUps.length !== 1) throw new Error(`expected one follow-up, got ${men.followUps.length}`);
  const women = await awaitGeneration(p, men.followUps[0], t0, progress);
  const bothSeconds = women.seconds;
  const womenSeconds = women.seconds - men.seconds;
  const menGames = await scheduleGames(gql, men.scheduleId);
  const menHard = big12HardViolations(mbb.teams, menGames, mbb.rules);
  const balanced = [...homeAwayCounts(mbb.teams, menGames).values()].filter(([h, a]) => h === 9 && a === 9).length;
  const menService = await serviceHardViolations(p, men.scheduleId);
  const where = await teamCoordinates(p, 'MBB');
  const travel = travelMiles(menGames, where);
  const b0 = performance.now();
  const baselineTravel = travelMiles(await circleBaseline(p, mbb), where);
  const baselineS = (performance.now() - b0) / 1000;
  const reduction = (1 - travel / baselineTravel) * 100;
  for (const v of menHard) console.error(`  MBB hard: ${v}`);
  console.error(
    `MBB: ${men.seconds.toFixed(2)} s, ${menHard.length} hard violations recomputed (service: ${menService}), ` +
      `${balanced}/16 teams 9/9, travel ${travel.toFixed(0)} mi vs circle baseline ${baselineTravel.toFixed(0)} mi ` +
      `(${reduction.toFixed(1)} % below; baseline repair ${baselineS.toFixed(1)} s)`,
  );

  const womenGames = await scheduleGames(gql, women.scheduleId);
  const womenHard = big12HardViolations(wbb.teams, womenGames, wbb.rules);
  const womenService = await serviceHardViolations(p, women.scheduleId);
  const atArena = (sport: Big12Sport) => (g: CheckedGame) => ({
    date: g.date,
    venue: g.venue ?? sport.rules.homeVenue.get(g.home),
  });
  const conflicts = arenaConflicts([...menGames.map(atArena(mbb)), ...womenGames.map(atArena(wbb))]);
  for (const v of [...womenHard, ...conflicts]) console.error(`  WBB: ${v}`);
  console.error(
    `WBB (follow-up) around MBB: ${womenSeconds.toFixed(2)} s, ${womenHard.length} hard violations recomputed, ` +
      `(service: ${womenService}), ${conflicts.length} arena conflicts; MBB + WBB ${bothSeconds.toFixed(2)} s`,
  );

  const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  console.log(
    JSON.stringify({
      seed: SEED,
      time_limit_seconds: SECONDS,
      mbb_seconds: round(men.seconds),
      mbb_hard_violations_recomputed: menHard.length,
      mbb_hard_violations_service: menService,
      teams_9_9: balanced,
      travel_miles: Math.round(travel),
      baseline_travel_miles: Math.round(baselineTravel),
      travel_reduction_pct: round(reduction, 1),
      mbb_engine: await engineFigures(p, men.versionId),
      wbb_seconds: round(womenSeconds),
      wbb_engine: await engineFigures(p, women.versionId),
      wbb_hard_violations_recomputed: womenHard.length,
      wbb_hard_violations_service: womenService,
      arena_conflicts: conflicts.length,
      mbb_wbb_seconds: round(bothSeconds),
      targets_met:
        menHard.length === 0 &&
        balanced === 16 &&
        men.seconds <= 10 &&
        reduction >= 15 &&
        womenHard.length === 0 &&
        conflicts.length === 0 &&
        bothSeconds <= 30,
      database: p.db.kind,
      queue: process.env.REDIS_URL ? 'bullmq' : 'memory',
      loadavg_before: loadBefore,
      loadavg_after: loadavg().map((x) => Math.round(x * 100) / 100),
    }),
  );
} finally {
  await p.close();
}
