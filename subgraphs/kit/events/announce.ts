// Announcing a committed change: the cache namespaces it makes stale are invalidated at once (so the caller's next
// read sees the change: read-your-writes), then the event is published for every other consumer (re-evaluation,
// materialized views, caches of other processes). Publishing never fails the caller: the change is committed.
import type pino from 'pino';
import { type Cache, INVALIDATED_BY } from '../cache/index.ts';
import { publishEvent } from './index.ts';
import type { EventBus, EventType } from './types.ts';

export async function announceChange(
  deps: { events: EventBus; cache: Cache },
  type: EventType,
  payload: Record<string, unknown>,
  logger?: pino.Logger,
): Promise<void> {
  const namespaces = INVALIDATED_BY[type] ?? [];
  if (namespaces.length > 0) {
    try {
      await deps.cache.invalidate(...namespaces);
    } catch (error) {
      logger?.warn({ err: error, event: type }, 'could not invalidate the cache');
    }
  }
  await publishEvent(deps.events, type, payload, logger);
}
