/**
 * The incremental state of one team-kind evaluator: each team's committed part of the penalty and, for the move
 * being priced, the new part of each changed team it sees — re-evaluated from the cheapest form the evaluator
 * offers: home/away masks (`fromMasks`), the pairs whose meetings changed (`meetingPenalty`), a slot-local range
 * (`local`), or the whole row.
 */
import type { TeamEvaluator } from '../constraints/index.ts';
import type { Grid } from '../model.ts';
import type { MeetingIndex } from './meetings.ts';
import type { PendingMove } from './pending-move.ts';

/** A team whose move changed at least 1/LOCAL_SHARE of its slots is re-evaluated whole (two local passes cost more). */
const LOCAL_SHARE = 6;

export class TeamPenalties {
  /** Committed part of each team (0 for the teams the evaluator leaves out). */
  readonly cost: Float64Array;
  /** The part of each changed team the evaluator sees, after the pending move. */
  private readonly pending: Float64Array;
  private readonly teamPenalty: (g: Grid, t: number) => number;
  private readonly local: ((g: Grid, t: number, lo: number, hi: number) => number) | null;
  private readonly reach: number;
  private readonly anchor: ((v: number) => boolean) | null;
  /** The mask form, when the evaluator has one and the masks are kept. */
  private readonly fromMasks: ((t: number, home: number, away: number, slots: number) => number) | null;
  /** The pair form of rematch-type evaluators, with each pair's penalty (i < j at i·n + j), committed and pending. */
  readonly meetingPenalty: NonNullable<TeamEvaluator['meetingPenalty']> | null;
  private readonly meetingPairCost: Float64Array;
  private readonly pendingMeetingPairCost: Float64Array;

  constructor(
    private readonly evaluator: TeamEvaluator,
    private readonly n: number,
    useMasks: boolean,
  ) {
    this.cost = new Float64Array(n);
    this.pending = new Float64Array(n);
    this.teamPenalty = evaluator.team.bind(evaluator);
    this.local = evaluator.local ?? null;
    this.reach = evaluator.reach ?? -1;
    this.anchor = evaluator.anchor ?? null;
    this.fromMasks = useMasks && evaluator.fromMasks ? evaluator.fromMasks.bind(evaluator) : null;
    this.meetingPenalty = evaluator.meetingPenalty ? evaluator.meetingPenalty.bind(evaluator) : null;
    this.meetingPairCost = new Float64Array(this.meetingPenalty ? n * n : 0);
    this.pendingMeetingPairCost = new Float64Array(this.meetingPenalty ? n * n : 0);
  }

  /** Whether the evaluator reads nothing but home/away slot masks here (the mask form is used). */
  get usesMasks(): boolean {
    return this.fromMasks !== null;
  }

  /** Recomputes every team's part from the grid; returns the penalty. */
  reset(g: Grid): number {
    const ev = this.evaluator;
    let p = 0;
    for (let t = 0; t < this.n; t++) {
      this.cost[t] = ev.teams[t] === 1 ? ev.team(g, t) : 0;
      p += this.cost[t];
    }
    return p;
  }

  /** Recomputes the committed pair penalties of the pair form from a rebuilt meeting index. */
  resetMeetings(meetings: MeetingIndex, day: Int32Array, slots: number): void {
    const penalty = this.meetingPenalty;
    if (penalty === null) return;
    const n = this.n;
    const teams = this.evaluator.teams;
    const cost = this.meetingPairCost;
    for (let i = 0; i < n; i++) {
      if (teams[i] === 0) continue;
      for (let j = i + 1; j < n; j++) {
        const p = i * n + j;
        if (teams[j] === 1) cost[p] = penalty(meetings.slots, p * slots, meetings.count[p], day);
      }
    }
  }

  /** Change of team t's part of the pair form: its pairs whose meetings the move changed, re-priced. */
  private meetingDelta(meetings: MeetingIndex, day: Int32Array, S: number, t: number): number {
    const penalty = this.meetingPenalty as NonNullable<TeamEvaluator['meetingPenalty']>;
    const n = this.n;
    const teams = this.evaluator.teams;
    const cost = this.meetingPairCost;
    const pending = this.pendingMeetingPairCost;
    let d = 0;
    for (let y = meetings.first[t], end = y + meetings.touched[t]; y < end; y++) {
      const o = meetings.opponents[y];
      if (teams[o] === 0) continue;
      const p = t * n + o;
      const v = penalty(meetings.pendingSlots, p * S, meetings.pendingCount[p], day);
      pending[p] = v;
      d += v - cost[p];
    }
    return d;
  }

  /**
   * Delta over the changed teams `affected[0 .. count)` the evaluator sees (their new parts kept pending; the others
   * keep theirs): a few changed slots are evaluated locally (per cluster of changed slots, see `TeamEvaluator.reach`
   * / `anchor`); many are evaluated whole.
   */
  delta(
    g: Grid,
    old: Grid,
    move: PendingMove,
    affected: Int32Array,
    count: number,
    meetings: MeetingIndex | null,
  ): number {
    const S = g.slots;
    const cost = this.cost;
    const pending = this.pending;
    const local = this.local;
    const reach = this.reach;
    const anchor = this.anchor;
    const fromMasks = this.fromMasks;
    const byMeetings = move.daysDiffer ? null : meetings !== null && this.meetingPenalty !== null ? meetings : null;
    const changedSlots = move.changedSlots;
    const changedCount = move.changedCount;
    let d = 0;
    for (let k = 0; k < count; k++) {
      const t = affected[k];
      let v: number;
      const cnt = changedCount[t];
      if (byMeetings !== null) v = cost[t] + this.meetingDelta(byMeetings, g.day, S, t);
      else if (fromMasks !== null) v = fromMasks(t, move.home[t], move.away[t], S);
      else if (local === null || cnt * LOCAL_SHARE >= S) v = this.teamPenalty(g, t);
      else if (reach < 0 && anchor === null) {
        const lo = move.firstChanged[t];
        const hi = move.lastChanged[t];
        v = cost[t] + (local(g, t, lo, hi) - local(old, t, lo, hi));
      } else {
        // clusters of changed slots more than `reach` apart, or with an unchanged anchor cell between them:
        // one local range each
        const row = t * S;
        const cell = g.cell;
        v = cost[t];
        let lo = changedSlots[row];
        let hi = lo;
        for (let x = 1; x <= cnt; x++) {
          const s = x < cnt ? changedSlots[row + x] : -1;
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
      pending[t] = v;
      d += v - cost[t];
    }
    return d;
  }

  /** Keeps the pending parts of `affected[0 .. count)`. */
  commit(affected: Int32Array, count: number): void {
    for (let k = 0; k < count; k++) this.cost[affected[k]] = this.pending[affected[k]];
  }

  /** Keeps the pending pair penalties of the pair form for the changed teams (a move that kept the slot days). */
  commitMeetings(meetings: MeetingIndex, move: PendingMove): void {
    const n = this.n;
    const teams = this.evaluator.teams;
    const cost = this.meetingPairCost;
    const pending = this.pendingMeetingPairCost;
    for (let k = 0; k < move.teamCount; k++) {
      const t = move.teams[k];
      if (teams[t] === 0) continue;
      for (let y = meetings.first[t], end = y + meetings.touched[t]; y < end; y++) {
        const p = t * n + meetings.opponents[y];
        if (teams[meetings.opponents[y]] === 1) cost[p] = pending[p];
      }
    }
  }
}
