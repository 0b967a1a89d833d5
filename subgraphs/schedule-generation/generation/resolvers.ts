// GraphQL resolvers of generations, merged into schedule-generation's map: Mutation.startGeneration /
// cancelGeneration (and their deprecated names generateSchedule / cancelGenerationRequest / createGenerationRequest),
// Query.generations / generation (deprecated: generationRequests / generationRequest), GenerationJob progress fields.
import type { TeamKey } from '../../kit/entity-keys.ts';
import { refuseInsideKeyedTransaction } from '../../kit/idempotency/outside-effects.ts';
import { idArg, toKey } from '../../kit/ids.ts';
import { paged, parsePage } from '../../kit/pagination.ts';
import type {
  GenerationJobResolvers,
  GenerationRequestResolvers,
  MutationResolvers,
  QueryResolvers,
  Resolvers,
} from '../generated/resolvers.ts';
import type { Context } from '../loaders.ts';
import * as repo from '../repository.ts';
import { followUpsOf } from './follow-ups.ts';
import { finishJob, latestJobMetrics, latestJobOfRequest, requestById, TERMINAL } from './job-rows.ts';
import { timeLimitOf } from './parameters.ts';
import { publishGenerationFinished } from './progress-events.ts';
import { queueUnavailable, recordGeneration, startGeneration } from './start.ts';

/** The queue the composition root handed this service (none: this process was started without generation jobs). */
function queueOf(ctx: Context) {
  refuseInsideKeyedTransaction('queues or cancels a generation job');
  if (!ctx.generationQueue) throw queueUnavailable('this process runs no generation queue');
  return ctx.generationQueue;
}

const start: MutationResolvers['startGeneration'] = (_, args, ctx) =>
  startGeneration({ run: ctx.run, queue: queueOf(ctx), logger: ctx.logger, tenant: ctx.tenant }, args.input);

/** Cancels the generation's queued or running job (nothing is stored); null when the generation does not exist. */
const cancel: MutationResolvers['cancelGeneration'] = async (_, args, ctx) => {
  const key = toKey(args.id);
  if (key === null) return null;
  const found = await ctx.run(async (tx) => {
    const request = await requestById(tx, key);
    if (!request) return null;
    const job = await latestJobOfRequest(tx, key);
    if (job && !TERMINAL.has(job.status)) await finishJob(tx, job.jobId, 'cancelled', 'cancelled on request');
    return { request, job };
  });
  if (!found) return null;
  if (found.job && !TERMINAL.has(found.job.status)) {
    // a queued job never reaches a worker: its SSE followers learn the end from here (a running one's worker says it too)
    await publishGenerationFinished(
      ctx.events,
      {
        generationId: key,
        jobId: found.job.jobId,
        conferenceId: found.request.conferenceId,
        status: 'cancelled',
        scheduleId: found.request.scheduleId,
        errorMessage: 'cancelled on request',
      },
      ctx.logger,
    );
  }
  if (found.job?.queueJobId && !TERMINAL.has(found.job.status)) {
    await queueOf(ctx)
      .cancel(found.job.queueJobId)
      .catch(() => {});
  }
  return (await ctx.run((tx) => requestById(tx, key))) ?? null;
};

const list: QueryResolvers['generations'] = (_, args, ctx) => {
  const page = parsePage(args);
  const filter = {
    status: args.status ?? undefined,
    sportId: idArg('sportId', args.sportId, true),
    seasonId: idArg('seasonId', args.seasonId, true),
    conferenceId: idArg('conferenceId', args.conferenceId, true),
  };
  return paged((p) => ctx.run((tx) => repo.listRequests(tx, filter, p)), page);
};

const one: QueryResolvers['generation'] = (_, args, ctx) => {
  const key = toKey(args.id);
  return key === null ? null : ctx.loaders.request.load(key);
};

export const generationQueries: QueryResolvers = {
  generations: list,
  generation: one,
  generationRequests: list,
  generationRequest: one,
};

export const generationMutations: MutationResolvers = {
  startGeneration: start,
  generateSchedule: start,
  cancelGeneration: cancel,
  cancelGenerationRequest: cancel,
  /** Deprecated: records a generation without queueing it. */
  createGenerationRequest: (_, args, ctx) => recordGeneration(ctx, args.input),
};

// one statement per job and request, whichever of its progress fields are selected
const jobMetrics = new WeakMap<repo.JobRow, Promise<Record<string, number>>>();
function metricsOfJob(j: repo.JobRow, ctx: Context): Promise<Record<string, number>> {
  let p = jobMetrics.get(j);
  if (!p) {
    p = ctx.run((tx) => latestJobMetrics(tx, [j.jobId])).then((m) => m.get(j.jobId) ?? {});
    jobMetrics.set(j, p);
  }
  return p;
}

const finite = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);

export const generationJobFields: GenerationJobResolvers = {
  bestCost: async (j, _, ctx) => finite((await metricsOfJob(j, ctx)).best_cost),
  hardViolations: async (j, _, ctx) => finite((await metricsOfJob(j, ctx)).hard_violations),
  softPenalty: async (j, _, ctx) => finite((await metricsOfJob(j, ctx)).soft_penalty),
  iteration: async (j, _, ctx) => finite((await metricsOfJob(j, ctx)).iteration),
};

/** The time limit a generation runs under, and when it should be done (start, or creation while queued, + limit). */
export const generationTimeFields: GenerationRequestResolvers = {
  timeLimitSeconds: (r) => timeLimitOf(r.generationParameters),
  estimatedCompletion: async (r, _, ctx) => {
    const limit = timeLimitOf(r.generationParameters);
    if (limit === null) return null;
    const jobs = await ctx.loaders.jobsByRequest.load(r.requestId);
    const started = jobs.map((j) => j.startedAt).find((t) => t !== null) ?? r.createdAt;
    return new Date(new Date(started).getTime() + limit * 1000);
  },
};

/** The schedules a generation was made around, and the follow-ups its job started (shared arenas). */
export const generationSharedArenaFields: GenerationRequestResolvers = {
  aroundSchedules: async (r, _, ctx) => {
    const parameters = r.generationParameters;
    const around =
      parameters && typeof parameters === 'object' && 'aroundSchedules' in parameters
        ? parameters.aroundSchedules
        : undefined;
    const ids = Array.isArray(around) ? around.map(Number) : [];
    const rows = await Promise.all(ids.map((id) => ctx.loaders.schedule().load(id)));
    return rows.filter((s) => s !== null); // a fixed schedule deleted since, or outside the tenant, is not listed
  },
  followUps: (r, _, ctx) => ctx.run((tx) => followUpsOf(tx, r.requestId)),
};

const teamRef = (teamId: number): TeamKey => ({ teamId });

/** ScheduleVersion.changes as stored (version-diff.ts), its teams as Team references. */
export const versionChangeResolvers: Resolvers = {
  GameChange: {
    home: (c) => teamRef(c.homeTeamId),
    away: (c) => teamRef(c.awayTeamId),
  },
  VersionGame: {
    home: (c) => teamRef(c.homeTeamId),
    away: (c) => teamRef(c.awayTeamId),
  },
};
