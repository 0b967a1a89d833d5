/**
 * bench:eval — speed of the constraint engine on a 16-team double round robin (30 dated slots):
 * 1. full evaluation with every evaluator type (fast path, penalties only; and the detail path with violations);
 * 2. move-delta evaluations per second with the incremental evaluator (move + delta + undo), per neighbourhood,
 *    against the baseline of re-evaluating the whole season for each move (measured in the same run);
 *    reported per move (all 23 constraints), per constraint (moves × constraints re-evaluated), and for the
 *    travel objective alone (the Traveling Tournament delta).
 * The TTSA-mix moves alone (move + undo, no evaluation) are timed too: the ceiling for any evaluator.
 * 3. the same rate for the Traveling Tournament engine (scheduling/ttp) on a 16-team TTP over the same teams: travel,
 *    at most 3 consecutive home/away games and no repeaters, every move scored in full (no early rejection).
 * Rates are given per wall-clock second and per CPU second of this process (`process.cpuUsage`; the machine may be
 * shared, and CPU time is what "per core" means).
 * Last stdout line: one JSON object.
 */
import type { ConstraintSpec, MoveName } from '../scheduling/index.ts';
import {
  BIG12_MBB_TEAMS,
  big12CandidateDates,
  canonicalSchedule,
  compileConstraints,
  dayNumber,
  distanceMatrix,
  evaluateGrid,
  gridFromGames,
  IncrementalEvaluator,
  Mover,
  penaltyOf,
  Rng,
} from '../scheduling/index.ts';
import {
  annealTtp,
  createRng,
  createTtpProblem,
  DEFAULT_ANNEAL_PARAMS,
  moveDrawer,
  MOVE_NAMES as TTP_MOVE_NAMES,
  TtpSchedule,
} from '../scheduling/ttp/index.ts';

const teams = BIG12_MBB_TEAMS;
const n = teams.length;
const dates = big12CandidateDates('2025-11-03', '2026-03-07').filter((_, i) => i % 2 === 0);
const days = Int32Array.from(dates.slice(0, 2 * (n - 1)), dayNumber);
const grid = gridFromGames(n, days, canonicalSchedule(n, { kind: 'round_robin', rounds: 2, mirrored: false }));
const all = '0;1;2;3;4;5;6;7;8;9;10;11;12;13;14;15';
const slots = Array.from({ length: 30 }, (_, i) => i).join(';');

/** One or more constraints of every registered type. */
const specs: ConstraintSpec[] = [
  { type: 'max_consecutive_home', severity: 'hard', params: { max: 2 } },
  { type: 'max_consecutive_away', severity: 'hard', params: { max: 2 } },
  { type: 'rematch_separation', severity: 'hard', params: { minGames: 3, minDays: 10 } },
  { type: 'no_repeaters', severity: 'hard', params: {} },
  {
    type: 'blackout_dates',
    severity: 'hard',
    params: {
      blackouts: [
        { team: 'KU', dates: [dates[4], dates[9]], mode: 'home' },
        { team: 'BYU', date: dates[7] },
      ],
    },
  },
  {
    type: 'venue_unavailability',
    severity: 'hard',
    params: { venue: 'Fertitta Center', from: dates[3], to: dates[5] },
  },
  { type: 'rest_days', severity: 'hard', params: { minDays: 1 } },
  { type: 'allowed_days_of_week', severity: 'hard', params: { team: 'BYU', forbiddenDays: ['sun'] } },
  { type: 'home_away_balance_window', severity: 'hard', params: { k: 4, minHome: 2, minAway: 2 } },
  { type: 'games_per_week', severity: 'hard', params: { max: 2 } },
  { type: 'saturday_pairing', severity: 'hard', params: {} },
  { type: 'travel_distance', severity: 'soft', params: {} },
  { type: 'CA1', severity: 'hard', params: { teams: '0', max: 0, mode: 'H', slots: '0' } },
  {
    type: 'CA2',
    severity: 'soft',
    params: { teams1: '3', teams2: '5;10;11', max: 1, mode1: 'HA', slots: '0;5;12;26;28' },
  },
  { type: 'CA3', severity: 'hard', params: { teams1: all, teams2: all, max: 2, mode1: 'A', intp: 3 } },
  { type: 'CA3', severity: 'hard', params: { teams1: all, teams2: all, max: 2, mode1: 'H', intp: 3 } },
  {
    type: 'CA4',
    severity: 'soft',
    weight: 5,
    params: {
      teams1: '0;1;2;3;9;12',
      teams2: '0;1;2;3;9;12',
      max: 2,
      mode1: 'H',
      mode2: 'GLOBAL',
      slots: '3;11;20;24;25;28',
    },
  },
  {
    type: 'CA4',
    severity: 'soft',
    params: { teams1: '9;14', teams2: all, max: 1, mode1: 'H', mode2: 'EVERY', slots: '22;23' },
  },
  { type: 'GA1', severity: 'hard', params: { meetings: '1,11;2,11;', min: 0, max: 0, slots: '2' } },
  { type: 'BR1', severity: 'hard', params: { teams: '0', intp: 2, mode2: 'HA', slots: '1;11;20;24;26;28' } },
  { type: 'BR2', severity: 'hard', params: { teams: all, intp: 60, slots } },
  { type: 'FA2', severity: 'soft', weight: 10, params: { teams: all, intp: 2, slots } },
  { type: 'SE1', severity: 'soft', weight: 10, params: { teams: all, min: 10 } },
];
const evaluators = compileConstraints(specs, { teams, distances: distanceMatrix(teams) });

function timeIt(label: string, minMs: number, fn: () => void): number {
  for (let i = 0; i < 200; i++) fn(); // warm-up
  let runs = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    for (let i = 0; i < 100; i++) fn();
    runs += 100;
    t = performance.now();
  }
  const per = (t - t0) / runs;
  console.error(`${label}: ${(per * 1000).toFixed(2)} µs per run (${runs} runs)`);
  return per;
}

let sink = 0;
const fullFastMs = timeIt('full evaluation, all evaluators (penalties)', 1500, () => {
  for (const ev of evaluators) sink += penaltyOf(ev, grid);
});
const fullDetailMs = timeIt('full evaluation, all evaluators (with violations)', 1500, () => {
  sink += evaluateGrid(grid, evaluators).hardViolations;
});

// move-delta evaluations: move + delta + undo, per neighbourhood and mixed
const inc = new IncrementalEvaluator(evaluators, grid);
const mover = new Mover(grid);
const rng = new Rng(7);
const kinds: MoveName[] = ['swapHomes', 'partialSwapTeams', 'partialSwapRounds', 'swapRounds', 'swapTeams'];
const perKind: Record<string, number> = {};
const perKindCpu: Record<string, number> = {};
/** Seconds of CPU time (user + system) of this process since `from`. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
}
/** Moves per CPU second of the last `deltasPerSecond` run. */
let lastPerCpuSecond = 0;
function deltasPerSecond(kind: MoveName | 'mixed', ms: number): number {
  let count = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 1000; i++) {
      mover.begin();
      const k = kind === 'mixed' ? kinds[rng.int(3)] : kind;
      if (!mover.random(k, rng)) continue;
      sink += inc.delta(mover.changed, mover.changedCount, false, mover.changedSlot).soft;
      mover.undo();
      count++;
    }
  }
  lastPerCpuSecond = Math.round(count / cpuSeconds(c0));
  return count / ((performance.now() - t0) / 1000);
}
// warm-up by move count, not time: on a loaded machine a time window can pass before the JIT has compiled the loop
for (const k of kinds) {
  for (let i = 0; i < 20_000; i++) {
    mover.begin();
    if (!mover.random(k, rng)) continue;
    sink += inc.delta(mover.changed, mover.changedCount, false, mover.changedSlot).soft;
    mover.undo();
  }
}
for (const k of kinds) {
  perKind[k] = Math.round(deltasPerSecond(k, 800));
  perKindCpu[k] = lastPerCpuSecond;
  console.error(
    `delta evaluations/s, ${k}: ${perKind[k].toLocaleString('en-US')} (per CPU second ${perKindCpu[k].toLocaleString('en-US')})`,
  );
}
const mixed = Math.round(deltasPerSecond('mixed', 1500));
const mixedCpu = lastPerCpuSecond;
console.error(
  `delta evaluations/s, TTSA mix (swap homes, partial swap teams/rounds): ${mixed.toLocaleString('en-US')} (per CPU second ${mixedCpu.toLocaleString('en-US')})`,
);

// the floor: the same moves (move + undo) without any evaluation, per CPU second
let movesOnly = 0;
const m0 = process.cpuUsage();
for (let i = 0; i < 500_000; i++) {
  mover.begin();
  if (!mover.random(kinds[rng.int(3)], rng)) continue;
  mover.undo();
  movesOnly++;
}
const movesOnlyPerCpuSec = Math.round(movesOnly / cpuSeconds(m0));
console.error(
  `moves alone (move + undo, no evaluation), TTSA mix: ${movesOnlyPerCpuSec.toLocaleString('en-US')} per CPU second`,
);

// the travel objective alone (TTP-style delta), same moves
const travelOnly = new IncrementalEvaluator(
  evaluators.filter((e) => e.type === 'travel_distance'),
  grid,
);
let travelCount = 0;
const tr0 = performance.now();
while (performance.now() - tr0 < 1000) {
  for (let i = 0; i < 1000; i++) {
    mover.begin();
    if (!mover.random(kinds[rng.int(3)], rng)) continue;
    sink += travelOnly.delta(mover.changed, mover.changedCount, true, mover.changedSlot).soft;
    mover.undo();
    travelCount++;
  }
}
const travelPerSec = Math.round(travelCount / ((performance.now() - tr0) / 1000));
const swapHomesTravel = (() => {
  let c = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 800) {
    for (let i = 0; i < 1000; i++) {
      mover.begin();
      if (!mover.swapHomes(rng.int(n), rng.int(n))) continue;
      sink += travelOnly.delta(mover.changed, mover.changedCount, true, mover.changedSlot).soft;
      mover.undo();
      c++;
    }
  }
  return Math.round(c / ((performance.now() - t0) / 1000));
})();
console.error(
  `travel-only delta evaluations/s: TTSA mix ${travelPerSec.toLocaleString('en-US')}, swap homes ${swapHomesTravel.toLocaleString('en-US')}`,
);
console.error(
  `constraint-delta evaluations/s (moves/s × ${evaluators.length} constraints): ${(mixed * evaluators.length).toLocaleString('en-US')}`,
);

// the Traveling Tournament engine on a 16-team TTP over the same teams, from a schedule annealed for 2 M moves
const ttp = createTtpProblem('BIG12-16', distanceMatrix(teams));
const ttpSchedule = new TtpSchedule(ttp, annealTtp(ttp, { iterations: 2_000_000, seed: 7 }).cells);
/** TTP moves drawn with `weights` (order of TTP_MOVE_NAMES), each scored in full and dropped: per second and per CPU s. */
function ttpMoveRate(weights: readonly number[], ms: number): { perSec: number; perCpuSec: number } {
  const draw = moveDrawer(ttpSchedule, createRng(7), weights);
  for (let i = 0; i < 50_000; i++) {
    draw(Number.POSITIVE_INFINITY);
    ttpSchedule.rollback();
  }
  let count = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 1000; i++) {
      draw(Number.POSITIVE_INFINITY);
      sink += ttpSchedule.deltaCost + ttpSchedule.newViolations;
      ttpSchedule.rollback();
      count++;
    }
  }
  return {
    perSec: Math.round(count / ((performance.now() - t0) / 1000)),
    perCpuSec: Math.round(count / cpuSeconds(c0)),
  };
}
const { perSec: ttpPerSec, perCpuSec: ttpPerCpuSec } = ttpMoveRate(DEFAULT_ANNEAL_PARAMS.moveWeights, 1500);
const ttpByMove = Object.fromEntries(
  TTP_MOVE_NAMES.map((name, k) => [
    name,
    ttpMoveRate(
      TTP_MOVE_NAMES.map((_, m) => (m === k ? 1 : 0)),
      400,
    ).perCpuSec,
  ]),
);
console.error(
  `TTP engine, 16 teams (travel, CA3 ≤ 3, no repeaters), TTSA mix scored in full: ${ttpPerSec.toLocaleString('en-US')} moves/s (per CPU second ${ttpPerCpuSec.toLocaleString('en-US')}); per CPU second by move: ${TTP_MOVE_NAMES.map((name) => `${name} ${ttpByMove[name].toLocaleString('en-US')}`).join(', ')}`,
);

// baseline: a full re-evaluation per move
let baseCount = 0;
const b0 = performance.now();
while (performance.now() - b0 < 1000) {
  mover.begin();
  if (!mover.random(kinds[rng.int(3)], rng)) continue;
  for (const ev of evaluators) sink += penaltyOf(ev, grid);
  mover.undo();
  baseCount++;
}
const baseline = Math.round(baseCount / ((performance.now() - b0) / 1000));
console.error(`baseline (full re-evaluation per move): ${baseline.toLocaleString('en-US')} moves/s`);
console.error(`incremental speed-up: ${(mixed / baseline).toFixed(1)}x`);
if (sink === Number.MIN_VALUE) console.error('');

console.log(
  JSON.stringify({
    teams: n,
    slots: grid.slots,
    constraints: evaluators.length,
    full_eval_ms: Number(fullFastMs.toFixed(4)),
    full_eval_with_violations_ms: Number(fullDetailMs.toFixed(4)),
    delta_evals_per_sec: mixed,
    delta_evals_per_cpu_sec: mixedCpu,
    moves_only_per_cpu_sec: movesOnlyPerCpuSec,
    constraint_delta_evals_per_sec: mixed * evaluators.length,
    travel_delta_evals_per_sec: travelPerSec,
    travel_delta_evals_per_sec_swap_homes: swapHomesTravel,
    delta_evals_per_sec_by_move: perKind,
    delta_evals_per_cpu_sec_by_move: perKindCpu,
    ttp16_delta_evals_per_sec: ttpPerSec,
    ttp16_delta_evals_per_cpu_sec: ttpPerCpuSec,
    ttp16_delta_evals_per_cpu_sec_by_move: ttpByMove,
    baseline_full_reeval_moves_per_sec: baseline,
    speedup: Number((mixed / baseline).toFixed(1)),
  }),
);
