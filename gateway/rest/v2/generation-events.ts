// GET /api/v2/schedule-generation/generations/{id}/events: a generation's live progress as Server-Sent Events.
// Behind the same front door as every route (gateway/auth); the generation is read through the supergraph as the
// caller (v2/GetRequest), so another conference's generation is a 404 like any unknown id. Events come from the event
// bus (`generation.progress`, `generation.finished`, published by whichever worker runs the job: in-process, or Redis
// Streams across machines); their bus ids are the SSE ids, so `Last-Event-ID` resumes after the last one received.
// A comment line every heartbeat keeps proxies from closing an idle stream; the stream ends after the terminal event.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  compareEventIds,
  EVENT_ID,
  EVENT_TYPES,
  type EventBus,
  type StreamEvent,
} from '../../../subgraphs/kit/events/index.ts';
import { notFound, RestError, sendError } from '../errors.ts';
import type { GetRequestQuery } from '../generated/v2-operations.ts';
import { makeRunner, type RunnerOptions } from '../route.ts';
import { ERROR_RESPONSES, id, obj, str } from '../schemas.ts';

export const GENERATION_EVENTS_URL = '/v2/schedule-generation/generations/:id/events';

export interface GenerationEventsOptions {
  events: EventBus;
  /** Comment line sent when nothing else was, ms (default FLEXTIME_SSE_HEARTBEAT_MS, else 15 000). */
  heartbeatMs?: number;
  /** How long one read of the bus waits for an event, ms (default 250). */
  waitMs?: number;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
/** Events of the generation published before its row's createdAt by a clock this far off are still replayed. */
const CLOCK_SLACK_MS = 5_000;

type GenerationState = NonNullable<GetRequestQuery['generation']>;

const DESCRIPTION =
  'Server-Sent Events (`text/event-stream`) of one generation, pushed as its job runs on any worker. Events: ' +
  '`progress` (data: `{ generationId, jobId, status: "running", percent, elapsedMs, bestCost, hardViolations, softPenalty, iteration }`) ' +
  'and, last, `finished` (data: `{ generationId, jobId, status: completed|failed|cancelled, scheduleId, versionId, hardViolations, softPenalty, errorMessage }`), ' +
  'after which the stream closes. Each event has an `id`; reconnect with `Last-Event-ID` to receive only later events ' +
  '(without it, the generation’s events from its start are replayed). A `: heartbeat` comment comes when nothing else ' +
  'did for the heartbeat interval (15 s). A generation already finished answers its terminal event at once. ' +
  'Same credentials as every route (`X-API-Key` or bearer token; browsers’ EventSource cannot send them: use fetch).';

export function registerGenerationEvents(
  api: FastifyInstance,
  runner: RunnerOptions,
  opts: GenerationEventsOptions,
): void {
  const heartbeatMs = opts.heartbeatMs ?? (Number(process.env.FLEXTIME_SSE_HEARTBEAT_MS) || 15_000);
  const waitMs = opts.waitMs ?? 250;
  api.route({
    method: 'GET',
    url: GENERATION_EVENTS_URL,
    schema: {
      summary: "A generation's live progress (Server-Sent Events)",
      description: DESCRIPTION,
      tags: ['schedule-generation'],
      operationId: 'getV2ScheduleGenerationGenerationsIdEvents',
      params: obj({ id: id('Generation id (the request id of POST /requests)') }, ['id']),
      headers: obj({
        'last-event-id': str('Resume after this event id (`<ms>-<seq>`)', { pattern: EVENT_ID.source }),
      }),
      response: {
        200: {
          description: 'An event stream: `progress` events, then one `finished` event',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
        400: ERROR_RESPONSES[400],
        401: ERROR_RESPONSES[401],
        403: ERROR_RESPONSES[403],
        404: ERROR_RESPONSES[404],
        502: ERROR_RESPONSES[502],
        503: ERROR_RESPONSES[503],
      },
    },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const principal = request.principal;
      if (!principal) return sendError(reply, new RestError(401, 'Authentication required', { code: 'AUTH_REQUIRED' }));
      const generationId = String((request.params as { id: number }).id);
      const resumeFrom = request.headers['last-event-id'];
      if (resumeFrom !== undefined && (typeof resumeFrom !== 'string' || !EVENT_ID.test(resumeFrom)))
        throw new RestError(400, "Invalid header 'last-event-id': must be an event id of this stream (<ms>-<seq>)", {
          code: 'VALIDATION_ERROR',
          details: { field: 'last-event-id', in: 'headers' },
        });
      const run = makeRunner(runner, request, principal);
      const readState = async () => (await run('v2/GetRequest', { id: generationId })).generation;
      const state = await readState();
      if (!state) throw notFound('Generation', generationId);
      const from = resumeFrom ?? `${Math.max(0, Date.parse(state.createdAt) - CLOCK_SLACK_MS)}-0`;
      await streamEvents(request, reply, { ...opts, heartbeatMs, waitMs }, { generationId, from, state, readState });
    },
  });
}

interface StreamInput {
  generationId: string;
  from: string;
  state: GenerationState;
  readState(): Promise<GenerationState | null>;
}

async function streamEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: Required<GenerationEventsOptions>,
  input: StreamInput,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no', // nginx and the like: pass each event on at once
    'x-request-id': String(request.id),
  });
  let open = true;
  const stop = () => {
    open = false;
  };
  request.raw.on('close', stop);
  res.on('close', stop);
  let lastWrite = Date.now();
  const write = (text: string) => {
    if (!open) return;
    res.write(text);
    lastWrite = Date.now();
  };
  write('retry: 2000\n\n');

  let cursor = input.from;
  let ended = false;
  let state: GenerationState | null = input.state;
  const send = (e: StreamEvent) => {
    const name = e.type === EVENT_TYPES.generationFinished ? 'finished' : 'progress';
    const data = { ...e.payload, generationId: input.generationId, publishedAt: e.publishedAt };
    delete (data as Record<string, unknown>).conferenceId;
    write(`id: ${e.id}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    if (name === 'finished') ended = true;
  };
  const ours = (e: StreamEvent) =>
    String(e.payload.generationId) === input.generationId &&
    (e.type === EVENT_TYPES.generationProgress || e.type === EVENT_TYPES.generationFinished);
  /** Reads the bus up to now; true when it returned anything. */
  const drain = async (waitMs: number) => {
    const batch = await opts.events.read(cursor, { count: 500, waitMs });
    for (const e of batch) {
      if (compareEventIds(e.id, cursor) <= 0) continue;
      cursor = e.id;
      if (ours(e)) send(e);
      if (ended) break;
    }
    return batch.length > 0;
  };
  /** A generation that ended without a terminal event on the bus (trimmed, another bus): its row says how. */
  const finishFromRow = (s: GenerationState) => {
    write(
      `event: finished\ndata: ${JSON.stringify({
        generationId: input.generationId,
        status: s.status,
        scheduleId: s.schedule ? Number(s.schedule.id) : null,
        errorMessage: s.errorMessage,
      })}\n\n`,
    );
    ended = true;
  };

  try {
    while (open && !ended && (await drain(0))) {} // replay
    let lastCheck = Date.now();
    while (open && !ended) {
      if (state && TERMINAL.has(state.status)) {
        // the row says it ended: whatever is on the bus up to now, then the row's word if the bus had no end
        while (open && !ended && (await drain(0))) {}
        if (!ended) finishFromRow(state);
        break;
      }
      await drain(opts.waitMs);
      if (!open || ended) break;
      if (Date.now() - lastWrite >= opts.heartbeatMs) write(': heartbeat\n\n');
      if (Date.now() - lastCheck >= opts.heartbeatMs) {
        lastCheck = Date.now();
        state = await input.readState().catch(() => state);
        if (!state) break; // gone (deleted): nothing more will come
      }
    }
  } catch (error) {
    request.log.warn({ err: error }, 'generation event stream failed');
    write(`event: error\ndata: ${JSON.stringify({ message: 'the event stream failed; reconnect to resume' })}\n\n`);
  } finally {
    request.raw.off('close', stop);
    if (!res.writableEnded) res.end();
  }
}
