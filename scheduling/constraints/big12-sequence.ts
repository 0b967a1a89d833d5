/**
 * Big 12 / FlexTime rules about the order of a team's games: streaks of home or road games, rematch separation
 * (no repeaters), home/away balance in the first and last games, and travel distance.
 */
import { popcount } from '../bits.ts';
import type { Game, Grid } from '../model.ts';
import type { EvaluatorFactory, EvaluatorFamily, FactoryResult } from './family.ts';
import { AWAY, HOME, type Mode } from './modes.ts';
import { ConstraintParams, teamMask } from './params.ts';
import { READS_AWAY_OPPONENT, READS_CALENDAR, READS_HOME_AWAY, READS_OPPONENT, type TeamEvaluator } from './types.ts';
import { gameAt, teamName } from './violations.ts';

/** At most `max` consecutive games of a mode (HOME or AWAY) per team; a bye neither counts nor breaks a run. */
function maxConsecutive(mode: Mode): EvaluatorFactory {
  const atHome = mode === HOME;
  return (p, ctx) => {
    const max = p.num('max', p.num('limit', Number.NaN));
    if (!Number.isFinite(max) || max < 0) throw new Error(`constraint ${p.type}: parameter 'max' is required`);
    const teams = teamMask(p, ctx);
    const what = atHome ? 'home' : 'road';
    return {
      kind: 'team',
      teams,
      reads: READS_CALENDAR | READS_HOME_AWAY,
      anchor: (v) => v !== 0 && (atHome ? v < 0 : v > 0),
      // a position counts when it ends max + 1 consecutive games of the mode; a bye is skipped, not a break
      fromMasks(_t, home, away, S) {
        const runOf = atHome ? home : away;
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
          if (v !== 0 && (atHome ? v < 0 : v > 0)) break;
          L--;
        }
        let R = hi;
        while (R < S - 1) {
          const v = cell[row + R + 1];
          if (v !== 0 && (atHome ? v < 0 : v > 0)) break;
          R++;
        }
        let pen = 0;
        let run = 0;
        for (let s = L; s <= R; s++) {
          const v = cell[row + s];
          if (v === 0) continue;
          if (atHome ? v > 0 : v < 0) {
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
          const match = s < S && (atHome ? v > 0 : v < 0);
          if (match) {
            if (run === 0) start = s;
            run++;
            if (run > max) pen++;
          } else {
            if (rep && run > max) {
              const games: Game[] = [];
              for (let k = start; k < s; k++) if (g.cell[row + k] !== 0) games.push(gameAt(g, t, k));
              rep(`${teamName(ctx, t)} plays ${run} consecutive ${what} games (max ${max})`, games, [t]);
            }
            run = 0;
          }
        }
        return pen;
      },
    };
  };
}

/** Rematch separation: consecutive meetings of a pair at least `minGames` slots and `minDays` days apart. */
const rematchSeparation: EvaluatorFactory = (p, ctx) => {
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
            `${teamName(ctx, t)} and ${teamName(ctx, o)} meet again after ${gap} games / ${dayGap} days (min ${minGames} games, ${minDays} days)`,
            [gameAt(g, t, prev), gameAt(g, t, s)],
            [t, o],
          );
        }
      }
      return pen;
    },
  };
};
/** No repeaters: rematch separation of at least 2 games (unless `minGames` says otherwise). */
const noRepeaters: EvaluatorFactory = (p, ctx) =>
  rematchSeparation(new ConstraintParams(p.type, { minGames: 2, ...p.raw }), ctx);

/** Home/away balance among a team's first and/or last k games: at least minHome home and minAway away. */
const homeAwayBalanceWindow: EvaluatorFactory = (p, ctx) => {
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
  const evaluator: FactoryResult<TeamEvaluator> = {
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
            rep(`${teamName(ctx, t)}: ${h} home / ${a} away in its ${fromStart ? 'first' : 'last'} ${k} games`, games, [
              t,
            ]);
          }
        }
      }
      return pen;
    },
  };
  return evaluator;
};

/**
 * Travel distance (miles, haversine between home venues): each team starts at home, travels from venue to venue
 * through consecutive away games (as in the Traveling Tournament Problem), and returns home at the end.
 * Without `maxMiles` the penalty is the miles travelled (an objective); with it, the miles above the limit.
 */
const travelDistance: EvaluatorFactory = (p, ctx) => {
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
      if (over > 0) rep?.(`${teamName(ctx, t)} travels ${miles.toFixed(0)} miles (max ${maxMiles})`, [], [t]);
      return over;
    },
  };
};

export const BIG12_SEQUENCE_EVALUATORS: EvaluatorFamily = {
  max_consecutive_home: maxConsecutive(HOME),
  max_consecutive_away: maxConsecutive(AWAY),
  max_consecutive_road: maxConsecutive(AWAY),
  rematch_separation: rematchSeparation,
  no_repeaters: noRepeaters,
  home_away_balance_window: homeAwayBalanceWindow,
  travel_distance: travelDistance,
};
