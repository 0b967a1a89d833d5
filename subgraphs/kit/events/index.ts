// The event bus: Redis Streams when a URL is given, else in-process (contract and EVENT_TYPES in types.ts). The
// composition root (bin/) creates one per process and hands it to each service; nothing here holds a bus of its own.
import type pino from 'pino';
import { MemoryEventBus } from './memory-bus.ts';
import { RedisEventBus } from './redis-bus.ts';
import type { EventBus, EventType } from './types.ts';

export { MemoryEventBus } from './memory-bus.ts';
export { RedisEventBus, type RedisEventBusOptions } from './redis-bus.ts';
export {
  compareEventIds,
  EVENT_ID,
  EVENT_TYPES,
  type EventBus,
  type EventHandler,
  type EventType,
  type FlexEvent,
  type ReadOptions,
  type StreamEvent,
  type SubscribeOptions,
  type Subscription,
} from './types.ts';

/** Creates a bus: Redis Streams when a URL is given, else in-process. */
export function createEventBus(opts: { url?: string; prefix?: string; logger?: pino.Logger } = {}): EventBus {
  return opts.url
    ? new RedisEventBus({ url: opts.url, prefix: opts.prefix, logger: opts.logger })
    : new MemoryEventBus();
}

/**
 * Publishes without failing the caller: an event that cannot be published (Redis down) is logged, since the data change
 * it announces has already been committed.
 */
export async function publishEvent(
  bus: EventBus,
  type: EventType,
  payload: Record<string, unknown>,
  logger?: pino.Logger,
): Promise<void> {
  try {
    await bus.publish(type, payload);
  } catch (error) {
    logger?.warn({ err: error, event: type }, 'could not publish event');
  }
}
