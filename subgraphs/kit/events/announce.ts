// Announcing a committed change: the cache namespaces it makes stale are invalidated at once (so the caller's next
// read sees the change: read-your-writes), then the event is published for every other consumer (re-evaluation,
// materialized views, caches of other processes). Publishing never fails the caller: the change is committed.
import type pino from 'pino';
import { cache, INVALIDATED_BY } from '../cache/index.ts';
import { publishEvent } from './index.ts';

export async function announceChange(
  type: string,
  payload: Record<string, unknown>,
  logger?: pino.Logger,
): Promise<void> {
  const namespaces = INVALIDATED_BY[type] ?? [];
  if (namespaces.length > 0) {
    try {
      await cache().invalidate(...namespaces);
    } catch (error) {
      logger?.warn({ err: error, event: type }, 'could not invalidate the cache');
    }
  }
  await publishEvent(type, payload, logger);
}
