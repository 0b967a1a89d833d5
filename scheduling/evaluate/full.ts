/** Full evaluation of a schedule: per-constraint penalties and violations (the games involved), totals by severity. */
import type { ConstraintResult, ConstraintSpec, EvalContext, Evaluator, Violation } from '../constraints/index.ts';
import { createEvaluator } from '../constraints/index.ts';
import type { Grid } from '../model.ts';

/** The evaluation of a schedule against a constraint set. */
export interface EvaluationReport {
  /** One result per constraint, in the order given. */
  results: ConstraintResult[];
  /** Σ of the (unweighted) penalties of hard constraints: 0 means feasible. */
  hardViolations: number;
  /** Σ weight × penalty of soft constraints. */
  softPenalty: number;
  feasible: boolean;
  /** Totals by severity. */
  totals: {
    hard: { constraints: number; failed: number; penalty: number };
    soft: { constraints: number; failed: number; penalty: number };
  };
}

/** Compiles specs into evaluators (throws a clear error on the first unknown type / bad parameters). */
export function compileConstraints(specs: readonly ConstraintSpec[], ctx: EvalContext): Evaluator[] {
  return specs.map((s) => createEvaluator(s, ctx));
}

/** Unweighted penalty of one evaluator on a grid (fast path, no violation objects). */
export function penaltyOf(ev: Evaluator, g: Grid): number {
  const n = g.teams;
  if (ev.kind === 'team') {
    let p = 0;
    for (let t = 0; t < n; t++) if (ev.teams[t] === 1) p += ev.team(g, t);
    return p;
  }
  if (ev.kind === 'aggregate') {
    const sums = new Float64Array(ev.dims);
    for (let t = 0; t < n; t++) ev.contrib(g, t, sums, 0);
    return ev.combine(sums);
  }
  let p = 0;
  for (let i = 0; i < n; i++) {
    if (ev.teams[i] === 0) continue;
    for (let j = i + 1; j < n; j++) if (ev.teams[j] === 1) p += ev.pair(g, i, j);
  }
  return p;
}

/** Full evaluation with violations (the games involved) per constraint and totals by severity. */
export function evaluateGrid(g: Grid, evaluators: readonly Evaluator[]): EvaluationReport {
  const results: ConstraintResult[] = [];
  const totals = {
    hard: { constraints: 0, failed: 0, violations: 0, penalty: 0 },
    soft: { constraints: 0, failed: 0, violations: 0, penalty: 0 },
  };
  for (const ev of evaluators) {
    const violations: Violation[] = [];
    const rep = (message: string, games: Violation['games'], teams: number[]) => {
      violations.push({ message, games, teams });
    };
    let penalty: number;
    if (ev.kind === 'aggregate') {
      penalty = penaltyOf(ev, g);
      if (penalty > 0) ev.report(g, rep);
    } else if (ev.kind === 'team') {
      penalty = 0;
      for (let t = 0; t < g.teams; t++) if (ev.teams[t] === 1) penalty += ev.team(g, t, rep);
    } else {
      penalty = 0;
      for (let i = 0; i < g.teams; i++) {
        if (ev.teams[i] === 0) continue;
        for (let j = i + 1; j < g.teams; j++) if (ev.teams[j] === 1) penalty += ev.pair(g, i, j, rep);
      }
    }
    const failed = ev.objective ? violations.length > 0 : penalty > 0;
    const weighted = penalty * ev.weight;
    const bucket = totals[ev.severity];
    bucket.constraints++;
    if (failed) bucket.failed++;
    bucket.violations += violations.length;
    bucket.penalty += ev.severity === 'hard' ? penalty : weighted;
    results.push({
      id: ev.spec.id,
      name: ev.spec.name,
      type: ev.type,
      severity: ev.severity,
      weight: ev.weight,
      status: failed ? 'fail' : 'pass',
      penalty,
      weightedPenalty: weighted,
      violations,
    });
  }
  return {
    results,
    hardViolations: totals.hard.penalty,
    softPenalty: totals.soft.penalty,
    feasible: totals.hard.penalty === 0,
    totals,
  };
}
