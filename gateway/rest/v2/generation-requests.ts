// v2 schedule-generation requests: start a generation, list and read them with their jobs' progress, cancel one.
import { assertTenant } from '../auth.ts';
import { notFound } from '../errors.ts';
import type { GetRequestQuery, RequestFieldsFragment } from '../generated/v2-operations.ts';
import { envelope, gqlId, intId, refId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { arr, body, id, int, list, nullable, num, obj, pageQuery, str } from '../schemas.ts';

const SG = '/api/v2/schedule-generation';

const REQUEST_STATUSES = ['pending', 'queued', 'running', 'completed', 'failed', 'cancelled'];

const jobSchema = obj(
  {
    job_id: int('Job id'),
    status: str('queued, running, completed, failed, cancelled'),
    progress: num('0…100'),
    attempts: int('Attempts so far'),
    error_message: nullable(str('Why it failed')),
    started_at: nullable(str('Started (ISO 8601)', { format: 'date-time' })),
    finished_at: nullable(str('Finished (ISO 8601)', { format: 'date-time' })),
    result_version_id: nullable(int('Schedule version produced')),
    best_cost: nullable(num('Best cost found so far')),
    hard_violations: nullable(int('Hard violations of the best schedule so far')),
    soft_penalty: nullable(num('Soft penalty of the best schedule so far')),
    iteration: nullable(int('Optimiser iterations so far')),
  },
  ['job_id', 'status', 'progress', 'attempts'],
);

export const requestSchema = obj(
  {
    request_id: int('Request id'),
    request_name: str('Name'),
    sport_id: int('Sport id'),
    season_id: nullable(int('Season id')),
    conference_id: nullable(int('Conference id')),
    algorithm_id: nullable(int('Algorithm id')),
    algorithm_name: nullable(str('Algorithm name')),
    generation_parameters: { type: 'object', additionalProperties: true },
    primary_objectives: { type: ['array', 'object'], description: 'Objectives (JSON)' },
    status: str('pending, queued, running, completed, failed, cancelled'),
    requested_by: nullable(str('Who asked')),
    schedule_id: nullable(int('Resulting schedule')),
    error_message: nullable(str('Why it failed')),
    created_at: str('Created (ISO 8601)', { format: 'date-time' }),
    updated_at: str('Updated (ISO 8601)', { format: 'date-time' }),
    completed_at: nullable(str('Completed (ISO 8601)', { format: 'date-time' })),
    time_limit_seconds: nullable({
      type: 'number',
      description: 'Time limit of the run, seconds (null: iteration budget)',
    }),
    estimated_completion: nullable(str('Start (or creation while queued) + time limit', { format: 'date-time' })),
    around_schedules: arr(int('A fixed schedule of another sport this one is generated around (shared arenas)')),
    follow_ups: arr(
      obj(
        {
          request_id: int('The follow-up generation'),
          sport_id: int('Its sport'),
          status: str('pending, queued, running, completed, failed, cancelled'),
          schedule_id: nullable(int('Its schedule')),
        },
        ['request_id', 'sport_id', 'status'],
      ),
      'Generations of the sports sharing the arenas started by this one (GET /requests/{id} only)',
    ),
    jobs: arr(jobSchema),
  },
  ['request_id', 'request_name', 'sport_id', 'status', 'jobs'],
);

type FollowUp = NonNullable<GetRequestQuery['generation']>['followUps'][number];

/** The generation's `aroundSchedules` parameter (stored with the other parameters) as schedule ids. */
function aroundSchedulesOf(parameters: unknown): number[] {
  const around = (parameters as { aroundSchedules?: unknown } | null)?.aroundSchedules;
  return Array.isArray(around) ? around.map(Number) : [];
}

export function mapRequest(r: RequestFieldsFragment & { followUps?: FollowUp[] }) {
  const { algorithm } = r;
  return {
    request_id: intId(r.id),
    request_name: r.name,
    sport_id: refId(r.sport),
    season_id: refId(r.season),
    conference_id: refId(r.conference),
    algorithm_id: algorithm ? intId(algorithm.id) : null,
    algorithm_name: algorithm ? algorithm.name : null,
    generation_parameters: r.parameters ?? {},
    primary_objectives: r.objectives ?? [],
    status: r.status,
    requested_by: r.requestedBy ?? null,
    schedule_id: refId(r.schedule),
    error_message: r.errorMessage ?? null,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    completed_at: r.completedAt ?? null,
    time_limit_seconds: r.timeLimitSeconds ?? null,
    estimated_completion: r.estimatedCompletion ?? null,
    around_schedules: aroundSchedulesOf(r.parameters),
    follow_ups: (r.followUps ?? []).map((f) => ({
      request_id: intId(f.id),
      sport_id: refId(f.sport),
      status: f.status,
      schedule_id: refId(f.schedule),
    })),
    jobs: r.jobs.map((j) => ({
      job_id: intId(j.id),
      status: j.status,
      progress: j.progress,
      attempts: j.attempts,
      error_message: j.errorMessage ?? null,
      started_at: j.startedAt ?? null,
      finished_at: j.finishedAt ?? null,
      result_version_id: refId(j.resultVersion),
      best_cost: j.bestCost ?? null,
      hard_violations: j.hardViolations ?? null,
      soft_penalty: j.softPenalty ?? null,
      iteration: j.iteration ?? null,
    })),
  };
}

export const generationRequestRoutes: RouteSpec[] = [
  {
    method: 'POST',
    url: `${SG}/requests`,
    operations: ['v2/CreateRequest'],
    tags: ['schedule-generation'],
    summary:
      'Start a generation: a new schedule, or (schedule_id) a new version of one (202: it runs off the request path)',
    description:
      'Records the generation request, queues its job and answers at once with its id and status (queued); poll GET /requests/{id} for progress, or follow GET /generations/{id}/events (Server-Sent Events). 503 when the job queue (Redis) is unavailable.',
    write: true,
    body: body(
      {
        request_name: str('Name', { minLength: 1, maxLength: 200 }),
        schedule_id: id(
          'Optimise this schedule: its result is a new version of it (sport, season, conference are its own)',
        ),
        sport_id: id('Sport (required unless schedule_id is given)'),
        season_id: id('Season'),
        conference_id: id('Conference (default: the credential’s own)'),
        algorithm_id: id('Algorithm (default: the default algorithm)'),
        generation_parameters: { type: 'object', additionalProperties: true, description: 'Algorithm parameters' },
        primary_objectives: { type: 'array', items: {}, description: 'Objectives, e.g. ["minimize_travel"]' },
        requested_by: str('Who asks', { maxLength: 100 }),
        time_limit_seconds: { type: 'number', exclusiveMinimum: 0, maximum: 3600, description: 'Time limit, seconds' },
        around_schedules: {
          ...arr(
            id('A stored schedule of the same conference, kept fixed'),
            'No arena hosts a game of these schedules and one of this generation on the same day',
          ),
          maxItems: 10,
        },
        shared_arena_sport_ids: {
          ...arr(
            id('A sport sharing the arenas'),
            'Sports generated next, in order, each around the schedules before it (follow_ups on GET /requests/{id}); not with schedule_id',
          ),
          maxItems: 10,
        },
      },
      ['request_name'],
    ),
    responses: { 202: requestSchema },
    async handler(ctx) {
      const b = ctx.body;
      assertTenant(ctx.principal, b.conference_id);
      const data = await ctx.run('v2/CreateRequest', {
        input: {
          name: b.request_name,
          scheduleId: gqlId(b.schedule_id),
          sportId: gqlId(b.sport_id),
          seasonId: gqlId(b.season_id),
          conferenceId: gqlId(b.conference_id ?? (b.schedule_id ? undefined : ctx.principal.conferenceId)),
          timeLimitSeconds: b.time_limit_seconds,
          algorithmId: gqlId(b.algorithm_id),
          parameters: b.generation_parameters,
          aroundSchedules: (b.around_schedules as unknown[] | undefined)?.map(gqlId),
          sharedArenaSportIds: (b.shared_arena_sport_ids as unknown[] | undefined)?.map(gqlId),
          objectives: b.primary_objectives,
          requestedBy: b.requested_by ?? ctx.principal.subject,
        },
      });
      const request = mapRequest(data.startGeneration);
      return {
        status: 202,
        headers: { location: `${SG}/requests/${request.request_id}` },
        body: request,
      };
    },
  },
  {
    method: 'GET',
    url: `${SG}/requests`,
    operations: ['v2/ListRequests'],
    tags: ['schedule-generation'],
    summary: 'Generation requests, newest first',
    querystring: obj({
      ...pageQuery,
      status: str('Only this status', { enum: REQUEST_STATUSES }),
      sport_id: id('Only this sport'),
      season_id: id('Only this season'),
      conference_id: id('Only this conference (must be the credential’s own)'),
    }),
    responses: { 200: list(requestSchema) },
    async handler(ctx) {
      const q = ctx.query;
      assertTenant(ctx.principal, q.conference_id);
      const data = await ctx.run('v2/ListRequests', {
        page: q.page,
        limit: q.limit,
        status: q.status,
        sportId: gqlId(q.sport_id),
        seasonId: gqlId(q.season_id),
        conferenceId: gqlId(q.conference_id),
      });
      return { body: envelope(data.generations, mapRequest) };
    },
  },
  {
    method: 'GET',
    url: `${SG}/requests/:id`,
    operations: ['v2/GetRequest'],
    tags: ['schedule-generation'],
    summary: 'One generation request with its jobs and their progress',
    params: obj({ id: id('Request id') }, ['id']),
    responses: { 200: requestSchema },
    async handler(ctx) {
      const data = await ctx.run('v2/GetRequest', { id: String(ctx.params.id) });
      if (!data.generation) throw notFound('Generation request', ctx.params.id);
      return { body: mapRequest(data.generation) };
    },
  },
  {
    method: 'POST',
    url: `${SG}/requests/:id/cancel`,
    operations: ['v2/CancelRequest'],
    tags: ['schedule-generation'],
    summary: 'Cancel a queued or running generation request (its job stops; nothing is stored)',
    write: true,
    params: obj({ id: id('Request id') }, ['id']),
    responses: { 200: requestSchema },
    async handler(ctx) {
      const data = await ctx.run('v2/CancelRequest', {
        id: String(ctx.params.id),
      });
      if (!data.cancelGeneration) throw notFound('Generation request', ctx.params.id);
      return { body: mapRequest(data.cancelGeneration) };
    },
  },
];
