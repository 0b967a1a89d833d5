/**
 * An ITC2021 instance as a problem of the generic optimiser: every CA1–CA4, GA1, BR1–BR2, FA2, SE1 constraint becomes
 * an engine constraint (HARD → hard, SOFT → soft with its penalty as weight); phased instances get the `phased` rule,
 * mirrored ones the `mirrored` rule (constraints/format.ts).
 */
import type { ConstraintSpec } from '../constraints/index.ts';
import type { OptimizeOptions, ScheduleProblem } from '../optimizer.ts';
import { RobinxError } from './reader.ts';
import type { RobinxInstance } from './types.ts';

export function itc2021Problem(inst: RobinxInstance): ScheduleProblem {
  // the optimiser builds compact double round robins: anything else would be solved as a different problem
  const n = inst.teams.length;
  if (inst.roundRobins !== 2 || inst.compactness !== 'C' || n < 2 || n % 2 !== 0 || inst.slots.length !== 2 * (n - 1))
    throw new RobinxError(
      `${inst.name}: only compact double round robins of an even number of teams are supported (2(n-1) slots); ` +
        `got ${inst.roundRobins} round robin(s), compactness ${inst.compactness}, ${n} teams, ${inst.slots.length} slots`,
    );
  const constraints: ConstraintSpec[] = inst.constraints.map((c) => {
    const { type, hard, penalty, index, ...params } = c;
    return {
      id: index,
      type,
      severity: hard ? 'hard' : 'soft',
      weight: penalty,
      params: params as Record<string, unknown>,
    };
  });
  // gameMode: M also makes the schedule phased, and RobinX's validator then counts mirror violations only
  if (inst.gameMode === 'P') constraints.push({ id: 'phased', type: 'phased', severity: 'hard' });
  if (inst.gameMode === 'M') constraints.push({ id: 'mirrored', type: 'mirrored', severity: 'hard' });
  return {
    name: inst.name,
    teams: inst.teams.map((t) => ({ id: t.id, name: t.name })),
    format: { kind: 'round_robin', rounds: 2, mirrored: true },
    constraints,
  };
}

/**
 * Annealing settings for ITC2021 instances (the bench and the solve CLI). Their soft penalties are counts of
 * violations: the start's random moves change them by hundreds while the last improvements are worth a few units, so
 * the defaults (tuned on Big 12 travel) stay too hot. Half the calibrated start temperature, cycles ending at 1 %
 * instead of 10 % of it — 1 M moves, seeds 1–6, one thread: Middle 9 soft 2,221 → 1,627 on average, Early 1 (its
 * feasible seeds) 1,355 → 1,172; the same setting costs Big 12 ≈ 4 % of travel (600 k moves, seeds 1–4), which is
 * why it is not the default.
 */
export const ITC2021_TUNING: Pick<
  OptimizeOptions,
  | 'temperatureScale'
  | 'endTemperatureRatio'
  | 'softEmphasis'
  | 'construction'
  | 'typeHardWeights'
  | 'assignmentImprover'
> = {
  temperatureScale: 0.5,
  endTemperatureRatio: 0.01,
  // Soft break constraints weigh 6 × in the walk (the result is still judged on the true weights). A low-break
  // home/away structure is rebuilt only by coordinated moves, so at the true weight the walk trades it away for the
  // many small CA constraints and never gets it back (break-first is the classic decomposition). Middle 9, 20 s, 2
  // workers, seeds 1–3: soft 1,548 → 1,155 on average (BR2 alone ×6: 1,212; BR1+BR2 ×4: 1,180, ×10: 1,177). The same
  // emphasis on Early 1's SE1 changed nothing and on Early 2's CA3 made it worse: it is for breaks, not any dominant
  // term. Early 1 and Early 2 have no soft break constraint, so this setting leaves them as they were.
  softEmphasis: { BR1: 6, BR2: 6 },
  // Pattern-first start, hard weights per constraint type and the assignment descent at each reheat (bench/RESULTS.md,
  // bench:itc2021 session 8; 1 M moves per worker, 2 workers, seeds 1–3): Early 2 feasible on every seed (before: 5,
  // 1 and 3 hard violations left), Early 1 and Middle 9 within the seeds' spread of before.
  construction: 'patterns',
  typeHardWeights: true,
  assignmentImprover: true,
};
