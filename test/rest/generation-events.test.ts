// GET /api/v2/schedule-generation/generations/{id}/events over real HTTP: a generation's progress as Server-Sent
// Events, in order, ending with its terminal event; Last-Event-ID resumes with only the later events; a heartbeat
// comment while nothing happens; 401 without a credential, 404 for another conference's generation or an unknown id,
// 400 for a Last-Event-ID that is not one; documented in /openapi.json. Once on the in-process bus (npm start), and
// once with REDIS_URL: the job runs on BullMQ and its worker publishes through Redis Streams, which the gateway reads.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventBus, RedisEventBus, setEventBus } from '../../subgraphs/kit/events/index.ts';
import { KEYS, startTestStack, type TestStack, uniquePrefix } from '../support/stack.ts';

const REDIS_URL = process.env.REDIS_URL;

interface SseEvent {
  id?: string;
  event: string;
  data: Record<string, unknown>;
}

/** Reads a whole event stream (it ends after the terminal event): its events and its comment lines. */
async function readStream(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; type: string | null; events: SseEvent[]; comments: string[] }> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const text = await res.text();
  if (!res.headers.get('content-type')?.startsWith('text/event-stream'))
    return { status: res.status, type: res.headers.get('content-type'), events, comments };
  for (const block of text.split('\n\n')) {
    const e: Partial<SseEvent> & { lines: string[] } = { lines: [] };
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) e.id = line.slice(4);
      else if (line.startsWith('event: ')) e.event = line.slice(7);
      else if (line.startsWith('data: ')) e.lines.push(line.slice(6));
    }
    if (e.event) events.push({ id: e.id, event: e.event, data: JSON.parse(e.lines.join('\n')) });
  }
  return { status: res.status, type: res.headers.get('content-type'), events, comments };
}

async function startGeneration(stack: TestStack, seconds: number): Promise<string> {
  const teams = await stack.gql<{ teams: { nodes: Array<{ sport: { id: string } }> } }>(
    '{ teams(sportCode: "MBB", limit: 1) { nodes { sport { id } } } }',
  );
  const r = await stack.request('POST', '/api/v2/schedule-generation/requests', {
    key: KEYS.big12Scheduler,
    body: {
      request_name: `SSE ${seconds}s`,
      sport_id: Number(teams.data.teams.nodes[0].sport.id),
      season_id: 2,
      time_limit_seconds: seconds,
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return String(r.body.request_id);
}

function suite(name: string, events: () => EventBus | null) {
  describe(name, () => {
    let stack: TestStack;
    let generationId: string;
    let first: Awaited<ReturnType<typeof readStream>>;
    const url = (id: string) => `${stack.baseUrl}/api/v2/schedule-generation/generations/${id}/events`;
    const previousHeartbeat = process.env.FLEXTIME_SSE_HEARTBEAT_MS;

    beforeAll(async () => {
      process.env.FLEXTIME_SSE_HEARTBEAT_MS = '100';
      const bus = events();
      if (bus) setEventBus(bus);
      stack = await startTestStack({
        redisPrefix: 'sse',
        memoryEvents: bus === null,
        jobs: { worker: true },
        defaultMetrics: false,
        limits: { subgraphTimeoutMs: 30_000 },
      });
      generationId = await startGeneration(stack, 2);
      first = await readStream(url(generationId), { 'x-api-key': KEYS.big12Scheduler });
    }, 120_000);
    afterAll(async () => {
      if (previousHeartbeat === undefined) delete process.env.FLEXTIME_SSE_HEARTBEAT_MS;
      else process.env.FLEXTIME_SSE_HEARTBEAT_MS = previousHeartbeat;
      await stack?.stop();
      const bus = events();
      if (bus) {
        setEventBus(null);
        await bus.close();
      }
    });

    it('streams the progress events in order, with rising ids, then one finished event, and closes', () => {
      expect(first.status).toBe(200);
      expect(first.type).toMatch(/^text\/event-stream/);
      const progress = first.events.filter((e) => e.event === 'progress');
      expect(progress.length).toBeGreaterThanOrEqual(2);
      const ids = first.events.map((e) => e.id);
      expect(ids.every((id) => /^\d+-\d+$/.test(id ?? ''))).toBe(true);
      const sorted = [...ids].sort((a, b) => {
        const [am, as] = a!.split('-').map(Number);
        const [bm, bs] = b!.split('-').map(Number);
        return am - bm || as - bs;
      });
      expect(ids).toEqual(sorted);
      expect(new Set(ids).size).toBe(ids.length);
      const percents = progress.map((e) => e.data.percent as number);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(progress.every((e) => e.data.generationId === generationId && e.data.status === 'running')).toBe(true);
      expect(
        progress.some((e) => typeof e.data.bestCost === 'number' && typeof e.data.hardViolations === 'number'),
      ).toBe(true);
      const elapsed = progress.map((e) => e.data.elapsedMs as number);
      expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
      const last = first.events.at(-1)!;
      expect(last.event).toBe('finished');
      expect(last.data).toMatchObject({ generationId, status: 'completed' });
      expect(typeof last.data.versionId).toBe('number');
      expect(first.events.filter((e) => e.event === 'finished')).toHaveLength(1);
      expect(first.events.every((e) => !('conferenceId' in e.data))).toBe(true);
    });

    it('sends a heartbeat comment while no event comes', () => {
      expect(first.comments).toContain('heartbeat');
    });

    it('resumes after Last-Event-ID with exactly the later events', async () => {
      const after = first.events[1].id!;
      const resumed = await readStream(url(generationId), {
        'x-api-key': KEYS.big12Scheduler,
        'last-event-id': after,
      });
      expect(resumed.status).toBe(200);
      expect(resumed.events.map((e) => e.id)).toEqual(first.events.slice(2).map((e) => e.id));
      expect(resumed.events.at(-1)?.event).toBe('finished');
    });

    it('a finished generation answers its events and closes at once, to a viewer of its conference and the operator', async () => {
      const again = await readStream(url(generationId), { 'x-api-key': KEYS.big12Viewer });
      expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
      const operator = await readStream(url(generationId), { 'x-api-key': KEYS.operator });
      expect(operator.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    });

    it('refuses a request without a credential with 401', async () => {
      const res = await fetch(url(generationId), { headers: { accept: 'text/event-stream' } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
      expect((await res.json()).code).toBe('AUTH_REQUIRED');
    });

    it("answers 404 for another conference's generation, as for an unknown one", async () => {
      const other = await fetch(url(generationId), { headers: { 'x-api-key': KEYS.mw } });
      expect(other.status).toBe(404);
      expect(await other.json()).toMatchObject({ code: 'NOT_FOUND' });
      const unknown = await fetch(url('999999'), { headers: { 'x-api-key': KEYS.big12Scheduler } });
      expect(unknown.status).toBe(404);
    });

    it('refuses a Last-Event-ID that is not an event id with 400 naming the header', async () => {
      const res = await fetch(url(generationId), {
        headers: { 'x-api-key': KEYS.big12Scheduler, 'last-event-id': 'yesterday' },
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.message).toMatch(/last-event-id/i);
    });

    it('a cancelled queued or running generation ends its stream with a cancelled event', async () => {
      const id = await startGeneration(stack, 30);
      const reading = readStream(url(id), { 'x-api-key': KEYS.big12Scheduler });
      await new Promise((r) => setTimeout(r, 1_500));
      const cancel = await stack.request('POST', `/api/v2/schedule-generation/requests/${id}/cancel`, {
        key: KEYS.big12Scheduler,
      });
      expect(cancel.status).toBeLessThan(300);
      const stream = await reading;
      expect(stream.events.at(-1)).toMatchObject({ event: 'finished', data: { status: 'cancelled' } });
    }, 60_000);

    it('is documented in the OpenAPI document as text/event-stream', async () => {
      const doc = await (await fetch(`${stack.baseUrl}/openapi.json`)).json();
      const op = doc.paths['/api/v2/schedule-generation/generations/{id}/events']?.get;
      expect(op).toBeDefined();
      expect(Object.keys(op.responses['200'].content)).toContain('text/event-stream');
      expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['id', 'last-event-id']),
      );
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '404']));
      const verdict = await new Validator().validate(doc);
      expect(verdict.valid, JSON.stringify(verdict.errors)).toBe(true);
    });
  });
}

suite('generation events on the in-process bus', () => null);

let redisBus: RedisEventBus | null = null;
const prefix = uniquePrefix('sse-bus');
describe.runIf(REDIS_URL)('with REDIS_URL', () => {
  suite('generation events from a BullMQ worker through Redis Streams', () => {
    redisBus ??= new RedisEventBus({ url: REDIS_URL!, prefix });
    return redisBus;
  });
  it('the events travelled through the Redis stream', async () => {
    const redis = new Redis(REDIS_URL!);
    try {
      const entries = (await redis.xrange(`${prefix}:events`, '-', '+')) as Array<[string, string[]]>;
      const types = entries.map(([, fields]) => fields[fields.indexOf('type') + 1]);
      expect(types).toContain('generation.progress');
      expect(types).toContain('generation.finished');
      await redis.del(`${prefix}:events`);
    } finally {
      redis.disconnect();
    }
  });
});
