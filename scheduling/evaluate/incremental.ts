/**
 * Incremental evaluation. Keeps, per constraint, the per-team penalties (team kind), per-team contributions and
 * their sums (aggregate kind) or per-pair penalties (pair kind) — one store per evaluator, by kind. After a move has
 * changed the rows of some teams, `delta(changed)` recomputes only those teams' parts and returns the change in hard
 * violations and soft penalty; `commit()` keeps the new state, or the caller undoes the move and simply does not
 * commit.
 *
 * How little a delta reads: what changed is recorded per team (the `PendingMove`: calendar / home-away / opponent at
 * home or away, and which slots); a dependency index from (team, kind of change) to the evaluators that read it hands
 * each changed team to those evaluators only (an evaluator no change concerns is not visited); a team's part is then
 * re-evaluated from the cheapest form the evaluator offers (see the stores). Nothing is allocated per move.
 */
import type { Evaluator } from '../constraints/index.ts';
import { MASK_SLOTS, READS_ALL, READS_CALENDAR, READS_HOME_AWAY, READS_OPPONENT } from '../constraints/index.ts';
import type { Grid } from '../model.ts';
import { AggregatePenalties } from './aggregate-penalties.ts';
import { MeetingIndex } from './meetings.ts';
import { PairPenalties } from './pair-penalties.ts';
import { PendingMove } from './pending-move.ts';
import { TeamPenalties } from './team-penalties.ts';

const KIND_TEAM = 0;
const KIND_AGGREGATE = 1;
const KIND_PAIR = 2;

/**
 * Per team t and aspect a (a value 1..READS_ALL of READS_* bits), the evaluators (ascending) whose teams include t
 * and that read one of a's bits: list[start[a·n + t] .. start[a·n + t + 1]).
 */
interface DependencyIndex {
  start: Int32Array;
  list: Int32Array;
}

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
  private currentGrid: Grid;
  private readonly n: number;
  /** The committed grid (what the stores' parts were computed on). */
  private readonly committed: Grid;
  private readonly move: PendingMove;
  /** One store per evaluator, in the array of its kind (null elsewhere). */
  private readonly teamStores: (TeamPenalties | null)[] = [];
  private readonly aggregateStores: (AggregatePenalties | null)[] = [];
  private readonly pairStores: (PairPenalties | null)[] = [];
  /** Per evaluator the changed teams of the current move whose change it sees (affected[c][0 .. affectedCount[c])). */
  private readonly affected: Int32Array[] = [];
  private readonly affectedCount: Int32Array;
  /** Per evaluator: 1 when the current move's delta skipped it (nothing it reads changed). */
  private readonly skipped: Uint8Array;
  /** The dependency index of the hard and of the soft evaluators (each stage collects its own). */
  private readonly hardDependencies: DependencyIndex;
  private readonly softDependencies: DependencyIndex;
  // per-evaluator metadata copied out of the evaluator objects: their shapes differ by type, so reading these
  // properties in the hot loop would go through megamorphic property lookups
  private readonly kindOf: Uint8Array;
  private readonly hardEvaluators: Int32Array;
  private readonly softEvaluators: Int32Array;
  private readonly weightOf: Float64Array;
  private readonly readsOf: Uint8Array;
  private readonly skipIfCalendarKept: Uint8Array;
  private readonly teamsOf: Uint8Array[] = [];
  private readonly slotMaskOf: (Uint8Array | null)[] = [];
  /** Per evaluator its slot mask as bits (masks kept). */
  private readonly slotMaskBits: Int32Array;
  // home/away slot bit masks per team (schedules of at most MASK_SLOTS slots), committed; evaluators with a mask
  // form then read no cells
  private readonly useMasks: boolean;
  private readonly homeBits: Int32Array;
  private readonly awayBits: Int32Array;
  /** The meetings of every pair, for the pair forms of rematch-type evaluators (null when none has one). */
  private readonly meetings: MeetingIndex | null;
  private readonly meetingsUnchanged: Uint8Array;
  private readonly result = { hard: 0, soft: 0 };
  private lastHard = 0;
  private lastSoft = 0;

  constructor(evaluators: readonly Evaluator[], g: Grid) {
    this.evaluators = evaluators;
    this.currentGrid = g;
    const n = g.teams;
    this.n = n;
    const C = evaluators.length;
    const S = g.slots;
    this.penalties = new Float64Array(C);
    this.lastDelta = new Float64Array(C);
    this.hardWeights = new Float64Array(C).fill(1);
    this.committed = { teams: n, slots: S, cell: g.cell.slice(), day: g.day.slice() };
    this.move = new PendingMove(n, S);
    this.affectedCount = new Int32Array(C);
    this.skipped = new Uint8Array(C);
    this.kindOf = new Uint8Array(C);
    this.weightOf = new Float64Array(C);
    this.readsOf = new Uint8Array(C);
    this.skipIfCalendarKept = new Uint8Array(C);
    this.slotMaskBits = new Int32Array(C);
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
      const team = ev.kind === 'team' ? new TeamPenalties(ev, n, this.useMasks) : null;
      const aggregate = ev.kind === 'aggregate' ? new AggregatePenalties(ev, n, this.useMasks) : null;
      this.teamStores[c] = team;
      this.aggregateStores[c] = aggregate;
      this.pairStores[c] = ev.kind === 'pair' ? new PairPenalties(ev, n, S) : null;
      // a mask form reads which slots are played and their home/away side only: a team whose masks kept both
      // (its change was only opponents or dates) keeps its part
      if (team?.usesMasks || aggregate?.usesMasks) this.readsOf[c] &= READS_CALENDAR | READS_HOME_AWAY;
      this.affected[c] = new Int32Array(n);
    });
    const indices = evaluators.map((_, c) => c);
    this.hardEvaluators = Int32Array.from(indices.filter((c) => evaluators[c].severity === 'hard'));
    this.softEvaluators = Int32Array.from(indices.filter((c) => evaluators[c].severity !== 'hard'));
    this.hardDependencies = this.dependencyIndex(this.hardEvaluators);
    this.softDependencies = this.dependencyIndex(this.softEvaluators);
    this.meetings = this.teamStores.some((x) => x?.meetingPenalty) ? new MeetingIndex(n, S) : null;
    this.meetingsUnchanged = new Uint8Array(n);
    this.reset(g);
  }

  /** The current grid. */
  get grid(): Grid {
    return this.currentGrid;
  }

  /** Rebuilds the meeting index and the committed pair penalties of the pair forms from the grid. */
  private resetMeetings(g: Grid): void {
    const meetings = this.meetings;
    if (meetings === null) return;
    meetings.rebuild(g);
    for (const store of this.teamStores) store?.resetMeetings(meetings, g.day, g.slots);
  }

  /** Recomputes everything from the grid (also use after replacing the grid). */
  reset(g: Grid = this.currentGrid): void {
    this.currentGrid = g;
    const n = this.n;
    this.committed.cell.set(g.cell);
    this.committed.day.set(g.day);
    this.move.teamCount = 0;
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
      const p = (this.teamStores[c] ?? this.aggregateStores[c] ?? (this.pairStores[c] as PairPenalties)).reset(g);
      this.penalties[c] = p;
      if (ev.severity === 'hard') this.hard += p;
      else this.soft += p * ev.weight;
    });
  }

  /** Lists (into `out`) the teams with a positive penalty in some hard team-kind constraint; returns how many. */
  violatingTeams(out: Int32Array): number {
    let m = 0;
    for (let t = 0; t < this.n; t++) {
      for (let c = 0; c < this.evaluators.length; c++) {
        const store = this.teamStores[c];
        if (store !== null && this.evaluators[c].severity === 'hard' && store.cost[t] > 0) {
          out[m++] = t;
          break;
        }
      }
    }
    return m;
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

  /** Records the move (what changed, per team), its home/away masks and its pending meetings. */
  private begin(changed: ArrayLike<number>, count: number, calendarKept: boolean, slots?: ArrayLike<number>): void {
    const move = this.move;
    const g = this.currentGrid;
    move.record(g, this.committed, changed, count, calendarKept, slots);
    if (this.useMasks) move.recordMasks(g.cell, this.homeBits, this.awayBits);
    if (this.meetings !== null && !move.daysDiffer) {
      for (let k = 0; k < move.teamCount; k++) {
        const t = move.teams[k];
        this.meetingsUnchanged[t] = (move.aspects[t] & (READS_CALENDAR | READS_OPPONENT)) === 0 ? 1 : 0;
      }
      this.meetings.stage(
        g.cell,
        this.committed.cell,
        move.teams,
        move.teamCount,
        move.changedSlots,
        move.changedCount,
        this.meetingsUnchanged,
      );
    }
  }

  /** The dependency index of the evaluators of a stage (ascending indices). */
  private dependencyIndex(stage: Int32Array): DependencyIndex {
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
   * Lists into affected[c] (affectedCount[c] of them) the pending changed teams each evaluator c of a stage sees —
   * what it reads, where it reads — walking the stage's dependency index from the changed teams, so that an
   * evaluator no change concerns costs nothing.
   */
  private collectAffected(hardStage: boolean): void {
    const stage = hardStage ? this.hardEvaluators : this.softEvaluators;
    for (let x = 0; x < stage.length; x++) this.affectedCount[stage[x]] = 0;
    const n = this.n;
    const move = this.move;
    const { start, list: dependents } = hardStage ? this.hardDependencies : this.softDependencies;
    for (let k = 0; k < move.teamCount; k++) {
      const t = move.teams[k];
      const key = move.aspects[t] * n + t;
      for (let x = start[key]; x < start[key + 1]; x++) {
        const c = dependents[x];
        const mask = this.slotMaskOf[c];
        if (mask === null || this.changesSlotIn(c, t, mask)) this.affected[c][this.affectedCount[c]++] = t;
      }
    }
  }

  /** Whether a changed slot of team t lies in evaluator c's slot mask. */
  private changesSlotIn(c: number, t: number, mask: Uint8Array): boolean {
    const move = this.move;
    if (this.useMasks) return (move.changedBits[t] & this.slotMaskBits[c]) !== 0;
    const row = t * this.currentGrid.slots;
    const changedSlots = move.changedSlots;
    for (let k = 0, cnt = move.changedCount[t]; k < cnt; k++) if (mask[changedSlots[row + k]] === 1) return true;
    return false;
  }

  /** Evaluates the hard (or soft) constraints for the pending changed teams; returns their (weighted soft) delta. */
  private stage(hardStage: boolean): number {
    const list = hardStage ? this.hardEvaluators : this.softEvaluators;
    this.collectAffected(hardStage);
    const g = this.currentGrid;
    const move = this.move;
    let total = 0;
    let weightedHard = 0;
    for (let x = 0; x < list.length; x++) {
      const c = list[x];
      const count = this.affectedCount[c];
      // an evaluator that sees no team's change is not called; commit() skips it too
      const skip = count === 0 || (move.calendarKept && this.skipIfCalendarKept[c] === 1);
      this.skipped[c] = skip ? 1 : 0;
      if (skip) {
        this.lastDelta[c] = 0;
        continue;
      }
      const kind = this.kindOf[c];
      const affected = this.affected[c];
      let d: number;
      if (kind === KIND_TEAM) {
        d = (this.teamStores[c] as TeamPenalties).delta(g, this.committed, move, affected, count, this.meetings);
      } else if (kind === KIND_AGGREGATE) {
        d = (this.aggregateStores[c] as AggregatePenalties).delta(g, move, affected, count, this.penalties[c]);
      } else d = (this.pairStores[c] as PairPenalties).delta(g, move, affected, count);
      this.lastDelta[c] = d;
      if (hardStage) {
        total += d;
        weightedHard += d * this.hardWeights[c];
      } else total += d * this.weightOf[c];
    }
    if (hardStage) this.lastWeightedHard = weightedHard;
    return total;
  }

  /** Keeps the state computed by the last `delta()` (the move stays applied). */
  commit(): void {
    const move = this.move;
    for (let c = 0; c < this.evaluators.length; c++) {
      if (this.skipped[c] === 1) continue;
      const kind = this.kindOf[c];
      const affected = this.affected[c];
      const count = this.affectedCount[c];
      if (kind === KIND_TEAM) (this.teamStores[c] as TeamPenalties).commit(affected, count);
      else if (kind === KIND_AGGREGATE) (this.aggregateStores[c] as AggregatePenalties).commit(affected, count);
      else (this.pairStores[c] as PairPenalties).commit(affected, count);
      this.penalties[c] += this.lastDelta[c];
    }
    this.hard += this.lastHard;
    this.soft += this.lastSoft;
    const g = this.currentGrid;
    if (move.daysDiffer) this.resetMeetings(g);
    else if (this.meetings !== null) {
      for (const store of this.teamStores) if (store?.meetingPenalty) store.commitMeetings(this.meetings, move);
      this.meetings.commit(move.teams, move.teamCount);
    }
    // the committed copy differs from the grid only in the changed slots the move recorded
    const S = g.slots;
    const cell = g.cell;
    const committedCell = this.committed.cell;
    const changedSlots = move.changedSlots;
    for (let k = 0; k < move.teamCount; k++) {
      const t = move.teams[k];
      if (this.useMasks) {
        this.homeBits[t] = move.home[t];
        this.awayBits[t] = move.away[t];
      }
      const row = t * S;
      for (let x = 0, cnt = move.changedCount[t]; x < cnt; x++) {
        const i = row + changedSlots[row + x];
        committedCell[i] = cell[i];
      }
    }
    if (move.daysDiffer) this.committed.day.set(g.day);
    move.teamCount = 0;
  }
}
