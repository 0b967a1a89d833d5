// v1: the legacy monolith's REST contract, unchanged for its callers, now answered by the supergraph.
// Field names are snake_case as the monolith returned them; statuses and error shapes are the legacy ones.
import { assertTenant } from '../auth.ts';
import { badRequest, notFound, unprocessable } from '../errors.ts';
import { allPages, assertRange, type ConnectionLike, gqlId, intId, type Obj, refId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { arr, body, date, id, int, nullable, num, obj, str } from '../schemas.ts';
import { mapVenueCoordinates, mapVenueSite, venueCoordinateProperties, venueSiteProperties } from '../venues.ts';

const V1 = '/api/v1';
const STATUSES = ['draft', 'generating', 'review', 'published', 'archived'];

// ---------- shapes: the monolith's own columns (public.schedules, games, teams, venues, constraints), plus
// what the legacy API joined in (names, year, game/team/venue aggregates) ----------

const namedRef = (what: string) => obj({ id: int(`${what} id`), name: str(`${what} name`) }, ['id', 'name']);
const timestamp = (what: string) => str(`${what} (ISO 8601)`, { format: 'date-time' });

export const scheduleSchema = obj(
  {
    id: int('Schedule id'),
    name: str('Name'),
    sport_id: int('Sport id'),
    season_id: int('Season id'),
    conference_id: nullable(int('Conference id')),
    status: str('draft, generating, review, published, archived', { enum: STATUSES }),
    start_date: nullable(date('First day')),
    end_date: nullable(date('Last day')),
    description: nullable(str('Description')),
    created_by: nullable(str('Author')),
    created_at: timestamp('Created'),
    updated_at: timestamp('Updated'),
    year: int('Season start year (what POST takes as `year`)'),
    sport_name: str('Sport name'),
    game_count: int('Games in the schedule'),
    teams: arr(namedRef('Team'), 'Teams playing in the schedule, by id (team-availability)'),
    venues: arr(namedRef('Venue'), 'Venues used by the schedule, by id (venue-management)'),
    evaluation: nullable(
      obj(
        {
          status: str('passed, failed, warning, pending'),
          total_violations: int('Violations'),
          hard_violations: int('Hard violations'),
          soft_violations: int('Soft violations'),
        },
        ['status', 'total_violations', 'hard_violations', 'soft_violations'],
      ),
    ),
  },
  [
    'id',
    'name',
    'sport_id',
    'season_id',
    'status',
    'created_at',
    'updated_at',
    'game_count',
    'teams',
    'venues',
    'evaluation',
  ],
);

function distinctRefs(items: Array<Obj | null | undefined>) {
  const byId = new Map<number, unknown>();
  for (const item of items) {
    const i = item ? intId(item.id) : null;
    if (item && i !== null && !byId.has(i)) byId.set(i, item.name);
  }
  return [...byId.entries()].sort((a, b) => a[0] - b[0]).map(([id, name]) => ({ id, name }));
}

export function mapSchedule(s: Obj) {
  const games = (s.games as Obj[] | null) ?? [];
  const season = (s.season as Obj | null) ?? {};
  const evaluation = s.evaluation as Obj | null | undefined;
  return {
    id: intId(s.id),
    name: s.name,
    sport_id: refId(s.sport),
    season_id: intId(season.id),
    conference_id: refId(s.conference),
    status: String(s.status ?? '').toLowerCase(),
    start_date: s.startDate ?? null,
    end_date: s.endDate ?? null,
    description: s.description ?? null,
    created_by: s.createdBy ?? null,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    year: season.startYear ?? null,
    sport_name: (s.sport as Obj | null)?.name ?? null,
    game_count: s.gameCount ?? games.length,
    teams: distinctRefs(games.flatMap((g) => [g.home as Obj, g.away as Obj])),
    venues: distinctRefs(games.map((g) => g.venue as Obj | null)),
    evaluation: evaluation
      ? {
          status: evaluation.status,
          total_violations: evaluation.totalViolations,
          hard_violations: evaluation.hardViolations,
          soft_violations: evaluation.softViolations,
        }
      : null,
  };
}

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

export function mapGame(g: Obj, scheduleId: number | null) {
  const home = (g.home as Obj | null) ?? {};
  const away = (g.away as Obj | null) ?? {};
  const venue = g.venue as Obj | null;
  return {
    id: intId(g.id),
    schedule_id: scheduleId,
    home_team_id: intId(home.id),
    away_team_id: intId(away.id),
    venue_id: venue ? intId(venue.id) : null,
    game_date: g.date,
    start_time: g.startTime ?? null,
    round: g.slot ?? null,
    game_type: g.gameType,
    status: g.status,
    neutral_site: g.isNeutralSite,
    tv_network: g.broadcastNetwork ?? null,
    notes: g.notes ?? null,
    home_team_name: home.name ?? null,
    away_team_name: away.name ?? null,
    venue_name: venue ? (venue.name ?? null) : null,
  };
}

export const teamSchema = obj(
  {
    id: int('Team id'),
    institution_id: int('Institution id'),
    sport_id: int('Sport id'),
    conference_id: nullable(int('Conference id')),
    name: str('Name'),
    abbreviation: str('Abbreviation'),
    is_active: { type: 'boolean' },
    institution_name: str('Institution name'),
  },
  ['id', 'institution_id', 'sport_id', 'name', 'abbreviation', 'is_active'],
);

export function mapTeam(t: Obj) {
  const institution = (t.institution as Obj | null) ?? {};
  return {
    id: intId(t.id),
    institution_id: intId(institution.id),
    sport_id: refId(t.sport),
    conference_id: refId(t.conference),
    name: t.name,
    abbreviation: t.abbreviation,
    is_active: t.isActive,
    institution_name: institution.name ?? null,
  };
}

export const venueSchema = obj(
  {
    id: int('Venue id'),
    institution_id: nullable(int('Institution id')),
    ...venueSiteProperties,
    ...venueCoordinateProperties,
    amenities: { type: 'object', additionalProperties: true, description: 'Amenities (JSON)' },
    primary_sport_id: nullable(int('Main sport played there')),
    is_active: { type: 'boolean' },
  },
  ['id', 'name', 'venue_type', 'is_indoor', 'is_active'],
);

export function mapVenue(v: Obj) {
  const configs = (v.sportConfigurations as Obj[] | null) ?? [];
  const primary = configs.find((c) => c.isPrimary);
  return {
    id: intId(v.id),
    institution_id: refId(v.institution),
    ...mapVenueSite(v),
    ...mapVenueCoordinates(v),
    amenities: v.amenities ?? {},
    primary_sport_id: primary ? refId(primary.sport) : null,
    is_active: v.isActive,
  };
}

export const constraintSchema = obj(
  {
    id: int('Constraint id'),
    name: str('Name'),
    description: nullable(str('What it checks')),
    category: str('Scheduling, Venue, Travel, Competitive, Broadcast, Academic'),
    constraint_type: str('hard | soft', { enum: ['hard', 'soft'] }),
    weight: num('Penalty weight'),
    rule_type: str('Engine rule, e.g. max_consecutive_away'),
    logic: { type: 'object', additionalProperties: true, description: 'Rule parameters (JSON)' },
    parameters: { type: 'object', additionalProperties: true, description: 'JSON Schema of the parameters' },
    sport_id: nullable(int('Sport id (null: every sport)')),
    conference_id: nullable(int('Conference id (null: every conference)')),
    is_active: { type: 'boolean' },
    created_at: timestamp('Created'),
  },
  ['id', 'name', 'category', 'constraint_type', 'weight', 'rule_type', 'logic', 'parameters', 'is_active'],
);

const capitalise = (s: unknown) => (typeof s === 'string' && s ? s[0].toUpperCase() + s.slice(1) : s);

/**
 * A template back into the monolith's `constraints` row. Migration 004 turned the legacy `logic` (flat parameters,
 * type in `rule_type`) into `validation_logic = { type, params, scope?, source? }`: `rule_type` is `type`, and
 * `logic` is the parameters again, flat, with scope/source beside them as the monolith kept them.
 */
export function mapConstraint(c: Obj) {
  const {
    type,
    params: current,
    legacy_type,
    legacy,
    tip_off_windows,
    ...rest
  } = (c.validationLogic as Obj | null) ?? {};
  // migration 008 rewrote three legacy rule types to evaluator types and kept the monolith's form in `legacy`
  const old = legacy && typeof legacy === 'object' ? (legacy as Obj) : null;
  const ruleType = old ? legacy_type : type;
  const params = old ? old.params : current;
  const logic = params && typeof params === 'object' && !Array.isArray(params) ? { ...(params as Obj), ...rest } : rest;
  return {
    id: intId(c.id),
    name: c.name,
    description: (old ? old.description : c.description) ?? null,
    category: capitalise((c.category as Obj | null)?.name ?? null),
    constraint_type: String(c.type ?? '').toLowerCase(),
    weight: c.defaultWeight,
    rule_type: ruleType ?? null,
    logic,
    parameters: (old ? old.parameter_schema : c.parameterSchema) ?? {},
    sport_id: refId(c.sport),
    conference_id: refId(c.conference),
    is_active: c.isActive,
    created_at: c.createdAt,
  };
}

/** The monolith listed rows by id; the subgraphs order by name, so v1 restores the legacy order. */
function byId<T extends { id: number | null }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

/** Legacy game order: day, then start time (unscheduled times last), then id. */
function gameOrder(a: ReturnType<typeof mapGame>, b: ReturnType<typeof mapGame>): number {
  const day = String(a.game_date).localeCompare(String(b.game_date));
  if (day) return day;
  const ta = (a.start_time as string | null) ?? '~';
  const tb = (b.start_time as string | null) ?? '~';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.id ?? 0) - (b.id ?? 0);
}

const scheduleId = obj({ id: id('Schedule id') }, ['id']);

async function seasonForYear(ctx: Parameters<RouteSpec['handler']>[0], year: number): Promise<string> {
  const data = await ctx.run<{ seasons: Obj[] }>('v1/Seasons');
  const season = (data.seasons ?? []).find((s) => s.startYear === year);
  if (!season) throw unprocessable(`No season starts in ${year}`, { field: 'year', year });
  return String(season.id);
}

async function getSchedule(ctx: Parameters<RouteSpec['handler']>[0]): Promise<Obj> {
  const data = await ctx.run<{ schedule: Obj | null }>('v1/GetSchedule', { id: String(ctx.params.id) });
  if (!data.schedule) throw notFound('Schedule', ctx.params.id as number);
  return data.schedule;
}

const scheduleRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${V1}/schedules`,
    operations: ['v1/ListSchedules'],
    tags: ['v1'],
    summary: 'Schedules, newest first (legacy)',
    querystring: obj({
      sport_id: id('Only this sport'),
      season_id: id('Only this season'),
      status: str('Only this status', { enum: STATUSES }),
      page: int('Page, from 1', { minimum: 1, maximum: 1000000, default: 1 }),
      limit: int('Schedules per page (≤ 100)', { minimum: 1, maximum: 100, default: 20 }),
    }),
    responses: {
      200: obj(
        {
          schedules: arr(scheduleSchema),
          total: int('Schedules across all pages'),
          page: int('Page'),
          limit: int('Limit'),
        },
        ['schedules', 'total', 'page', 'limit'],
      ),
    },
    async handler(ctx) {
      const q = ctx.query;
      const data = await ctx.run<{ schedules: ConnectionLike<Obj> }>('v1/ListSchedules', {
        page: q.page,
        limit: q.limit,
        sportId: gqlId(q.sport_id),
        seasonId: gqlId(q.season_id),
        status: typeof q.status === 'string' ? q.status.toUpperCase() : undefined,
      });
      const conn = data.schedules;
      return {
        body: { schedules: conn.nodes.map(mapSchedule), total: conn.total, page: conn.page, limit: conn.limit },
      };
    },
  },
  {
    method: 'POST',
    url: `${V1}/schedules`,
    operations: ['v1/Seasons', 'v1/CreateSchedule'],
    tags: ['v1'],
    summary: 'Create a schedule (legacy)',
    write: true,
    body: body(
      {
        name: str('Name', { minLength: 1, maxLength: 200 }),
        sport_id: id('Sport'),
        year: int('Season start year, e.g. 2025 for 2025-26', { minimum: 1900, maximum: 2200 }),
        start_date: date('First day'),
        end_date: date('Last day (≥ start_date)'),
        status: str('Initial status (default draft)', { enum: STATUSES }),
        description: str('Description', { maxLength: 5000 }),
        conference_id: id('Conference (default: the credential’s own)'),
      },
      ['name', 'sport_id', 'year'],
    ),
    responses: { 201: scheduleSchema },
    async handler(ctx) {
      const b = ctx.body;
      if (typeof b.name === 'string' && !b.name.trim()) throw badRequest("'name' must not be blank", { field: 'name' });
      assertRange(b.start_date, b.end_date, 'start_date', 'end_date');
      assertTenant(ctx.principal, b.conference_id as number | undefined);
      const seasonId = await seasonForYear(ctx, b.year as number);
      const data = await ctx.run<{ createSchedule: Obj }>('v1/CreateSchedule', {
        input: {
          name: (b.name as string).trim(),
          sportId: String(b.sport_id),
          seasonId,
          conferenceId: gqlId(b.conference_id ?? ctx.principal.conferenceId),
          status: typeof b.status === 'string' ? b.status.toUpperCase() : undefined,
          startDate: b.start_date,
          endDate: b.end_date,
          description: b.description,
          createdBy: ctx.principal.subject,
        },
      });
      const schedule = mapSchedule(data.createSchedule);
      return { status: 201, headers: { location: `${V1}/schedules/${schedule.id}` }, body: schedule };
    },
  },
  {
    method: 'GET',
    url: `${V1}/schedules/:id`,
    operations: ['v1/GetSchedule'],
    tags: ['v1'],
    summary: 'One schedule (legacy)',
    params: scheduleId,
    responses: { 200: scheduleSchema },
    async handler(ctx) {
      return { body: mapSchedule(await getSchedule(ctx)) };
    },
  },
  {
    method: 'PUT',
    url: `${V1}/schedules/:id`,
    operations: ['v1/GetSchedule', 'v1/UpdateSchedule'],
    tags: ['v1'],
    summary: 'Update a schedule (legacy)',
    write: true,
    params: scheduleId,
    body: {
      ...body({
        name: str('Name', { minLength: 1, maxLength: 200 }),
        status: str('Status', { enum: STATUSES }),
        start_date: date('First day'),
        end_date: date('Last day (≥ start_date)'),
        description: str('Description', { maxLength: 5000 }),
      }),
      minProperties: 1,
    },
    responses: { 200: scheduleSchema },
    async handler(ctx) {
      const b = ctx.body;
      if (typeof b.name === 'string' && !b.name.trim()) throw badRequest("'name' must not be blank", { field: 'name' });
      const current = await getSchedule(ctx);
      assertRange(b.start_date ?? current.startDate, b.end_date ?? current.endDate, 'start_date', 'end_date');
      const data = await ctx.run<{ updateSchedule: Obj | null }>('v1/UpdateSchedule', {
        id: String(ctx.params.id),
        input: {
          name: typeof b.name === 'string' ? b.name.trim() : undefined,
          status: typeof b.status === 'string' ? b.status.toUpperCase() : undefined,
          startDate: b.start_date,
          endDate: b.end_date,
          description: b.description,
        },
      });
      if (!data.updateSchedule) throw notFound('Schedule', ctx.params.id as number);
      return { body: mapSchedule(data.updateSchedule) };
    },
  },
  {
    method: 'DELETE',
    url: `${V1}/schedules/:id`,
    operations: ['v1/DeleteSchedule'],
    tags: ['v1'],
    summary: 'Delete a schedule with its versions and games (legacy)',
    write: true,
    params: scheduleId,
    responses: { 204: null },
    async handler(ctx) {
      const data = await ctx.run<{ deleteSchedule: boolean }>('v1/DeleteSchedule', { id: String(ctx.params.id) });
      if (!data.deleteSchedule) throw notFound('Schedule', ctx.params.id as number);
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    url: `${V1}/schedules/:id/optimize`,
    operations: ['v1/GetSchedule', 'v1/OptimizeSchedule'],
    tags: ['v1'],
    summary: 'Start optimising a schedule (202 with a job id; legacy)',
    description:
      'Starts a generation that optimises this schedule (from its current games, locked games kept) and stores the ' +
      'result as a new version of the same schedule; an empty schedule is generated into. Answers at once; the job id ' +
      'is the generation id, whose progress GET /api/v2/schedule-generation/requests/{job_id} reports. ' +
      'estimated_completion is the start plus time_limit_seconds (default: the algorithm’s). 503 when the job queue is down.',
    write: true,
    params: scheduleId,
    body: body({
      algorithm_id: id('Algorithm (default: the default algorithm)'),
      parameters: { type: 'object', additionalProperties: true, description: 'Algorithm parameters' },
      objectives: { type: 'array', items: {}, description: 'Objectives, e.g. ["minimize_travel"]' },
      time_limit_seconds: int('Budget for the optimiser', { minimum: 1, maximum: 3600 }),
    }),
    responses: {
      202: obj(
        {
          job_id: int('Job (generation request) id'),
          schedule_id: int('Schedule id'),
          status: str('pending, queued, running, …'),
          estimated_completion: str('When the job should be done (ISO 8601)', { format: 'date-time' }),
        },
        ['job_id', 'schedule_id', 'status', 'estimated_completion'],
      ),
    },
    async handler(ctx) {
      const b = ctx.body;
      const schedule = await getSchedule(ctx);
      const data = await ctx.run<{ startGeneration: Obj }>('v1/OptimizeSchedule', {
        input: {
          name: `Optimize ${schedule.name}`.slice(0, 200),
          scheduleId: String(schedule.id),
          algorithmId: gqlId(b.algorithm_id),
          timeLimitSeconds: b.time_limit_seconds,
          parameters: { ...((b.parameters as Obj | undefined) ?? {}), mode: 'optimize' },
          objectives: b.objectives,
          requestedBy: ctx.principal.subject,
        },
      });
      const request = data.startGeneration;
      const jobId = intId(request.id);
      // an iteration budget has no time to promise: the job is then due when it starts
      const due = request.estimatedCompletion ?? request.createdAt;
      return {
        status: 202,
        headers: { location: `/api/v2/schedule-generation/requests/${jobId}` },
        body: {
          job_id: jobId,
          schedule_id: intId(schedule.id),
          status: request.status,
          estimated_completion: new Date(String(due)).toISOString(),
        },
      };
    },
  },
  {
    method: 'GET',
    url: `${V1}/schedules/:id/games`,
    operations: ['v1/ScheduleGames'],
    tags: ['v1'],
    summary: 'Games of a schedule with team and venue names (legacy)',
    params: scheduleId,
    responses: { 200: obj({ games: arr(gameSchema), total: int('Games') }, ['games', 'total']) },
    async handler(ctx) {
      const data = await ctx.run<{ schedule: Obj | null }>('v1/ScheduleGames', { id: String(ctx.params.id) });
      if (!data.schedule) throw notFound('Schedule', ctx.params.id as number);
      const sid = intId(data.schedule.id);
      const games = ((data.schedule.games as Obj[]) ?? []).map((g) => mapGame(g, sid)).sort(gameOrder);
      return { body: { games, total: games.length } };
    },
  },
];

// ---------- reference lists: every row the caller may see, unpaginated as the monolith answered ----------

const refQuery = obj({
  sport_id: id('Only this sport'),
  conference_id: id('Only this conference (must be the credential’s own)'),
});

const referenceRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${V1}/teams`,
    operations: ['v1/ListTeams'],
    tags: ['v1'],
    summary: 'Teams (legacy)',
    querystring: refQuery,
    responses: { 200: obj({ teams: arr(teamSchema) }, ['teams']) },
    async handler(ctx) {
      assertTenant(ctx.principal, ctx.query.conference_id as number | undefined);
      const { items } = await allPages(async (page) => {
        const data = await ctx.run<{ teams: ConnectionLike<Obj> }>('v1/ListTeams', {
          page,
          limit: 100,
          sportId: gqlId(ctx.query.sport_id),
          conferenceId: gqlId(ctx.query.conference_id),
        });
        return data.teams;
      });
      return { body: { teams: byId(items.map(mapTeam)) } };
    },
  },
  {
    method: 'GET',
    url: `${V1}/venues`,
    operations: ['v1/ListVenues'],
    tags: ['v1'],
    summary: 'Venues (legacy)',
    querystring: refQuery,
    responses: { 200: obj({ venues: arr(venueSchema) }, ['venues']) },
    async handler(ctx) {
      assertTenant(ctx.principal, ctx.query.conference_id as number | undefined);
      const { items } = await allPages(async (page) => {
        const data = await ctx.run<{ venues: ConnectionLike<Obj> }>('v1/ListVenues', {
          page,
          limit: 100,
          sportId: gqlId(ctx.query.sport_id),
          conferenceId: gqlId(ctx.query.conference_id),
        });
        return data.venues;
      });
      return { body: { venues: byId(items.map(mapVenue)) } };
    },
  },
  {
    method: 'GET',
    url: `${V1}/constraints`,
    operations: ['v1/ListConstraints'],
    tags: ['v1'],
    summary: 'Scheduling constraints (legacy)',
    querystring: obj({ sport_id: id('Only this sport (constraints for every sport included)') }),
    responses: { 200: obj({ constraints: arr(constraintSchema) }, ['constraints']) },
    async handler(ctx) {
      const { items } = await allPages(async (page) => {
        const data = await ctx.run<{ constraintTemplates: ConnectionLike<Obj> }>('v1/ListConstraints', {
          page,
          limit: 100,
          sportId: gqlId(ctx.query.sport_id),
        });
        return data.constraintTemplates;
      });
      return { body: { constraints: byId(items.map(mapConstraint)) } };
    },
  },
];

export const v1Routes: RouteSpec[] = [...scheduleRoutes, ...referenceRoutes];
