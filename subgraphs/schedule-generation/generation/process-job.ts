// The generation worker's processor: one job = fetch the problem through the gateway, run the engine on a thread
// with progress (percent, best cost) written to the job, honour cancellation, store the result once, announce
// `schedule.generated`. Infeasible requests end as failed with the reasons (no retry); other errors are retried.
import type pino from 'pino';
import type { Database } from '../../../db/index.ts';
import type { OptimizeResult, Progress } from '../../../scheduling/index.ts';
import { EVENT_TYPES, publishEvent } from '../../kit/events/index.ts';
import type { GatewayCallOptions } from '../../kit/gateway-client.ts';
import { buildProblem, type GenerationParameters, InfeasibleRequest } from './build-problem.ts';
import { queueFollowUp, recordFollowUp } from './follow-ups.ts';
import {
  algorithmById,
  currentGamesOf,
  finishJob,
  jobById,
  recordProgress,
  requeueJob,
  scheduleById,
  startJob,
} from './job-rows.ts';
import { engineOptions, STORE_RESERVE_MS, timeLimitOf } from './parameters.ts';
import { publishGenerationFinished, publishGenerationProgress } from './progress-events.ts';
import type { JobContext, JobQueue, Processor } from './queue.ts';
import { EngineAborted, type EngineThreads } from './run.ts';
import { lockedGamesLost, startingSchedule } from './starting-schedule.ts';
import { storeResult } from './store-result.ts';
import { diffVersions } from './version-diff.ts';

export interface WorkerDeps {
  db: Database;
  logger: pino.Logger;
  gateway?: Omit<GatewayCallOptions, 'tenant'>;
  /** Minimum time between two progress writes, ms (default 500). */
  progressEveryMs?: number;
  /** Attempts the queue makes (a failure on the last one ends the job as failed). */
  attempts: number;
  /** Engine threads loaded ahead of the jobs. */
  engines: EngineThreads;
  /** Where a follow-up generation (sports sharing arenas: follow-ups.ts) is queued. */
  queue: JobQueue;
}

export function createProcessor(deps: WorkerDeps): Processor {
  const sg = deps.db.service('schedule-generation');
  return async (ctx: JobContext) => {
    const jobStarted = Date.now();
    const { jobId, tenant } = ctx.data;
    const log = deps.logger.child({ jobId, requestId: ctx.data.requestId, attempt: ctx.attempt, worker: ctx.workerId });
    const run = <T>(fn: Parameters<typeof sg.run<T>>[0]) => sg.run(fn, { tenant });
    const started = await run((tx) => startJob(tx, jobId, ctx.workerId));
    if (!started) {
      log.info('job already finished or cancelled: nothing to do');
      return;
    }
    const { request, scheduleId } = started;
    const params = (request.generationParameters ?? {}) as GenerationParameters;
    const gw: GatewayCallOptions = { ...deps.gateway, tenant, requestId: `generation-job-${jobId}` };
    log.info({ scheduleId }, 'generation job running');
    // this job's engine thread was loaded while the worker waited; the next job's starts loading now
    const engine = deps.engines.take();
    const live = { generationId: request.requestId, jobId, conferenceId: request.conferenceId };
    const finished = (status: 'failed' | 'cancelled', errorMessage: string) =>
      publishGenerationFinished({ ...live, status, scheduleId, errorMessage }, log);

    try {
      await run((tx) => recordProgress(tx, { jobId, scheduleId, conferenceId: request.conferenceId, percent: 1 }));
      await publishGenerationProgress({ ...live, percent: 1, elapsedMs: Date.now() - jobStarted }, log);
      const stages: Record<string, number> = {};
      const mark = (stage: string) => {
        stages[stage] = Date.now() - jobStarted;
      };
      const built = await buildProblem(
        {
          name: request.requestName,
          sportId: request.sportId,
          seasonId: request.seasonId,
          conferenceId: request.conferenceId,
        },
        params,
        gw,
      );
      // optimising: start from the schedule's current games (locked ones kept), on their own dates
      const { current, previousVersionId, algorithm } = await run(async (tx) => ({
        current: await currentGamesOf(tx, scheduleId),
        previousVersionId: (await scheduleById(tx, scheduleId))?.currentVersionId ?? null,
        algorithm: request.algorithmId === null ? undefined : await algorithmById(tx, request.algorithmId),
      }));
      const starting =
        (params as { mode?: string }).mode === 'optimize' && current.length > 0
          ? startingSchedule(built.problem, current)
          : null;
      await run((tx) => recordProgress(tx, { jobId, scheduleId, conferenceId: request.conferenceId, percent: 5 }));

      // progress → the job row (throttled); a cancelled status seen there aborts the engine
      const controller = new AbortController();
      const abort = (reason: string) => controller.abort(new Error(reason));
      ctx.signal.addEventListener('abort', () => abort(String((ctx.signal.reason as Error)?.message ?? 'aborted')));
      let lastWrite = 0;
      let writing: Promise<void> = Promise.resolve();
      const every = deps.progressEveryMs ?? 500;
      const onProgress = (p: Progress) => {
        const now = Date.now();
        if (now - lastWrite < every && p.percent < 100) return;
        lastWrite = now;
        writing = writing.then(async () => {
          try {
            const status = await run((tx) =>
              recordProgress(tx, {
                jobId,
                scheduleId,
                conferenceId: request.conferenceId,
                percent: 5 + p.percent * 0.9,
                iteration: p.iteration,
                metrics: { best_cost: p.bestCost, hard_violations: p.hardViolations, soft_penalty: p.softPenalty },
              }),
            );
            if (status === 'cancelled') abort('cancelled');
            else
              await publishGenerationProgress(
                {
                  ...live,
                  percent: 5 + p.percent * 0.9,
                  elapsedMs: now - jobStarted,
                  bestCost: p.bestCost,
                  hardViolations: p.hardViolations,
                  softPenalty: p.softPenalty,
                  iteration: p.iteration,
                },
                log,
              );
          } catch (error) {
            log.warn({ err: error }, 'could not record progress');
          }
        });
      };
      // cancellation between progress reports: poll the status too
      const poll = setInterval(() => {
        writing = writing.then(async () => {
          const job = await run((tx) => jobById(tx, jobId)).catch(() => undefined);
          if (job?.status === 'cancelled') abort('cancelled');
        });
      }, every * 2);
      let result: OptimizeResult;
      try {
        const limit = timeLimitOf(params as Record<string, unknown>);
        mark('problem_built_ms');
        result = await engine.run(
          starting?.problem ?? built.problem,
          {
            ...engineOptions(
              (algorithm?.parameters ?? {}) as Record<string, unknown>,
              params as Record<string, unknown>,
            ),
            ...(starting ? { start: starting.start, fixedDates: true } : {}),
          },
          onProgress,
          controller.signal,
          limit === null ? null : jobStarted + limit * 1000 - STORE_RESERVE_MS,
        );
      } finally {
        clearInterval(poll);
        await writing;
      }

      const teams = built.teams;
      // the optimiser keeps its best schedule, the start included; should it ever answer a worse one, the start stays
      const worse = (r: { hardViolations: number; softPenalty: number }, than: typeof r) =>
        r.hardViolations > than.hardViolations ||
        (r.hardViolations === than.hardViolations && r.softPenalty > than.softPenalty + 1e-6);
      if (starting && worse(result, starting.startReport)) {
        log.warn({ result: [result.hardViolations, result.softPenalty] }, 'optimiser answered worse than its start');
        const { startReport } = starting;
        result = {
          ...result,
          games: starting.start.games,
          slots: starting.problem.slots as OptimizeResult['slots'],
          report: startReport,
          hardViolations: startReport.hardViolations,
          softPenalty: startReport.softPenalty,
          feasible: startReport.feasible,
        };
      }
      const lockedKeys = new Set(starting?.locked.map((g) => `${g.homeTeamId}|${g.awayTeamId}|${g.gameDate}`));
      const games = result.games.map((g) => {
        const game = {
          homeTeamId: teams[g.home].id,
          awayTeamId: teams[g.away].id,
          venueId: teams[g.home].venueId,
          date: result.slots[g.slot].date as string,
          slot: g.slot + 1,
        };
        return { ...game, locked: lockedKeys.has(`${game.homeTeamId}|${game.awayTeamId}|${game.date}`) };
      });
      if (starting) {
        const lost = lockedGamesLost(starting.locked, games);
        if (lost.length > 0)
          throw new InfeasibleRequest([
            `the optimiser could not keep ${lost.length} locked game(s) (game ${lost[0].gameId})`,
          ]);
      }
      const changes =
        previousVersionId === null && current.length === 0
          ? null
          : diffVersions(
              current.map((g) => ({ homeTeamId: g.homeTeamId, awayTeamId: g.awayTeamId, date: g.gameDate })),
              games,
            );
      const travel = result.report.results.filter((r) => r.type === 'travel_distance');
      mark('engine_done_ms');
      const { versionId, duplicate, followUp } = await run(async (tx) => {
        const stored = await storeResult(tx, {
          jobId,
          scheduleId,
          request,
          games,
          score: result.hardViolations * 1_000_000 + result.softPenalty,
          hardViolations: result.hardViolations,
          softPenalty: result.softPenalty,
          metrics: {
            hard_violations: result.hardViolations,
            soft_penalty: result.softPenalty,
            iterations: result.iterations,
            seconds: result.seconds,
            travel_penalty: travel.reduce((s, r) => s + r.penalty, 0),
            games: games.length,
          },
          source: starting ? 'optimized' : 'generated',
          previousVersionId,
          changes,
          notes: `${starting ? `optimised from version ${previousVersionId ?? '(no version)'}, ${starting.locked.length} locked game(s) kept; ` : ''}seed ${result.seed}, ${result.iterations} iterations in ${result.seconds.toFixed(1)} s${built.profileId ? `, profile ${built.profileId}` : ''}`,
          errorMessage: result.feasible
            ? null
            : `no schedule without hard violations found: ${result.hardViolations} remain (${(result.infeasibility?.violated ?? []).map((v) => v.name ?? v.type).join(', ')})`,
        });
        // the next sport sharing the arenas is recorded with the result, so a stored schedule always has its follow-up
        const next = stored.duplicate ? null : await recordFollowUp(tx, request, scheduleId);
        return { ...stored, followUp: next };
      });
      if (followUp) {
        try {
          await queueFollowUp(run, deps.queue, followUp);
          log.info({ followUp: followUp.request.requestId, sportId: followUp.request.sportId }, 'follow-up queued');
        } catch (error) {
          const message = `the job queue was unavailable: ${(error as Error).message}`;
          await run((tx) => finishJob(tx, followUp.job.jobId, 'failed', message)).catch(() => {});
          log.error({ err: error, followUp: followUp.request.requestId }, 'could not queue the follow-up');
        }
      }
      if (!duplicate) {
        mark('stored_ms');
        log.info(
          {
            versionId,
            hard: result.hardViolations,
            soft: result.softPenalty,
            engineSeconds: result.seconds,
            ...stages,
          },
          'generation job completed',
        );
        await publishEvent(
          EVENT_TYPES.scheduleGenerated,
          { scheduleId, versionId, requestId: request.requestId, jobId, conferenceId: request.conferenceId },
          log,
        );
        await publishGenerationFinished(
          {
            ...live,
            status: 'completed',
            scheduleId,
            versionId,
            hardViolations: result.hardViolations,
            softPenalty: result.softPenalty,
          },
          log,
        );
      }
    } catch (error) {
      if (error instanceof EngineAborted) {
        const reason = error.message;
        const current = await run((tx) => jobById(tx, jobId)).catch(() => undefined);
        if (/cancel/i.test(reason) || current?.status === 'cancelled') {
          await run((tx) => finishJob(tx, jobId, 'cancelled', 'cancelled on request'));
          await finished('cancelled', 'cancelled on request');
          log.info('generation job cancelled');
          return;
        }
        // the worker is going away: leave the job for a retry
        await run((tx) => requeueJob(tx, jobId, ctx.workerId, `worker stopped: ${reason}`)).catch(() => {});
        throw error;
      }
      if (error instanceof InfeasibleRequest) {
        await run((tx) => finishJob(tx, jobId, 'failed', error.message));
        await finished('failed', error.message);
        log.info({ reasons: error.reasons }, 'generation request infeasible');
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      if (ctx.attempt >= deps.attempts) {
        await run((tx) => finishJob(tx, jobId, 'failed', message));
        await finished('failed', message);
        log.error({ err: error }, 'generation job failed');
        return;
      }
      await run((tx) => requeueJob(tx, jobId, ctx.workerId, message));
      throw error;
    } finally {
      engine.close();
    }
  };
}
