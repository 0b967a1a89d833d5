// v2 team-availability: scheduling profiles and blackout dates of teams, each with its shape beside its mapper.
import { assertTenant } from '../auth.ts';
import type { BlackoutFieldsFragment, ProfileFieldsFragment } from '../generated/v2-operations.ts';
import { assertRange, envelope, gqlId, intId, refId } from '../mappers.ts';
import type { RouteContext, RouteSpec } from '../route.ts';
import { body, date, id, int, list, nullable, obj, pageQuery, str } from '../schemas.ts';

const TA = '/api/v2/team-availability';

const SEVERITIES = ['hard', 'soft', 'preference'];

/** Filters every list shares; `conference_id` other than the caller's own → 403. */
const filters = {
  sport_id: id('Only this sport'),
  season_id: id('Only this season'),
  conference_id: id('Only this conference (must be the credential’s own)'),
};

function pageVars(ctx: RouteContext) {
  assertTenant(ctx.principal, ctx.query.conference_id);
  return {
    page: ctx.query.page,
    limit: ctx.query.limit,
    sportId: gqlId(ctx.query.sport_id),
    seasonId: gqlId(ctx.query.season_id),
    conferenceId: gqlId(ctx.query.conference_id),
  };
}

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

export const blackoutSchema = obj(
  {
    blackout_id: int('Blackout id'),
    team_id: int('Team id'),
    team_name: str('Team name'),
    season_id: nullable(int('Season id')),
    start_date: date('First day'),
    end_date: date('Last day'),
    blackout_type: str('final_exams, graduation, holiday, facility, religious, other'),
    severity: str('hard | soft | preference', { enum: SEVERITIES }),
    reason: nullable(str('Why')),
    is_active: { type: 'boolean' },
    created_at: str('Created (ISO 8601)', { format: 'date-time' }),
  },
  ['blackout_id', 'team_id', 'start_date', 'end_date', 'blackout_type', 'severity', 'is_active'],
);

export function mapBlackout(b: BlackoutFieldsFragment) {
  return {
    blackout_id: intId(b.id),
    team_id: refId(b.team),
    team_name: b.team.name,
    season_id: refId(b.season),
    start_date: b.startDate,
    end_date: b.endDate,
    blackout_type: b.blackoutType,
    severity: b.severity.toLowerCase(),
    reason: b.reason ?? null,
    is_active: b.isActive,
    created_at: b.createdAt,
  };
}

export const teamAvailabilityRoutes: RouteSpec[] = [
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
  {
    method: 'GET',
    url: `${TA}/blackouts`,
    operations: ['v2/ListBlackouts'],
    tags: ['team-availability'],
    summary: 'Active team blackout dates',
    querystring: obj({
      ...pageQuery,
      team_id: id('Only this team'),
      ...filters,
      from: date('Only blackouts overlapping [from, to]'),
      to: date('Only blackouts overlapping [from, to]'),
      severity: str('Only this severity', { enum: SEVERITIES }),
    }),
    responses: { 200: list(blackoutSchema) },
    async handler(ctx) {
      const q = ctx.query;
      assertRange(q.from, q.to, 'from', 'to');
      const data = await ctx.run('v2/ListBlackouts', {
        ...pageVars(ctx),
        teamId: gqlId(q.team_id),
        from: q.from,
        to: q.to,
        severity: typeof q.severity === 'string' ? q.severity.toUpperCase() : undefined,
      });
      return { body: envelope(data.blackouts, mapBlackout) };
    },
  },
  {
    method: 'POST',
    url: `${TA}/blackouts`,
    operations: ['v2/CreateBlackout'],
    tags: ['team-availability'],
    summary: 'Add a blackout period for a team',
    write: true,
    body: body(
      {
        team_id: id('Team'),
        season_id: id('Season'),
        start_date: date('First day'),
        end_date: date('Last day (≥ start_date)'),
        blackout_type: str('final_exams, graduation, holiday, facility, religious, other', {
          minLength: 1,
          maxLength: 30,
        }),
        severity: str('hard (default) | soft | preference', { enum: SEVERITIES }),
        reason: str('Why', { maxLength: 2000 }),
      },
      ['team_id', 'start_date', 'end_date'],
    ),
    responses: { 201: blackoutSchema },
    async handler(ctx) {
      const b = ctx.body;
      assertRange(b.start_date, b.end_date, 'start_date', 'end_date');
      const data = await ctx.run('v2/CreateBlackout', {
        input: {
          teamId: String(b.team_id),
          seasonId: gqlId(b.season_id),
          startDate: b.start_date,
          endDate: b.end_date,
          blackoutType: b.blackout_type,
          severity: typeof b.severity === 'string' ? b.severity.toUpperCase() : undefined,
          reason: b.reason,
        },
      });
      return { status: 201, body: mapBlackout(data.createBlackout) };
    },
  },
];
