// GraphQL resolvers of generations, merged into schedule-generation's map: Mutation.startGeneration /
// cancelGeneration (and their deprecated names generateSchedule / cancelGenerationRequest / createGenerationRequest),
// Query.generations / generation (deprecated: generationRequests / generationRequest), GenerationJob progress fields.
import type { Database } from '../../../db/index.ts';
import { idArg, toKey } from '../../kit/ids.ts';
import { type PageArgs, paged, parsePage } from '../../kit/pagination.ts';
import type { Context as BaseSgContext } from '../loaders.ts';
import * as repo from '../repository.ts';
import { followUpsOf } from './follow-ups.ts';
import { finishJob, latestJobMetrics, latestJobOfRequest, requestById, TERMINAL } from './job-rows.ts';
import { timeLimitOf } from './parameters.ts';
import { jobsRuntime } from './runtime.ts';
import { recordGeneration, startGeneration } from './start.ts';

type Args = Record<string, unknown>;
/** The subgraph context plus the Database handle (added by index.ts) that the jobs runtime hangs on. */
export type Context = BaseSgContext & { db?: Database };

function runtimeOf(ctx: Context) {
  if (!ctx.db) throw new Error('schedule-generation context has no database handle (jobs unavailable)');
  return jobsRuntime(ctx.db);
}

const start = (_: unknown, args: { input: Args }, ctx: Context) =>
  startGeneration({ run: ctx.run, queue: runtimeOf(ctx).queue, logger: ctx.logger, tenant: ctx.tenant }, args.input);

/** Cancels the generation's queued or running job (nothing is stored); null when the generation does not exist. */
async function cancel(_: unknown, args: { id: unknown }, ctx: Context) {
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
}

function list(_: unknown, args: Args & PageArgs, ctx: Context) {
  const page = parsePage(args);
  const filter = {
    status: (args.status as string | undefined) ?? undefined,
    sportId: idArg('sportId', args.sportId, true),
    seasonId: idArg('seasonId', args.seasonId, true),
    conferenceId: idArg('conferenceId', args.conferenceId, true),
  };
  return paged((p) => ctx.run((tx) => repo.listRequests(tx, filter, p)), page);
}

function one(_: unknown, args: Args, ctx: Context) {
  const key = toKey(args.id);
  return key === null ? null : ctx.loaders.request.load(key);
}

export const generationQueries = {
  generations: list,
  generation: one,
  generationRequests: list,
  generationRequest: one,
};

export const generationMutations = {
  startGeneration: start,
  generateSchedule: start,
  cancelGeneration: cancel,
  cancelGenerationRequest: cancel,
  /** Deprecated: records a generation without queueing it. */
  createGenerationRequest: (_: unknown, args: { input: Args }, ctx: Context) => recordGeneration(ctx, args.input),
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

/** The time limit a generation runs under, and when it should be done (start, or creation while queued, + limit). */
export const generationTimeFields = {
  timeLimitSeconds: (r: repo.RequestRow) => timeLimitOf(r.generationParameters as Args),
  estimatedCompletion: async (r: repo.RequestRow, _: Args, ctx: Context) => {
    const limit = timeLimitOf(r.generationParameters as Args);
    if (limit === null) return null;
    const jobs = await ctx.loaders.jobsByRequest.load(r.requestId);
    const started = jobs.map((j) => j.startedAt).find((t) => t !== null) ?? r.createdAt;
    return new Date(new Date(started).getTime() + limit * 1000);
  },
};

/** The schedules a generation was made around, and the follow-ups its job started (shared arenas). */
export const generationSharedArenaFields = {
  aroundSchedules: async (r: repo.RequestRow, _: Args, ctx: Context) => {
    const ids = ((r.generationParameters as Args).aroundSchedules as number[] | undefined) ?? [];
    const rows = await Promise.all(ids.map((id) => ctx.loaders.schedule().load(Number(id))));
    return rows.filter((s) => s !== null); // a fixed schedule deleted since, or outside the tenant, is not listed
  },
  followUps: (r: repo.RequestRow, _: Args, ctx: Context) => ctx.run((tx) => followUpsOf(tx, r.requestId)),
};

type TeamRef = { teamId: number };
const teamRef = (teamId: number): TeamRef => ({ teamId });
type ChangedGame = { homeTeamId: number; awayTeamId: number };

/** ScheduleVersion.changes as stored (version-diff.ts), its teams as Team references. */
export const versionChangeResolvers = {
  GameChange: {
    home: (c: ChangedGame) => teamRef(c.homeTeamId),
    away: (c: ChangedGame) => teamRef(c.awayTeamId),
  },
  VersionGame: {
    home: (c: ChangedGame) => teamRef(c.homeTeamId),
    away: (c: ChangedGame) => teamRef(c.awayTeamId),
  },
};
