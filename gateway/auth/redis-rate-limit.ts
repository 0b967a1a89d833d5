// Rate-limit windows shared by every gateway replica: one Redis key per principal and window, counted and given its
// expiry by one Lua script (atomic, so two replicas never both start a window or lose a hit). When Redis does not
// answer, each replica falls back to counting on its own (the limit then holds per replica, not in total) rather than
// refusing every caller or letting everyone through.
import { settle } from '../../subgraphs/kit/events/redis.ts';
import type { RedisClient } from '../../subgraphs/kit/redis/connect.ts';
import { MemoryRateLimitStore, type RateLimitDecision, type RateLimitStore } from './rate-limit.ts';

// KEYS[1] the window's counter; ARGV[1] the window in ms. Returns { count, ms left in the window }.
const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }`;

export class RedisRateLimitStore implements RateLimitStore {
  private readonly fallback: RateLimitStore;
  private readonly onFallback?: (error: unknown) => void;

  /** `prefix`: the deployment's Redis key prefix (FLEXTIME_REDIS_PREFIX); counters live under `<prefix>:rate-limit:`. */
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
    opts: { fallback?: RateLimitStore; onFallback?: (error: unknown) => void } = {},
  ) {
    this.fallback = opts.fallback ?? new MemoryRateLimitStore();
    this.onFallback = opts.onFallback;
    this.client.defineCommand('flextimeRateLimitHit', { numberOfKeys: 1, lua: HIT });
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    let reply: [number, number];
    try {
      // a client still making its first connection is waited for briefly (commands fail fast while offline)
      await settle(this.client, 500);
      const run = (this.client as unknown as Record<string, (k: string, ms: number) => Promise<[number, number]>>)
        .flextimeRateLimitHit;
      reply = await run.call(this.client, `${this.prefix}:rate-limit:${key}`, windowMs);
    } catch (error) {
      this.onFallback?.(error);
      return this.fallback.hit(key, limit, windowMs);
    }
    const [count, ttl] = reply;
    return {
      allowed: count <= limit,
      remaining: Math.max(0, limit - count),
      resetSeconds: Math.max(1, Math.ceil(ttl / 1000)),
    };
  }
}
