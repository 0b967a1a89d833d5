/**
 * Constraint evaluators, one per `validation_logic.type` of a constraint template, in a registry.
 *
 * Every evaluator is compiled once against the problem (team references resolved, dates turned into
 * day numbers, sets into masks) into one of three shapes the incremental engine understands:
 * - `team`: penalty = Σ_t teamPenalty(t), where teamPenalty(t) reads only team t's row of the grid;
 * - `aggregate`: each team contributes a small vector, penalty = combine(Σ_t contribution(t));
 * - `pair`: penalty = Σ over pairs {i,j} of pairPenalty(i,j), which reads rows i and j.
 * The same function computes the penalty (fast path) and, given a reporter, the violations (detail path),
 * so the two can never disagree.
 */
import type { Game, Grid, Team } from './model.ts';
import { dayNumber, dayOfWeek, parseDayOfWeek, resolveTeam } from './model.ts';

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

interface Base {
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

/** Number of set bits of a 32-bit integer. */
export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Bits s of a slot mask (null: every slot < MASK_SLOTS) as a 32-bit integer. */
function slotBits(slots: Uint8Array | null): number {
  if (slots === null) return -1;
  let bits = 0;
  for (let s = 0; s < Math.min(slots.length, MASK_SLOTS); s++) if (slots[s] === 1) bits |= 1 << s;
  return bits;
}

/** `reads` bits: the calendar (slots played, slot dates), home/away signs, opponents at home, opponents away. */
export const READS_CALENDAR = 1;
export const READS_HOME_AWAY = 2;
export const READS_HOME_OPPONENT = 4;
export const READS_AWAY_OPPONENT = 8;
export const READS_OPPONENT = READS_HOME_OPPONENT | READS_AWAY_OPPONENT;
export const READS_ALL = 15;

/** What counting the games of a mode against some opponents reads besides the calendar. */
function modeOpponentReads(mode: Mode): number {
  if (mode === 3) return READS_OPPONENT;
  return READS_HOME_AWAY | (mode === 1 ? READS_HOME_OPPONENT : READS_AWAY_OPPONENT);
}

export interface TeamEvaluator extends Base {
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

export interface AggregateEvaluator extends Base {
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

export interface PairEvaluator extends Base {
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

type BaseKeys = 'spec' | 'type' | 'severity' | 'weight';
type Factory = (p: Params, ctx: Compiled) => DistributiveOmit<Evaluator, BaseKeys>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Compiled {
  n: number;
  teams: readonly Team[];
  distances: Float64Array;
}

const registry = new Map<string, Factory>();

/** Registers an evaluator factory under a `validation_logic.type`. */
export function registerEvaluator(type: string, factory: Factory): void {
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
  const compiled: Compiled = {
    n: ctx.teams.length,
    teams: ctx.teams,
    distances: ctx.distances ?? new Float64Array(ctx.teams.length ** 2),
  };
  let body: DistributiveOmit<Evaluator, BaseKeys>;
  try {
    body = factory(new Params(spec.type, spec.params ?? {}), compiled);
  } catch (error) {
    const msg = error instanceof Error ? error.message : String(error);
    throw new Error(msg.startsWith(`constraint ${spec.type}`) ? msg : `constraint ${spec.type}: ${msg}`);
  }
  return { ...body, spec, type: spec.type, severity, weight } as Evaluator;
}

// ---------------------------------------------------------------------------------------------
// parameter parsing

class Params {
  constructor(
    readonly type: string,
    readonly raw: Record<string, unknown>,
  ) {}
  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null && this.raw[key] !== '';
  }
  num(key: string, fallback?: number): number {
    const v = this.raw[key];
    if (v === undefined || v === null || v === '') {
      if (fallback === undefined) throw new Error(`constraint ${this.type}: parameter '${key}' is required`);
      return fallback;
    }
    const x = Number(v);
    if (!Number.isFinite(x)) throw new Error(`constraint ${this.type}: parameter '${key}' must be a number`);
    return x;
  }
  str(key: string, fallback?: string): string {
    const v = this.raw[key];
    if (v === undefined || v === null || v === '') {
      if (fallback === undefined) throw new Error(`constraint ${this.type}: parameter '${key}' is required`);
      return fallback;
    }
    return String(v);
  }
  list(key: string): Array<string | number> | undefined {
    return parseList(this.raw[key]);
  }
}

function parseList(v: unknown): Array<string | number> | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v as Array<string | number>;
  if (typeof v === 'number') return [v];
  return String(v)
    .split(/[;,]/)
    .map((x) => x.trim())
    .filter((x) => x !== '')
    .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
}

/** Team mask from a parameter (absent → all teams; `team` singular accepted). */
function teamMask(p: Params, ctx: Compiled, key = 'teams'): Uint8Array {
  const mask = new Uint8Array(ctx.n);
  const refs = p.list(key) ?? (key === 'teams' && p.has('team') ? p.list('team') : undefined);
  if (!refs) return mask.fill(1);
  for (const r of refs) mask[resolveTeam(ctx.teams, r)] = 1;
  return mask;
}

/** Slot mask (mask[s] === 1 when slot s is listed; reads past the end are undefined), or null = all slots. */
function slotSet(p: Params, key = 'slots'): Uint8Array | null {
  const refs = p.list(key);
  if (!refs) return null;
  const idx = refs.map((x) => Number(x));
  if (idx.some((x) => !Number.isInteger(x) || x < 0)) throw new Error(`parameter '${key}' must list slot indices`);
  const mask = new Uint8Array(Math.max(0, ...idx) + 1);
  for (const x of idx) mask[x] = 1;
  return mask;
}

type Mode = 1 | 2 | 3; // 1 = home, 2 = away, 3 = either
function parseMode(v: string): Mode {
  const s = v.trim().toUpperCase();
  if (s === 'H' || s === 'HOME') return 1;
  if (s === 'A' || s === 'AWAY' || s === 'ROAD') return 2;
  if (s === 'HA' || s === 'AH' || s === 'ANY' || s === 'BOTH') return 3;
  throw new Error(`invalid mode '${v}' (H, A or HA)`);
}

/** The slots (bits) of a home and an away mask whose games match a mode. */
function modeBits(home: number, away: number, mode: Mode): number {
  return ((mode & 1) !== 0 ? home : 0) | ((mode & 2) !== 0 ? away : 0);
}

/** Whether a cell value matches a mode (v ≠ 0). */
function modeMatch(v: number, mode: Mode): boolean {
  return v > 0 ? (mode & 1) !== 0 : (mode & 2) !== 0;
}

interface DayRange {
  from: number;
  to: number;
  mode: Mode;
}

/** Day ranges of an entry: `date`, `dates`, or `from`/`to` (inclusive). */
function entryRanges(e: Record<string, unknown>, mode: Mode): DayRange[] {
  const out: DayRange[] = [];
  const one = (d: unknown) => {
    const x = dayNumber(String(d));
    out.push({ from: x, to: x, mode });
  };
  if (e.date !== undefined) one(e.date);
  if (Array.isArray(e.dates)) e.dates.forEach(one);
  const from = e.from ?? e.start_date ?? e.startDate;
  const to = e.to ?? e.end_date ?? e.endDate;
  if (from !== undefined || to !== undefined) {
    const f = dayNumber(String(from ?? to));
    const t = dayNumber(String(to ?? from));
    if (t < f) throw new Error(`range ${String(from)}..${String(to)} ends before it starts`);
    out.push({ from: f, to: t, mode });
  }
  if (out.length === 0) throw new Error('an entry needs date, dates or from/to');
  return out;
}

function gameAt(g: Grid, t: number, s: number): Game {
  const v = g.cell[t * g.slots + s];
  return v > 0 ? { home: t, away: v - 1, slot: s } : { home: -v - 1, away: t, slot: s };
}

function name(ctx: Compiled, t: number): string {
  return ctx.teams[t]?.name ?? String(t);
}

// ---------------------------------------------------------------------------------------------
// Big 12 / FlexTime evaluators

function maxConsecutive(mode: 1 | 2): Factory {
  return (p, ctx) => {
    const max = p.num('max', p.num('limit', Number.NaN));
    if (!Number.isFinite(max) || max < 0) throw new Error(`constraint ${p.type}: parameter 'max' is required`);
    const teams = teamMask(p, ctx);
    const what = mode === 1 ? 'home' : 'road';
    return {
      kind: 'team',
      teams,
      reads: READS_CALENDAR | READS_HOME_AWAY,
      anchor: (v) => v !== 0 && (mode === 1 ? v < 0 : v > 0),
      // a position counts when it ends max + 1 consecutive games of the mode; a bye is skipped, not a break
      fromMasks(_t, home, away, S) {
        const runOf = mode === 1 ? home : away;
        if (max >= S) return 0;
        if ((home | away) === (S === 32 ? -1 : (1 << S) - 1)) {
          let ends = runOf;
          for (let k = 1; k <= max; k++) ends &= runOf << k;
          return popcount(ends);
        }
        let pen = 0;
        let run = 0;
        for (let s = 0; s < S; s++) {
          const bit = 1 << s;
          if ((runOf & bit) !== 0) {
            run++;
            if (run > max) pen++;
          } else if (((home | away) & bit) !== 0) run = 0;
        }
        return pen;
      },
      // the runs that contain lo..hi: bounded by the nearest breaking games outside (same before and after a move)
      local(g, t, lo, hi) {
        const S = g.slots;
        const row = t * S;
        const cell = g.cell;
        let L = lo;
        while (L > 0) {
          const v = cell[row + L - 1];
          if (v !== 0 && (mode === 1 ? v < 0 : v > 0)) break;
          L--;
        }
        let R = hi;
        while (R < S - 1) {
          const v = cell[row + R + 1];
          if (v !== 0 && (mode === 1 ? v < 0 : v > 0)) break;
          R++;
        }
        let pen = 0;
        let run = 0;
        for (let s = L; s <= R; s++) {
          const v = cell[row + s];
          if (v === 0) continue;
          if (mode === 1 ? v > 0 : v < 0) {
            run++;
            if (run > max) pen++;
          } else run = 0;
        }
        return pen;
      },
      team(g, t, rep) {
        const S = g.slots;
        const row = t * S;
        let pen = 0;
        let run = 0;
        let start = -1;
        for (let s = 0; s <= S; s++) {
          const v = s < S ? g.cell[row + s] : 0;
          if (s < S && v === 0) continue; // a bye does not break a run of games
          const match = s < S && (mode === 1 ? v > 0 : v < 0);
          if (match) {
            if (run === 0) start = s;
            run++;
            if (run > max) pen++;
          } else {
            if (rep && run > max) {
              const games: Game[] = [];
              for (let k = start; k < s; k++) if (g.cell[row + k] !== 0) games.push(gameAt(g, t, k));
              rep(`${name(ctx, t)} plays ${run} consecutive ${what} games (max ${max})`, games, [t]);
            }
            run = 0;
          }
        }
        return pen;
      },
    };
  };
}
registerEvaluator('max_consecutive_home', maxConsecutive(1));
registerEvaluator('max_consecutive_away', maxConsecutive(2));
registerEvaluator('max_consecutive_road', maxConsecutive(2));

/** Rematch separation: consecutive meetings of a pair at least `minGames` slots and `minDays` days apart. */
registerEvaluator('rematch_separation', (p, ctx) => {
  const minGames = p.num('minGames', p.num('min_games', 2));
  const minDays = p.num('minDays', p.num('min_days', 0));
  const teams = teamMask(p, ctx);
  const last = new Int32Array(ctx.n);
  return {
    kind: 'team',
    teams,
    reads: READS_CALENDAR | READS_OPPONENT,
    meetingPenalty(slots, off, count, day) {
      let pen = 0;
      for (let k = off + 1; k < off + count; k++) {
        const gap = slots[k] - slots[k - 1];
        const dayGap = day[slots[k]] - day[slots[k - 1]];
        if (gap < minGames) pen += minGames - gap;
        if (dayGap < minDays) pen += minDays - dayGap;
      }
      return pen;
    },
    team(g, t, rep) {
      const S = g.slots;
      const row = t * S;
      last.fill(-1);
      let pen = 0;
      for (let s = 0; s < S; s++) {
        const v = g.cell[row + s];
        if (v === 0) continue;
        const o = (v > 0 ? v : -v) - 1;
        if (o < t || teams[o] === 0) continue; // a pair is judged once, by its lower-index team
        const prev = last[o];
        last[o] = s;
        if (prev < 0) continue;
        const gap = s - prev;
        const dayGap = g.day[s] - g.day[prev];
        let d = 0;
        if (gap < minGames) d += minGames - gap;
        if (dayGap < minDays) d += minDays - dayGap;
        if (d > 0) {
          pen += d;
          rep?.(
            `${name(ctx, t)} and ${name(ctx, o)} meet again after ${gap} games / ${dayGap} days (min ${minGames} games, ${minDays} days)`,
            [gameAt(g, t, prev), gameAt(g, t, s)],
            [t, o],
          );
        }
      }
      return pen;
    },
  };
});
registerEvaluator('no_repeaters', (p, ctx) =>
  registry.get('rematch_separation')!(new Params(p.type, { minGames: 2, ...p.raw }), ctx),
);

/** Team blackout dates: no game (mode any), no home game or no away game on given dates. */
registerEvaluator('blackout_dates', (p, ctx) => {
  const perTeam: DayRange[][] = Array.from({ length: ctx.n }, () => []);
  const entries = Array.isArray(p.raw.blackouts) ? (p.raw.blackouts as Record<string, unknown>[]) : [p.raw];
  // `severities`: only blackouts of these severities (hard/soft/preference) count, e.g. the hard ones
  const severities = Array.isArray(p.raw.severities) ? (p.raw.severities as unknown[]).map(String) : null;
  for (const e of entries) {
    if (severities && e.severity !== undefined && !severities.includes(String(e.severity))) continue;
    const mode = parseMode(String(e.mode ?? 'HA'));
    const refs = parseList(e.team ?? e.teams);
    if (!refs) throw new Error(`constraint ${p.type}: each blackout needs a team`);
    const ranges = entryRanges(e, mode);
    for (const r of refs) perTeam[resolveTeam(ctx.teams, r)].push(...ranges);
  }
  const teams = Uint8Array.from(perTeam, (r) => (r.length > 0 ? 1 : 0));
  const calendarOnly = perTeam.every((rs) => rs.every((r) => r.mode === 3));
  const scan = (g: Grid, t: number, from: number, to: number, rep?: Reporter) => {
    const ranges = perTeam[t];
    const S = g.slots;
    let pen = 0;
    for (let s = from; s <= to; s++) {
      const v = g.cell[t * S + s];
      if (v === 0) continue;
      const d = g.day[s];
      for (const r of ranges) {
        if (d >= r.from && d <= r.to && modeMatch(v, r.mode)) {
          pen++;
          rep?.(
            `${name(ctx, t)} plays ${v > 0 ? 'at home ' : v < 0 ? 'away ' : ''}on a blackout date`,
            [gameAt(g, t, s)],
            [t],
          );
          break;
        }
      }
    }
    return pen;
  };
  return {
    kind: 'team',
    calendarOnly,
    reads: calendarOnly ? READS_CALENDAR : READS_CALENDAR | READS_HOME_AWAY,
    teams,
    team: (g, t, rep) => scan(g, t, 0, g.slots - 1, rep),
    local: (g, t, lo, hi) => scan(g, t, lo, hi),
    reach: 0,
  };
});

/** Venue unavailability: no home game at a venue during its unavailable periods. */
registerEvaluator('venue_unavailability', (p, ctx) => {
  const perTeam: DayRange[][] = Array.from({ length: ctx.n }, () => []);
  const entries = Array.isArray(p.raw.periods) ? (p.raw.periods as Record<string, unknown>[]) : [p.raw];
  for (const e of entries) {
    const venue = e.venue ?? e.venue_id ?? e.venueId;
    const team = e.team;
    if (venue === undefined && team === undefined) throw new Error(`constraint ${p.type}: each period needs a venue`);
    const ranges = entryRanges(e, 1);
    let matched = false;
    ctx.teams.forEach((tm, i) => {
      const home = tm.venue ?? tm.id;
      if (
        (venue !== undefined && String(home) === String(venue)) ||
        (team !== undefined && i === resolveTeam(ctx.teams, team as string))
      ) {
        perTeam[i].push(...ranges);
        matched = true;
      }
    });
    if (!matched) throw new Error(`constraint ${p.type}: unknown venue '${String(venue ?? team)}'`);
  }
  const teams = Uint8Array.from(perTeam, (r) => (r.length > 0 ? 1 : 0));
  const scan = (g: Grid, t: number, from: number, to: number, rep?: Reporter) => {
    const ranges = perTeam[t];
    const S = g.slots;
    let pen = 0;
    for (let s = from; s <= to; s++) {
      if (g.cell[t * S + s] <= 0) continue;
      const d = g.day[s];
      for (const r of ranges) {
        if (d >= r.from && d <= r.to) {
          pen++;
          rep?.(`home venue of ${name(ctx, t)} is unavailable`, [gameAt(g, t, s)], [t]);
          break;
        }
      }
    }
    return pen;
  };
  return {
    kind: 'team',
    teams,
    reads: READS_CALENDAR | READS_HOME_AWAY,
    team: (g, t, rep) => scan(g, t, 0, g.slots - 1, rep),
    local: (g, t, lo, hi) => scan(g, t, lo, hi),
    reach: 0,
  };
});

/** Rest days: at least `minDays` full days without a game between two games of a team. */
registerEvaluator('rest_days', (p, ctx) => {
  const minDays = p.num('minDays', p.num('min_days', p.num('min', 1)));
  const teams = teamMask(p, ctx);
  return {
    kind: 'team',
    calendarOnly: true,
    reads: READS_CALENDAR,
    teams,
    team(g, t, rep) {
      const S = g.slots;
      let pen = 0;
      let prev = -1;
      for (let s = 0; s < S; s++) {
        if (g.cell[t * S + s] === 0) continue;
        if (prev >= 0) {
          const rest = g.day[s] - g.day[prev] - 1;
          if (rest < minDays) {
            pen += minDays - rest;
            rep?.(
              `${name(ctx, t)} has ${rest} rest days between games (min ${minDays})`,
              [gameAt(g, t, prev), gameAt(g, t, s)],
              [t],
            );
          }
        }
        prev = s;
      }
      return pen;
    },
  };
});

/** Allowed days of week (e.g. BYU: no Sunday): `days` allowed, or `forbiddenDays`; optional mode H/A/HA. */
registerEvaluator('allowed_days_of_week', (p, ctx) => {
  let allowed = 0x7f;
  const days = p.list('days') ?? p.list('allowed_days') ?? p.list('allowedDays');
  if (days) allowed = days.reduce<number>((m, d) => m | (1 << parseDayOfWeek(d)), 0);
  const forbidden = p.list('forbiddenDays') ?? p.list('forbidden_days');
  if (forbidden) for (const d of forbidden) allowed &= ~(1 << parseDayOfWeek(d));
  if (!days && !forbidden) throw new Error(`constraint ${p.type}: parameter 'days' or 'forbiddenDays' is required`);
  const mode = parseMode(p.str('mode', 'HA'));
  const teams = teamMask(p, ctx);
  const scan = (g: Grid, t: number, from: number, to: number, rep?: Reporter) => {
    const S = g.slots;
    let pen = 0;
    for (let s = from; s <= to; s++) {
      const v = g.cell[t * S + s];
      if (v === 0 || !modeMatch(v, mode)) continue;
      const dow = dayOfWeek(g.day[s]);
      if ((allowed & (1 << dow)) === 0) {
        pen++;
        rep?.(`${name(ctx, t)} plays on a disallowed day of week`, [gameAt(g, t, s)], [t]);
      }
    }
    return pen;
  };
  return {
    kind: 'team',
    calendarOnly: mode === 3,
    reads: mode === 3 ? READS_CALENDAR : READS_CALENDAR | READS_HOME_AWAY,
    teams,
    team: (g, t, rep) => scan(g, t, 0, g.slots - 1, rep),
    local: (g, t, lo, hi) => scan(g, t, lo, hi),
    reach: 0,
  };
});

/** Home/away balance among a team's first and/or last k games: at least minHome home and minAway away. */
registerEvaluator('home_away_balance_window', (p, ctx) => {
  const k = p.num('k', p.num('games', Number.NaN));
  if (!(k >= 1)) throw new Error(`constraint ${p.type}: parameter 'k' is required`);
  const minHome = p.num('minHome', p.num('min_home', 0));
  const minAway = p.num('minAway', p.num('min_away', 0));
  if (minHome + minAway > k)
    throw new Error(`constraint ${p.type}: minHome + minAway (${minHome + minAway}) exceeds k (${k})`);
  const position = p.str('position', 'both');
  const first = position === 'first' || position === 'both';
  const last = position === 'last' || position === 'both';
  const teams = teamMask(p, ctx);
  const idx = new Int32Array(Math.ceil(k));
  const evaluator: Omit<TeamEvaluator, BaseKeys> = {
    kind: 'team',
    teams,
    reads: READS_CALENDAR | READS_HOME_AWAY,
    // the whole team part when lo..hi reaches into its first or last k games (decided by the cells outside lo..hi)
    local(g, t, lo, hi) {
      const S = g.slots;
      const row = t * S;
      const cell = g.cell;
      let hit = false;
      if (first) {
        let c = 0;
        for (let s = 0; s < lo && c < k; s++) if (cell[row + s] !== 0) c++;
        if (c < k) hit = true;
      }
      if (last && !hit) {
        let c = 0;
        for (let s = S - 1; s > hi && c < k; s--) if (cell[row + s] !== 0) c++;
        if (c < k) hit = true;
      }
      return hit ? evaluator.team(g, t) : 0;
    },
    // the first (last) k games are the lowest (highest) k bits of home | away
    fromMasks(_t, home, away) {
      let pen = 0;
      for (let pass = 0; pass < 2; pass++) {
        const fromStart = pass === 0;
        if (fromStart ? !first : !last) continue;
        let played = home | away;
        let h = 0;
        let a = 0;
        for (let c = 0; c < k && played !== 0; c++) {
          const bit = fromStart ? played & -played : 1 << (31 - Math.clz32(played));
          if ((home & bit) !== 0) h++;
          else a++;
          played ^= bit;
        }
        pen += (minHome > h ? minHome - h : 0) + (minAway > a ? minAway - a : 0);
      }
      return pen;
    },
    team(g, t, rep) {
      const S = g.slots;
      const row = t * S;
      const cell = g.cell;
      let pen = 0;
      for (let pass = 0; pass < 2; pass++) {
        const fromStart = pass === 0;
        if (fromStart ? !first : !last) continue;
        let h = 0;
        let a = 0;
        let c = 0;
        for (let i = 0; i < S && c < k; i++) {
          const s = fromStart ? i : S - 1 - i;
          const v = cell[row + s];
          if (v === 0) continue;
          idx[c++] = s;
          if (v > 0) h++;
          else a++;
        }
        const d = (minHome > h ? minHome - h : 0) + (minAway > a ? minAway - a : 0);
        if (d > 0) {
          pen += d;
          if (rep) {
            const games = Array.from(idx.subarray(0, c), (s) => gameAt(g, t, s)).sort((x, y) => x.slot - y.slot);
            rep(`${name(ctx, t)}: ${h} home / ${a} away in its ${fromStart ? 'first' : 'last'} ${k} games`, games, [t]);
          }
        }
      }
      return pen;
    },
  };
  return evaluator;
});

/** Games per week (weeks start on `weekStartsOn`, default Monday): at most `max`. Slots are in date order. */
registerEvaluator('games_per_week', (p, ctx) => {
  const max = p.num('max');
  const start = parseDayOfWeek(p.raw.weekStartsOn === undefined ? 1 : (p.raw.weekStartsOn as number));
  const teams = teamMask(p, ctx);
  const weekOf = (day: number) => Math.floor((day + 4 - start + 7 * 1000) / 7); // day 0 (1970-01-01) was a Thursday
  return {
    kind: 'team',
    calendarOnly: true,
    reads: READS_CALENDAR,
    teams,
    team(g, t, rep) {
      const S = g.slots;
      let pen = 0;
      let week = Number.NaN;
      let count = 0;
      let first = 0;
      for (let s = 0; s <= S; s++) {
        if (s < S && g.cell[t * S + s] === 0) continue;
        const w = s < S ? weekOf(g.day[s]) : Number.NaN;
        if (w === week) {
          count++;
          if (count > max) pen++;
          continue;
        }
        if (rep && count > max) {
          const games: Game[] = [];
          for (let k = first; k < s; k++) if (g.cell[t * S + k] !== 0) games.push(gameAt(g, t, k));
          rep(`${name(ctx, t)} plays ${count} games in one week (max ${max})`, games, [t]);
        }
        week = w;
        count = 1;
        first = s;
      }
      return pen;
    },
  };
});

/**
 * Saturday pairing: a team's game that follows a Saturday game within `withinDays` (default 4) must be on a
 * paired day (default Monday or Tuesday); and no forbidden run of three games (default Saturday–Monday–Wednesday)
 * within `spanDays` (default 5).
 */
registerEvaluator('saturday_pairing', (p, ctx) => {
  const sat = parseDayOfWeek((p.raw.saturday as number | string | undefined) ?? 6);
  const paired = (p.list('pairedDays') ?? p.list('paired_days') ?? [1, 2]).reduce<number>(
    (m, d) => m | (1 << parseDayOfWeek(d)),
    0,
  );
  const within = p.num('withinDays', 4);
  const seqRaw = p.raw.forbiddenSequence ?? p.raw.forbidden_sequence ?? [6, 1, 3];
  const seq = (parseList(seqRaw) ?? []).map((d) => parseDayOfWeek(d));
  const span = p.num('spanDays', 5);
  const teams = teamMask(p, ctx);
  return {
    kind: 'team',
    calendarOnly: true,
    reads: READS_CALENDAR,
    teams,
    team(g, t, rep) {
      const S = g.slots;
      let pen = 0;
      let p1 = -1; // previous game slot
      let p2 = -1; // the one before
      for (let s = 0; s < S; s++) {
        if (g.cell[t * S + s] === 0) continue;
        const dow = dayOfWeek(g.day[s]);
        if (p1 >= 0 && dayOfWeek(g.day[p1]) === sat && g.day[s] - g.day[p1] <= within && (paired & (1 << dow)) === 0) {
          pen++;
          rep?.(
            `${name(ctx, t)}: Saturday game not paired with an allowed day`,
            [gameAt(g, t, p1), gameAt(g, t, s)],
            [t],
          );
        }
        if (
          seq.length === 3 &&
          p2 >= 0 &&
          dayOfWeek(g.day[p2]) === seq[0] &&
          dayOfWeek(g.day[p1]) === seq[1] &&
          dow === seq[2] &&
          g.day[s] - g.day[p2] <= span
        ) {
          pen++;
          rep?.(
            `${name(ctx, t)}: forbidden game-day sequence`,
            [gameAt(g, t, p2), gameAt(g, t, p1), gameAt(g, t, s)],
            [t],
          );
        }
        p2 = p1;
        p1 = s;
      }
      return pen;
    },
  };
});

/**
 * Travel distance (miles, haversine between home venues): each team starts at home, travels from venue to venue
 * through consecutive away games (as in the Traveling Tournament Problem), and returns home at the end.
 * Without `maxMiles` the penalty is the miles travelled (an objective); with it, the miles above the limit.
 */
registerEvaluator('travel_distance', (p, ctx) => {
  const teams = teamMask(p, ctx);
  const maxMiles = p.has('maxMiles') ? p.num('maxMiles') : p.has('max_miles') ? p.num('max_miles') : -1;
  const D = ctx.distances;
  const n = ctx.n;
  // the legs between the nearest games outside lo..hi (or home at either end of the season)
  const local = (g: Grid, t: number, lo: number, hi: number) => {
    const S = g.slots;
    const row = t * S;
    const cell = g.cell;
    let A = lo - 1;
    while (A >= 0 && cell[row + A] === 0) A--;
    let B = hi + 1;
    while (B < S && cell[row + B] === 0) B++;
    let at = t;
    if (A >= 0) {
      const v = cell[row + A];
      at = v > 0 ? t : -v - 1;
    }
    let miles = 0;
    for (let s = lo; s <= hi; s++) {
      const v = cell[row + s];
      if (v === 0) continue;
      const loc = v > 0 ? t : -v - 1;
      miles += D[at * n + loc];
      at = loc;
    }
    let end = t;
    if (B < S) {
      const v = cell[row + B];
      end = v > 0 ? t : -v - 1;
    }
    return miles + D[at * n + end];
  };
  return {
    kind: 'team',
    teams,
    // where a team is: at home (whoever it hosts) or at the venue of the team it visits
    reads: READS_CALENDAR | READS_HOME_AWAY | READS_AWAY_OPPONENT,
    objective: maxMiles < 0,
    local: maxMiles < 0 ? local : undefined,
    anchor: (v) => v !== 0,
    team(g, t, rep) {
      const S = g.slots;
      let at = t;
      let miles = 0;
      for (let s = 0; s < S; s++) {
        const v = g.cell[t * S + s];
        if (v === 0) continue;
        const loc = v > 0 ? t : -v - 1;
        miles += D[at * n + loc];
        at = loc;
      }
      miles += D[at * n + t];
      if (maxMiles < 0) return miles;
      const over = Math.max(0, miles - maxMiles);
      if (over > 0) rep?.(`${name(ctx, t)} travels ${miles.toFixed(0)} miles (max ${maxMiles})`, [], [t]);
      return over;
    },
  };
});

// ---------------------------------------------------------------------------------------------
// RobinX / ITC2021 families (slot indices; penalties as in the ITC2021 validator)

function minMaxDev(count: number, min: number, max: number): number {
  return (count > max ? count - max : 0) + (count < min ? min - count : 0);
}

/** CA1: each team in `teams` plays at most `max` (at least `min`) home/away games (mode H/A) in `slots`. */
registerEvaluator('CA1', (p, ctx) => {
  const teams = teamMask(p, ctx);
  const slots = slotSet(p);
  const max = p.num('max', Number.POSITIVE_INFINITY);
  const min = p.num('min', 0);
  const mode = parseMode(p.str('mode', 'H'));
  const bits = slotBits(slots);
  return {
    kind: 'team',
    teams,
    reads: mode === 3 ? READS_CALENDAR : READS_CALENDAR | READS_HOME_AWAY,
    slotMask: slots ?? undefined,
    fromMasks: (_t, home, away) => minMaxDev(popcount(modeBits(home, away, mode) & bits), min, max),
    team(g, t, rep) {
      const S = g.slots;
      let c = 0;
      for (let s = 0; s < S; s++) {
        const v = g.cell[t * S + s];
        if (v !== 0 && modeMatch(v, mode) && (slots === null || slots[s] === 1)) c++;
      }
      const d = minMaxDev(c, min, max);
      if (d > 0 && rep) {
        const games: Game[] = [];
        for (let s = 0; s < S; s++) {
          const v = g.cell[t * S + s];
          if (v !== 0 && modeMatch(v, mode) && (slots === null || slots[s] === 1)) games.push(gameAt(g, t, s));
        }
        rep(
          `${name(ctx, t)} plays ${c} ${mode === 1 ? 'home' : mode === 2 ? 'away' : ''} games in the given slots (min ${min}, max ${max})`,
          games,
          [t],
        );
      }
      return d;
    },
  };
});

/** CA2: each team in teams1 plays at most `max` home/away/any games against teams2 in `slots`. */
registerEvaluator('CA2', (p, ctx) => {
  const t1 = teamMask(p, ctx, 'teams1');
  const t2 = teamMask(p, ctx, 'teams2');
  const slots = slotSet(p);
  const max = p.num('max', Number.POSITIVE_INFINITY);
  const min = p.num('min', 0);
  const mode = parseMode(p.str('mode1', 'HA'));
  return {
    kind: 'team',
    teams: t1,
    reads: READS_CALENDAR | modeOpponentReads(mode),
    slotMask: slots ?? undefined,
    team(g, t, rep) {
      const S = g.slots;
      let c = 0;
      for (let s = 0; s < S; s++) {
        const v = g.cell[t * S + s];
        if (v !== 0 && modeMatch(v, mode) && t2[(v > 0 ? v : -v) - 1] === 1 && (slots === null || slots[s] === 1)) c++;
      }
      const d = minMaxDev(c, min, max);
      if (d > 0 && rep) {
        const games: Game[] = [];
        for (let s = 0; s < S; s++) {
          const v = g.cell[t * S + s];
          if (v !== 0 && modeMatch(v, mode) && t2[(v > 0 ? v : -v) - 1] === 1 && (slots === null || slots[s] === 1))
            games.push(gameAt(g, t, s));
        }
        rep(`${name(ctx, t)} plays ${c} games against the given teams in the given slots (max ${max})`, games, [t]);
      }
      return d;
    },
  };
});

/** CA3: each team in teams1 plays at most `max` games against teams2 in every window of `intp` consecutive slots. */
registerEvaluator('CA3', (p, ctx) => {
  const t1 = teamMask(p, ctx, 'teams1');
  const t2 = teamMask(p, ctx, 'teams2');
  const intp = p.num('intp');
  const max = p.num('max', Number.POSITIVE_INFINITY);
  const min = p.num('min', 0);
  const mode = parseMode(p.str('mode1', 'HA'));
  let hits = new Uint8Array(0);
  // with every team in teams2 a game counts by its home/away side alone
  const everyOpponent = t2.every((x) => x === 1);
  const anyOpponent = everyOpponent && intp >= 1 && intp < MASK_SLOTS;
  const window = (1 << intp) - 1;
  const hit = (v: number) =>
    v > 0 ? (mode & 1) !== 0 && t2[v - 1] === 1 : v < 0 ? (mode & 2) !== 0 && t2[-v - 1] === 1 : false;
  return {
    kind: 'team',
    teams: t1,
    reads: READS_CALENDAR | (everyOpponent ? (mode === 3 ? 0 : READS_HOME_AWAY) : modeOpponentReads(mode)),
    reach: Math.max(0, intp - 1),
    fromMasks: anyOpponent
      ? (_t, home, away, S) => {
          const counted = modeBits(home, away, mode);
          if (min <= 0 && max === intp - 1) {
            // penalty 1 per window whose intp slots all count: slots s ending intp counted slots in a row
            let ends = counted;
            for (let k = 1; k < intp; k++) ends &= counted << k;
            return popcount(ends);
          }
          let pen = 0;
          for (let s = 0; s + intp <= S; s++) pen += minMaxDev(popcount(counted & (window << s)), min, max);
          return pen;
        }
      : undefined,
    // the windows of intp slots that overlap lo..hi
    local(g, t, lo, hi) {
      const S = g.slots;
      const row = t * S;
      const cell = g.cell;
      const from = Math.max(intp - 1, lo);
      const to = Math.min(S - 1, hi + intp - 1);
      if (from > to) return 0;
      let c = 0;
      for (let s = Math.max(0, from - intp + 1); s <= from; s++) if (hit(cell[row + s])) c++;
      let pen = minMaxDev(c, min, max);
      for (let s = from + 1; s <= to; s++) {
        if (hit(cell[row + s])) c++;
        if (hit(cell[row + s - intp])) c--;
        pen += minMaxDev(c, min, max);
      }
      return pen;
    },
    team(g, t, rep) {
      const S = g.slots;
      const row = t * S;
      const cell = g.cell;
      if (hits.length < S) hits = new Uint8Array(S);
      const homeOk = (mode & 1) !== 0;
      const awayOk = (mode & 2) !== 0;
      for (let s = 0; s < S; s++) {
        const v = cell[row + s];
        hits[s] = v > 0 ? (homeOk && t2[v - 1] === 1 ? 1 : 0) : v < 0 ? (awayOk && t2[-v - 1] === 1 ? 1 : 0) : 0;
      }
      let pen = 0;
      let c = 0;
      for (let s = 0; s < S; s++) {
        c += hits[s];
        if (s >= intp) c -= hits[s - intp];
        if (s >= intp - 1 && (c > max || c < min)) {
          const d = minMaxDev(c, min, max);
          pen += d;
          if (rep) {
            const games: Game[] = [];
            for (let k = s - intp + 1; k <= s; k++) if (hits[k]) games.push(gameAt(g, t, k));
            rep(`${name(ctx, t)} plays ${c} such games in slots ${s - intp + 1}..${s} (max ${max})`, games, [t]);
          }
        }
      }
      return pen;
    },
  };
});

/**
 * CA4: teams1 together play at most `max` games (home: teams1 host teams2; away: teams1 visit teams2; HA: either)
 * in `slots` (mode2 GLOBAL) or in each slot of `slots` (mode2 EVERY). A game counts once.
 */
registerEvaluator('CA4', (p, ctx) => {
  const t1 = teamMask(p, ctx, 'teams1');
  const t2 = teamMask(p, ctx, 'teams2');
  const slotList = (p.list('slots') ?? []).map(Number);
  const max = p.num('max', Number.POSITIVE_INFINITY);
  const min = p.num('min', 0);
  const mode = parseMode(p.str('mode1', 'HA'));
  const every = p.str('mode2', 'GLOBAL').toUpperCase() === 'EVERY';
  const dimOf = new Map<number, number>();
  slotList.forEach((s, _i) => {
    if (!dimOf.has(s)) dimOf.set(s, every ? dimOf.size : 0);
  });
  const dims = every ? dimOf.size : 1;
  const dimSlots = Int32Array.from(dimOf.keys());
  const dimIdx = Int32Array.from(dimOf.values());
  const counts = (h: number, a: number) =>
    ((mode & 1) !== 0 && t1[h] === 1 && t2[a] === 1) || ((mode & 2) !== 0 && t1[a] === 1 && t2[h] === 1);
  const sums = new Float64Array(dims);
  const mask = new Uint8Array(Math.max(0, ...dimSlots) + 1);
  for (const x of dimSlots) mask[x] = 1;
  // a game counts for its home team h: one of teams1 (mode H) or of teams2 (mode A)
  const hosts = Uint8Array.from(t1, (x, t) =>
    ((mode & 1) !== 0 && x === 1) || ((mode & 2) !== 0 && t2[t] === 1) ? 1 : 0,
  );
  return {
    kind: 'aggregate',
    dims,
    teams: hosts,
    // a team contributes its home games only
    reads: READS_CALENDAR | READS_HOME_AWAY | READS_HOME_OPPONENT,
    slotMask: mask,
    contrib(g, t, out, off) {
      const S = g.slots;
      for (let k = 0; k < dimSlots.length; k++) {
        const s = dimSlots[k];
        if (s >= S) continue;
        const v = g.cell[t * S + s];
        if (v > 0 && counts(t, v - 1)) out[off + dimIdx[k]]++;
      }
    },
    combine(x) {
      let pen = 0;
      for (let d = 0; d < dims; d++) pen += minMaxDev(x[d], min, max);
      return pen;
    },
    report(g, rep) {
      sums.fill(0);
      const games: Game[][] = Array.from({ length: dims }, () => []);
      for (let t = 0; t < g.teams; t++) {
        for (const [s, d] of dimOf) {
          if (s >= g.slots) continue;
          const v = g.cell[t * g.slots + s];
          if (v > 0 && counts(t, v - 1)) {
            sums[d]++;
            games[d].push(gameAt(g, t, s));
          }
        }
      }
      for (let d = 0; d < dims; d++) {
        if (minMaxDev(sums[d], min, max) > 0) {
          const teams = [...new Set(games[d].flatMap((x) => [x.home, x.away]))].filter((x) => t1[x] === 1);
          rep(
            `${sums[d]} games between the given team sets${every ? ` in slot ${games[d][0]?.slot}` : ''} (max ${max})`,
            games[d],
            teams,
          );
        }
      }
    },
  };
});

/** GA1: at least `min` and at most `max` of the `meetings` (home,away pairs) take place in `slots`. */
registerEvaluator('GA1', (p, ctx) => {
  const raw = p.raw.meetings;
  const pairs: Array<[number, number]> = [];
  const list = Array.isArray(raw) ? raw : String(raw ?? '').split(';');
  for (const m of list) {
    const parts = Array.isArray(m)
      ? m
      : String(m)
          .split(',')
          .filter((x) => x.trim() !== '');
    if (parts.length === 0) continue;
    if (parts.length !== 2) throw new Error(`constraint GA1: invalid meeting '${String(m)}'`);
    pairs.push([
      resolveTeam(ctx.teams, /^\d+$/.test(String(parts[0]).trim()) ? Number(parts[0]) : String(parts[0])),
      resolveTeam(ctx.teams, /^\d+$/.test(String(parts[1]).trim()) ? Number(parts[1]) : String(parts[1])),
    ]);
  }
  if (pairs.length === 0) throw new Error(`constraint GA1: parameter 'meetings' is required`);
  const slots = slotSet(p);
  const max = p.num('max', Number.POSITIVE_INFINITY);
  const min = p.num('min', 0);
  const byHome: number[][] = Array.from({ length: ctx.n }, () => []);
  for (const [h, a] of pairs) byHome[h].push(a);
  const inSet = (g: Grid, t: number, s: number) => {
    const v = g.cell[t * g.slots + s];
    return v > 0 && byHome[t].includes(v - 1) && (slots === null || slots[s] === 1);
  };
  return {
    kind: 'aggregate',
    dims: 1,
    teams: Uint8Array.from(byHome, (hosted) => (hosted.length > 0 ? 1 : 0)),
    reads: READS_CALENDAR | READS_HOME_AWAY | READS_HOME_OPPONENT,
    slotMask: slots ?? undefined,
    contrib(g, t, out, off) {
      if (byHome[t].length === 0) return;
      for (let s = 0; s < g.slots; s++) if (inSet(g, t, s)) out[off]++;
    },
    combine: (x) => minMaxDev(x[0], min, max),
    report(g, rep) {
      const games: Game[] = [];
      for (let t = 0; t < g.teams; t++)
        for (let s = 0; s < g.slots; s++) if (inSet(g, t, s)) games.push(gameAt(g, t, s));
      if (minMaxDev(games.length, min, max) > 0) {
        rep(`${games.length} of the given meetings take place in the given slots (min ${min}, max ${max})`, games, [
          ...new Set(games.flatMap((x) => [x.home, x.away])),
        ]);
      }
    },
  };
});

/** Breaks of team t in a slot set: slot s > 0 where t plays home (away) in both s-1 and s, per mode. */
function breaksOf(g: Grid, t: number, slots: Uint8Array | null, mode: Mode, out?: number[]): number {
  const S = g.slots;
  let b = 0;
  for (let s = 1; s < S; s++) {
    const v = g.cell[t * S + s];
    const u = g.cell[t * S + s - 1];
    if (v === 0 || u === 0 || v > 0 !== u > 0) continue;
    if (!modeMatch(v, mode)) continue;
    if (slots !== null && slots[s] !== 1) continue;
    b++;
    out?.push(s);
  }
  return b;
}

/** Breaks (bit s: games in s − 1 and s both at home, or both away, per mode) from home/away slot masks. */
function breakBits(home: number, away: number, mode: Mode): number {
  return ((mode & 1) !== 0 ? home & (home << 1) : 0) | ((mode & 2) !== 0 ? away & (away << 1) : 0);
}

/** The slots a team's breaks in a slot set read: s and s-1 for every s of the set (null: all). */
function breakMask(slots: Uint8Array | null): Uint8Array | undefined {
  if (slots === null) return undefined;
  const mask = new Uint8Array(slots.length);
  for (let s = 0; s < slots.length; s++) {
    if (slots[s] === 1) {
      mask[s] = 1;
      if (s > 0) mask[s - 1] = 1;
    }
  }
  return mask;
}

/** BR1: each team in `teams` has at most `intp` breaks (mode2 H/A/HA) in `slots`. */
registerEvaluator('BR1', (p, ctx) => {
  const teams = teamMask(p, ctx);
  const slots = slotSet(p);
  const intp = p.num('intp');
  const mode = parseMode(p.str('mode2', 'HA'));
  const bits = slotBits(slots);
  return {
    kind: 'team',
    teams,
    reads: READS_CALENDAR | READS_HOME_AWAY,
    slotMask: breakMask(slots),
    fromMasks(_t, home, away) {
      const b = popcount(breakBits(home, away, mode) & bits);
      return b > intp ? b - intp : 0;
    },
    team(g, t, rep) {
      const at: number[] | undefined = rep ? [] : undefined;
      const b = breaksOf(g, t, slots, mode, at);
      const d = Math.max(0, b - intp);
      if (d > 0 && rep && at) {
        rep(
          `${name(ctx, t)} has ${b} breaks (max ${intp})`,
          at.flatMap((s) => [gameAt(g, t, s - 1), gameAt(g, t, s)]),
          [t],
        );
      }
      return d;
    },
  };
});

/** BR2: the teams together have at most `intp` breaks in `slots`. */
registerEvaluator('BR2', (p, ctx) => {
  const teams = teamMask(p, ctx);
  const slots = slotSet(p);
  const intp = p.num('intp');
  const bits = slotBits(slots);
  return {
    kind: 'aggregate',
    dims: 1,
    teams,
    reads: READS_CALENDAR | READS_HOME_AWAY,
    slotMask: breakMask(slots),
    contrib(g, t, out, off) {
      if (teams[t] === 1) out[off] += breaksOf(g, t, slots, 3);
    },
    contribFromMasks(t, home, away, _S, out, off) {
      if (teams[t] === 1) out[off] += popcount(breakBits(home, away, 3) & bits);
    },
    combine: (x) => Math.max(0, x[0] - intp),
    report(g, rep) {
      let total = 0;
      const games: Game[] = [];
      const involved: number[] = [];
      for (let t = 0; t < g.teams; t++) {
        if (teams[t] === 0) continue;
        const at: number[] = [];
        total += breaksOf(g, t, slots, 3, at);
        if (at.length > 0) involved.push(t);
        for (const s of at) games.push(gameAt(g, t, s));
      }
      if (total > intp) rep(`${total} breaks in total (max ${intp})`, games, involved);
    },
  };
});

/** FA2: for each pair of `teams`, the difference in home games played is at most `intp` after each slot of `slots`. */
registerEvaluator('FA2', (p, ctx) => {
  const teams = teamMask(p, ctx);
  const slots = slotSet(p);
  const intp = p.num('intp');
  return {
    kind: 'pair',
    teams,
    reads: READS_CALENDAR | READS_HOME_AWAY,
    pair(g, i, j, rep) {
      const S = g.slots;
      const cell = g.cell;
      const ri = i * S;
      const rj = j * S;
      let hi = 0;
      let hj = 0;
      let worst = 0;
      let worstSlot = -1;
      for (let s = 0; s < S; s++) {
        if (cell[ri + s] > 0) hi++;
        if (cell[rj + s] > 0) hj++;
        if (slots !== null && slots[s] !== 1) continue;
        const d = hi > hj ? hi - hj : hj - hi;
        if (d > worst) {
          worst = d;
          worstSlot = s;
        }
      }
      const pen = worst > intp ? worst - intp : 0;
      if (pen > 0 && rep) {
        const games: Game[] = [];
        for (let s = 0; s <= worstSlot; s++) {
          if (cell[ri + s] > 0) games.push(gameAt(g, i, s));
          if (cell[rj + s] > 0) games.push(gameAt(g, j, s));
        }
        rep(
          `${name(ctx, i)} and ${name(ctx, j)} differ by ${worst} home games after slot ${worstSlot} (max ${intp})`,
          games,
          [i, j],
        );
      }
      return pen;
    },
    // profile: home games played up to and including each slot
    prefixProfile: true,
    profile(g, t, out, off, from = 0) {
      const S = g.slots;
      let h = from > 0 ? out[off + from - 1] : 0;
      for (let s = from; s < S; s++) {
        if (g.cell[t * S + s] > 0) h++;
        out[off + s] = h;
      }
    },
    maxForm: { slots, free: intp, penalty: (worst) => (worst > intp ? worst - intp : 0) },
    pairFromProfiles(a, offA, b, offB, S) {
      let worst = 0;
      for (let s = 0; s < S; s++) {
        if (slots !== null && slots[s] !== 1) continue;
        const d = a[offA + s] - b[offB + s];
        const ad = d < 0 ? -d : d;
        if (ad > worst) worst = ad;
      }
      return worst > intp ? worst - intp : 0;
    },
  };
});

/** SE1: each pair of `teams` has at least `min` (at most `max`, when given) slots between consecutive mutual games. */
registerEvaluator('SE1', (p, ctx) => {
  const teams = teamMask(p, ctx);
  const min = p.num('min');
  const max = p.has('max') ? p.num('max') : Number.POSITIVE_INFINITY;
  const last = new Int32Array(ctx.n);
  return {
    kind: 'team',
    teams,
    reads: READS_CALENDAR | READS_OPPONENT,
    meetingPenalty(slots, off, count) {
      let pen = 0;
      for (let k = off + 1; k < off + count; k++) {
        const between = slots[k] - slots[k - 1] - 1;
        pen += (between < min ? min - between : 0) + (between > max ? between - max : 0);
      }
      return pen;
    },
    team(g, t, rep) {
      const S = g.slots;
      last.fill(-1);
      let pen = 0;
      for (let s = 0; s < S; s++) {
        const v = g.cell[t * S + s];
        if (v === 0) continue;
        const o = (v > 0 ? v : -v) - 1;
        if (o < t || teams[o] === 0) continue;
        const prev = last[o];
        last[o] = s;
        if (prev < 0) continue;
        const between = s - prev - 1;
        const d = (between < min ? min - between : 0) + (between > max ? between - max : 0);
        if (d > 0) {
          pen += d;
          rep?.(
            `${name(ctx, t)} and ${name(ctx, o)} meet with ${between} slots between (min ${min}${max < Number.POSITIVE_INFINITY ? `, max ${max}` : ''})`,
            [gameAt(g, t, prev), gameAt(g, t, s)],
            [t, o],
          );
        }
      }
      return pen;
    },
  };
});

/**
 * Tournament structure (template type `round_robin_format`): games per team, meetings per pair (every pair
 * `meetingsPerPair` times, plus `doubles` opponents once more for conference formats), repeated meetings split
 * home/away, and home games within [minHome, maxHome]. `kind: 'partial'` (not every pair meets) only caps meetings;
 * `kind: 'series'` checks games per team and home games.
 */
registerEvaluator('round_robin_format', (p, ctx) => {
  const kind = p.str('kind', 'round_robin');
  const series = kind === 'series';
  const everyPair = kind !== 'partial' && !series;
  const meet = p.num(
    'meetingsPerPair',
    kind === 'round_robin' || kind === 'double_round_robin' ? p.num('rounds', 1) : 1,
  );
  const doubles = p.has('doubles') ? p.num('doubles') : null;
  const extra = doubles !== null && doubles > 0 ? 1 : 0;
  const gamesPerTeam = p.has('gamesPerTeam')
    ? p.num('gamesPerTeam')
    : series && p.has('series')
      ? p.num('series') * p.num('gamesPerSeries', 1)
      : null;
  const minHome = p.num('minHome', Number.NEGATIVE_INFINITY);
  const maxHome = p.num('maxHome', Number.POSITIVE_INFINITY);
  const counts = new Int32Array(ctx.n);
  const sides = new Int32Array(ctx.n); // bit 1: t hosted o, bit 2: t visited o
  const teams = teamMask(p, ctx);
  return {
    kind: 'team',
    teams,
    team(g, t, rep) {
      const S = g.slots;
      counts.fill(0);
      sides.fill(0);
      let games = 0;
      let home = 0;
      for (let s = 0; s < S; s++) {
        const v = g.cell[t * S + s];
        if (v === 0) continue;
        games++;
        const o = (v > 0 ? v : -v) - 1;
        counts[o]++;
        sides[o] |= v > 0 ? 1 : 2;
        if (v > 0) home++;
      }
      let pen = 0;
      const all = () => {
        const out: Game[] = [];
        for (let s = 0; s < S; s++) if (g.cell[t * S + s] !== 0) out.push(gameAt(g, t, s));
        return out;
      };
      if (gamesPerTeam !== null && games !== gamesPerTeam) {
        pen += Math.abs(games - gamesPerTeam);
        rep?.(`${name(ctx, t)} plays ${games} games (expected ${gamesPerTeam})`, all(), [t]);
      }
      const homeDev = home < minHome ? minHome - home : home > maxHome ? home - maxHome : 0;
      if (homeDev > 0) {
        pen += homeDev;
        rep?.(`${name(ctx, t)} plays ${home} home games (expected ${minHome}..${maxHome})`, all(), [t]);
      }
      if (series) return pen;
      let twice = 0;
      for (let o = 0; o < ctx.n; o++) {
        if (o === t) continue;
        const c = counts[o];
        if (c > meet) twice++;
        if (o < t || teams[o] === 0) continue; // pair rules judged once, by the lower-index team
        const pairGames = () => {
          const out: Game[] = [];
          for (let s = 0; s < S; s++) {
            const v = g.cell[t * S + s];
            if (v !== 0 && (v > 0 ? v : -v) - 1 === o) out.push(gameAt(g, t, s));
          }
          return out;
        };
        if (everyPair && c < meet) {
          pen += meet - c;
          rep?.(`${name(ctx, t)} and ${name(ctx, o)} meet ${c} times (expected ${meet})`, pairGames(), [t, o]);
        } else if (c > meet + extra) {
          pen += c - meet - extra;
          rep?.(`${name(ctx, t)} and ${name(ctx, o)} meet ${c} times (at most ${meet + extra})`, pairGames(), [t, o]);
        }
        if (c === 2 && sides[o] !== 3) {
          pen++;
          rep?.(`${name(ctx, t)} and ${name(ctx, o)} meet twice without a home and an away game`, pairGames(), [t, o]);
        }
      }
      if (doubles !== null && twice !== doubles) {
        pen += Math.abs(twice - doubles);
        rep?.(`${name(ctx, t)} meets ${twice} opponents more than ${meet} time(s) (expected ${doubles})`, all(), [t]);
      }
      return pen;
    },
  };
});

/**
 * Phased double round robin (ITC2021 gameMode P): every pair meets at most once in the first `half` slots
 * (default: half of the slots) and at most once in the rest. A pair that meets twice in one half costs 2, as RobinX's
 * validator counts it: once for each ordered pair that does not meet exactly once in the first phase.
 */
registerEvaluator('phased', (p, ctx) => {
  const teams = teamMask(p, ctx);
  const seen = new Int32Array(ctx.n);
  return {
    kind: 'team',
    teams,
    reads: READS_CALENDAR | READS_OPPONENT,
    team(g, t, rep) {
      const S = g.slots;
      const half = p.has('half') ? p.num('half') : Math.floor(S / 2);
      let pen = 0;
      for (let part = 0; part < 2; part++) {
        seen.fill(-1);
        const from = part === 0 ? 0 : half;
        const to = part === 0 ? half : S;
        for (let s = from; s < to; s++) {
          const v = g.cell[t * S + s];
          if (v === 0) continue;
          const o = (v > 0 ? v : -v) - 1;
          if (o < t) continue;
          if (seen[o] >= 0) {
            pen += 2;
            rep?.(
              `${name(ctx, t)} and ${name(ctx, o)} meet twice in one half`,
              [gameAt(g, t, seen[o]), gameAt(g, t, s)],
              [t, o],
            );
          } else seen[o] = s;
        }
      }
      return pen;
    },
  };
});
