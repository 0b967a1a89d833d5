// The Traveling Tournament solver: problem, schedule with the TTSA neighbourhoods (and their mirrored/phased forms),
// annealer, exact neighbourhoods (window re-solve, team re-assignment), bound-guided beam search, parallel runs, checks.

export { createRng, type Rng } from '../rng.ts';
export {
  type AnnealOptions,
  type AnnealParams,
  type AnnealProgress,
  type AnnealResult,
  annealTtp,
  DEFAULT_ANNEAL_PARAMS,
  MOVE_NAMES,
  moveDrawer,
} from './anneal.ts';
export { type BeamOptions, type BeamResult, beamSearch, DEFAULT_BEAM_NOISE } from './beam.ts';
export { BestBoard } from './board.ts';
export { TeamTravelBounds } from './bounds.ts';
export { type FlipResult, venueFlipSearch } from './flips.ts';
export { Intensifier } from './intensify.ts';
export {
  BEAM_PROFILE,
  DEFAULT_PORTFOLIO,
  defaultPortfolio,
  deriveSeed,
  HYBRID_PROFILE,
  type SolveTtpOptions,
  type SolveTtpResult,
  solveTtp,
} from './parallel.ts';
export { createTtpProblem, type TtpOptions, type TtpProblem, ttpFromRobinx } from './problem.ts';
export { type RelabelResult, relabelSearch } from './relabel.ts';
export { canonicalSchedule, scheduleTravel, TtpSchedule } from './schedule.ts';
export { StructuredTtpSchedule, structuredMoveDrawer } from './structure.ts';
export { cellsToGames, checkTtpSchedule, gameModeViolations, gamesToCells, type TtpCheck } from './validate.ts';
export { type WindowResult, WindowSolver, windowDescent } from './window.ts';
