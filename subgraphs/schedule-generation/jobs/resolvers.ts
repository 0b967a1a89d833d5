// GraphQL resolvers of generation jobs and compare, merged into schedule-generation's map:
// Mutation.generateSchedule / cancelGenerationRequest / compareScheduleVersions, GenerationJob progress fields,
// VersionComparison and its parts.
import { GraphQLError } from 'graphql';
import type { Database } from '../../../db/index.ts';
import { idArg, idOf, toKey } from '../../kit/ids.ts';
import type { Context as BaseSgContext } from '../loaders.ts';
import type * as repo from '../repository.ts';
import { resolvers as scheduleResolvers } from '../resolvers.ts';
import { type Comparison, compareVersions, type VersionMetrics } from './compare.ts';
import { jobsRuntime } from './runtime.ts';
import {
  finishJob,
  insertJob,
  latestJobMetrics,
  latestJobOfRequest,
  requestById,
  setQueueJobId,
  TERMINAL,
} from './store.ts';

type Args = Record<string, unknown>;
/** The subgraph context plus the Database handle (added by index.ts) that the jobs runtime hangs on. */
export type Context = BaseSgContext & { db?: Database };

function queueUnavailable(error: unknown): GraphQLError {
  return new GraphQLError(
    `The generation job queue is unavailable, try again later (${error instanceof Error ? error.message : String(error)})`,
    { extensions: { code: 'QUEUE_UNAVAILABLE', http: { status: 503 } } },
  );
}

function runtimeOf(ctx: Context) {
  if (!ctx.db) throw new Error('schedule-generation context has no database handle (jobs unavailable)');
  return jobsRuntime(ctx.db);
}

type CreateRequest = (parent: unknown, args: { input: Args }, ctx: Context) => Promise<repo.RequestRow>;

export const jobMutations = {
  /** Records the request, queues its job and answers at once (status queued); 503 when the queue is down. */
  generateSchedule: async (_: unknown, args: { input: Args }, ctx: Context) => {
    const jobs = runtimeOf(ctx);
    try {
      await jobs.queue.ready();
    } catch (error) {
      throw queueUnavailable(error);
    }
    const create = (scheduleResolvers.Mutation as { createGenerationRequest: CreateRequest }).createGenerationRequest;
    const request = await create(_, args, ctx);
    const job = await ctx.run((tx) => insertJob(tx, request.requestId, request.conferenceId));
    try {
      const queueJobId = await jobs.queue.add({
        jobId: job.jobId,
        requestId: request.requestId,
        tenant: request.conferenceId ?? ctx.tenant,
      });
      await ctx.run((tx) => setQueueJobId(tx, job.jobId, queueJobId));
    } catch (error) {
      await ctx.run((tx) => finishJob(tx, job.jobId, 'failed', 'the job queue was unavailable')).catch(() => {});
      throw queueUnavailable(error);
    }
    ctx.logger.info(
      { requestId: request.requestId, jobId: job.jobId, queue: jobs.queue.kind },
      'generation job queued',
    );
    return ctx.run((tx) => requestById(tx, request.requestId));
  },

  /** Cancels the request's queued or running job (nothing is stored); null when the request does not exist. */
  cancelGenerationRequest: async (_: unknown, args: { id: unknown }, ctx: Context) => {
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
    if (found.job?.queueJobId && !TERMINAL.has(found.job.status)) {
      await runtimeOf(ctx)
        .queue.cancel(found.job.queueJobId)
        .catch(() => {});
    }
    return ctx.run((tx) => requestById(tx, key));
  },

  compareScheduleVersions: (_: unknown, args: Args, ctx: Context) =>
    compareVersions(
      ctx.run,
      {
        versionAId: idArg('versionAId', args.versionAId),
        versionBId: idArg('versionBId', args.versionBId),
        conferenceId: ctx.tenant,
      },
      { tenant: ctx.tenant, requestId: ctx.requestId, service: 'schedule-generation' },
    ),
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

export const generationJobFields = {
  bestCost: async (j: repo.JobRow, _: Args, ctx: Context) => finite((await metricsOfJob(j, ctx)).best_cost),
  hardViolations: async (j: repo.JobRow, _: Args, ctx: Context) => finite((await metricsOfJob(j, ctx)).hard_violations),
  softPenalty: async (j: repo.JobRow, _: Args, ctx: Context) => finite((await metricsOfJob(j, ctx)).soft_penalty),
  iteration: async (j: repo.JobRow, _: Args, ctx: Context) => finite((await metricsOfJob(j, ctx)).iteration),
};

export const jobTypeResolvers = {
  VersionComparison: {
    id: (c: Comparison) => idOf(c.comparisonId),
    schedule: (c: Comparison, _: Args, ctx: Context) =>
      c.scheduleId === null ? null : ctx.loaders.schedule().load(c.scheduleId),
    versionA: (c: Comparison, _: Args, ctx: Context) => ctx.loaders.version.load(c.versionAId),
    versionB: (c: Comparison, _: Args, ctx: Context) => ctx.loaders.version.load(c.versionBId),
    winner: (c: Comparison, _: Args, ctx: Context) =>
      c.winnerVersionId === null ? null : ctx.loaders.version.load(c.winnerVersionId),
  },
  VersionMetrics: {
    version: (m: VersionMetrics, _: Args, ctx: Context) => ctx.loaders.version.load(m.versionId),
    homeAwayBalance: (m: VersionMetrics) => m.balance,
  },
  TeamBalance: {
    team: (b: { teamId: number }) => ({ teamId: b.teamId }),
  },
};
