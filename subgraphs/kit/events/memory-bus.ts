// The in-process event bus: the same semantics as the Redis one, for a single process (`npm start` without REDIS_URL,
// tests).
import { observeEventLag } from '../metrics.ts';
import {
  compareEventIds,
  defaultConsumer,
  type EventBus,
  type FlexEvent,
  type ReadOptions,
  type StreamEvent,
  type SubscribeOptions,
  type Subscription,
  sleep,
} from './types.ts';

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
        observeEventLag(options.group, event);
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
