// What the journeys' users check by hand, computed by the tests themselves from the games the API returns — never by
// the engine or the services: per-team home/away, breaks, road trips, weekend home games and travel (the Traveling
// Tournament's: home → each consecutive away game's host → home), and games falling inside a team's blackout.

export interface JourneyGame {
  id: string;
  date: string;
  home: { id: string };
  away: { id: string };
}

export interface Coordinates {
  latitude: number;
  longitude: number;
}

export interface Figures {
  home: number;
  away: number;
  breaks: number;
  longestRoadTrip: number;
  weekendHomeGames: number;
  travelMiles: number;
}

/** Haversine, statute miles (mean Earth radius 3958.7613 mi). */
export function miles(a: Coordinates, b: Coordinates): number {
  const r = Math.PI / 180;
  const h =
    Math.sin(((b.latitude - a.latitude) * r) / 2) ** 2 +
    Math.cos(a.latitude * r) * Math.cos(b.latitude * r) * Math.sin(((b.longitude - a.longitude) * r) / 2) ** 2;
  return 2 * 3958.7613 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function figuresOf(teamId: string, games: readonly JourneyGame[], campus: Map<string, Coordinates>): Figures {
  const own = games
    .filter((g) => g.home.id === teamId || g.away.id === teamId)
    .sort((a, b) => a.date.localeCompare(b.date) || Number(a.id) - Number(b.id));
  const f: Figures = { home: 0, away: 0, breaks: 0, longestRoadTrip: 0, weekendHomeGames: 0, travelMiles: 0 };
  let where = campus.get(teamId) as Coordinates;
  let road = 0;
  let last: boolean | null = null;
  for (const g of own) {
    const atHome = g.home.id === teamId;
    if (last === atHome) f.breaks++;
    last = atHome;
    const site = campus.get(g.home.id) as Coordinates;
    f.travelMiles += miles(where, site);
    where = site;
    if (atHome) {
      f.home++;
      road = 0;
      const day = new Date(`${g.date}T00:00:00Z`).getUTCDay();
      if (day === 0 || day === 6) f.weekendHomeGames++;
    } else {
      f.away++;
      road++;
      f.longestRoadTrip = Math.max(f.longestRoadTrip, road);
    }
  }
  f.travelMiles += miles(where, campus.get(teamId) as Coordinates);
  return f;
}

/** Whether a game's date lies in [startDate, endDate] of any of the periods. */
export const inside = (date: string, periods: ReadonlyArray<{ startDate: string; endDate: string }>) =>
  periods.some((p) => p.startDate <= date && date <= p.endDate);
