/**
 * What a constraint evaluator is: the spec it is compiled from, the three shapes the incremental engine understands,
 * and what a family file provides (a map from `validation_logic.type` to a factory).
 *
 * Every evaluator is compiled once against the problem (team references resolved, dates turned into
 * day numbers, sets into masks) into one of three shapes:
 * - `team`: penalty = Σ_t teamPenalty(t), where teamPenalty(t) reads only team t's row of the grid;
 * - `aggregate`: each team contributes a small vector, penalty = combine(Σ_t contribution(t));
 * - `pair`: penalty = Σ over pairs {i,j} of pairPenalty(i,j), which reads rows i and j.
 * The same function computes the penalty (fast path) and, given a reporter, the violations (detail path),
 * so the two can never disagree.
 */
import type { Game, Grid, Team } from '../model.ts';

/** A constraint as configured: the template's `validation_logic.type`, its parameters, severity and weight. */
export interface ConstraintSpec {
  type: string;
  params?: Record<string, unknown>;
  /** 'hard' (must hold) or 'soft' (penalised with `weight`); `hard: true` is accepted as a synonym. Default soft. */
  severity?: 'hard' | 'soft';
  hard?: boolean;
  /** Multiplier of the penalty of a soft constraint (default 1). */
  weight?: number;
  /** Optional identifier / label carried into results. */
  id?: string | number;
  name?: string;
}

/** One violation: what is wrong, the games involved and the teams concerned (team indices). */
export interface Violation {
  message: string;
  games: Game[];
  teams: number[];
}

/** The evaluation of one constraint. `penalty` is unweighted; `weightedPenalty` = penalty × weight. */
export interface ConstraintResult {
  id?: string | number;
  name?: string;
  type: string;
  severity: 'hard' | 'soft';
  weight: number;
  status: 'pass' | 'fail';
  penalty: number;
  weightedPenalty: number;
  violations: Violation[];
}

/** Problem data an evaluator is compiled against. */
export interface EvalContext {
  teams: readonly Team[];
  /** n×n distance matrix in miles (row-major); computed from coordinates when absent. */
  distances?: Float64Array;
}

export type Reporter = (message: string, games: Game[], teams: number[]) => void;

/** What every compiled evaluator carries, whatever its shape. */
export interface EvaluatorBase {
  spec: ConstraintSpec;
  type: string;
  severity: 'hard' | 'soft';
  weight: number;
  /** Objective-style constraints (travel without a limit) pass even with a positive penalty. */
  objective?: boolean;
  /**
   * What a team's part of the penalty reads (bit mask, default all): READS_CALENDAR (which slots a team plays and
   * their dates), READS_HOME_AWAY (the sign of its cells), READS_HOME_OPPONENT / READS_AWAY_OPPONENT (who it plays
   * at home / away; READS_OPPONENT both). The incremental evaluator skips a team whose move changed nothing this
   * evaluator reads. A game that changes sides is a READS_HOME_AWAY change, so an evaluator that reads the opponents
   * of one side only reads READS_HOME_AWAY too.
   */
  reads?: number;
  /**
   * A team's part depends only on its cells in these slots (mask[s] === 1; reads past the end: not read):
   * a team whose changed slots all lie outside keeps its cached part.
   */
  slotMask?: Uint8Array;
}

/** Largest number of slots for which the bit-mask forms (`fromMasks`, `contribFromMasks`) are used. */
export const MASK_SLOTS = 32;

/** `reads` bits: the calendar (slots played, slot dates), home/away signs, opponents at home, opponents away. */
export const READS_CALENDAR = 1;
export const READS_HOME_AWAY = 2;
export const READS_HOME_OPPONENT = 4;
export const READS_AWAY_OPPONENT = 8;
export const READS_OPPONENT = READS_HOME_OPPONENT | READS_AWAY_OPPONENT;
export const READS_ALL = 15;
export interface TeamEvaluator extends EvaluatorBase {
  kind: 'team';
  /**
   * The penalty depends only on the team's calendar (the slots it plays in and their dates), not on opponents or
   * home/away: moves that keep every team's calendar (no date change, no bye moved) cannot change it.
   */
  calendarOnly?: boolean;
  /** Teams whose penalty can be non-zero (others are skipped). */
  teams: Uint8Array;
  team(g: Grid, t: number, rep?: Reporter): number;
  /**
   * Optional slot-local part for incremental evaluation: for any two rows of team t that agree outside slots
   * lo..hi (and on the dates outside lo..hi), team(a) − local(a, lo, hi) === team(b) − local(b, lo, hi).
   * The delta of a move is then local(after) − local(before), which reads only the slots around lo..hi.
   */
  local?(g: Grid, t: number, lo: number, hi: number): number;
  /**
   * When `local` reads only slots lo − reach … hi + reach: changed slots more than `reach` apart are then
   * evaluated as separate ranges (e.g. the two rounds of a round swap instead of everything between them).
   */
  reach?: number;
  /**
   * When `local` stops at the nearest cell outside lo..hi for which `anchor(cell value)` holds: changed slots
   * with an unchanged anchor cell between them are then evaluated as separate ranges.
   */
  anchor?(v: number): boolean;
  /**
   * Optional form of `team` from the team's home/away slot bit masks, for schedules of at most MASK_SLOTS slots:
   * bit s of `home` (`away`) set when team t plays at home (away) in slot s, neither for a bye. Must equal
   * `team(g, t)` for the row those masks describe; the incremental evaluator keeps the masks per team and then
   * reads no cells. Only for evaluators that read nothing but which slots are played and home/away (no dates,
   * no opponents).
   */
  fromMasks?(t: number, home: number, away: number, slots: number): number;
  /**
   * Optional pair form, for evaluators that judge each pair by its meetings: team(g, t) is the sum, over the
   * opponents o > t with teams[o] = 1, of `meetingPenalty` of the slots where t meets o (ascending, in
   * slots[off .. off + count)) given the slot days. The incremental evaluator then re-prices only the pairs
   * whose meetings a move changed.
   */
  meetingPenalty?(slots: Int32Array, off: number, count: number, day: Int32Array): number;
}

export interface AggregateEvaluator extends EvaluatorBase {
  kind: 'aggregate';
  dims: number;
  /** Teams whose contribution can be non-zero (default all): the incremental evaluator never asks the others. */
  teams?: Uint8Array;
  /** Adds team t's contribution into out[off .. off + dims). */
  contrib(g: Grid, t: number, out: Float64Array, off: number): void;
  combine(sums: Float64Array): number;
  /** Optional form of `contrib` from the team's home/away slot bit masks (see `TeamEvaluator.fromMasks`). */
  contribFromMasks?(t: number, home: number, away: number, slots: number, out: Float64Array, off: number): void;
  /** Detail path: reports violations of the whole schedule. */
  report(g: Grid, rep: Reporter): void;
}

export interface PairEvaluator extends EvaluatorBase {
  kind: 'pair';
  teams: Uint8Array;
  pair(g: Grid, i: number, j: number, rep?: Reporter): number;
  /**
   * Optional fast path for incremental evaluation: a per-team profile of `slots` numbers, from which
   * `pairFromProfiles` must compute exactly what `pair` computes.
   */
  profile?(g: Grid, t: number, out: Int32Array, off: number, from?: number): void;
  /**
   * The profile's value at slot s depends only on the team's cells in slots ≤ s: after a change from slot `from`
   * on, `profile(g, t, out, off, from)` may keep out[off .. off + from) (which must hold the profile before the
   * change) and write only the rest.
   */
  prefixProfile?: boolean;
  pairFromProfiles?(a: Int32Array, offA: number, b: Int32Array, offB: number, slots: number): number;
  /**
   * Optional max form (with profiles): the pair penalty is `penalty(m)` with m the largest |a[s] − b[s]| over the
   * slots of `slots` (null: all; 0 when none), exactly what `pairFromProfiles` computes. The incremental evaluator
   * then keeps per-pair prefix/suffix maxima and re-reads only the slots where a profile changed.
   */
  maxForm?: {
    slots: Uint8Array | null;
    penalty(m: number): number;
    /** penalty(m) is 0 for every m ≤ free and never decreases (lets the evaluator skip reading slots). */
    free?: number;
  };
}

/** A compiled evaluator. */
export type Evaluator = TeamEvaluator | AggregateEvaluator | PairEvaluator;

/** The problem an evaluator is compiled against, resolved: team count, teams, distance matrix (miles, n×n). */
export interface CompileContext {
  n: number;
  teams: readonly Team[];
  distances: Float64Array;
}
