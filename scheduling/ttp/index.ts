// The Traveling Tournament solver: problem, schedule with the TTSA neighbourhoods, annealer, parallel runs, checks.

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
export { BestBoard } from './board.ts';
export {
  DEFAULT_PORTFOLIO,
  defaultPortfolio,
  deriveSeed,
  type SolveTtpOptions,
  type SolveTtpResult,
  solveTtp,
} from './parallel.ts';
export { createTtpProblem, type TtpOptions, type TtpProblem, ttpFromRobinx } from './problem.ts';
export { canonicalSchedule, scheduleTravel, TtpSchedule } from './schedule.ts';
export { cellsToGames, checkTtpSchedule, gamesToCells, type TtpCheck } from './validate.ts';
