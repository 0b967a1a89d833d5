// Sports sharing arenas as one user action: a generation started with `sharedArenaSportIds` (e.g. men's basketball,
// then women's) has its job record the next sport's generation in the same transaction that stores its schedule, and
// queue it: the follow-up is generated around every schedule before it (aroundSchedules), so no arena hosts two games
// on one day. Each follow-up is a generation of its own (progress, cancel, time limit), listed on the one that started
// it (GenerationRequest.followUps); the rest of the sports ride along on it.
import { sql } from 'drizzle-orm';
import type { ServiceTx } from '../../../db/index.ts';
import { scheduleGenerationRequests } from '../../../db/schema/schedule-generation.ts';
import * as repo from '../repository.ts';
import { insertJob, type JobRow, type RequestRow, setQueueJobId } from './job-rows.ts';
import type { JobQueue } from './queue.ts';

type Params = Record<string, unknown>;

/**
 * Records the next sport's generation (request + job rows, inside the caller's transaction) when the stored one asks
 * for follow-ups; null when it does not.
 */
export async function recordFollowUp(
  tx: ServiceTx,
  request: RequestRow,
  scheduleId: number,
): Promise<{ request: RequestRow; job: JobRow } | null> {
  const params = (request.generationParameters ?? {}) as Params;
  const sports = (params.sharedArenaSportIds as number[] | undefined) ?? [];
  if (sports.length === 0) return null;
  const [next, ...rest] = sports;
  const { sharedArenaSportIds: _chain, followUpOf: _from, ...kept } = params;
  const parameters: Params = {
    ...kept,
    aroundSchedules: [...((params.aroundSchedules as number[] | undefined) ?? []), scheduleId],
    followUpOf: request.requestId,
    ...(rest.length ? { sharedArenaSportIds: rest } : {}),
  };
  const followUp = await repo.insertRequest(tx, {
    requestName: `${request.requestName} · sport ${next} around schedule ${scheduleId}`,
    sportId: next,
    seasonId: request.seasonId,
    conferenceId: request.conferenceId,
    algorithmId: request.algorithmId,
    scheduleId: null,
    generationParameters: parameters,
    primaryObjectives: request.primaryObjectives,
    requestedBy: request.requestedBy,
  });
  const job = await insertJob(tx, followUp.requestId, followUp.conferenceId);
  return { request: followUp, job };
}

/** Queues a recorded follow-up's job (after its rows are committed). */
export async function queueFollowUp(
  run: <T>(fn: (tx: ServiceTx) => Promise<T>) => Promise<T>,
  queue: JobQueue,
  followUp: { request: RequestRow; job: JobRow },
): Promise<void> {
  const queueJobId = await queue.add({
    jobId: followUp.job.jobId,
    requestId: followUp.request.requestId,
    tenant: followUp.request.conferenceId,
  });
  await run((tx) => setQueueJobId(tx, followUp.job.jobId, queueJobId));
}

/** The follow-ups a generation's job started, oldest first. */
export function followUpsOf(tx: ServiceTx, requestId: number): Promise<RequestRow[]> {
  const parameters = scheduleGenerationRequests.generationParameters;
  return tx
    .select()
    .from(scheduleGenerationRequests)
    .where(sql`${parameters}->>'followUpOf' = ${String(requestId)}`)
    .orderBy(scheduleGenerationRequests.requestId);
}
