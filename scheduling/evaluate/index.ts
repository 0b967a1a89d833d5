/**
 * Schedule evaluation: full (every constraint's penalty and violations, for reports: full.ts) and incremental (cost
 * deltas of moves from per-team cached state, for the optimiser: incremental.ts and the per-kind stores).
 */
export type { EvaluationReport } from './full.ts';
export { compileConstraints, evaluateGrid, penaltyOf } from './full.ts';
export { IncrementalEvaluator } from './incremental.ts';
