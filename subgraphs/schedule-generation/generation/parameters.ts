// A generation's parameters: the names it understands (anything else is refused when it starts, never ignored), the
// time limit it runs under, and the engine options taken from its algorithm's parameters with the request's own on top.
import type { OptimizeOptions } from '../../../scheduling/index.ts';

/** Engine settings an algorithm (algorithm_configurations.parameters) or a request may set. */
const ENGINE_KEYS = [
  'seconds',
  'iterations',
  'seed',
  'reheats',
  'construction',
  'hardWeight',
  'temperatureScale',
  'moveWeights',
  'stopWhenFeasible',
  'canonicalStart',
] as const;

/** What the problem is built from (build-problem.ts). */
const PROBLEM_KEYS = ['startDate', 'endDate', 'days', 'teamIds', 'format', 'profileId', 'extraConstraints'] as const;

/**
 * Stored with the parameters but given only as declared fields of the generation input (StartGenerationInput's
 * aroundSchedules, sharedArenaSportIds; followUpOf is set by the generation that starts a follow-up): refused in
 * `parameters`, so each is checked once, where it is declared.
 */
export const DECLARED_PARAMETER_FIELDS: Readonly<Record<string, string>> = {
  aroundSchedules: 'input.aroundSchedules',
  sharedArenaSportIds: 'input.sharedArenaSportIds',
  followUpOf: 'the generation that starts a follow-up',
};

/** Names of REST v1's optimise body, kept in the stored parameters as legacy callers see them. */
const LEGACY_KEYS = ['mode', 'schedule_id', 'time_limit_seconds'] as const;

export const GENERATION_PARAMETER_NAMES: readonly string[] = [...ENGINE_KEYS, ...PROBLEM_KEYS, ...LEGACY_KEYS];

/** Default time limit when neither the request nor its algorithm gives one, seconds. */
export const DEFAULT_TIME_LIMIT_SECONDS = 20;

/**
 * Time a job keeps inside its time limit after the engine's deadline, ms: the engine's own set-up and final
 * evaluation (≈ 0.5 s for 16 teams on a busy machine) and storing the result (≈ 0.5 s).
 */
export const STORE_RESERVE_MS = 1_200;

type Obj = Record<string, unknown>;

/** The time limit a generation runs under (null when it runs on an iteration budget instead). */
export function timeLimitOf(parameters: unknown): number | null {
  if (!parameters || typeof parameters !== 'object' || !('seconds' in parameters)) return null;
  const seconds = Number(parameters.seconds);
  return parameters.seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

/** Engine options: the algorithm's settings, the request's on top; `parallel runs` are not one job's to make. */
export function engineOptions(algorithm: Obj, request: Obj): Omit<OptimizeOptions, 'onProgress'> {
  const merged: Obj = {};
  for (const k of ENGINE_KEYS) {
    const v = request[k] ?? algorithm[k];
    if (v !== undefined && v !== null) merged[k] = v;
  }
  if (merged.iterations !== undefined && request.seconds !== undefined && request.iterations === undefined)
    delete merged.iterations; // a time limit asked for replaces the algorithm's iteration budget
  if (merged.iterations === undefined && merged.seconds === undefined) merged.seconds = DEFAULT_TIME_LIMIT_SECONDS;
  return { seed: 1, ...merged, progressEvery: 5_000 } as Omit<OptimizeOptions, 'onProgress'>;
}
