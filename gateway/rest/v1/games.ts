// GET /api/v1/schedules/{id}/games: the monolith's games rows of a schedule, with team and venue names, in legacy order.
import { notFound } from '../errors.ts';
import type { ScheduleGamesQuery } from '../generated/v1-operations.ts';
import { intId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { arr, date, int, nullable, obj, str } from '../schemas.ts';
import { scheduleIdParams, V1 } from './legacy.ts';

type Game = NonNullable<ScheduleGamesQuery['schedule']>['games'][number];

export const gameSchema = obj(
  {
    id: int('Game id'),
    schedule_id: int('Schedule id'),
    home_team_id: int('Home team id'),
    away_team_id: int('Away team id'),
    venue_id: nullable(int('Venue id')),
    game_date: date('Day'),
    start_time: nullable(str('HH:MM:SS')),
    round: nullable(int('Round')),
    game_type: str('conference, non_conference, tournament, exhibition'),
    status: str('scheduled, tentative, confirmed, postponed, cancelled, completed'),
    neutral_site: { type: 'boolean' },
    tv_network: nullable(str('Broadcast network')),
    notes: nullable(str('Notes')),
    home_team_name: str('Home team name (team-availability)'),
    away_team_name: str('Away team name (team-availability)'),
    venue_name: nullable(str('Venue name (venue-management)')),
  },
  ['id', 'schedule_id', 'home_team_id', 'away_team_id', 'game_date', 'game_type', 'status', 'neutral_site'],
);

export function mapGame(g: Game, scheduleId: number | null) {
  return {
    id: intId(g.id),
    schedule_id: scheduleId,
    home_team_id: intId(g.home.id),
    away_team_id: intId(g.away.id),
    venue_id: g.venue ? intId(g.venue.id) : null,
    game_date: g.date,
    start_time: g.startTime ?? null,
    round: g.slot ?? null,
    game_type: g.gameType,
    status: g.status,
    neutral_site: g.isNeutralSite,
    tv_network: g.broadcastNetwork ?? null,
    notes: g.notes ?? null,
    home_team_name: g.home.name,
    away_team_name: g.away.name,
    venue_name: g.venue ? g.venue.name : null,
  };
}

type LegacyGame = ReturnType<typeof mapGame>;

/** Legacy game order: day, then start time (unscheduled times last), then id. */
function gameOrder(a: LegacyGame, b: LegacyGame): number {
  const day = a.game_date.localeCompare(b.game_date);
  if (day) return day;
  const ta = a.start_time ?? '~';
  const tb = b.start_time ?? '~';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.id ?? 0) - (b.id ?? 0);
}

export const gameRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${V1}/schedules/:id/games`,
    operations: ['v1/ScheduleGames'],
    tags: ['v1'],
    summary: 'Games of a schedule with team and venue names (legacy)',
    params: scheduleIdParams,
    responses: { 200: obj({ games: arr(gameSchema), total: int('Games') }, ['games', 'total']) },
    async handler(ctx) {
      const data = await ctx.run('v1/ScheduleGames', { id: String(ctx.params.id) });
      if (!data.schedule) throw notFound('Schedule', ctx.params.id);
      const sid = intId(data.schedule.id);
      const games = data.schedule.games.map((g) => mapGame(g, sid)).sort(gameOrder);
      return { body: { games, total: games.length } };
    },
  },
];
