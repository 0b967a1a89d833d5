// v2 team-availability profiles: a team's scheduling profile per season (list, create).
import type { ProfileFieldsFragment } from '../generated/v2-operations.ts';
import { envelope, gqlId, intId, refId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { body, id, int, list, nullable, obj, pageQuery, str } from '../schemas.ts';
import { filters, pageVars, TA } from './team-lists.ts';

export const profileSchema = obj(
  {
    profile_id: int('Profile id'),
    team_id: int('Team id'),
    team_name: str('Team name'),
    season_id: int('Season id'),
    sport_id: int('Sport id'),
    conference_id: nullable(int('Conference id')),
    preferred_game_times: { type: 'object', description: 'Preferred days/times (JSON)', additionalProperties: true },
    max_games_per_week: int('At most this many games a week'),
    min_rest_days: int('Minimum days between games'),
    max_consecutive_home: int('Longest home stand'),
    max_consecutive_away: int('Longest road trip'),
    home_game_target: nullable(int('Target number of home games')),
    notes: nullable(str('Notes')),
    is_active: { type: 'boolean' },
    created_at: str('Created (ISO 8601)', { format: 'date-time' }),
    updated_at: str('Updated (ISO 8601)', { format: 'date-time' }),
  },
  ['profile_id', 'team_id', 'season_id', 'sport_id', 'max_games_per_week', 'min_rest_days', 'is_active'],
);

export function mapProfile(p: ProfileFieldsFragment) {
  return {
    profile_id: intId(p.id),
    team_id: refId(p.team),
    team_name: p.team.name,
    season_id: refId(p.season),
    sport_id: refId(p.sport),
    conference_id: refId(p.conference),
    preferred_game_times: p.preferredGameTimes ?? {},
    max_games_per_week: p.maxGamesPerWeek,
    min_rest_days: p.minRestDays,
    max_consecutive_home: p.maxConsecutiveHome,
    max_consecutive_away: p.maxConsecutiveAway,
    home_game_target: p.homeGameTarget ?? null,
    notes: p.notes ?? null,
    is_active: p.isActive,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

export const profileRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${TA}/profiles`,
    operations: ['v2/ListProfiles'],
    tags: ['team-availability'],
    summary: 'Team scheduling profiles',
    querystring: obj({ ...pageQuery, team_id: id('Only this team'), ...filters }),
    responses: { 200: list(profileSchema) },
    async handler(ctx) {
      const data = await ctx.run('v2/ListProfiles', {
        ...pageVars(ctx),
        teamId: gqlId(ctx.query.team_id),
      });
      return { body: envelope(data.teamProfiles, mapProfile) };
    },
  },
  {
    method: 'POST',
    url: `${TA}/profiles`,
    operations: ['v2/CreateProfile'],
    tags: ['team-availability'],
    summary: 'Create a team scheduling profile for a season',
    write: true,
    body: body(
      {
        team_id: id('Team'),
        season_id: id('Season'),
        preferred_game_times: { type: 'object', additionalProperties: true, description: 'Preferred days/times' },
        max_games_per_week: int('At most this many games a week', { minimum: 1, maximum: 14 }),
        min_rest_days: int('Minimum days between games', { minimum: 0, maximum: 30 }),
        max_consecutive_home: int('Longest home stand', { minimum: 1, maximum: 30 }),
        max_consecutive_away: int('Longest road trip', { minimum: 1, maximum: 30 }),
        home_game_target: int('Target number of home games', { minimum: 0, maximum: 200 }),
        notes: str('Notes', { maxLength: 2000 }),
      },
      ['team_id', 'season_id'],
    ),
    responses: { 201: profileSchema },
    async handler(ctx) {
      const b = ctx.body;
      const data = await ctx.run('v2/CreateProfile', {
        input: {
          teamId: String(b.team_id),
          seasonId: String(b.season_id),
          preferredGameTimes: b.preferred_game_times,
          maxGamesPerWeek: b.max_games_per_week,
          minRestDays: b.min_rest_days,
          maxConsecutiveHome: b.max_consecutive_home,
          maxConsecutiveAway: b.max_consecutive_away,
          homeGameTarget: b.home_game_target,
          notes: b.notes,
        },
      });
      return { status: 201, body: mapProfile(data.createTeamProfile) };
    },
  },
];
