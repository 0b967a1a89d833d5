// v2: per-service REST routes. Lists answer `{ data, pagination: { page, limit (≤ 100), total, total_pages } }`.
import { assertTenant } from '../auth.ts';
import { notFound } from '../errors.ts';
import {
  assertMaxDays,
  assertRange,
  type ConnectionLike,
  envelope,
  gqlId,
  intId,
  type Obj,
  refId,
} from '../mappers.ts';
import type { RouteContext, RouteSpec } from '../route.ts';
import { arr, body, date, id, int, list, nullable, obj, pageQuery, str } from '../schemas.ts';
import { mapVenueCoordinates, mapVenueSite, venueCoordinateProperties, venueSiteProperties } from '../venues.ts';
import { constraintRoutes } from './constraint-validation.ts';
import { exportRoutes } from './exports.ts';
import { fairnessRoutes } from './fairness.ts';
import { scheduleGenerationRoutes } from './schedule-generation.ts';

const TA = '/api/v2/team-availability';
const VM = '/api/v2/venue-management';

const SEVERITIES = ['hard', 'soft', 'preference'];

/** Filters every list shares; `conference_id` other than the caller's own → 403. */
const filters = {
  sport_id: id('Only this sport'),
  season_id: id('Only this season'),
  conference_id: id('Only this conference (must be the credential’s own)'),
};

function pageVars(ctx: RouteContext) {
  assertTenant(ctx.principal, ctx.query.conference_id as number | undefined);
  return {
    page: ctx.query.page,
    limit: ctx.query.limit,
    sportId: gqlId(ctx.query.sport_id),
    seasonId: gqlId(ctx.query.season_id),
    conferenceId: gqlId(ctx.query.conference_id),
  };
}

// ---------- team-availability ----------

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

export function mapProfile(p: Obj) {
  return {
    profile_id: intId(p.id),
    team_id: refId(p.team),
    team_name: (p.team as Obj | null)?.name ?? null,
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

export function mapBlackout(b: Obj) {
  return {
    blackout_id: intId(b.id),
    team_id: refId(b.team),
    team_name: (b.team as Obj | null)?.name ?? null,
    season_id: refId(b.season),
    start_date: b.startDate,
    end_date: b.endDate,
    blackout_type: b.blackoutType,
    severity: String(b.severity ?? '').toLowerCase(),
    reason: b.reason ?? null,
    is_active: b.isActive,
    created_at: b.createdAt,
  };
}

const teamAvailabilityRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${TA}/profiles`,
    operations: ['v2/ListProfiles'],
    tags: ['team-availability'],
    summary: 'Team scheduling profiles',
    querystring: obj({ ...pageQuery, team_id: id('Only this team'), ...filters }),
    responses: { 200: list(profileSchema) },
    async handler(ctx) {
      const data = await ctx.run<{ teamProfiles: ConnectionLike<Obj> }>('v2/ListProfiles', {
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
      const data = await ctx.run<{ createTeamProfile: Obj }>('v2/CreateProfile', {
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
      const data = await ctx.run<{ blackouts: ConnectionLike<Obj> }>('v2/ListBlackouts', {
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
      const data = await ctx.run<{ createBlackout: Obj }>('v2/CreateBlackout', {
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

// ---------- venue-management ----------

export const venueSchema = obj(
  {
    venue_id: int('Venue id'),
    ...venueSiteProperties,
    timezone: nullable(str('IANA time zone')),
    ...venueCoordinateProperties,
    institution_id: nullable(int('Institution id')),
    conference_id: nullable(int('Conference id')),
    is_active: { type: 'boolean' },
  },
  ['venue_id', 'name', 'venue_type', 'is_active'],
);

export function mapVenue(v: Obj) {
  return {
    venue_id: intId(v.id),
    ...mapVenueSite(v),
    timezone: v.timezone ?? null,
    ...mapVenueCoordinates(v),
    institution_id: refId(v.institution),
    conference_id: refId(v.conference),
    is_active: v.isActive,
  };
}

const dayAvailability = obj(
  {
    date: date('Day'),
    available: { type: 'boolean' },
    reasons: arr(str('Why not (closed that weekday, unavailability period, booking conflict)')),
  },
  ['date', 'available', 'reasons'],
);

const availabilitySchema = obj(
  {
    venue_id: int('Venue id'),
    venue_name: str('Venue name'),
    start_date: date('First day checked'),
    end_date: date('Last day checked'),
    available: { type: 'boolean', description: 'Every day of the range is free' },
    available_dates: arr(date('A free day')),
    unavailable: arr(obj({ date: date('Day'), reasons: arr(str('Why not')) }, ['date', 'reasons'])),
    days: arr(dayAvailability),
  },
  ['venue_id', 'start_date', 'end_date', 'available', 'available_dates', 'unavailable', 'days'],
);

const MAX_AVAILABILITY_DAYS = 366;

async function availability(ctx: RouteContext, from: string, to: string, fromField: string, toField: string) {
  assertRange(from, to, fromField, toField);
  assertMaxDays(from, to, MAX_AVAILABILITY_DAYS, toField);
  const data = await ctx.run<{ venue: Obj | null }>('v2/VenueAvailability', { id: String(ctx.params.id), from, to });
  if (!data.venue) throw notFound('Venue', ctx.params.id as number);
  const days = ((data.venue.availability as Obj[]) ?? []).map((d) => ({
    date: d.date as string,
    available: Boolean(d.available),
    reasons: (d.reasons as string[]) ?? [],
  }));
  return {
    venue_id: intId(data.venue.id),
    venue_name: data.venue.name,
    start_date: from,
    end_date: to,
    available: days.every((d) => d.available),
    available_dates: days.filter((d) => d.available).map((d) => d.date),
    unavailable: days.filter((d) => !d.available).map((d) => ({ date: d.date, reasons: d.reasons })),
    days,
  };
}

const conflictSchema = obj(
  {
    conflict_id: int('Conflict id'),
    venue_id: int('Venue id'),
    conflict_date: date('Day'),
    start_time: nullable(str('HH:MM[:SS]')),
    end_time: nullable(str('HH:MM[:SS]')),
    conflict_type: str('double_booking, maintenance, …'),
    description: nullable(str('What clashes')),
    related_game_id: nullable(int('Game id in schedule-generation')),
    resolution_status: str('open | resolved | ignored'),
    created_at: str('Created (ISO 8601)', { format: 'date-time' }),
    resolved_at: nullable(str('Resolved (ISO 8601)', { format: 'date-time' })),
  },
  ['conflict_id', 'venue_id', 'conflict_date', 'conflict_type', 'resolution_status'],
);

const venueIdParams = obj({ id: id('Venue id') }, ['id']);

const venueRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${VM}/venues`,
    operations: ['v2/ListVenues'],
    tags: ['venue-management'],
    summary: 'Venues',
    querystring: obj({
      ...pageQuery,
      sport_id: filters.sport_id,
      conference_id: filters.conference_id,
      institution_id: id('Only this institution'),
      venue_type: str('Only this type (arena, stadium, …)', { maxLength: 40 }),
    }),
    responses: { 200: list(venueSchema) },
    async handler(ctx) {
      const q = ctx.query;
      assertTenant(ctx.principal, q.conference_id as number | undefined);
      const data = await ctx.run<{ venues: ConnectionLike<Obj> }>('v2/ListVenues', {
        page: q.page,
        limit: q.limit,
        sportId: gqlId(q.sport_id),
        conferenceId: gqlId(q.conference_id),
        institutionId: gqlId(q.institution_id),
        type: q.venue_type,
      });
      return { body: envelope(data.venues, mapVenue) };
    },
  },
  {
    method: 'GET',
    url: `${VM}/venues/:id/availability`,
    operations: ['v2/VenueAvailability'],
    tags: ['venue-management'],
    summary: 'Day-by-day availability of a venue over [from, to] (≤ 366 days)',
    params: venueIdParams,
    querystring: obj({ from: date('First day'), to: date('Last day') }, ['from', 'to']),
    responses: { 200: availabilitySchema },
    async handler(ctx) {
      return { body: await availability(ctx, ctx.query.from as string, ctx.query.to as string, 'from', 'to') };
    },
  },
  {
    method: 'POST',
    url: `${VM}/venues/:id/availability`,
    operations: ['v2/VenueAvailability'],
    tags: ['venue-management'],
    summary: 'Check a date range: which days are free, and why the others are not',
    params: venueIdParams,
    body: body({ start_date: date('First day'), end_date: date('Last day (≤ 366 days)') }, ['start_date', 'end_date']),
    responses: { 200: availabilitySchema },
    async handler(ctx) {
      const b = ctx.body;
      return { body: await availability(ctx, b.start_date as string, b.end_date as string, 'start_date', 'end_date') };
    },
  },
  {
    method: 'GET',
    url: `${VM}/venues/:id/conflicts`,
    operations: ['v2/VenueConflicts'],
    tags: ['venue-management'],
    summary: 'Booking conflicts of a venue',
    params: venueIdParams,
    querystring: obj({
      ...pageQuery,
      status: str('open | resolved | ignored', { enum: ['open', 'resolved', 'ignored'] }),
      from: date('Only conflicts on or after this day'),
      to: date('Only conflicts on or before this day'),
    }),
    responses: { 200: list(conflictSchema) },
    async handler(ctx) {
      const q = ctx.query;
      assertRange(q.from, q.to, 'from', 'to');
      const data = await ctx.run<{ venue: Obj | null; venueConflicts: ConnectionLike<Obj> }>('v2/VenueConflicts', {
        id: String(ctx.params.id),
        page: q.page,
        limit: q.limit,
        status: q.status,
        from: q.from,
        to: q.to,
      });
      if (!data.venue) throw notFound('Venue', ctx.params.id as number);
      const venueId = intId(data.venue.id);
      return {
        body: envelope(data.venueConflicts, (c) => ({
          conflict_id: intId(c.id),
          venue_id: venueId,
          conflict_date: c.date,
          start_time: c.startTime ?? null,
          end_time: c.endTime ?? null,
          conflict_type: c.conflictType,
          description: c.description ?? null,
          related_game_id: intId(c.relatedGameId),
          resolution_status: c.resolutionStatus,
          created_at: c.createdAt,
          resolved_at: c.resolvedAt ?? null,
        })),
      };
    },
  },
];

export const v2Routes: RouteSpec[] = [
  ...teamAvailabilityRoutes,
  ...venueRoutes,
  ...constraintRoutes,
  ...scheduleGenerationRoutes,
  ...fairnessRoutes,
  ...exportRoutes,
];
