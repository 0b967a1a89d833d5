// What gateway replicas must agree on, kept in Redis when the deployment has one: rate-limit windows and automatic
// persisted queries. (Job progress lives in the database and the read-through cache in Redis already: any replica of
// any service reads the same rows and keys.)
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import type { RedisClient } from '../subgraphs/kit/redis/connect.ts';
import type { RateLimitStore } from './auth/rate-limit.ts';
import { RedisDocumentCache } from './auth/redis-documents.ts';
import { RedisRateLimitStore } from './auth/redis-rate-limit.ts';

export interface SharedGatewayState {
  rateLimitStore: RateLimitStore;
  persistedQueries: KeyValueCache<string>;
}

/** The Redis-backed stores, on a client the caller opened (and closes). `prefix`: FLEXTIME_REDIS_PREFIX. */
export function redisGatewayState(client: RedisClient, prefix: string, logger?: Logger): SharedGatewayState {
  let warned = 0;
  return {
    rateLimitStore: new RedisRateLimitStore(client, prefix, {
      // one line per minute at most while Redis is away
      onFallback: (error) => {
        if (Date.now() - warned < 60_000) return;
        warned = Date.now();
        logger?.warn({ err: error }, 'Redis unavailable: rate limits counted per replica until it answers');
      },
    }),
    persistedQueries: new RedisDocumentCache(client, { prefix }),
  };
}
