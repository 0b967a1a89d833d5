// The event bus's contract: the events FlexTime publishes (EVENT_TYPES) and what a bus does. Delivery is at least once:
// an event is acknowledged only after its handler succeeded; an event delivered to a consumer that died is claimed by
// another consumer of the group after `claimIdleMs`; a failing handler is retried (up to `maxDeliveries`, then the
// event goes to a dead-letter list). Handlers are made idempotent by a per-group record of processed event ids.
// Two implementations: memory-bus.ts (one process) and redis-bus.ts (Redis Streams with consumer groups).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pino from 'pino';

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

/** One of EVENT_TYPES' names. */
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

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

export const defaultConsumer = () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
