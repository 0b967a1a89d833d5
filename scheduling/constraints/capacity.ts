/** RobinX / ITC2021 capacity constraints CA1–CA4 (slot indices; penalties as in the ITC2021 validator). */
import { popcount } from '../bits.ts';
import type { Game } from '../model.ts';
import type { EvaluatorFactory, EvaluatorFamily } from './family.ts';
import { AWAY, EITHER, HOME, modeBits, modeMatch, modeOpponentReads, modeReads, parseMode } from './modes.ts';
import { slotBits, slotSet, teamMask } from './params.ts';
import { MASK_SLOTS, READS_CALENDAR, READS_HOME_AWAY, READS_HOME_OPPONENT } from './types.ts';
import { gameAt, teamName } from './violations.ts';

export function minMaxDev(count: number, min: number, max: number): number {
  return (count > max ? count - max : 0) + (count < min ? min - count : 0);
}

/** CA1: each team in `teams` plays at most `max` (at least `min`) home/away games (mode H/A) in `slots`. */
const ca1: EvaluatorFactory = (p, ctx) => {
  const teams = teamMask(p, ctx);
  const slots = slotSet(p);
  const max = p.num('max', Number.POSITIVE_INFINITY);
  const min = p.num('min', 0);
  const mode = parseMode(p.str('mode', 'H'));
  const bits = slotBits(slots);
  return {
    kind: 'team',
    teams,
    reads: modeReads(mode),
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
          `${teamName(ctx, t)} plays ${c} ${mode === HOME ? 'home' : mode === AWAY ? 'away' : ''} games in the given slots (min ${min}, max ${max})`,
          games,
          [t],
        );
      }
      return d;
    },
  };
};

/** CA2: each team in teams1 plays at most `max` home/away/any games against teams2 in `slots`. */
const ca2: EvaluatorFactory = (p, ctx) => {
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
        rep(`${teamName(ctx, t)} plays ${c} games against the given teams in the given slots (max ${max})`, games, [t]);
      }
      return d;
    },
  };
};

/** CA3: each team in teams1 plays at most `max` games against teams2 in every window of `intp` consecutive slots. */
const ca3: EvaluatorFactory = (p, ctx) => {
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
  const homeCounts = mode.home;
  const awayCounts = mode.away;
  const hit = (v: number) => (v > 0 ? homeCounts && t2[v - 1] === 1 : v < 0 ? awayCounts && t2[-v - 1] === 1 : false);
  return {
    kind: 'team',
    teams: t1,
    reads: READS_CALENDAR | (everyOpponent ? (mode === EITHER ? 0 : READS_HOME_AWAY) : modeOpponentReads(mode)),
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
      for (let s = 0; s < S; s++) {
        const v = cell[row + s];
        hits[s] =
          v > 0 ? (homeCounts && t2[v - 1] === 1 ? 1 : 0) : v < 0 ? (awayCounts && t2[-v - 1] === 1 ? 1 : 0) : 0;
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
            rep(`${teamName(ctx, t)} plays ${c} such games in slots ${s - intp + 1}..${s} (max ${max})`, games, [t]);
          }
        }
      }
      return pen;
    },
  };
};

/**
 * CA4: teams1 together play at most `max` games (home: teams1 host teams2; away: teams1 visit teams2; HA: either)
 * in `slots` (mode2 GLOBAL) or in each slot of `slots` (mode2 EVERY). A game counts once.
 */
const ca4: EvaluatorFactory = (p, ctx) => {
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
    (mode.home && t1[h] === 1 && t2[a] === 1) || (mode.away && t1[a] === 1 && t2[h] === 1);
  const sums = new Float64Array(dims);
  const mask = new Uint8Array(Math.max(0, ...dimSlots) + 1);
  for (const x of dimSlots) mask[x] = 1;
  // a game counts for its home team h: one of teams1 (mode H) or of teams2 (mode A)
  const hosts = Uint8Array.from(t1, (x, t) => ((mode.home && x === 1) || (mode.away && t2[t] === 1) ? 1 : 0));
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
};

export const CAPACITY_EVALUATORS: EvaluatorFamily = { CA1: ca1, CA2: ca2, CA3: ca3, CA4: ca4 };
