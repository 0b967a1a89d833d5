// Plain typed data for RobinX instances (Van Bulck, Goossens, Schönberger & Guajardo, "RobinX: A three-field
// classification and unified data format for round-robin sports timetabling", EJOR 280 (2020) 568–580) and the
// ITC2021 subset of its constraint families. Team and slot ids are the 0-based ids of the XML file.

/** H = home games, A = away games, HA = both. */
export type HomeAwayMode = 'H' | 'A' | 'HA';

export interface RobinxTeam {
  id: number;
  name: string;
  league: number | null;
  /** Team group ids the team belongs to (the `teamGroups` attribute). */
  groups: number[];
}

export interface RobinxSlot {
  id: number;
  name: string;
}

interface ConstraintCommon {
  /** HARD constraints must hold; SOFT ones cost `penalty` per unit of deviation. */
  hard: boolean;
  penalty: number;
  /** Position of the constraint in the file (0-based, over all families), for error messages and reports. */
  index: number;
}

/** CA1: each team of `teams` plays at least `min` and at most `max` games of `mode` in `slots`. */
export interface CA1Constraint extends ConstraintCommon {
  type: 'CA1';
  teams: number[];
  slots: number[];
  min: number;
  max: number;
  mode: HomeAwayMode;
}

/** CA2: each team of `teams1` plays at least `min`/at most `max` games of `mode1` against `teams2` in `slots`. */
export interface CA2Constraint extends ConstraintCommon {
  type: 'CA2';
  teams1: number[];
  teams2: number[];
  slots: number[];
  min: number;
  max: number;
  mode1: HomeAwayMode;
  mode2: string;
}

/**
 * CA3: each team of `teams1` plays at least `min`/at most `max` games of `mode1` against `teams2` in each window of
 * `intp` consecutive slots (mode2 SLOTS) or games (mode2 GAMES; identical in a time-constrained schedule).
 */
export interface CA3Constraint extends ConstraintCommon {
  type: 'CA3';
  teams1: number[];
  teams2: number[];
  intp: number;
  min: number;
  max: number;
  mode1: HomeAwayMode;
  mode2: string;
}

/** CA4: teams1 play at least `min`/at most `max` games of `mode1` against teams2 in `slots` (GLOBAL) or per slot (EVERY). */
export interface CA4Constraint extends ConstraintCommon {
  type: 'CA4';
  teams1: number[];
  teams2: number[];
  slots: number[];
  min: number;
  max: number;
  mode1: HomeAwayMode;
  mode2: 'GLOBAL' | 'EVERY';
}

/** GA1: at least `min`/at most `max` of the listed (home, away) meetings take place in `slots`. */
export interface GA1Constraint extends ConstraintCommon {
  type: 'GA1';
  meetings: Array<[home: number, away: number]>;
  slots: number[];
  min: number;
  max: number;
}

/** BR1: each team of `teams` has at most `intp` breaks of `mode2` in `slots`. */
export interface BR1Constraint extends ConstraintCommon {
  type: 'BR1';
  teams: number[];
  slots: number[];
  intp: number;
  mode1: string;
  mode2: HomeAwayMode;
}

/** BR2: the teams of `teams` together have at most `intp` breaks in `slots`. */
export interface BR2Constraint extends ConstraintCommon {
  type: 'BR2';
  teams: number[];
  slots: number[];
  intp: number;
  homeMode: HomeAwayMode;
  mode2: string;
}

/** FA2: for every slot of `slots`, the difference in home games played so far by any two teams is at most `intp`. */
export interface FA2Constraint extends ConstraintCommon {
  type: 'FA2';
  teams: number[];
  slots: number[];
  intp: number;
  mode: HomeAwayMode;
}

/** SE1: each pair of `teams` has at least `min` (and at most `max`, when given) slots between its two meetings. */
export interface SE1Constraint extends ConstraintCommon {
  type: 'SE1';
  teams: number[];
  min: number;
  max: number | null;
  mode1: string;
}

export type RobinxConstraint =
  | CA1Constraint
  | CA2Constraint
  | CA3Constraint
  | CA4Constraint
  | GA1Constraint
  | BR1Constraint
  | BR2Constraint
  | FA2Constraint
  | SE1Constraint;

export type RobinxConstraintType = RobinxConstraint['type'];

export interface RobinxInstance {
  name: string;
  /** TR = total travel distance (TravelOptimization), SC = soft-constraint penalty (ITC2021). */
  objective: string;
  roundRobins: number;
  /** C = compact (2(n-1) slots for a double round robin), R = relaxed (the solvers refuse it), NULL = unstated. */
  compactness: string;
  /**
   * `gameMode`: M = mirrored (the second half repeats the first, round by round, with venues exchanged), P = phased
   * (every pair meets once in each half); null when absent or NULL. The reader refuses RobinX's other modes.
   */
  gameMode: 'M' | 'P' | null;
  teams: RobinxTeam[];
  slots: RobinxSlot[];
  /** n × n row-major distance matrix (team1 → team2), or null when the file has none. */
  distances: Float64Array | null;
  constraints: RobinxConstraint[];
}

/** One game of a solution: home team id, away team id, slot id. */
export interface ScheduledMatch {
  home: number;
  away: number;
  slot: number;
}

export interface RobinxSolution {
  instanceName: string;
  solutionName: string;
  objective: number;
  infeasibility: number;
  games: ScheduledMatch[];
}
