// The Big 12 basketball hard rules recomputed from a schedule's games, by code that shares nothing with the engine
// (no evaluator, no grid): what a conference scheduler would check by hand. Used by the tests and the benches to
// check a claimed "0 hard violations" instead of believing it.

export interface CheckedGame {
  home: string;
  away: string;
  /** YYYY-MM-DD */
  date: string;
  /** The arena; the home team's when absent. */
  venue?: string | null;
}

export interface Big12Rules {
  gamesPerTeam: number; // 18
  doubles: number; // 3 opponents home and away
  homeGames: number; // 9 (and as many away)
  maxConsecutiveAway: number; // 2
  window: { k: number; minHome: number; minAway: number }; // first four and last four: ≥ 2 home, ≥ 2 away
  rematch: { minGames: number; minDays: number }; // 3 games, 10 days
  minRestDays: number; // 1 full day between games
  maxGamesPerWeek: number; // 2 per Monday–Sunday week
  noSundayTeams: string[]; // BYU
  /** Hard blackouts: no game of the team on any day of [from, to]. */
  blackouts: Array<{ team: string; from: string; to: string }>;
  /** Venue closed on [from, to]: no home game there. */
  venueClosed: Array<{ venue: string; from: string; to: string }>;
  homeVenue: Map<string, string>;
}

export const BIG12_BASKETBALL = {
  gamesPerTeam: 18,
  doubles: 3,
  homeGames: 9,
  maxConsecutiveAway: 2,
  window: { k: 4, minHome: 2, minAway: 2 },
  rematch: { minGames: 3, minDays: 10 },
  minRestDays: 1,
  maxGamesPerWeek: 2,
} as const;

const DAY_MS = 86_400_000;
const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay(); // 0 = Sunday
const mondayOf = (iso: string) => dayOf(iso) - ((weekday(iso) + 6) % 7);
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const within = (date: string, from: string, to: string) => date >= from && date <= to;

/** Every broken hard rule, one line each; empty when the schedule keeps them all. */
export function big12HardViolations(teams: readonly string[], games: readonly CheckedGame[], r: Big12Rules): string[] {
  const out: string[] = [];
  const byTeam = new Map(teams.map((t) => [t, [] as CheckedGame[]]));
  for (const g of games) {
    for (const t of [g.home, g.away]) {
      const list = byTeam.get(t);
      if (!list) out.push(`game ${g.home}–${g.away} on ${g.date}: ${t} is not a team of this schedule`);
      else list.push(g);
    }
  }
  for (const [t, list] of byTeam) {
    list.sort((a, b) => a.date.localeCompare(b.date));
    const home = list.filter((g) => g.home === t).length;
    if (list.length !== r.gamesPerTeam) out.push(`${t} plays ${list.length} games (expected ${r.gamesPerTeam})`);
    if (home !== r.homeGames || list.length - home !== r.gamesPerTeam - r.homeGames) {
      out.push(
        `${t} plays ${home} home / ${list.length - home} away (expected ${r.homeGames} / ${r.gamesPerTeam - r.homeGames})`,
      );
    }
    const meetings = new Map<string, CheckedGame[]>();
    for (const g of list) {
      const o = g.home === t ? g.away : g.home;
      meetings.set(o, [...(meetings.get(o) ?? []), g]);
    }
    const twice = [...meetings].filter(([, m]) => m.length === 2);
    if (twice.length !== r.doubles) out.push(`${t} meets ${twice.length} opponents twice (expected ${r.doubles})`);
    if (meetings.size !== teams.length - 1) out.push(`${t} meets ${meetings.size} of ${teams.length - 1} opponents`);
    for (const [o, m] of meetings) {
      if (m.length > 2) out.push(`${t} meets ${o} ${m.length} times`);
      if (m.length !== 2 || t > o) continue;
      if (m[0].home === m[1].home) out.push(`${t}–${o}: both meetings at ${m[0].home}`);
      const gamesApart = list.indexOf(m[1]) - list.indexOf(m[0]);
      const daysApart = dayOf(m[1].date) - dayOf(m[0].date);
      if (gamesApart < r.rematch.minGames || daysApart < r.rematch.minDays) {
        out.push(`${t}–${o} rematch ${gamesApart} games / ${daysApart} days apart`);
      }
    }
    let road = 0;
    for (const g of list) {
      road = g.away === t ? road + 1 : 0;
      if (road > r.maxConsecutiveAway) out.push(`${t}: ${road} consecutive road games ending ${g.date}`);
    }
    for (const [label, part] of [
      ['first', list.slice(0, r.window.k)],
      ['last', list.slice(-r.window.k)],
    ] as const) {
      const h = part.filter((g) => g.home === t).length;
      if (h < r.window.minHome || part.length - h < r.window.minAway) {
        out.push(`${t}: ${h} home / ${part.length - h} away in its ${label} ${r.window.k}`);
      }
    }
    for (let i = 1; i < list.length; i++) {
      const rest = dayOf(list[i].date) - dayOf(list[i - 1].date) - 1;
      if (rest < r.minRestDays) out.push(`${t}: ${rest} rest days before ${list[i].date}`);
    }
    const perWeek = new Map<number, number>();
    for (const g of list) perWeek.set(mondayOf(g.date), (perWeek.get(mondayOf(g.date)) ?? 0) + 1);
    for (const [monday, n] of perWeek) {
      if (n > r.maxGamesPerWeek) out.push(`${t}: ${n} games in the week of Monday ${isoOf(monday)}`);
    }
    if (r.noSundayTeams.includes(t)) {
      for (const g of list) if (weekday(g.date) === 0) out.push(`${t} plays on Sunday ${g.date}`);
    }
    for (const b of r.blackouts.filter((x) => x.team === t)) {
      for (const g of list) if (within(g.date, b.from, b.to)) out.push(`${t} plays on its blackout day ${g.date}`);
    }
  }
  for (const g of games) {
    const venue = g.venue ?? r.homeVenue.get(g.home);
    for (const c of r.venueClosed) {
      if (venue === c.venue && within(g.date, c.from, c.to))
        out.push(`${g.home} hosts at closed ${venue} on ${g.date}`);
    }
  }
  return out;
}

/** Arena-days hosting more than one game, over the games of several schedules (e.g. men's and women's). */
export function arenaConflicts(games: ReadonlyArray<{ venue: string | null | undefined; date: string }>): string[] {
  const seen = new Map<string, number>();
  for (const g of games) {
    if (!g.venue) continue;
    const key = `${g.venue} on ${g.date}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${n} games at ${k}`);
}

/** Per-team home and away counts, for the "9/9 for every team" line. */
export function homeAwayCounts(teams: readonly string[], games: readonly CheckedGame[]): Map<string, [number, number]> {
  const counts = new Map(teams.map((t) => [t, [0, 0] as [number, number]]));
  for (const g of games) {
    const h = counts.get(g.home);
    const a = counts.get(g.away);
    if (h) h[0]++;
    if (a) a[1]++;
  }
  return counts;
}
