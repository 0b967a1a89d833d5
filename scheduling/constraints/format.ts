/** The tournament format: round robin structure (meetings per pair, games per team, home games) and phases. */
import type { Game } from '../model.ts';
import type { EvaluatorFactory, EvaluatorFamily } from './family.ts';
import { teamMask } from './params.ts';
import { READS_ALL, READS_CALENDAR, READS_OPPONENT } from './types.ts';
import { gameAt, teamName } from './violations.ts';

/**
 * Tournament structure (template type `round_robin_format`): games per team, meetings per pair (every pair
 * `meetingsPerPair` times, plus `doubles` opponents once more for conference formats), repeated meetings split
 * home/away, and home games within [minHome, maxHome]. `kind: 'partial'` (not every pair meets) only caps meetings;
 * `kind: 'series'` checks games per team and home games.
 */
const roundRobinFormat: EvaluatorFactory = (p, ctx) => {
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
        rep?.(`${teamName(ctx, t)} plays ${games} games (expected ${gamesPerTeam})`, all(), [t]);
      }
      const homeDev = home < minHome ? minHome - home : home > maxHome ? home - maxHome : 0;
      if (homeDev > 0) {
        pen += homeDev;
        rep?.(`${teamName(ctx, t)} plays ${home} home games (expected ${minHome}..${maxHome})`, all(), [t]);
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
          rep?.(`${teamName(ctx, t)} and ${teamName(ctx, o)} meet ${c} times (expected ${meet})`, pairGames(), [t, o]);
        } else if (c > meet + extra) {
          pen += c - meet - extra;
          rep?.(`${teamName(ctx, t)} and ${teamName(ctx, o)} meet ${c} times (at most ${meet + extra})`, pairGames(), [
            t,
            o,
          ]);
        }
        if (c === 2 && sides[o] !== 3) {
          pen++;
          rep?.(`${teamName(ctx, t)} and ${teamName(ctx, o)} meet twice without a home and an away game`, pairGames(), [
            t,
            o,
          ]);
        }
      }
      if (doubles !== null && twice !== doubles) {
        pen += Math.abs(twice - doubles);
        rep?.(`${teamName(ctx, t)} meets ${twice} opponents more than ${meet} time(s) (expected ${doubles})`, all(), [
          t,
        ]);
      }
      return pen;
    },
  };
};

/**
 * Phased double round robin (ITC2021 gameMode P): every pair meets at most once in the first `half` slots
 * (default: half of the slots) and at most once in the rest. A pair that meets twice in one half costs 2, as RobinX's
 * validator counts it: once for each ordered pair that does not meet exactly once in the first phase.
 */
const phased: EvaluatorFactory = (p, ctx) => {
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
              `${teamName(ctx, t)} and ${teamName(ctx, o)} meet twice in one half`,
              [gameAt(g, t, seen[o]), gameAt(g, t, s)],
              [t, o],
            );
          } else seen[o] = s;
        }
      }
      return pen;
    },
  };
};

/**
 * Mirrored double round robin (RobinX gameMode M): slot s + S/2 repeats slot s with venues exchanged. Counted as
 * RobinX's validator counts it: for every ordered pair (t, o) and slot s of the first half, one when "t hosts o in s"
 * differs from "o hosts t in s + S/2". Team t's share (the pairs it heads) reads only its own row.
 */
const mirrored: EvaluatorFactory = (_p, ctx) => ({
  kind: 'team',
  teams: new Uint8Array(ctx.n).fill(1),
  reads: READS_ALL,
  team(g, t, rep) {
    const S = g.slots;
    const half = Math.floor(S / 2);
    let pen = 0;
    for (let s = 0; s < half; s++) {
      const first = g.cell[t * S + s];
      const second = g.cell[t * S + s + half];
      let wrong = 0;
      if (first > 0 && second !== -first) wrong++; // t hosts in s, is not the guest of the same team in s + half
      if (second < 0 && first !== -second) wrong++; // t is a guest in s + half, did not host that team in s
      if (wrong > 0) {
        pen += wrong;
        rep?.(
          `${ctx.teams[t].name}: slot ${s + half} does not mirror slot ${s}`,
          [],
          [t, ...[first, second].filter((v) => v !== 0).map((v) => Math.abs(v) - 1)],
        );
      }
    }
    return pen;
  },
});

export const FORMAT_EVALUATORS: EvaluatorFamily = { round_robin_format: roundRobinFormat, phased, mirrored };
