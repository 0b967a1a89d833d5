// Step 1 of a generation: validate the input, store the generation (its request row and its first job row),
// enqueue the job, answer at once. The GraphQL mutation `startGeneration` (and the deprecated `generateSchedule`)
// and every REST route that generates or optimises (through those mutations) end here.
import { GraphQLError } from 'graphql';
import type pino from 'pino';
import type { ServiceTx } from '../../../db/index.ts';
import { badUserInput } from '../../kit/errors.ts';
import { idArg } from '../../kit/ids.ts';
import { requiredConference } from '../../kit/tenancy.ts';
import * as repo from '../repository.ts';
import { finishJob, insertJob, requestById, setQueueJobId } from './job-rows.ts';
import { DECLARED_PARAMETER_FIELDS, DEFAULT_TIME_LIMIT_SECONDS, GENERATION_PARAMETER_NAMES } from './parameters.ts';
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

const isObject = (v: unknown): v is Args => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The parameters as they will run: only names a generation understands; one time limit (`seconds`; REST v1's
 * `time_limit_seconds` and the input's `timeLimitSeconds` are the same thing), the algorithm's when none is given.
 */
function normaliseParameters(input: Args, algorithm: repo.AlgorithmRow | undefined): Args {
  const given = input.parameters ?? {};
  if (!isObject(given)) throw badUserInput('input.parameters', 'must be a JSON object');
  const declared = Object.keys(given).find((k) => DECLARED_PARAMETER_FIELDS[k] !== undefined);
  if (declared !== undefined)
    throw badUserInput(
      `input.parameters.${declared}`,
      `is not a parameter: it is set by ${DECLARED_PARAMETER_FIELDS[declared]}`,
    );
  const unknown = Object.keys(given).filter((k) => !GENERATION_PARAMETER_NAMES.includes(k));
  if (unknown.length > 0)
    throw badUserInput(
      `input.parameters.${unknown[0]}`,
      `is not a generation parameter (known: ${GENERATION_PARAMETER_NAMES.join(', ')})`,
    );
  const limits = [input.timeLimitSeconds, given.time_limit_seconds, given.seconds].filter(
    (v) => v !== undefined && v !== null,
  );
  for (const v of limits)
    if (typeof v !== 'number' || !(v > 0) || v > 3600)
      throw badUserInput(
        'input.timeLimitSeconds',
        `must be a number of seconds in (0, 3600], got ${JSON.stringify(v)}`,
      );
  if (new Set(limits).size > 1)
    throw badUserInput('input.timeLimitSeconds', `two different time limits given (${limits.join(', ')})`);
  const parameters: Args = { ...given };
  const algorithmSettings = (algorithm?.parameters ?? {}) as Args;
  if (limits.length > 0 && parameters.iterations !== undefined)
    throw badUserInput('input.timeLimitSeconds', 'give either a time limit or parameters.iterations, not both');
  if (limits.length > 0) parameters.seconds = limits[0];
  else if (parameters.iterations === undefined && algorithmSettings.iterations === undefined)
    parameters.seconds = (algorithmSettings.seconds as number | undefined) ?? DEFAULT_TIME_LIMIT_SECONDS;
  if (parameters.time_limit_seconds !== undefined) parameters.time_limit_seconds = parameters.seconds;
  return parameters;
}

/** The algorithm asked for, else the default one: recorded on the generation and on the version it stores. */
async function algorithmOf(tx: ServiceTx, algorithmId: number | undefined): Promise<repo.AlgorithmRow | undefined> {
  if (algorithmId === undefined) return repo.defaultAlgorithm(tx);
  const [row] = await repo.algorithmsByIds(tx, [algorithmId]);
  if (!row) throw badUserInput('input.algorithmId', `no algorithm with id ${algorithmId}`);
  const runs = Number((row.parameters as Args).runs ?? 1);
  if (runs > 1)
    throw badUserInput(
      'input.algorithmId',
      `algorithm ${row.algorithmName} makes ${runs} parallel runs; a generation job makes one (choose another algorithm)`,
    );
  return row;
}

/** The schedule a generation improves (optimise), with the sport, season and conference it implies. */
async function targetOf(tx: ServiceTx, input: Args): Promise<repo.ScheduleRow | null> {
  const given = isObject(input.parameters) ? input.parameters : {};
  const ids = [
    idArg('input.scheduleId', input.scheduleId, true),
    idArg('input.parameters.schedule_id', given.schedule_id, true),
  ];
  const [scheduleId] = ids.filter((x) => x !== undefined);
  if (ids[0] !== undefined && ids[1] !== undefined && ids[0] !== ids[1])
    throw badUserInput('input.scheduleId', `differs from parameters.schedule_id (${ids[0]} ≠ ${ids[1]})`);
  if (scheduleId === undefined) {
    if (given.mode !== undefined && given.mode !== 'generate')
      throw badUserInput(
        'input.parameters.mode',
        `"${String(given.mode)}" needs input.scheduleId (the schedule to optimise)`,
      );
    return null;
  }
  if (given.mode !== undefined && given.mode !== 'optimize')
    throw badUserInput('input.parameters.mode', 'must be "optimize" when a schedule is given');
  const schedule = await repo.scheduleById(tx, scheduleId);
  if (!schedule) throw badUserInput('input.scheduleId', `no schedule with id ${scheduleId}`);
  for (const [field, own] of [
    ['sportId', schedule.sportId],
    ['seasonId', schedule.seasonId],
    ['conferenceId', schedule.conferenceId],
  ] as const) {
    const asked = idArg(`input.${field}`, input[field], true);
    if (asked !== undefined && asked !== own)
      throw badUserInput(`input.${field}`, `schedule ${scheduleId} belongs to ${field} ${own}, not ${asked}`);
  }
  return schedule as repo.ScheduleRow;
}

/** At most this many fixed schedules, or sports generated after one: a conference's sports sharing its arenas. */
const MAX_SHARED_ARENA_LIST = 10;

function idList(field: string, value: unknown): number[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badUserInput(field, 'must be a list of ids');
  if (value.length > MAX_SHARED_ARENA_LIST) throw badUserInput(field, `at most ${MAX_SHARED_ARENA_LIST} ids`);
  return [...new Set(value.map((v, i) => idArg(`${field}[${i}]`, v) as number))];
}

/**
 * The fixed schedules a generation is made around (shared arenas): each must exist and be of the generation's own
 * conference (its arenas are the conference's); the schedule being optimised cannot be one of them.
 */
async function aroundSchedulesOf(
  tx: ServiceTx,
  input: Args,
  conferenceId: number | null,
  target: repo.ScheduleRow | null,
): Promise<number[]> {
  const ids = idList('input.aroundSchedules', input.aroundSchedules);
  for (const id of ids) {
    if (id === target?.scheduleId)
      throw badUserInput('input.aroundSchedules', `schedule ${id} is the schedule being optimised`);
    const schedule = await repo.scheduleById(tx, id);
    if (!schedule) throw badUserInput('input.aroundSchedules', `no schedule with id ${id}`);
    if (schedule.conferenceId !== conferenceId)
      throw badUserInput(
        'input.aroundSchedules',
        `schedule ${id} belongs to conference ${schedule.conferenceId}, not ${conferenceId}: arenas are shared within a conference`,
      );
  }
  return ids;
}

/** The sports generated after this one around its schedule (follow-ups): existing, other than its own, once each. */
async function sharedArenaSportsOf(
  tx: ServiceTx,
  input: Args,
  sportId: number,
  target: repo.ScheduleRow | null,
): Promise<number[]> {
  const ids = idList('input.sharedArenaSportIds', input.sharedArenaSportIds);
  if (ids.length && target)
    throw badUserInput(
      'input.sharedArenaSportIds',
      'follow-up sports are generated with a new schedule, not when optimising one',
    );
  if (ids.includes(sportId))
    throw badUserInput('input.sharedArenaSportIds', `sport ${sportId} is the generation's own sport`);
  const known = await repo.existingIds(tx, 'sport', ids);
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw badUserInput('input.sharedArenaSportIds', `no sport with id ${missing.join(', ')}`);
  return ids;
}

/**
 * Validates a generation's input and stores its request row (status pending); nothing is queued. With a schedule
 * (input.scheduleId, or REST v1's parameters.schedule_id) the generation optimises that schedule: its result becomes a
 * new version of it.
 */
export async function recordGeneration(deps: Pick<StartDeps, 'run' | 'tenant'>, input: Args): Promise<repo.RequestRow> {
  const seasonArg = idArg('input.seasonId', input.seasonId, true);
  const algorithmId = idArg('input.algorithmId', input.algorithmId, true);
  const name = String(input.name ?? '').trim();
  if (!name) throw badUserInput('input.name', 'must not be empty');
  if (input.parameters !== undefined && input.parameters !== null && !isObject(input.parameters))
    throw badUserInput('input.parameters', 'must be a JSON object');
  return deps.run(async (tx) => {
    const target = await targetOf(tx, input);
    const sportId = target?.sportId ?? idArg('input.sportId', input.sportId);
    const seasonId = target?.seasonId ?? seasonArg;
    // optimise: the schedule's own conference; otherwise the one named or the caller's (an operator must name one)
    const conferenceId = target?.conferenceId ?? requiredConference(input, deps, 'generation');
    if (!(await repo.existingIds(tx, 'sport', [sportId])).size)
      throw badUserInput('input.sportId', `no sport with id ${sportId}`);
    if (seasonId !== undefined && !(await repo.existingIds(tx, 'season', [seasonId])).size)
      throw badUserInput('input.seasonId', `no season with id ${seasonId}`);
    const algorithm = await algorithmOf(tx, algorithmId);
    const parameters = normaliseParameters(input, algorithm);
    if (target) Object.assign(parameters, { mode: 'optimize', schedule_id: target.scheduleId });
    const around = await aroundSchedulesOf(tx, input, conferenceId, target);
    if (around.length) parameters.aroundSchedules = around;
    const followingSports = await sharedArenaSportsOf(tx, input, sportId, target);
    if (followingSports.length) parameters.sharedArenaSportIds = followingSports;
    return repo.insertRequest(tx, {
      requestName: name,
      sportId,
      seasonId: seasonId ?? null,
      conferenceId,
      algorithmId: algorithm?.algorithmId ?? null,
      scheduleId: target?.scheduleId ?? null,
      generationParameters: parameters,
      primaryObjectives: input.objectives ?? [],
      requestedBy: typeof input.requestedBy === 'string' ? input.requestedBy : null,
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
