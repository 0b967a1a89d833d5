/**
 * Constraint evaluators, one per `validation_logic.type` of a constraint template, in an explicit registry: the
 * families below, one file each. A new family is a file exporting an `EvaluatorFamily` (type → factory) plus one
 * line in `FAMILIES` (and its import); the file takes its types and helpers from family.ts, types.ts, params.ts,
 * modes.ts and violations.ts, never from this index (which imports the families: that would be a cycle).
 * `registerEvaluator` adds one at run time (a caller's own rule, a test).
 */
import { BIG12_CALENDAR_EVALUATORS } from './big12-calendar.ts';
import { BIG12_SEQUENCE_EVALUATORS } from './big12-sequence.ts';
import { BREAK_EVALUATORS } from './breaks.ts';
import { CAPACITY_EVALUATORS } from './capacity.ts';
import { FAIRNESS_EVALUATORS } from './fairness.ts';
import type { EvaluatorFactory, EvaluatorFamily, FactoryResult } from './family.ts';
import { FORMAT_EVALUATORS } from './format.ts';
import { GAME_EVALUATORS } from './game.ts';
import { ConstraintParams } from './params.ts';
import { SEPARATION_EVALUATORS } from './separation.ts';
import type { CompileContext, ConstraintSpec, EvalContext, Evaluator } from './types.ts';

export type { EvaluatorFactory, EvaluatorFamily, FactoryResult } from './family.ts';
export { ConstraintParams } from './params.ts';
export type {
  AggregateEvaluator,
  CompileContext,
  ConstraintResult,
  ConstraintSpec,
  EvalContext,
  Evaluator,
  PairEvaluator,
  Reporter,
  TeamEvaluator,
  Violation,
} from './types.ts';
export {
  MASK_SLOTS,
  READS_ALL,
  READS_AWAY_OPPONENT,
  READS_CALENDAR,
  READS_HOME_AWAY,
  READS_HOME_OPPONENT,
  READS_OPPONENT,
} from './types.ts';

/** Every family the engine knows, in one list. */
const FAMILIES: readonly EvaluatorFamily[] = [
  BIG12_SEQUENCE_EVALUATORS, // max_consecutive_home/away/road, rematch_separation, no_repeaters, balance, travel
  BIG12_CALENDAR_EVALUATORS, // blackout_dates, venue_unavailability, rest_days, days of week, games per week, Saturdays
  CAPACITY_EVALUATORS, // CA1–CA4
  GAME_EVALUATORS, // GA1
  BREAK_EVALUATORS, // BR1–BR2
  FAIRNESS_EVALUATORS, // FA2
  SEPARATION_EVALUATORS, // SE1
  FORMAT_EVALUATORS, // round_robin_format, phased, mirrored
];

const registry = new Map<string, EvaluatorFactory>(FAMILIES.flatMap((family) => Object.entries(family)));

/** Registers an evaluator factory under a `validation_logic.type` (replacing one of that type). */
export function registerEvaluator(type: string, factory: EvaluatorFactory): void {
  registry.set(type, factory);
}

/** The registered `validation_logic.type` names. */
export function evaluatorTypes(): string[] {
  return [...registry.keys()].sort();
}

/**
 * Compiles a constraint spec against a problem. Throws a clear error for an unknown type or bad parameters.
 */
export function createEvaluator(spec: ConstraintSpec, ctx: EvalContext): Evaluator {
  const factory = registry.get(spec.type);
  if (!factory) {
    throw new Error(`unknown constraint type '${spec.type}' (known: ${evaluatorTypes().join(', ')})`);
  }
  const severity = spec.severity === 'hard' || spec.hard === true ? 'hard' : 'soft';
  const weight = spec.weight ?? 1;
  if (!(Number.isFinite(weight) && weight >= 0)) throw new Error(`constraint ${spec.type}: invalid weight ${weight}`);
  const compiled: CompileContext = {
    n: ctx.teams.length,
    teams: ctx.teams,
    distances: ctx.distances ?? new Float64Array(ctx.teams.length ** 2),
  };
  let body: FactoryResult;
  try {
    body = factory(new ConstraintParams(spec.type, spec.params ?? {}), compiled);
  } catch (error) {
    const msg = error instanceof Error ? error.message : String(error);
    throw new Error(msg.startsWith(`constraint ${spec.type}`) ? msg : `constraint ${spec.type}: ${msg}`);
  }
  return { ...body, spec, type: spec.type, severity, weight } as Evaluator;
}
