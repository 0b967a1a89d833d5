// Per-principal rate limit: a fixed window of `limit` requests per `windowMs`, counted per principal subject. The
// store is behind RateLimitStore so a shared one (Redis INCR + PEXPIRE) can replace the in-memory one when several
// gateways serve the same callers.

export interface RateLimitDecision {
  allowed: boolean;
  /** Requests left in the current window. */
  remaining: number;
  /** Seconds until the window resets (whole seconds, at least 1): the Retry-After of a 429. */
  resetSeconds: number;
}

export interface RateLimitStore {
  /** Counts one request of `key` and says whether it is within `limit` per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
}

/** One process's counters. Bounded: windows that ended are swept, and at most `maxKeys` principals are tracked. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (!w && this.windows.size >= this.maxKeys) this.sweep(now);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.delete(key);
      this.windows.set(key, w);
    }
    w.count++;
    return {
      allowed: w.count <= limit,
      remaining: Math.max(0, limit - w.count),
      resetSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)),
    };
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    // still full: drop the oldest windows (Map keeps insertion order)
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}

export interface RateLimitOptions {
  /** Requests per principal per window; 0 = no limit. */
  limit: number;
  windowMs: number;
  store: RateLimitStore;
}

/** FLEXTIME_RATE_LIMIT (requests per principal per minute, default 600; 0 turns it off). */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitOptions {
  const raw = env.FLEXTIME_RATE_LIMIT;
  const limit = raw === undefined || raw === '' ? 600 : Number(raw);
  if (!Number.isInteger(limit) || limit < 0)
    throw new Error(`FLEXTIME_RATE_LIMIT must be a non-negative integer, got '${raw}'`);
  return { limit, windowMs: 60_000, store: new MemoryRateLimitStore() };
}
