// Step 1 of a generation: validate the input, store the generation (its request row and its first job row),
// enqueue the job, answer at once. The GraphQL mutation `startGeneration` (and the deprecated `generateSchedule`)
// and every REST route that generates or optimises (through those mutations) end here.
import { GraphQLError } from 'graphql';
import type pino from 'pino';
import type { ServiceTx } from '../../../db/index.ts';
import { badUserInput } from '../../kit/errors.ts';
import { idArg } from '../../kit/ids.ts';
import * as repo from '../repository.ts';
import { finishJob, insertJob, requestById, setQueueJobId } from './job-rows.ts';
import type { JobQueue } from './queue.ts';

type Args = Record<string, unknown>;

export interface StartDeps {
  run<T>(fn: (tx: ServiceTx) => Promise<T>): Promise<T>;
  queue: JobQueue;
  logger: pino.Logger;
  /** The caller's conference (x-conference-id): the default conference of the generation. */
  tenant: number | null;
}

function queueUnavailable(error: unknown): GraphQLError {
  return new GraphQLError(
    `The generation job queue is unavailable, try again later (${error instanceof Error ? error.message : String(error)})`,
    { extensions: { code: 'QUEUE_UNAVAILABLE', http: { status: 503 } } },
  );
}

/** Validates a generation's input and stores its request row (status pending); nothing is queued. */
export async function recordGeneration(deps: Pick<StartDeps, 'run' | 'tenant'>, input: Args): Promise<repo.RequestRow> {
  const sportId = idArg('input.sportId', input.sportId);
  const seasonId = idArg('input.seasonId', input.seasonId, true);
  const conferenceId = idArg('input.conferenceId', input.conferenceId, true) ?? deps.tenant ?? undefined;
  const algorithmId = idArg('input.algorithmId', input.algorithmId, true);
  const name = String(input.name ?? '').trim();
  if (!name) throw badUserInput('input.name', 'must not be empty');
  if (
    input.parameters !== undefined &&
    input.parameters !== null &&
    (typeof input.parameters !== 'object' || Array.isArray(input.parameters))
  )
    throw badUserInput('input.parameters', 'must be a JSON object');
  return deps.run(async (tx) => {
    if (!(await repo.existingIds(tx, 'sport', [sportId])).size)
      throw badUserInput('input.sportId', `no sport with id ${sportId}`);
    if (seasonId !== undefined && !(await repo.existingIds(tx, 'season', [seasonId])).size)
      throw badUserInput('input.seasonId', `no season with id ${seasonId}`);
    if (algorithmId !== undefined && !(await repo.existingIds(tx, 'algorithm', [algorithmId])).size)
      throw badUserInput('input.algorithmId', `no algorithm with id ${algorithmId}`);
    return repo.insertRequest(tx, {
      requestName: name,
      sportId,
      seasonId: seasonId ?? null,
      conferenceId: conferenceId ?? null,
      algorithmId: algorithmId ?? null,
      generationParameters: input.parameters ?? {},
      primaryObjectives: input.objectives ?? [],
      requestedBy: (input.requestedBy as string | undefined) ?? null,
    });
  });
}

/** Validates, stores and enqueues a generation; answers with its request row (status queued). 503 when the queue is down. */
export async function startGeneration(deps: StartDeps, input: Args): Promise<repo.RequestRow> {
  try {
    await deps.queue.ready();
  } catch (error) {
    throw queueUnavailable(error);
  }
  const request = await recordGeneration(deps, input);
  const job = await deps.run((tx) => insertJob(tx, request.requestId, request.conferenceId));
  try {
    const queueJobId = await deps.queue.add({
      jobId: job.jobId,
      requestId: request.requestId,
      tenant: request.conferenceId ?? deps.tenant,
    });
    await deps.run((tx) => setQueueJobId(tx, job.jobId, queueJobId));
  } catch (error) {
    await deps.run((tx) => finishJob(tx, job.jobId, 'failed', 'the job queue was unavailable')).catch(() => {});
    throw queueUnavailable(error);
  }
  deps.logger.info({ requestId: request.requestId, jobId: job.jobId, queue: deps.queue.kind }, 'generation queued');
  return deps.run(async (tx) => (await requestById(tx, request.requestId)) as repo.RequestRow);
}
