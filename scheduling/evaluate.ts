/**
 * Schedule evaluation: full (with violations, for reports) and incremental (cost deltas of moves
 * from per-team cached state, for the optimiser).
 */
import type {
  AggregateEvaluator,
  ConstraintResult,
  ConstraintSpec,
  EvalContext,
  Evaluator,
  PairEvaluator,
  TeamEvaluator,
  Violation,
} from './constraints/index.ts';
import { createEvaluator, MASK_SLOTS } from './constraints/index.ts';
import { MeetingIndex } from './meetings.ts';
import type { Grid } from './model.ts';

// the `reads` bits of constraints.ts (READS_*), as local constants: module bindings cost a getter call in hot loops
const READS_CALENDAR = 1;
const READS_HOME_AWAY = 2;
const READS_HOME_OPPONENT = 4;
const READS_AWAY_OPPONENT = 8;
const READS_OPPONENT = 12;
const READS_ALL = 15;
const KIND_TEAM = 0;
const KIND_AGGREGATE = 1;
const KIND_PAIR = 2;
/** A team whose move changed at least 1/LOCAL_SHARE of its slots is re-evaluated whole (two local passes cost more). */
const LOCAL_SHARE = 6;

/**
 * What a cell's change from `u` to `v` (±opponent+1, 0 = bye) can affect: home/away, the opponent at home or away,
 * or everything.
 */
function cellChange(v: number, u: number): number {
  if (v === 0 || u === 0) return READS_ALL;
  if (v > 0 !== u > 0) return READS_HOME_AWAY | (v + u !== 0 ? READS_OPPONENT : 0);
  if (v === u) return 0;
  return v > 0 ? READS_HOME_OPPONENT : READS_AWAY_OPPONENT;
}

/**
 * A dependency index: per team t and aspect a (a value 1..READS_ALL of READS_* bits), the evaluators (ascending)
 * whose teams include t and that read one of a's bits: list[start[a·n + t] .. start[a·n + t + 1]).
 */
interface Seers {
  start: Int32Array;
  list: Int32Array;
}

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

/**
 * Incremental evaluation. Keeps, per constraint, the per-team penalties (team kind), per-team contributions
 * and their sums (aggregate kind) or per-pair penalties (pair kind). After a move has changed the rows of some
 * teams, `delta(changed)` recomputes only those teams' parts and returns the change in hard violations and soft
 * penalty; `commit()` keeps the new state, or the caller undoes the move and simply does not commit.
 *
 * How little a delta reads: what changed is classified per team (calendar / home-away / opponent at home or away,
 * and which slots); a dependency index from (team, kind of change) to the evaluators that read it hands each changed
 * team to those evaluators only (an evaluator no change concerns is not visited); a team's part is then
 * re-evaluated from the cheapest form the evaluator offers — home/away bit masks kept per team (`fromMasks`), the
 * pairs whose meetings changed (`meetingPenalty`, with the meeting index), a slot-local range (`local`), or its whole
 * row. Pair evaluators of the max form re-read a pair only where it can matter. Nothing is allocated per move.
 */
export class IncrementalEvaluator {
  readonly evaluators: readonly Evaluator[];
  /** Current unweighted penalty per constraint. */
  readonly penalties: Float64Array;
  /** Per-constraint unweighted delta of the last `delta()` call. */
  readonly lastDelta: Float64Array;
  /**
   * Per-constraint multiplier of hard violations in `lastWeightedHard` (all 1 unless a search raises them: the
   * breakout repair weights constraints that stay violated). `hard` and the deltas stay unweighted.
   */
  readonly hardWeights: Float64Array;
  /** Σ hardWeights[c] × hard delta of the last `delta()` / `deltaHard()` call. */
  lastWeightedHard = 0;
  hard = 0;
  soft = 0;
  private g: Grid;
  private readonly n: number;
  private readonly teamCost: Float64Array[] = [];
  private readonly contrib: Float64Array[] = [];
  private readonly sums: Float64Array[] = [];
  private readonly tmpSums: Float64Array[] = [];
  private readonly pairCost: Float64Array[] = [];
  // per-team profiles of pair evaluators that have them (committed, and pending for changed teams)
  private readonly prof: Int32Array[] = [];
  private readonly pendProf: Int32Array[] = [];
  // pending (computed by delta, applied by commit)
  private readonly pendTeam: Float64Array[] = [];
  private readonly pendContrib: Float64Array[] = [];
  private readonly pendPairIdx: Int32Array[] = [];
  private readonly pendPairVal: Float64Array[] = [];
  private readonly pendPairCount: Int32Array;
  private readonly isChanged: Uint8Array;
  private pendChanged: Int32Array;
  private pendCount = 0;
  // the committed grid (what the cached parts were computed on) and, per pending changed team, what changed:
  // its changed slots (cell or date differs), their range and the aspects (calendar / home-away / opponent bits)
  private readonly old: Grid;
  private readonly chSlots: Int32Array;
  private readonly chCount: Int32Array;
  private readonly chLo: Int32Array;
  private readonly chHi: Int32Array;
  private readonly aspect: Uint8Array;
  private readonly dayChanged: Uint8Array;
  private readonly candSlots: Int32Array;
  private readonly candCount: Int32Array;
  /** Per changed team its candidate slots as bits (schedules of at most MASK_SLOTS slots). */
  private readonly candBits: Int32Array;
  private daysDiffer = false;
  private readonly affList: Int32Array[] = [];
  // max-form pair evaluators: per pair (i < j, at (i·n + j)·S) prefix and suffix maxima of |a[s] − b[s]| over the
  // evaluator's slots, and per affected team the slot range where its pending profile differs
  private readonly preMax: Int32Array[] = [];
  private readonly sufMax: Int32Array[] = [];
  private readonly profLo: Int32Array;
  private readonly profHi: Int32Array;
  private readonly profShift: Int32Array;
  /** Per max-form evaluator its slot mask, null when it lists every slot of the schedule (no per-slot test). */
  private readonly maxFormMask: (Uint8Array | null)[] = [];
  /** Per evaluator the changed teams of the current move whose change it sees (affList[c][0 .. affCount[c])). */
  private readonly affCount: Int32Array;
  private readonly isAff: Uint8Array;
  /** The dependency index of the hard and of the soft evaluators (each stage collects its own). */
  private readonly hardSeers: Seers;
  private readonly softSeers: Seers;
  // per-evaluator metadata copied out of the evaluator objects: their shapes differ by type, so reading these
  // properties in the hot loop would go through megamorphic property lookups
  private readonly kindOf: Uint8Array;
  private readonly hardEvaluators: Int32Array;
  private readonly softEvaluators: Int32Array;
  private readonly weightOf: Float64Array;
  private readonly readsOf: Uint8Array;
  private readonly skipIfCalendarKept: Uint8Array;
  private readonly reachOf: Int32Array;
  private readonly teamsOf: Uint8Array[] = [];
  private readonly slotMaskOf: (Uint8Array | null)[] = [];
  private readonly teamFnOf: ((g: Grid, t: number) => number)[] = [];
  private readonly localOf: (((g: Grid, t: number, lo: number, hi: number) => number) | null)[] = [];
  private readonly anchorOf: (((v: number) => boolean) | null)[] = [];
  // home/away slot bit masks per team (schedules of at most MASK_SLOTS slots): committed, and pending for the
  // changed teams of the current move; evaluators with a mask form then read no cells
  private readonly useMasks: boolean;
  private readonly homeBits: Int32Array;
  private readonly awayBits: Int32Array;
  private readonly pendHome: Int32Array;
  private readonly pendAway: Int32Array;
  /** Per changed team, its changed slots as bits; per evaluator, its slot mask as bits (masks used). */
  private readonly changedBits: Int32Array;
  private readonly slotMaskBits: Int32Array;
  private readonly fromMasksOf: (((t: number, home: number, away: number, slots: number) => number) | null)[] = [];
  private readonly contribFromMasksOf: (NonNullable<AggregateEvaluator['contribFromMasks']> | null)[] = [];
  // pair forms of rematch-type evaluators: the meetings of every pair, and per evaluator the penalty of each pair
  // (i < j at i·n + j), committed and pending
  private readonly meetings: MeetingIndex | null;
  private readonly meetingPenaltyOf: (NonNullable<TeamEvaluator['meetingPenalty']> | null)[] = [];
  private readonly meetingPairCost: Float64Array[] = [];
  private readonly pendMeetingPairCost: Float64Array[] = [];
  private readonly meetingsUnchanged: Uint8Array;

  constructor(evaluators: readonly Evaluator[], g: Grid) {
    this.evaluators = evaluators;
    this.g = g;
    const n = g.teams;
    this.n = n;
    const C = evaluators.length;
    this.penalties = new Float64Array(C);
    this.lastDelta = new Float64Array(C);
    this.hardWeights = new Float64Array(C).fill(1);
    this.pendPairCount = new Int32Array(C);
    this.isChanged = new Uint8Array(n);
    this.pendChanged = new Int32Array(n);
    const S = g.slots;
    this.old = { teams: n, slots: S, cell: g.cell.slice(), day: g.day.slice() };
    this.chSlots = new Int32Array(n * S);
    this.chCount = new Int32Array(n);
    this.chLo = new Int32Array(n);
    this.chHi = new Int32Array(n);
    this.aspect = new Uint8Array(n);
    this.dayChanged = new Uint8Array(S);
    this.candSlots = new Int32Array(n * S);
    this.candCount = new Int32Array(n);
    this.candBits = new Int32Array(n);
    this.affCount = new Int32Array(C);
    this.isAff = new Uint8Array(n);
    this.profLo = new Int32Array(n);
    this.profHi = new Int32Array(n);
    this.profShift = new Int32Array(n);
    this.kindOf = new Uint8Array(C);
    this.idle = new Uint8Array(C);
    this.weightOf = new Float64Array(C);
    this.readsOf = new Uint8Array(C);
    this.skipIfCalendarKept = new Uint8Array(C);
    this.reachOf = new Int32Array(C).fill(-1);
    // masks are kept only when some evaluator reads them (a mask form, or a slot mask tested on changed-slot bits)
    this.useMasks =
      S <= MASK_SLOTS &&
      evaluators.some(
        (ev) =>
          ev.slotMask !== undefined ||
          (ev.kind === 'team' && ev.fromMasks !== undefined) ||
          (ev.kind === 'aggregate' && ev.contribFromMasks !== undefined),
      );
    this.homeBits = new Int32Array(n);
    this.awayBits = new Int32Array(n);
    this.pendHome = new Int32Array(n);
    this.pendAway = new Int32Array(n);
    this.changedBits = new Int32Array(n);
    this.slotMaskBits = new Int32Array(C);
    const allTeams = new Uint8Array(n).fill(1);
    evaluators.forEach((ev, c) => {
      this.kindOf[c] = ev.kind === 'team' ? KIND_TEAM : ev.kind === 'aggregate' ? KIND_AGGREGATE : KIND_PAIR;
      this.weightOf[c] = ev.weight;
      this.readsOf[c] = ev.reads ?? READS_ALL;
      this.slotMaskOf[c] = ev.slotMask ?? null;
      for (let s = 0; s < Math.min(S, ev.slotMask?.length ?? 0); s++) {
        if (ev.slotMask?.[s] === 1) this.slotMaskBits[c] |= 1 << s;
      }
      this.teamsOf[c] = ev.kind === 'aggregate' ? (ev.teams ?? allTeams) : ev.teams;
      this.skipIfCalendarKept[c] = ev.kind === 'team' && ev.calendarOnly ? 1 : 0;
      this.teamFnOf[c] = ev.kind === 'team' ? ev.team.bind(ev) : () => 0;
      this.fromMasksOf[c] = this.useMasks && ev.kind === 'team' && ev.fromMasks ? ev.fromMasks.bind(ev) : null;
      this.contribFromMasksOf[c] =
        this.useMasks && ev.kind === 'aggregate' && ev.contribFromMasks ? ev.contribFromMasks.bind(ev) : null;
      // a mask form reads which slots are played and their home/away side only: a team whose masks kept both
      // (its change was only opponents or dates) keeps its part
      if (this.fromMasksOf[c] !== null || this.contribFromMasksOf[c] !== null) {
        this.readsOf[c] &= READS_CALENDAR | READS_HOME_AWAY;
      }
      const meetingPenalty = ev.kind === 'team' && ev.meetingPenalty ? ev.meetingPenalty.bind(ev) : null;
      this.meetingPenaltyOf[c] = meetingPenalty;
      this.meetingPairCost[c] = new Float64Array(meetingPenalty ? n * n : 0);
      this.pendMeetingPairCost[c] = new Float64Array(meetingPenalty ? n * n : 0);
      this.localOf[c] = ev.kind === 'team' && ev.local ? ev.local : null;
      this.anchorOf[c] = ev.kind === 'team' && ev.anchor ? ev.anchor : null;
      if (ev.kind === 'team' && ev.reach !== undefined) this.reachOf[c] = ev.reach;
      const dims = ev.kind === 'aggregate' ? ev.dims : 1;
      this.teamCost[c] = new Float64Array(ev.kind === 'team' ? n : 0);
      this.pendTeam[c] = new Float64Array(ev.kind === 'team' ? n : 0);
      this.contrib[c] = new Float64Array(ev.kind === 'aggregate' ? n * dims : 0);
      this.pendContrib[c] = new Float64Array(ev.kind === 'aggregate' ? n * dims : 0);
      this.sums[c] = new Float64Array(ev.kind === 'aggregate' ? dims : 0);
      this.tmpSums[c] = new Float64Array(ev.kind === 'aggregate' ? dims : 0);
      this.pairCost[c] = new Float64Array(ev.kind === 'pair' ? n * n : 0);
      const profiled = ev.kind === 'pair' && ev.profile !== undefined && ev.pairFromProfiles !== undefined;
      this.prof[c] = new Int32Array(profiled ? n * g.slots : 0);
      this.pendProf[c] = new Int32Array(profiled ? n * g.slots : 0);
      this.pendPairIdx[c] = new Int32Array(ev.kind === 'pair' ? n * n : 0);
      this.pendPairVal[c] = new Float64Array(ev.kind === 'pair' ? n * n : 0);
      this.affList[c] = new Int32Array(n);
      const maxForm = profiled && ev.kind === 'pair' && ev.maxForm !== undefined;
      this.preMax[c] = new Int32Array(maxForm ? n * n * g.slots : 0);
      const slotMask = ev.kind === 'pair' && ev.maxForm ? ev.maxForm.slots : null;
      const everySlot = slotMask !== null && slotMask.length >= S && slotMask.subarray(0, S).every((x) => x === 1);
      this.maxFormMask[c] = everySlot ? null : slotMask;
      this.sufMax[c] = new Int32Array(maxForm ? n * n * g.slots : 0);
    });
    const indices = evaluators.map((_, c) => c);
    this.hardEvaluators = Int32Array.from(indices.filter((c) => evaluators[c].severity === 'hard'));
    this.softEvaluators = Int32Array.from(indices.filter((c) => evaluators[c].severity !== 'hard'));
    this.hardSeers = this.seersOf(this.hardEvaluators);
    this.softSeers = this.seersOf(this.softEvaluators);
    this.meetings = this.meetingPenaltyOf.some((f) => f !== null) ? new MeetingIndex(n, S) : null;
    this.meetingsUnchanged = new Uint8Array(n);
    this.reset(g);
  }

  /** Rebuilds the meeting index and the committed pair penalties of the pair forms from the grid. */
  private resetMeetings(g: Grid): void {
    const meetings = this.meetings;
    if (meetings === null) return;
    meetings.rebuild(g);
    const n = this.n;
    const S = g.slots;
    this.meetingPenaltyOf.forEach((penalty, c) => {
      if (penalty === null) return;
      const teams = this.teamsOf[c];
      const cost = this.meetingPairCost[c];
      for (let i = 0; i < n; i++) {
        if (teams[i] === 0) continue;
        for (let j = i + 1; j < n; j++) {
          const p = i * n + j;
          if (teams[j] === 1) cost[p] = penalty(meetings.slots, p * S, meetings.count[p], g.day);
        }
      }
    });
  }

  /** Recomputes everything from the grid (also use after replacing the grid). */
  reset(g: Grid = this.g): void {
    this.g = g;
    const n = this.n;
    this.old.cell.set(g.cell);
    this.old.day.set(g.day);
    this.pendCount = 0;
    this.hard = 0;
    this.soft = 0;
    this.resetMeetings(g);
    if (this.useMasks) {
      const S = g.slots;
      for (let t = 0; t < n; t++) {
        let home = 0;
        let away = 0;
        for (let s = 0; s < S; s++) {
          const v = g.cell[t * S + s];
          if (v > 0) home |= 1 << s;
          else if (v < 0) away |= 1 << s;
        }
        this.homeBits[t] = home;
        this.awayBits[t] = away;
      }
    }
    this.evaluators.forEach((ev, c) => {
      let p = 0;
      if (ev.kind === 'team') {
        const tc = this.teamCost[c];
        for (let t = 0; t < n; t++) {
          tc[t] = ev.teams[t] === 1 ? ev.team(g, t) : 0;
          p += tc[t];
        }
      } else if (ev.kind === 'aggregate') {
        const cb = this.contrib[c];
        const sums = this.sums[c];
        cb.fill(0);
        sums.fill(0);
        const dims = ev.dims;
        for (let t = 0; t < n; t++) {
          ev.contrib(g, t, cb, t * dims);
          for (let d = 0; d < dims; d++) sums[d] += cb[t * dims + d];
        }
        p = ev.combine(sums);
      } else {
        const pc = this.pairCost[c];
        pc.fill(0);
        if (this.prof[c].length > 0 && ev.profile) {
          for (let t = 0; t < n; t++) ev.profile(g, t, this.prof[c], t * g.slots);
        }
        for (let i = 0; i < n; i++) {
          if (ev.teams[i] === 0) continue;
          for (let j = i + 1; j < n; j++) {
            if (ev.teams[j] === 0) continue;
            pc[i * n + j] = ev.pair(g, i, j);
            p += pc[i * n + j];
            if (this.preMax[c].length > 0) this.pairMaxima(c, i, j);
          }
        }
      }
      this.penalties[c] = p;
      if (ev.severity === 'hard') this.hard += p;
      else this.soft += p * ev.weight;
    });
  }

  /** Recomputes the prefix/suffix maxima of pair (i < j) of max-form evaluator c from the committed profiles. */
  private pairMaxima(c: number, i: number, j: number): void {
    const ev = this.evaluators[c];
    if (ev.kind !== 'pair' || !ev.maxForm) return;
    const S = this.g.slots;
    const mask = ev.maxForm.slots;
    const prof = this.prof[c];
    const pre = this.preMax[c];
    const suf = this.sufMax[c];
    const base = (i * this.n + j) * S;
    const oi = i * S;
    const oj = j * S;
    let m = 0;
    for (let s = 0; s < S; s++) {
      if (mask === null || mask[s] === 1) {
        const d = prof[oi + s] - prof[oj + s];
        const a = d < 0 ? -d : d;
        if (a > m) m = a;
      }
      pre[base + s] = m;
    }
    m = 0;
    for (let s = S - 1; s >= 0; s--) {
      if (mask === null || mask[s] === 1) {
        const d = prof[oi + s] - prof[oj + s];
        const a = d < 0 ? -d : d;
        if (a > m) m = a;
      }
      suf[base + s] = m;
    }
  }

  /** Recomputes the prefix/suffix maxima of every pair of max-form evaluator c with a team of aff[0 .. na). */
  private refreshPairMaxima(c: number, aff: Int32Array, na: number): void {
    const teams = this.teamsOf[c];
    const isAff = this.isAff;
    for (let k = 0; k < na; k++) isAff[aff[k]] = 1;
    for (let k = 0; k < na; k++) {
      const t = aff[k];
      for (let u = 0; u < this.n; u++) {
        if (u === t || teams[u] === 0 || (isAff[u] === 1 && u < t)) continue;
        this.pairMaxima(c, Math.min(t, u), Math.max(t, u));
      }
    }
    for (let k = 0; k < na; k++) isAff[aff[k]] = 0;
  }

  /** Lists (into `out`) the teams with a positive penalty in some hard team-kind constraint; returns how many. */
  violatingTeams(out: Int32Array): number {
    let m = 0;
    for (let t = 0; t < this.n; t++) {
      for (let c = 0; c < this.evaluators.length; c++) {
        const ev = this.evaluators[c];
        if (ev.kind === 'team' && ev.severity === 'hard' && this.teamCost[c][t] > 0) {
          out[m++] = t;
          break;
        }
      }
    }
    return m;
  }

  /** The current grid. */
  get grid(): Grid {
    return this.g;
  }

  /**
   * Change in (hard violations, soft penalty) given that the rows of `changed` teams were modified in the grid.
   * `calendarKept`: the move kept every team's calendar (same slot dates, no bye moved), so calendar-only
   * evaluators are skipped. The result is one object reused by every call (no allocation per move): read it
   * before the next call.
   */
  delta(
    changed: ArrayLike<number>,
    count = changed.length,
    calendarKept = false,
    slots?: ArrayLike<number>,
  ): Readonly<{ hard: number; soft: number }> {
    this.begin(changed, count, calendarKept, slots);
    const dSoft = this.stage(false);
    const dHard = this.stage(true);
    this.lastHard = dHard;
    this.lastSoft = dSoft;
    this.result.hard = dHard;
    this.result.soft = dSoft;
    return this.result;
  }

  private readonly result = { hard: 0, soft: 0 };

  /**
   * Lazy delta, first half: only the soft constraints (weighted). When the current schedule is feasible a move
   * cannot lower hard violations, so a soft increase above the acceptance threshold rejects the move without
   * evaluating the hard constraints. Call `deltaHard()` before `commit()`.
   */
  deltaSoft(
    changed: ArrayLike<number>,
    count = changed.length,
    calendarKept = false,
    slots?: ArrayLike<number>,
  ): number {
    this.begin(changed, count, calendarKept, slots);
    this.lastSoft = this.stage(false);
    this.lastHard = 0;
    this.lastWeightedHard = 0;
    return this.lastSoft;
  }

  /** Lazy delta, second half: the hard constraints of the move given to `deltaSoft()`. */
  deltaHard(): number {
    this.lastHard = this.stage(true);
    return this.lastHard;
  }

  /** Keeps team t's changed slots (already in chSlots[row..row+c)) and what they changed, for the delta. */
  private recordTeamChanges(t: number, row: number, c: number, aspect: number): void {
    this.chCount[t] = c;
    this.aspect[t] = aspect;
    if (c > 0) {
      this.chLo[t] = this.chSlots[row];
      this.chHi[t] = this.chSlots[row + c - 1];
    }
  }

  /**
   * Team t's candidate slots in cand[row ..], ascending without repeats; their count. Up to MASK_SLOTS slots they
   * were collected as bits (already ascending and unique); otherwise as a list with repeats, sorted here.
   */
  private candidateSlots(t: number, row: number): number {
    const cand = this.candSlots;
    if (this.g.slots <= MASK_SLOTS) {
      let c = 0;
      for (let bits = this.candBits[t]; bits !== 0; bits &= bits - 1) cand[row + c++] = 31 - Math.clz32(bits & -bits);
      return c;
    }
    const cc = this.candCount[t];
    for (let x = 1; x < cc; x++) {
      const v = cand[row + x];
      let y = x - 1;
      while (y >= 0 && cand[row + y] > v) {
        cand[row + y + 1] = cand[row + y];
        y--;
      }
      cand[row + y + 1] = v;
    }
    let c = 0;
    for (let x = 0; x < cc; x++) if (x === 0 || cand[row + x] !== cand[row + x - 1]) cand[row + c++] = cand[row + x];
    return c;
  }

  private begin(changed: ArrayLike<number>, count: number, calendarKept: boolean, slots?: ArrayLike<number>): void {
    this.calendarKept = calendarKept;
    const isChanged = this.isChanged;
    const g = this.g;
    const S = g.slots;
    // candidate slots per team (from `slots`; a team with an entry -1, or without `slots`, is diffed whole)
    const cand = this.candSlots;
    const candCount = this.candCount;
    const candBits = this.candBits;
    let m = 0;
    for (let k = 0; k < count; k++) {
      const t = changed[k];
      if (isChanged[t] === 0) {
        isChanged[t] = 1;
        this.pendChanged[m++] = t;
        candCount[t] = 0;
        candBits[t] = 0;
      }
      const s = slots === undefined ? -1 : slots[k];
      if (s < 0) candCount[t] = -1;
      else if (candCount[t] < 0) continue;
      else if (S <= MASK_SLOTS) candBits[t] |= 1 << s;
      else if (candCount[t] < S) cand[t * S + candCount[t]++] = s;
      else candCount[t] = -1;
    }
    for (let k = 0; k < m; k++) isChanged[this.pendChanged[k]] = 0;
    this.pendCount = m;
    const cell = g.cell;
    const oldCell = this.old.cell;
    const day = g.day;
    const oldDay = this.old.day;
    const dayChanged = this.dayChanged;
    // a move that keeps every calendar does not move dates
    let daysDiffer = false;
    for (let s = 0; s < S && !calendarKept && !daysDiffer; s++) daysDiffer = day[s] !== oldDay[s];
    if (daysDiffer) for (let s = 0; s < S; s++) dayChanged[s] = day[s] !== oldDay[s] ? 1 : 0;
    this.daysDiffer = daysDiffer;
    const chSlots = this.chSlots;
    for (let k = 0; k < m; k++) {
      const t = this.pendChanged[k];
      const row = t * S;
      let c = 0;
      let asp = 0;
      if (candCount[t] >= 0 && !daysDiffer) {
        // only the slots the move wrote, kept where the cell really differs
        const cc = this.candidateSlots(t, row);
        for (let x = 0; x < cc; x++) {
          const s = cand[row + x];
          const v = cell[row + s];
          const u = oldCell[row + s];
          if (v === u) continue;
          chSlots[row + c++] = s;
          asp |= cellChange(v, u);
        }
        this.recordTeamChanges(t, row, c, asp);
        continue;
      }
      for (let s = 0; s < S; s++) {
        const v = cell[row + s];
        const u = oldCell[row + s];
        if (v === u) {
          if (daysDiffer && dayChanged[s] === 1 && v !== 0) {
            chSlots[row + c++] = s;
            asp |= READS_CALENDAR;
          }
          continue;
        }
        chSlots[row + c++] = s;
        asp |= daysDiffer && dayChanged[s] === 1 ? READS_ALL : cellChange(v, u);
      }
      this.recordTeamChanges(t, row, c, asp);
    }
    if (this.useMasks) this.pendingMasks();
    if (this.meetings !== null && !daysDiffer) {
      for (let k = 0; k < m; k++) {
        const t = this.pendChanged[k];
        this.meetingsUnchanged[t] = (this.aspect[t] & (READS_CALENDAR | READS_OPPONENT)) === 0 ? 1 : 0;
      }
      this.meetings.stage(cell, oldCell, this.pendChanged, m, chSlots, this.chCount, this.meetingsUnchanged);
    }
  }

  /** Change of team t's part of pair-form evaluator c: its pairs whose meetings the move changed, re-priced. */
  private meetingDelta(c: number, t: number, penalty: NonNullable<TeamEvaluator['meetingPenalty']>): number {
    const meetings = this.meetings as MeetingIndex;
    const n = this.n;
    const S = this.g.slots;
    const day = this.g.day;
    const teams = this.teamsOf[c];
    const cost = this.meetingPairCost[c];
    const pend = this.pendMeetingPairCost[c];
    let d = 0;
    for (let y = meetings.first[t], end = y + meetings.touched[t]; y < end; y++) {
      const o = meetings.opponents[y];
      if (teams[o] === 0) continue;
      const p = t * n + o;
      const v = penalty(meetings.pendSlots, p * S, meetings.pendCount[p], day);
      pend[p] = v;
      d += v - cost[p];
    }
    return d;
  }

  /**
   * The home/away masks of the changed teams after the move (the committed ones with the changed slots rewritten)
   * and their changed slots as bits.
   */
  private pendingMasks(): void {
    const cell = this.g.cell;
    const S = this.g.slots;
    const ch = this.chSlots;
    for (let k = 0; k < this.pendCount; k++) {
      const t = this.pendChanged[k];
      const row = t * S;
      let home = this.homeBits[t];
      let away = this.awayBits[t];
      let changed = 0;
      for (let x = 0, cnt = this.chCount[t]; x < cnt; x++) {
        const s = ch[row + x];
        const bit = 1 << s;
        const v = cell[row + s];
        home = v > 0 ? home | bit : home & ~bit;
        away = v < 0 ? away | bit : away & ~bit;
        changed |= bit;
      }
      this.pendHome[t] = home;
      this.pendAway[t] = away;
      this.changedBits[t] = changed;
    }
  }

  /** The dependency index of evaluators `stage` (ascending indices). */
  private seersOf(stage: Int32Array): Seers {
    const n = this.n;
    const list: number[] = [];
    const start = new Int32Array((READS_ALL + 1) * n + 1);
    for (let a = 0; a <= READS_ALL; a++) {
      for (let t = 0; t < n; t++) {
        start[a * n + t] = list.length;
        for (const c of stage) if ((a & this.readsOf[c]) !== 0 && this.teamsOf[c][t] === 1) list.push(c);
      }
    }
    start[(READS_ALL + 1) * n] = list.length;
    return { start, list: Int32Array.from(list) };
  }

  /**
   * Lists into affList[c] (affCount[c] of them) the pending changed teams each evaluator c of a stage sees — what it
   * reads, where it reads — walking the stage's dependency index from the changed teams, so that an evaluator no
   * change concerns costs nothing.
   */
  private collectAffected(hardStage: boolean): void {
    const stage = hardStage ? this.hardEvaluators : this.softEvaluators;
    for (let x = 0; x < stage.length; x++) this.affCount[stage[x]] = 0;
    const n = this.n;
    const { start, list: seers } = hardStage ? this.hardSeers : this.softSeers;
    for (let k = 0; k < this.pendCount; k++) {
      const t = this.pendChanged[k];
      const key = this.aspect[t] * n + t;
      for (let x = start[key]; x < start[key + 1]; x++) {
        const c = seers[x];
        const mask = this.slotMaskOf[c];
        if (mask === null || this.changesSlotIn(c, t, mask)) this.affList[c][this.affCount[c]++] = t;
      }
    }
  }

  /** Whether a changed slot of team t lies in evaluator c's slot mask. */
  private changesSlotIn(c: number, t: number, mask: Uint8Array): boolean {
    if (this.useMasks) return (this.changedBits[t] & this.slotMaskBits[c]) !== 0;
    const row = t * this.g.slots;
    const ch = this.chSlots;
    for (let k = 0, cnt = this.chCount[t]; k < cnt; k++) if (mask[ch[row + k]] === 1) return true;
    return false;
  }

  /** Pair delta of max-form evaluator c for the `na` affected teams (profiles pending); returns the delta. */
  private maxFormDelta(c: number, maxForm: NonNullable<PairEvaluator['maxForm']>, na: number): number {
    const n = this.n;
    const S = this.g.slots;
    const aff = this.affList[c];
    const isAff = this.isAff;
    const prof = this.prof[c];
    const pend = this.pendProf[c];
    const pcost = this.pairCost[c];
    const idx = this.pendPairIdx[c];
    const val = this.pendPairVal[c];
    const teams = (this.evaluators[c] as PairEvaluator).teams;
    let d = 0;
    const pLo = this.profLo;
    const pHi = this.profHi;
    const pShift = this.profShift;
    const prefix = (this.evaluators[c] as PairEvaluator).prefixProfile === true;
    for (let k = 0; k < na; k++) {
      const off = aff[k] * S;
      let lo = S;
      let hi = -1;
      let shift = 0;
      for (let s = prefix ? this.chLo[aff[k]] : 0; s < S; s++) {
        const x = pend[off + s] - prof[off + s];
        if (x !== 0) {
          if (lo === S) lo = s;
          hi = s;
          if (x > shift) shift = x;
          else if (-x > shift) shift = -x;
        }
      }
      pLo[aff[k]] = lo;
      pHi[aff[k]] = hi;
      pShift[aff[k]] = shift;
    }
    const free = maxForm.free ?? -1;
    const pre = this.preMax[c];
    const suf = this.sufMax[c];
    const mask = this.maxFormMask[c];
    let q = 0;
    for (let k = 0; k < na; k++) {
      const t = aff[k];
      if (pHi[t] < 0) continue; // profile unchanged: its pairs keep their penalties
      for (let u = 0; u < n; u++) {
        if (u === t || teams[u] === 0) continue;
        if (isAff[u] === 1 && pHi[u] >= 0 && u < t) continue; // done from u
        const i = Math.min(t, u);
        const j = Math.max(t, u);
        const base = (i * n + j) * S;
        const shifts = pShift[t] + (isAff[u] === 1 && pHi[u] >= 0 ? pShift[u] : 0);
        // every |a − b| moved by at most the shifts from its committed value: when the committed maximum plus the
        // shifts cannot exceed `free`, the penalty is 0 before and after (not recorded; commit refreshes the maxima)
        if (pre[base + S - 1] + shifts <= free) continue;
        let lo = pLo[t];
        let hi = pHi[t];
        if (isAff[u] === 1 && pHi[u] >= 0) {
          if (pLo[u] < lo) lo = pLo[u];
          if (pHi[u] > hi) hi = pHi[u];
        }
        let worst = lo > 0 ? pre[base + lo - 1] : 0;
        if (hi < S - 1 && suf[base + hi + 1] > worst) worst = suf[base + hi + 1];
        // inside lo..hi each |a − b| moved by at most the two profiles' shifts from its committed value, which is
        // at most the committed maximum over 0..hi (or lo..S−1): when that cannot exceed `free` (penalty 0), the
        // inside cannot change the penalty and is not read
        const oldInside = Math.min(pre[base + hi], suf[base + lo]);
        if (oldInside + shifts > free) {
          const A = isAff[i] === 1 ? pend : prof;
          const B = isAff[j] === 1 ? pend : prof;
          const oi = i * S;
          const oj = j * S;
          for (let s = lo; s <= hi; s++) {
            if (mask !== null && mask[s] !== 1) continue;
            const x = A[oi + s] - B[oj + s];
            const a = x < 0 ? -x : x;
            if (a > worst) worst = a;
          }
        }
        const v = maxForm.penalty(worst);
        idx[q] = i * n + j;
        val[q] = v;
        q++;
        d += v - pcost[i * n + j];
      }
    }
    this.pendPairCount[c] = q;
    return d;
  }

  /** Evaluates the hard (or soft) constraints for the pending changed teams; returns their (weighted soft) delta. */
  private stage(hardStage: boolean): number {
    const list = hardStage ? this.hardEvaluators : this.softEvaluators;
    this.collectAffected(hardStage);
    let total = 0;
    let weightedHard = 0;
    for (let x = 0; x < list.length; x++) {
      const c = list[x];
      // an evaluator that sees no team's change is not called; commit() skips it too
      const idle = this.affCount[c] === 0 || (this.calendarKept && this.skipIfCalendarKept[c] === 1);
      this.idle[c] = idle ? 1 : 0;
      if (idle) {
        this.lastDelta[c] = 0;
        continue;
      }
      const kind = this.kindOf[c];
      let d: number;
      if (kind === KIND_TEAM) {
        d = this.teamStage(c);
      } else if (kind === KIND_AGGREGATE) d = this.aggregateStage(c);
      else d = this.pairStage(c);
      this.lastDelta[c] = d;
      if (hardStage) {
        total += d;
        weightedHard += d * this.hardWeights[c];
      } else total += d * this.weightOf[c];
    }
    if (hardStage) this.lastWeightedHard = weightedHard;
    return total;
  }

  /** Delta of pair evaluator c: the pairs of the teams whose change it sees (pending in pendPairIdx/Val). */
  private pairStage(c: number): number {
    const g = this.g;
    const n = this.n;
    let d = 0;
    const ev = this.evaluators[c] as PairEvaluator;
    const pcost = this.pairCost[c];
    const idx = this.pendPairIdx[c];
    const val = this.pendPairVal[c];
    const S = g.slots;
    const prof = this.prof[c];
    const pend = this.pendProf[c];
    const fromProfiles = prof.length > 0 ? ev.pairFromProfiles : undefined;
    const aff = this.affList[c];
    const isAff = this.isAff;
    const na = this.affCount[c];
    for (let k = 0; k < na; k++) isAff[aff[k]] = 1;
    if (fromProfiles && ev.profile) {
      for (let k = 0; k < na; k++) {
        const t = aff[k];
        const off = t * S;
        // a prefix profile only changes from the first changed slot on
        const from = ev.prefixProfile === true ? this.chLo[t] : 0;
        for (let s = off; s < off + from; s++) pend[s] = prof[s];
        ev.profile(g, t, pend, off, from);
      }
    }
    const maxForm = this.preMax[c].length > 0 ? ev.maxForm : undefined;
    if (maxForm) {
      const d = this.maxFormDelta(c, maxForm, na);
      for (let k = 0; k < na; k++) isAff[aff[k]] = 0;
      return d;
    }
    let q = 0;
    for (let k = 0; k < na; k++) {
      const t = aff[k];
      for (let u = 0; u < n; u++) {
        if (u === t || ev.teams[u] === 0 || (isAff[u] === 1 && u < t)) continue;
        const i = Math.min(t, u);
        const j = Math.max(t, u);
        const v = fromProfiles
          ? fromProfiles(isAff[i] === 1 ? pend : prof, i * S, isAff[j] === 1 ? pend : prof, j * S, S)
          : ev.pair(g, i, j);
        idx[q] = i * n + j;
        val[q] = v;
        q++;
        d += v - pcost[i * n + j];
      }
    }
    for (let k = 0; k < na; k++) isAff[aff[k]] = 0;
    this.pendPairCount[c] = q;
    return d;
  }

  /** Delta of aggregate evaluator c: the changed teams' contributions replaced in the sums (pending in tmpSums). */
  private aggregateStage(c: number): number {
    const ev = this.evaluators[c] as AggregateEvaluator;
    const g = this.g;
    const aff = this.affList[c];
    const dims = ev.dims;
    const tmp = this.tmpSums[c];
    const sums = this.sums[c];
    for (let x = 0; x < dims; x++) tmp[x] = sums[x];
    const cb = this.contrib[c];
    const pc = this.pendContrib[c];
    const contribFromMasks = this.contribFromMasksOf[c];
    for (let k = 0, na = this.affCount[c]; k < na; k++) {
      const t = aff[k];
      const off = t * dims;
      for (let x = off; x < off + dims; x++) pc[x] = 0;
      if (contribFromMasks !== null) contribFromMasks(t, this.pendHome[t], this.pendAway[t], g.slots, pc, off);
      else ev.contrib(g, t, pc, off);
      for (let x = 0; x < dims; x++) tmp[x] += pc[off + x] - cb[off + x];
    }
    return ev.combine(tmp) - this.penalties[c];
  }

  /**
   * Delta of team-kind evaluator c over the changed teams it sees (pending parts into pendTeam; the others keep
   * theirs): a few changed slots are evaluated locally (per cluster of changed slots, see `TeamEvaluator.reach` /
   * `anchor`); many are evaluated whole.
   */
  private teamStage(c: number): number {
    const g = this.g;
    const S = g.slots;
    const aff = this.affList[c];
    const tc = this.teamCost[c];
    const pend = this.pendTeam[c];
    const local = this.localOf[c];
    const reach = this.reachOf[c];
    const anchor = this.anchorOf[c];
    const fromMasks = this.fromMasksOf[c];
    const meetingPenalty = this.daysDiffer ? null : this.meetingPenaltyOf[c];
    const ch = this.chSlots;
    const old = this.old;
    let d = 0;
    for (let k = 0, na = this.affCount[c]; k < na; k++) {
      const t = aff[k];
      let v: number;
      const cnt = this.chCount[t];
      if (meetingPenalty !== null) v = tc[t] + this.meetingDelta(c, t, meetingPenalty);
      else if (fromMasks !== null) v = fromMasks(t, this.pendHome[t], this.pendAway[t], S);
      else if (local === null || cnt * LOCAL_SHARE >= S) v = this.teamFnOf[c](g, t);
      else if (reach < 0 && anchor === null) {
        const lo = this.chLo[t];
        const hi = this.chHi[t];
        v = tc[t] + (local(g, t, lo, hi) - local(old, t, lo, hi));
      } else {
        // clusters of changed slots more than `reach` apart, or with an unchanged anchor cell between them:
        // one local range each
        const row = t * S;
        const cell = g.cell;
        v = tc[t];
        let lo = ch[row];
        let hi = lo;
        for (let x = 1; x <= cnt; x++) {
          const s = x < cnt ? ch[row + x] : -1;
          let split = s < 0;
          if (!split) {
            if (reach >= 0) split = s - hi > reach;
            else if (anchor !== null)
              for (let y = hi + 1; !split && y < s; y++) if (anchor(cell[row + y])) split = true;
          }
          if (split) {
            v += local(g, t, lo, hi) - local(old, t, lo, hi);
            lo = s;
          }
          hi = s;
        }
      }
      pend[t] = v;
      d += v - tc[t];
    }
    return d;
  }

  private lastHard = 0;
  private lastSoft = 0;
  private calendarKept = false;
  /** Per evaluator: 1 when the current move's delta skipped it (nothing it reads changed). */
  private readonly idle: Uint8Array;

  /** Keeps the pending meetings and pair penalties of the pair forms (a move that kept the slot days). */
  private commitMeetings(): void {
    const meetings = this.meetings as MeetingIndex;
    const n = this.n;
    const list = this.pendChanged;
    for (let c = 0; c < this.evaluators.length; c++) {
      if (this.meetingPenaltyOf[c] === null) continue;
      const teams = this.teamsOf[c];
      const cost = this.meetingPairCost[c];
      const pend = this.pendMeetingPairCost[c];
      for (let k = 0; k < this.pendCount; k++) {
        const t = list[k];
        if (teams[t] === 0) continue;
        for (let y = meetings.first[t], end = y + meetings.touched[t]; y < end; y++) {
          const p = t * n + meetings.opponents[y];
          if (teams[meetings.opponents[y]] === 1) cost[p] = pend[p];
        }
      }
    }
    meetings.commit(list, this.pendCount);
  }

  /** Keeps the state computed by the last `delta()` (the move stays applied). */
  commit(): void {
    const evs = this.evaluators;
    const list = this.pendChanged;
    const m = this.pendCount;
    for (let c = 0; c < evs.length; c++) {
      if (this.idle[c] === 1) continue;
      const kind = this.kindOf[c];
      const aff = this.affList[c];
      const na = this.affCount[c];
      if (kind === KIND_TEAM) {
        const tc = this.teamCost[c];
        const pend = this.pendTeam[c];
        for (let k = 0; k < na; k++) tc[aff[k]] = pend[aff[k]];
      } else if (kind === KIND_AGGREGATE) {
        const dims = (evs[c] as AggregateEvaluator).dims;
        const cb = this.contrib[c];
        const pc = this.pendContrib[c];
        for (let k = 0; k < na; k++) {
          const off = aff[k] * dims;
          for (let x = 0; x < dims; x++) cb[off + x] = pc[off + x];
        }
        this.sums[c].set(this.tmpSums[c]);
      } else {
        const pcost = this.pairCost[c];
        const idx = this.pendPairIdx[c];
        const val = this.pendPairVal[c];
        for (let q = 0; q < this.pendPairCount[c]; q++) pcost[idx[q]] = val[q];
        const prof = this.prof[c];
        if (prof.length > 0) {
          const S = this.g.slots;
          const pendProf = this.pendProf[c];
          for (let k = 0; k < na; k++) {
            const off = aff[k] * S;
            for (let s = off; s < off + S; s++) prof[s] = pendProf[s];
          }
          if (this.preMax[c].length > 0) this.refreshPairMaxima(c, aff, na);
        }
      }
      this.penalties[c] += this.lastDelta[c];
    }
    this.hard += this.lastHard;
    this.soft += this.lastSoft;
    if (this.daysDiffer) this.resetMeetings(this.g);
    else if (this.meetings !== null) this.commitMeetings();
    // the committed copy differs from the grid only in the changed slots found by begin()
    const S = this.g.slots;
    const cell = this.g.cell;
    const oldCell = this.old.cell;
    const ch = this.chSlots;
    for (let k = 0; k < m; k++) {
      const t = list[k];
      if (this.useMasks) {
        this.homeBits[t] = this.pendHome[t];
        this.awayBits[t] = this.pendAway[t];
      }
      const row = t * S;
      for (let x = 0, cnt = this.chCount[t]; x < cnt; x++) {
        const i = row + ch[row + x];
        oldCell[i] = cell[i];
      }
    }
    if (this.daysDiffer) this.old.day.set(this.g.day);
    this.pendCount = 0;
  }
}
