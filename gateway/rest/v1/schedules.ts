// /api/v1/schedules: the monolith's schedules rows, plus what the legacy API joined in (sport name, season year, the
// teams and venues playing, the latest evaluation); create, read, update, delete, and start an optimisation.
import { assertTenant } from '../auth.ts';
import { badRequest, notFound, unprocessable } from '../errors.ts';
import type { ScheduleFieldsFragment } from '../generated/v1-operations.ts';
import { assertRange, gqlId, intId, isObj, refId } from '../mappers.ts';
import type { RouteContext, RouteSpec } from '../route.ts';
import { arr, body, date, id, int, nullable, obj, str } from '../schemas.ts';
import { namedRef, scheduleIdParams, timestamp, V1 } from './legacy.ts';

const STATUSES = ['draft', 'generating', 'review', 'published', 'archived'];

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

function distinctRefs(items: Array<{ id: string; name: string } | null>) {
  const byId = new Map<number, string>();
  for (const item of items) {
    const i = item ? intId(item.id) : null;
    if (item && i !== null && !byId.has(i)) byId.set(i, item.name);
  }
  return [...byId.entries()].sort((a, b) => a[0] - b[0]).map(([id, name]) => ({ id, name }));
}

export function mapSchedule(s: ScheduleFieldsFragment) {
  const { evaluation } = s;
  return {
    id: intId(s.id),
    name: s.name,
    sport_id: refId(s.sport),
    season_id: intId(s.season.id),
    conference_id: refId(s.conference),
    status: s.status.toLowerCase(),
    start_date: s.startDate ?? null,
    end_date: s.endDate ?? null,
    description: s.description ?? null,
    created_by: s.createdBy ?? null,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    year: s.season.startYear,
    sport_name: s.sport.name,
    game_count: s.gameCount,
    teams: distinctRefs(s.games.flatMap((g) => [g.home, g.away])),
    venues: distinctRefs(s.games.map((g) => g.venue)),
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

async function seasonForYear(ctx: RouteContext, year: unknown): Promise<string> {
  const data = await ctx.run('v1/Seasons');
  const season = data.seasons.find((s) => s.startYear === year);
  if (!season) throw unprocessable(`No season starts in ${year}`, { field: 'year', year });
  return season.id;
}

async function getSchedule(ctx: RouteContext): Promise<ScheduleFieldsFragment> {
  const data = await ctx.run('v1/GetSchedule', { id: String(ctx.params.id) });
  if (!data.schedule) throw notFound('Schedule', ctx.params.id);
  return data.schedule;
}

const upper = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : undefined);

export const scheduleRoutes: RouteSpec[] = [
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
      const data = await ctx.run('v1/ListSchedules', {
        page: q.page,
        limit: q.limit,
        sportId: gqlId(q.sport_id),
        seasonId: gqlId(q.season_id),
        status: upper(q.status),
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
      assertTenant(ctx.principal, b.conference_id);
      const seasonId = await seasonForYear(ctx, b.year);
      const data = await ctx.run('v1/CreateSchedule', {
        input: {
          name: String(b.name).trim(),
          sportId: String(b.sport_id),
          seasonId,
          conferenceId: gqlId(b.conference_id ?? ctx.principal.conferenceId),
          status: upper(b.status),
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
    params: scheduleIdParams,
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
    params: scheduleIdParams,
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
      const data = await ctx.run('v1/UpdateSchedule', {
        id: String(ctx.params.id),
        input: {
          name: typeof b.name === 'string' ? b.name.trim() : undefined,
          status: upper(b.status),
          startDate: b.start_date,
          endDate: b.end_date,
          description: b.description,
        },
      });
      if (!data.updateSchedule) throw notFound('Schedule', ctx.params.id);
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
    params: scheduleIdParams,
    responses: { 204: null },
    async handler(ctx) {
      const data = await ctx.run('v1/DeleteSchedule', { id: String(ctx.params.id) });
      if (!data.deleteSchedule) throw notFound('Schedule', ctx.params.id);
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
    params: scheduleIdParams,
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
      const data = await ctx.run('v1/OptimizeSchedule', {
        input: {
          name: `Optimize ${schedule.name}`.slice(0, 200),
          scheduleId: schedule.id,
          algorithmId: gqlId(b.algorithm_id),
          timeLimitSeconds: b.time_limit_seconds,
          parameters: { ...(isObj(b.parameters) ? b.parameters : {}), mode: 'optimize' },
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
          estimated_completion: new Date(due).toISOString(),
        },
      };
    },
  },
];
