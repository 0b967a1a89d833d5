// v2 routes of the figures schedulers compare: a schedule's per-team fairness, one team's travel in a schedule.
import { notFound } from '../errors.ts';
import { intId, refId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { arr, id, int, nullable, num, obj, str } from '../schemas.ts';

const SG = '/api/v2/schedule-generation';

const teamFairnessSchema = obj(
  {
    team_id: int('Team id'),
    team_name: str('Team name'),
    games: int('Games'),
    home: int('Home games'),
    away: int('Away games'),
    breaks: int('Consecutive games both at home or both away'),
    longest_road_trip: int('Most consecutive away games'),
    min_rest_days: nullable(int('Fewest days off between two games')),
    average_rest_days: nullable(num('Average days off between two games')),
    weekend_home_games: int('Home games on Saturday or Sunday'),
    travel_miles: nullable(num('Miles: home → each road trip’s hosts in order → home (haversine)')),
  },
  ['team_id', 'games', 'home', 'away', 'breaks', 'longest_road_trip', 'weekend_home_games', 'travel_miles'],
);

const tripSchema = obj(
  {
    from: str('First game of the trip', { format: 'date' }),
    to: str('Last game of the trip', { format: 'date' }),
    miles: nullable(num('Home → hosts → home')),
    host_team_ids: arr(int('Host team')),
    game_ids: arr(int('Game')),
  },
  ['from', 'to', 'miles', 'host_team_ids', 'game_ids'],
);

export const fairnessRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${SG}/schedules/:id/fairness`,
    operations: ['v2/ScheduleFairness'],
    tags: ['schedule-generation'],
    summary: 'Per-team figures of a schedule: home/away, breaks, road trips, rest, weekend home games, travel',
    params: obj({ id: id('Schedule id') }, ['id']),
    querystring: obj({ version_id: id('A version of the schedule (default: the current one)') }),
    responses: {
      200: obj(
        {
          schedule_id: int('Schedule id'),
          total_travel_miles: nullable(num('Every team’s travel')),
          max_home_away_imbalance: int('max |home − away|'),
          teams: arr(teamFairnessSchema),
        },
        ['schedule_id', 'total_travel_miles', 'max_home_away_imbalance', 'teams'],
      ),
    },
    async handler(ctx) {
      const data = await ctx.run('v2/ScheduleFairness', {
        id: String(ctx.params.id),
        versionId: ctx.query.version_id === undefined ? undefined : String(ctx.query.version_id),
      });
      if (!data.schedule) throw notFound('Schedule', ctx.params.id);
      const f = data.schedule.fairness;
      return {
        body: {
          schedule_id: intId(data.schedule.id),
          total_travel_miles: f.totalTravelMiles ?? null,
          max_home_away_imbalance: f.maxHomeAwayImbalance,
          teams: f.teams.map((t) => ({
            team_id: refId(t.team),
            team_name: t.team.name,
            games: t.games,
            home: t.home,
            away: t.away,
            breaks: t.breaks,
            longest_road_trip: t.longestRoadTrip,
            min_rest_days: t.minRestDays ?? null,
            average_rest_days: t.averageRestDays ?? null,
            weekend_home_games: t.weekendHomeGames,
            travel_miles: t.travelMiles ?? null,
          })),
        },
      };
    },
  },
  {
    method: 'GET',
    url: `${SG}/schedules/:id/teams/:teamId/travel`,
    operations: ['v2/TeamTravel'],
    tags: ['schedule-generation'],
    summary:
      'One team’s travel in a schedule: its road trips, chained as the Traveling Tournament Problem defines them',
    params: obj({ id: id('Schedule id'), teamId: id('Team id') }, ['id', 'teamId']),
    responses: {
      200: obj(
        {
          schedule_id: int('Schedule id'),
          team_id: int('Team id'),
          miles: nullable(num('Total miles')),
          trips: arr(tripSchema),
        },
        ['schedule_id', 'team_id', 'miles', 'trips'],
      ),
    },
    async handler(ctx) {
      const data = await ctx.run('v2/TeamTravel', {
        teamId: String(ctx.params.teamId),
        scheduleId: String(ctx.params.id),
      });
      if (!data.team) throw notFound('Team', ctx.params.teamId);
      const { travel } = data.team;
      if (!travel) throw notFound('Schedule', ctx.params.id);
      return {
        body: {
          schedule_id: Number(ctx.params.id),
          team_id: intId(data.team.id),
          miles: travel.miles ?? null,
          trips: travel.trips.map((t) => ({
            from: t.from,
            to: t.to,
            miles: t.miles ?? null,
            host_team_ids: t.hosts.map((h) => intId(h.id)),
            game_ids: t.games.map((g) => intId(g.id)),
          })),
        },
      };
    },
  },
];
