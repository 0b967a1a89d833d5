// v2 exports of a schedule: a team's games as an iCalendar feed, every game of a version as CSV. Both run the
// ScheduleExport operation (so tenancy and roles are the GraphQL API's), then format its answer (../calendar.ts).
import { type ExportSchedule, scheduleCsv, teamCalendar } from '../calendar.ts';
import { notFound } from '../errors.ts';
import { gqlId } from '../mappers.ts';
import type { RouteContext, RouteSpec } from '../route.ts';
import { id, obj } from '../schemas.ts';

const SG = '/api/v2/schedule-generation';

/** A non-JSON success body for the OpenAPI document. */
const textBody = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: { type: 'string' } } },
});

async function loadSchedule(ctx: RouteContext, versionId?: unknown): Promise<ExportSchedule> {
  const data = await ctx.run('v2/ScheduleExport', {
    id: String(ctx.params.id),
    versionId: gqlId(versionId),
  });
  if (!data.schedule) throw notFound('Schedule', ctx.params.id);
  return data.schedule;
}

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^A-Za-z0-9._-]+/g, '-')}"`;
}

export const exportRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${SG}/schedules/:id/teams/:teamId/calendar.ics`,
    operations: ['v2/ScheduleExport'],
    tags: ['schedule-generation'],
    summary: "One team's games of a schedule as an iCalendar (RFC 5545) feed",
    description:
      "The current version's games where the team plays home or away. UIDs are stable across versions and exports (schedule, home, away, meeting), so a subscribed calendar updates events instead of duplicating them; LOCATION is the venue; times are the venue's local time with its VTIMEZONE (floating when the venue has no zone, all-day when the game has no time); each game lasts 2 hours. 404 when the team plays no game in the schedule.",
    params: obj({ id: id('Schedule id'), teamId: id('Team id') }, ['id', 'teamId']),
    responses: { 200: textBody('text/calendar', 'The iCalendar feed') },
    async handler(ctx) {
      const schedule = await loadSchedule(ctx);
      const teamId = String(ctx.params.teamId);
      const games = schedule.games.filter((g) => g.home.id === teamId || g.away.id === teamId);
      if (!games.length) throw notFound('Team in this schedule', ctx.params.teamId);
      const team = games[0].home.id === teamId ? games[0].home : games[0].away;
      return {
        headers: {
          'content-type': 'text/calendar; charset=utf-8',
          'content-disposition': attachment(`${schedule.name}-${team.name}.ics`),
        },
        body: teamCalendar(schedule, team, games),
      };
    },
  },
  {
    method: 'GET',
    url: `${SG}/schedules/:id/games.csv`,
    operations: ['v2/ScheduleExport'],
    tags: ['schedule-generation'],
    summary: 'Every game of a schedule version as CSV (one row per game)',
    description:
      'Columns: game_id, version_id, date, start_time, time_zone (the venue’s), home_team_id, home_team, away_team_id, away_team, venue_id, venue, location, neutral_site, game_type, status, broadcast. The current version unless version_id is given.',
    params: obj({ id: id('Schedule id') }, ['id']),
    querystring: obj({ version_id: id('Schedule version (default: the current one)') }),
    responses: { 200: textBody('text/csv', 'The games, header row first') },
    async handler(ctx) {
      const schedule = await loadSchedule(ctx, ctx.query.version_id);
      return {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': attachment(`${schedule.name}.csv`),
        },
        body: scheduleCsv(schedule.games),
      };
    },
  },
];
