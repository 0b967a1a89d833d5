// Redis connections for jobs, events and cache (ioredis). One place decides how a client behaves when Redis is
// down: commands fail fast (no endless offline queue), so callers can answer 503 or fall back to the database.
import type { RedisOptions } from 'ioredis';
import { createRedisClient, type RedisClient } from '../redis/connect.ts';

export type { RedisClient } from '../redis/connect.ts';

/** Key prefix of every FlexTime key in Redis (queues, streams, cache): `FLEXTIME_REDIS_PREFIX`, default `flextime`. */
export function redisPrefix(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLEXTIME_REDIS_PREFIX) return env.FLEXTIME_REDIS_PREFIX;
  // Under the test runner, test files run in parallel processes on one Redis, each with a database of its own:
  // each process gets keys of its own unless a prefix is set explicitly.
  return env.VITEST ? `flextime-test-${process.pid}` : 'flextime';
}

/** REDIS_URL when set (jobs on BullMQ, events on Redis Streams, cache in Redis); undefined → in-process fallbacks. */
export function redisUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.REDIS_URL || undefined;
}

/**
 * A client for ordinary commands: fails fast while disconnected (`enableOfflineQueue: false`, one retry per
 * request) and keeps reconnecting in the background with a capped backoff.
 */
export function connectRedis(url: string, options: RedisOptions = {}): RedisClient {
  const client = createRedisClient(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    lazyConnect: false,
    ...options,
  });
  // Errors surface on the commands; without a listener ioredis would print every reconnect failure.
  client.on('error', () => {});
  return client;
}

/** A client for blocking commands (XREADGROUP BLOCK, BullMQ workers): commands wait for a reconnect. */
export function connectBlockingRedis(url: string, options: RedisOptions = {}): RedisClient {
  return connectRedis(url, { enableOfflineQueue: true, maxRetriesPerRequest: null, ...options });
}

/** One 'ready' listener per client however many callers wait (a burst of requests at start-up adds none). */
const nextReady = new WeakMap<RedisClient, Promise<void>>();

/** Resolves once the client is ready, rejects after `timeoutMs` (Redis down or unreachable). */
export async function waitReady(client: RedisClient, timeoutMs = 2_000): Promise<void> {
  if (client.status === 'ready') return;
  let ready = nextReady.get(client);
  if (!ready) {
    ready = new Promise<void>((resolve) =>
      client.once('ready', () => {
        nextReady.delete(client);
        resolve();
      }),
    );
    nextReady.set(client, ready);
  }
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis is not reachable (status ${client.status})`)), timeoutMs);
  });
  try {
    await Promise.race([ready, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits (up to `timeoutMs`) for a client that is still making its first connection; a client that is
 * reconnecting after a failure is not waited for (its commands fail fast, callers fall back or answer 503).
 */
export async function settle(client: RedisClient, timeoutMs = 1_000): Promise<void> {
  if (client.status === 'ready') return;
  if (client.status === 'wait' || client.status === 'connecting' || client.status === 'connect') {
    await waitReady(client, timeoutMs).catch(() => {});
  }
}

/** Closes a client without throwing (QUIT when connected, else disconnect). */
export async function closeRedis(client: RedisClient | undefined | null): Promise<void> {
  if (!client) return;
  try {
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  }
}
