// The event bus: Redis Streams with consumer groups when REDIS_URL is set, an in-process bus with the same
// semantics otherwise. Delivery is at least once: an event is acknowledged only after its handler succeeded; an
// event delivered to a consumer that died is claimed by another consumer of the group after `claimIdleMs`; a
// failing handler is retried (up to `maxDeliveries`, then the event goes to a dead-letter list). Handlers are made
// idempotent by a per-group record of processed event ids, checked before and written after the handler.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pino from 'pino';
import type { RedisClient } from '../redis/connect.ts';
import { closeRedis, connectBlockingRedis, connectRedis, redisPrefix, redisUrlFromEnv, settle } from './redis.ts';

/** The events FlexTime publishes. */
export const EVENT_TYPES = {
  scheduleGenerated: 'schedule.generated',
  teamBlackoutsChanged: 'team.blackouts.changed',
  venueUnavailabilityChanged: 'venue.unavailability.changed',
  /** A running generation's progress (elapsed, best cost, hard violations): followed live by the SSE route. */
  generationProgress: 'generation.progress',
  /** A generation ended: completed, failed or cancelled (the last event its SSE stream sends). */
  generationFinished: 'generation.finished',
} as const;

export interface FlexEvent<P = Record<string, unknown>> {
  /** Stream entry id (Redis) or a sequence id (in-process): unique per bus. */
  id: string;
  type: string;
  payload: P;
  publishedAt: string;
  /** How many times this event has been handed to a consumer of this group (1 on first delivery). */
  deliveries: number;
}

/** An event as read from the stream by a reader that keeps its own place (no consumer group). */
export type StreamEvent = Omit<FlexEvent, 'deliveries'>;

export interface ReadOptions {
  /** At most this many events (default 100). */
  count?: number;
  /** When there is none yet, wait up to this long for one, ms (default 0: answer at once). */
  waitMs?: number;
}

/** Orders two stream ids (`<ms>-<seq>`, Redis's and the in-process bus's form): negative when a precedes b. */
export function compareEventIds(a: string, b: string): number {
  const [am, as = '0'] = a.split('-');
  const [bm, bs = '0'] = b.split('-');
  return Number(am) - Number(bm) || Number(as) - Number(bs);
}

/** A stream id: `<ms>-<seq>` (what SSE clients send back as Last-Event-ID). */
export const EVENT_ID = /^\d{1,15}-\d{1,15}$/;

export type EventHandler = (event: FlexEvent) => Promise<void> | void;

export interface SubscribeOptions {
  /** Consumer group: every group sees every event once (at least once); consumers of a group share the work. */
  group: string;
  /** Consumer name within the group (default host:pid:random). Reusing a name re-reads its own pending events. */
  consumer?: string;
  /** Only these event types (others are acknowledged and skipped). */
  types?: readonly string[];
  handler: EventHandler;
  /** Deliveries before an event is dead-lettered (default 5). */
  maxDeliveries?: number;
  /** A delivered, unacknowledged event is taken over from its consumer after this idle time (default 30 s). */
  claimIdleMs?: number;
  /** Redis: XREADGROUP BLOCK time, ms (default 1000). */
  blockMs?: number;
  logger?: pino.Logger;
}

export interface Subscription {
  readonly group: string;
  readonly consumer: string;
  /** Graceful stop: finishes the event in hand, then stops. */
  stop(): Promise<void>;
  /** Stops at once without acknowledging the event in hand (what a crash does). */
  kill(): void;
}

export interface EventBus {
  readonly kind: 'redis' | 'memory';
  publish(type: string, payload: Record<string, unknown>): Promise<string>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Events of the group not yet processed and acknowledged (undelivered + pending). */
  backlog(group: string): Promise<number>;
  /** Dead-lettered events of a group. */
  deadLetters(group: string): Promise<FlexEvent[]>;
  /**
   * Events published after the id `after`, oldest first, outside any consumer group: for readers that keep their own
   * place and may start again from it (the SSE route's Last-Event-ID). Many readers share one connection (no BLOCK).
   */
  read(after: string, options?: ReadOptions): Promise<StreamEvent[]>;
  close(): Promise<void>;
}

const defaultConsumer = () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// In-process bus

interface MemGroup {
  /** Index of the next undelivered event in the log. */
  cursor: number;
  pending: Map<string, { event: FlexEvent; consumer: string; since: number }>;
  done: Set<string>;
  dead: FlexEvent[];
  wake: Set<() => void>;
}

export class MemoryEventBus implements EventBus {
  readonly kind = 'memory' as const;
  private log: Array<Omit<FlexEvent, 'deliveries'>> = [];
  private groups = new Map<string, MemGroup>();
  private seq = 0;
  private subs = new Set<Subscription>();
  private readers = new Set<() => void>();

  private group(name: string): MemGroup {
    let g = this.groups.get(name);
    if (!g) {
      g = { cursor: 0, pending: new Map(), done: new Set(), dead: [], wake: new Set() };
      this.groups.set(name, g);
    }
    return g;
  }

  async publish(type: string, payload: Record<string, unknown>): Promise<string> {
    const id = `${Date.now()}-${++this.seq}`;
    this.log.push({ id, type, payload: structuredClone(payload), publishedAt: new Date().toISOString() });
    for (const g of this.groups.values()) for (const w of g.wake) w();
    for (const r of this.readers) r();
    return id;
  }

  async read(after: string, options: ReadOptions = {}): Promise<StreamEvent[]> {
    const count = options.count ?? 100;
    const collect = () => {
      // newest first from the end of the log, so a reader near the head costs only the events after it
      let first = this.log.length;
      while (first > 0 && compareEventIds(this.log[first - 1].id, after) > 0) first--;
      return this.log.slice(first, first + count).map((e) => ({ ...e, payload: structuredClone(e.payload) }));
    };
    const found = collect();
    if (found.length > 0 || !options.waitMs) return found;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.readers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, options.waitMs);
      this.readers.add(done);
    });
    return collect();
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const g = this.group(options.group);
    const consumer = options.consumer ?? defaultConsumer();
    const maxDeliveries = options.maxDeliveries ?? 5;
    const claimIdleMs = options.claimIdleMs ?? 30_000;
    const deliveries = new Map<string, number>();
    let running = true;
    let killed = false;
    let current: Promise<void> | null = null;
    let wake: () => void = () => {};

    const next = (): FlexEvent | null => {
      // own pending first (a restarted consumer of the same name), then events idle too long elsewhere, then new ones
      const now = Date.now();
      for (const p of g.pending.values()) {
        if (p.consumer === consumer || now - p.since >= claimIdleMs) {
          p.consumer = consumer;
          p.since = now;
          const n = (deliveries.get(p.event.id) ?? p.event.deliveries) + 1;
          deliveries.set(p.event.id, n);
          p.event = { ...p.event, deliveries: n };
          return p.event;
        }
      }
      if (g.cursor < this.log.length) {
        const e = this.log[g.cursor++];
        const event: FlexEvent = { ...e, payload: structuredClone(e.payload), deliveries: 1 };
        g.pending.set(e.id, { event, consumer, since: now });
        return event;
      }
      return null;
    };

    const loop = async () => {
      while (running) {
        const event = next();
        if (!event) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            g.wake.add(resolve);
            setTimeout(resolve, Math.min(claimIdleMs, 1_000)).unref();
          });
          g.wake.delete(wake);
          continue;
        }
        current = handleOne(event);
        await current;
        current = null;
      }
    };

    const handleOne = async (event: FlexEvent) => {
      const ack = () => g.pending.delete(event.id);
      if ((options.types && !options.types.includes(event.type)) || g.done.has(event.id)) {
        ack();
        return;
      }
      if (event.deliveries > maxDeliveries) {
        g.dead.push(event);
        ack();
        return;
      }
      try {
        await options.handler(event);
        if (killed) return; // a crash between the work and the acknowledgement: the event stays pending
        g.done.add(event.id);
        ack();
      } catch (error) {
        options.logger?.warn({ err: error, event: event.type, id: event.id }, 'event handler failed; will retry');
        const p = g.pending.get(event.id);
        if (p) p.since = Date.now() - claimIdleMs + Math.min(1_000 * event.deliveries, claimIdleMs); // backoff
        await sleep(10);
      }
    };

    const done = loop();
    const sub: Subscription = {
      group: options.group,
      consumer,
      stop: async () => {
        running = false;
        wake();
        await done;
        this.subs.delete(sub);
      },
      kill: () => {
        running = false;
        killed = true;
        wake();
        this.subs.delete(sub);
      },
    };
    this.subs.add(sub);
    return sub;
  }

  async backlog(group: string): Promise<number> {
    const g = this.group(group);
    return this.log.length - g.cursor + g.pending.size;
  }

  async deadLetters(group: string): Promise<FlexEvent[]> {
    return [...this.group(group).dead];
  }

  async close(): Promise<void> {
    await Promise.all([...this.subs].map((s) => s.stop()));
  }
}

// ---------------------------------------------------------------------------------------------
// Redis Streams bus

function fieldsToObject(fields: string[] | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fields) return out;
  for (let i = 0; i + 1 < fields.length; i += 2) out[fields[i]] = fields[i + 1];
  return out;
}

/** A stream entry as an event; null when it was trimmed away. */
function entryToEvent(id: string, fields: string[] | null): StreamEvent | null {
  if (!fields) return null;
  const f = fieldsToObject(fields);
  let payload: Record<string, unknown> = {};
  try {
    payload = JSON.parse(f.payload ?? '{}');
  } catch {
    payload = { raw: f.payload };
  }
  return { id, type: f.type ?? 'unknown', payload, publishedAt: f.at ?? '' };
}

export interface RedisEventBusOptions {
  url: string;
  /** Key prefix (default FLEXTIME_REDIS_PREFIX or `flextime`); the stream is `<prefix>:events`. */
  prefix?: string;
  /** Approximate stream length kept (MAXLEN ~), default 100 000. */
  maxLen?: number;
  /** How long processed-event records are kept, seconds (default 7 days). */
  doneTtlSeconds?: number;
  logger?: pino.Logger;
}

export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  readonly stream: string;
  private readonly client: RedisClient;
  private readonly subs = new Set<Subscription>();
  private readonly blocking = new Set<RedisClient>();

  constructor(private readonly options: RedisEventBusOptions) {
    this.stream = `${options.prefix ?? redisPrefix()}:events`;
    this.client = connectRedis(options.url);
  }

  private doneKey(group: string, id: string) {
    return `${this.stream}:done:${group}:${id}`;
  }
  private deadKey(group: string) {
    return `${this.stream}:dead:${group}`;
  }

  async publish(type: string, payload: Record<string, unknown>): Promise<string> {
    await settle(this.client);
    const id = await this.client.xadd(
      this.stream,
      'MAXLEN',
      '~',
      String(this.options.maxLen ?? 100_000),
      '*',
      'type',
      type,
      'payload',
      JSON.stringify(payload),
      'at',
      new Date().toISOString(),
    );
    return id as string;
  }

  private async ensureGroup(group: string): Promise<void> {
    await settle(this.client, 5_000);
    try {
      // '0': a new group sees the retained history too; handlers are idempotent.
      await this.client.xgroup('CREATE', this.stream, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    await this.ensureGroup(options.group);
    const consumer = options.consumer ?? defaultConsumer();
    const maxDeliveries = options.maxDeliveries ?? 5;
    const claimIdleMs = options.claimIdleMs ?? 30_000;
    const blockMs = options.blockMs ?? 1_000;
    const conn = connectBlockingRedis(this.options.url);
    this.blocking.add(conn);
    const client = this.client;
    const log = options.logger ?? this.options.logger;
    let running = true;
    let killed = false;
    const deliveryCount = new Map<string, number>();

    const toEvent = (id: string, fields: string[] | null, deliveries: number): FlexEvent | null => {
      const event = entryToEvent(id, fields);
      return event && { ...event, deliveries };
    };

    const handleOne = async (event: FlexEvent) => {
      const ack = () => client.xack(this.stream, options.group, event.id);
      if (options.types && !options.types.includes(event.type)) return void (await ack());
      if (await client.exists(this.doneKey(options.group, event.id))) return void (await ack());
      if (event.deliveries > maxDeliveries) {
        await client.rpush(this.deadKey(options.group), JSON.stringify(event));
        await ack();
        log?.error({ event: event.type, id: event.id }, 'event dead-lettered after too many deliveries');
        return;
      }
      try {
        await options.handler(event);
      } catch (error) {
        log?.warn({ err: error, event: event.type, id: event.id }, 'event handler failed; will retry');
        return; // stays pending: re-read or claimed later
      }
      if (killed) return;
      await client.set(this.doneKey(options.group, event.id), '1', 'EX', this.options.doneTtlSeconds ?? 7 * 86_400);
      await ack();
    };

    const deliveriesOf = async (ids: string[]): Promise<Map<string, number>> => {
      const out = new Map<string, number>();
      if (ids.length === 0) return out;
      const rows = (await client.xpending(
        this.stream,
        options.group,
        ids[0],
        ids[ids.length - 1],
        ids.length,
      )) as Array<[string, string, number, number]>;
      for (const [id, , , count] of rows) out.set(id, Number(count));
      return out;
    };

    const loop = async () => {
      let lastClaim = 0;
      let ownPendingRead = false;
      while (running) {
        try {
          let entries: Array<[string, string[] | null]> = [];
          if (!ownPendingRead) {
            // after a restart under the same name: our own delivered-but-unacknowledged events first
            const res = (await conn.xreadgroup(
              'GROUP',
              options.group,
              consumer,
              'COUNT',
              '50',
              'STREAMS',
              this.stream,
              '0',
            )) as Array<[string, Array<[string, string[] | null]>]> | null;
            entries = res?.[0]?.[1] ?? [];
            if (entries.length === 0) ownPendingRead = true;
          }
          if (entries.length === 0 && Date.now() - lastClaim >= Math.min(claimIdleMs, 5_000)) {
            lastClaim = Date.now();
            const claimed = (await client.xautoclaim(
              this.stream,
              options.group,
              consumer,
              claimIdleMs,
              '0-0',
              'COUNT',
              50,
            )) as [string, Array<[string, string[] | null]>, string[]?];
            entries = claimed[1] ?? [];
            // entries deleted from the stream (trimmed) are dropped from the PEL by XAUTOCLAIM itself
          }
          let fresh = false;
          if (entries.length === 0) {
            const res = (await conn.xreadgroup(
              'GROUP',
              options.group,
              consumer,
              'COUNT',
              '50',
              'BLOCK',
              String(blockMs),
              'STREAMS',
              this.stream,
              '>',
            )) as Array<[string, Array<[string, string[] | null]>]> | null;
            entries = res?.[0]?.[1] ?? [];
            fresh = true;
          }
          if (entries.length === 0) continue;
          const counts = fresh ? new Map<string, number>() : await deliveriesOf(entries.map(([id]) => id));
          for (const [id, fields] of entries) {
            if (!running) break;
            const n = fresh ? 1 : (counts.get(id) ?? (deliveryCount.get(id) ?? 0) + 1);
            deliveryCount.set(id, n);
            const event = toEvent(id, fields, n);
            if (!event) {
              await client.xack(this.stream, options.group, id);
              continue;
            }
            await handleOne(event);
          }
        } catch (error) {
          if (!running) break;
          log?.warn({ err: error, group: options.group }, 'event consumer error; retrying');
          await sleep(500);
        }
      }
    };

    const done = loop();
    const sub: Subscription = {
      group: options.group,
      consumer,
      stop: async () => {
        running = false;
        await done;
        this.blocking.delete(conn);
        await closeRedis(conn);
        this.subs.delete(sub);
      },
      kill: () => {
        running = false;
        killed = true;
        this.blocking.delete(conn);
        conn.disconnect();
        this.subs.delete(sub);
      },
    };
    this.subs.add(sub);
    return sub;
  }

  async backlog(group: string): Promise<number> {
    const groups = (await this.client.xinfo('GROUPS', this.stream)) as unknown[][];
    for (const g of groups) {
      const info = fieldsToObject(g.map(String));
      if (info.name === group) return Number(info.pending ?? 0) + Number(info.lag ?? 0);
    }
    return Number(await this.client.xlen(this.stream));
  }

  async deadLetters(group: string): Promise<FlexEvent[]> {
    const raw = await this.client.lrange(this.deadKey(group), 0, -1);
    return raw.map((r) => JSON.parse(r) as FlexEvent);
  }

  async read(after: string, options: ReadOptions = {}): Promise<StreamEvent[]> {
    // XREAD without BLOCK on the shared client (a BLOCK would hold the connection): an empty answer waits, then asks
    // once more, so a waiting reader costs one command per wait.
    const once = async () => {
      await settle(this.client);
      const res = (await this.client.xread('COUNT', options.count ?? 100, 'STREAMS', this.stream, after)) as Array<
        [string, Array<[string, string[] | null]>]
      > | null;
      return (res?.[0]?.[1] ?? []).map(([id, fields]) => entryToEvent(id, fields)).filter((e) => e !== null);
    };
    const found = await once();
    if (found.length > 0 || !options.waitMs) return found;
    await sleep(options.waitMs);
    return once();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subs].map((s) => s.stop()));
    for (const c of this.blocking) await closeRedis(c);
    await closeRedis(this.client);
  }
}

// ---------------------------------------------------------------------------------------------
// The process-wide bus

let shared: EventBus | null = null;

/** Creates a bus: Redis Streams when a URL is given, else in-process. */
export function createEventBus(opts: { url?: string; prefix?: string; logger?: pino.Logger } = {}): EventBus {
  return opts.url
    ? new RedisEventBus({ url: opts.url, prefix: opts.prefix, logger: opts.logger })
    : new MemoryEventBus();
}

/** The process's bus (created from REDIS_URL / FLEXTIME_REDIS_PREFIX on first use unless set with setEventBus). */
export function eventBus(): EventBus {
  shared ??= createEventBus({ url: redisUrlFromEnv(), prefix: redisPrefix() });
  return shared;
}

/** Replaces the process's bus (composition root, tests); returns the previous one (not closed). */
export function setEventBus(bus: EventBus | null): EventBus | null {
  const previous = shared;
  shared = bus;
  return previous;
}

/**
 * Publishes on the process's bus without failing the caller: an event that cannot be published (Redis down) is
 * logged, since the data change it announces has already been committed.
 */
export async function publishEvent(
  type: string,
  payload: Record<string, unknown>,
  logger?: pino.Logger,
): Promise<void> {
  try {
    await eventBus().publish(type, payload);
  } catch (error) {
    logger?.warn({ err: error, event: type }, 'could not publish event');
  }
}
