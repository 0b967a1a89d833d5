/**
 * An ITC2021 instance as a problem of the generic optimiser: every CA1–CA4, GA1, BR1–BR2, FA2, SE1 constraint becomes
 * an engine constraint (HARD → hard, SOFT → soft with its penalty as weight); phased instances get the `phased` rule.
 */
import type { ConstraintSpec } from '../constraints.ts';
import type { ScheduleProblem } from '../optimizer.ts';
import type { RobinxInstance } from './types.ts';

export function itc2021Problem(inst: RobinxInstance): ScheduleProblem {
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
  if (inst.gameMode === 'P') constraints.push({ id: 'phased', type: 'phased', severity: 'hard' });
  return {
    name: inst.name,
    teams: inst.teams.map((t) => ({ id: t.id, name: t.name })),
    format: { kind: 'round_robin', rounds: 2, mirrored: true },
    constraints,
  };
}
