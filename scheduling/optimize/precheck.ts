/** Contradictions in a problem visible before solving (reported with the result, never silently dropped). */
import { dayNumber, dayOfWeek, formatSlots } from '../model.ts';
import type { ScheduleProblem } from './problem.ts';

/**
 * Contradictions visible before solving (all-play formats: every team plays every round):
 * not enough candidate dates, home/away caps below the number of games, days of week or blackouts
 * excluding every date.
 */
export function precheck(problem: ScheduleProblem): string[] {
  const reasons: string[] = [];
  const n = problem.teams.length;
  if (n < 2) reasons.push('at least two teams are needed');
  const R = formatSlots(n, problem.format);
  if (problem.format.kind === 'partial_round_robin' && (problem.format.doubles < 0 || problem.format.doubles > n - 1)) {
    reasons.push(`doubles must be between 0 and ${n - 1}`);
  }
  const dates = problem.slots
    ? problem.slots.map((s) => (s.date ? dayNumber(s.date) : null))
    : problem.candidateDates?.map(dayNumber);
  if (problem.candidateDates && new Set(problem.candidateDates).size < R) {
    reasons.push(`${R} rounds need ${R} candidate dates, ${new Set(problem.candidateDates).size} given`);
  }
  for (const c of problem.constraints) {
    if (c.severity !== 'hard' && c.hard !== true) continue;
    const p = (c.params ?? {}) as Record<string, unknown>;
    if (c.type === 'CA1' && p.slots === undefined && p.max !== undefined && Number(p.max) < 0) {
      reasons.push('CA1 with a negative max');
    }
    if (c.type === 'allowed_days_of_week' && dates && dates.every((d) => d !== null)) {
      const allowed = Array.isArray(p.days) ? p.days.map(String) : null;
      const forbidden = Array.isArray(p.forbiddenDays) ? p.forbiddenDays.map(String) : [];
      const names = ['0', '1', '2', '3', '4', '5', '6'];
      const ok = (d: number) => {
        const dow = dayOfWeek(d);
        const hit = (xs: string[]) =>
          xs.some(
            (x) =>
              x === names[dow] ||
              x.toLowerCase().slice(0, 3) === ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][dow],
          );
        return (allowed === null || hit(allowed)) && !hit(forbidden);
      };
      const usable = (dates as number[]).filter(ok).length;
      if (usable < R) reasons.push(`allowed_days_of_week leaves ${usable} usable dates for ${R} rounds`);
    }
  }
  // per-team home + away caps over the whole season (CA1 without slots) below the number of games
  const cap = new Map<string, { H: number; A: number }>();
  for (const c of problem.constraints) {
    if (c.type !== 'CA1' || !(c.severity === 'hard' || c.hard === true)) continue;
    const p = (c.params ?? {}) as Record<string, unknown>;
    if (p.slots !== undefined || p.max === undefined) continue;
    const mode = String(p.mode ?? 'H').toUpperCase();
    const teams = p.teams === undefined ? problem.teams.map((t) => String(t.id)) : String(p.teams).split(/[;,]/);
    for (const t of teams) {
      const e = cap.get(t) ?? { H: Number.POSITIVE_INFINITY, A: Number.POSITIVE_INFINITY };
      if (mode === 'H') e.H = Math.min(e.H, Number(p.max));
      if (mode === 'A') e.A = Math.min(e.A, Number(p.max));
      cap.set(t, e);
    }
  }
  for (const [t, e] of cap) {
    if (e.H + e.A < R) reasons.push(`team ${t}: at most ${e.H} home + ${e.A} away games, but it plays ${R}`);
  }
  return reasons;
}
