// The figures schedulers compare, per team of a schedule: home and away games, breaks, the longest road trip, rest
// between games, weekend home games and travel. Travel is the Traveling Tournament Problem's: a team starts at home,
// goes from each game's site to the next one's (consecutive away games chained: home → away 1 → away 2 → home) and
// returns home after a road trip and after its last game; sites are the home team's campus, distances haversine
// miles between institution coordinates.
import { dayNumber, dayOfWeek, haversineMiles } from '../../scheduling/index.ts';
import type { ScheduleRow } from './repository.ts';

export interface FairnessGame {
  gameId: number;
  homeTeamId: number;
  awayTeamId: number;
  gameDate: string;
}

export interface Campus {
  teamId: number;
  latitude: number | null;
  longitude: number | null;
}

export interface RoadTrip {
  teamId: number;
  /** The away games of the trip, in order. */
  gameIds: number[];
  /** Home teams visited, in order. */
  hostIds: number[];
  from: string;
  to: string;
  /** Home → first host → … → last host → home; null when a campus has no coordinates. */
  miles: number | null;
}

/** One team's travel over one schedule (Team.travel). */
export interface TeamTravel {
  teamId: number;
  schedule: ScheduleRow;
  miles: number | null;
  trips: RoadTrip[];
}

export interface TeamFairness {
  teamId: number;
  games: number;
  home: number;
  away: number;
  /** Consecutive games both at home or both away. */
  breaks: number;
  /** Most consecutive away games. */
  longestRoadTrip: number;
  /** Fewest days off between two consecutive games (null with fewer than two games). */
  minRestDays: number | null;
  averageRestDays: number | null;
  /** Home games on a Saturday or Sunday. */
  weekendHomeGames: number;
  /** Null when the team's or an opponent's campus has no coordinates. */
  travelMiles: number | null;
  trips: RoadTrip[];
}

function distance(a: Campus | undefined, b: Campus | undefined): number | null {
  if (!a || !b || a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null)
    return null;
  return haversineMiles(a.latitude, a.longitude, b.latitude, b.longitude);
}

const plus = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

/** One team's figures from its games (any order). */
export function teamFairness(
  teamId: number,
  games: readonly FairnessGame[],
  campuses: Map<number, Campus>,
): TeamFairness {
  const own = games
    .filter((g) => g.homeTeamId === teamId || g.awayTeamId === teamId)
    .sort((a, b) => (a.gameDate < b.gameDate ? -1 : a.gameDate > b.gameDate ? 1 : a.gameId - b.gameId));
  const home = campuses.get(teamId);
  let breaks = 0;
  let run = 0;
  let longest = 0;
  let weekendHome = 0;
  const rests: number[] = [];
  const trips: RoadTrip[] = [];
  let trip: RoadTrip | null = null;
  let miles: number | null = 0;
  const endTrip = () => {
    if (!trip) return;
    const last = campuses.get(trip.hostIds.at(-1) as number);
    trip.miles = plus(trip.miles, distance(last, home));
    miles = plus(miles, trip.miles);
    trips.push(trip);
    trip = null;
  };
  own.forEach((g, i) => {
    const atHome = g.homeTeamId === teamId;
    const previous = own[i - 1];
    if (previous) {
      if ((previous.homeTeamId === teamId) === atHome) breaks++;
      rests.push(dayNumber(g.gameDate) - dayNumber(previous.gameDate) - 1);
    }
    if (atHome) {
      endTrip();
      run = 0;
      const dow = dayOfWeek(dayNumber(g.gameDate));
      if (dow === 0 || dow === 6) weekendHome++;
      return;
    }
    run++;
    longest = Math.max(longest, run);
    const from = trip ? campuses.get(trip.hostIds.at(-1) as number) : home;
    const leg = distance(from, campuses.get(g.homeTeamId));
    if (!trip) trip = { teamId, gameIds: [], hostIds: [], from: g.gameDate, to: g.gameDate, miles: 0 };
    trip.gameIds.push(g.gameId);
    trip.hostIds.push(g.homeTeamId);
    trip.to = g.gameDate;
    trip.miles = plus(trip.miles, leg);
  });
  endTrip();
  const homeCount = own.filter((g) => g.homeTeamId === teamId).length;
  return {
    teamId,
    games: own.length,
    home: homeCount,
    away: own.length - homeCount,
    breaks,
    longestRoadTrip: longest,
    minRestDays: rests.length ? Math.min(...rests) : null,
    averageRestDays: rests.length ? rests.reduce((s, r) => s + r, 0) / rests.length : null,
    weekendHomeGames: weekendHome,
    travelMiles: miles,
    trips,
  };
}

/** Every team's figures, by team id. */
export function scheduleFairness(games: readonly FairnessGame[], campuses: Map<number, Campus>): TeamFairness[] {
  const teamIds = [...new Set(games.flatMap((g) => [g.homeTeamId, g.awayTeamId]))].sort((a, b) => a - b);
  return teamIds.map((t) => teamFairness(t, games, campuses));
}
