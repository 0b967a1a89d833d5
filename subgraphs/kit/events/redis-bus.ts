// The Redis Streams event bus: one stream per prefix, a consumer group per subscriber group, dead letters in a list.

import type pino from 'pino';
import { observeEventLag } from '../metrics.ts';
import type { RedisClient } from '../redis/connect.ts';
import { closeRedis, connectBlockingRedis, connectRedis, redisPrefix, settle } from './redis.ts';
import {
  defaultConsumer,
  type EventBus,
  type FlexEvent,
  type ReadOptions,
  type StreamEvent,
  type SubscribeOptions,
  type Subscription,
  sleep,
} from './types.ts';

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
        observeEventLag(options.group, event);
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
