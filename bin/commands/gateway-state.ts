// The gateway's shared state for `flextime start` and `flextime serve gateway`: with REDIS_URL, rate-limit windows
// and persisted queries live in Redis (every replica agrees); without it, in this process.
import type { Logger } from 'pino';
import { type RateLimitOptions, rateLimitFromEnv } from '../../gateway/auth/index.ts';
import type { GatewayAppOptions } from '../../gateway/server.ts';
import { redisGatewayState } from '../../gateway/shared-state.ts';
import { closeRedis, connectRedis, redisPrefix, redisUrlFromEnv } from '../../subgraphs/kit/events/redis.ts';

export interface GatewayState {
  rateLimit: RateLimitOptions;
  persistedQueries: GatewayAppOptions['persistedQueries'];
  close(): Promise<void>;
}

export function gatewayStateFromEnv(logger: Logger, env: NodeJS.ProcessEnv = process.env): GatewayState {
  const rateLimit = rateLimitFromEnv(env);
  const url = redisUrlFromEnv(env);
  if (!url) return { rateLimit, persistedQueries: undefined, close: async () => {} };
  const client = connectRedis(url);
  const shared = redisGatewayState(client, redisPrefix(env), logger);
  return {
    rateLimit: { ...rateLimit, store: shared.rateLimitStore },
    persistedQueries: shared.persistedQueries,
    close: () => closeRedis(client),
  };
}
