// Automatic persisted queries shared by every gateway replica: a document registered through one replica (query +
// sha256Hash) runs by its hash alone through any other. Bounded twice: each document expires (TTL), and an index
// keeps at most `maxDocuments`, the oldest registrations dropped first. Both keys share one hash tag, so the script
// stays on one Cluster slot. Redis trouble costs a round trip, never a request: a lookup that fails is a miss
// (Apollo answers PERSISTED_QUERY_NOT_FOUND and the client sends the document again).
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { settle } from '../../subgraphs/kit/events/redis.ts';
import type { RedisClient } from '../../subgraphs/kit/redis/connect.ts';

// KEYS[1] document, KEYS[2] index (sorted by registration time); ARGV: body, ttl s, now ms, max documents.
const REGISTER = `
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], KEYS[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[3]) - tonumber(ARGV[2]) * 1000)
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  local oldest = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #oldest, 2 do redis.call('DEL', oldest[i]) end
end
return 1`;

export interface RedisDocumentCacheOptions {
  /** Key prefix (the deployment's FLEXTIME_REDIS_PREFIX); keys live under `{<prefix>:apq}:`. */
  prefix: string;
  /** Seconds a registered document lives unless Apollo asks for another TTL (default one day). */
  ttlSeconds?: number;
  /** Documents kept at most (default 10 000). */
  maxDocuments?: number;
  /** Longest document stored, in bytes (default 64 KiB): larger ones are simply not persisted. */
  maxDocumentBytes?: number;
}

export class RedisDocumentCache implements KeyValueCache<string> {
  private readonly base: string;
  private readonly ttlSeconds: number;
  private readonly maxDocuments: number;
  private readonly maxDocumentBytes: number;

  constructor(
    private readonly client: RedisClient,
    opts: RedisDocumentCacheOptions,
  ) {
    this.base = `{${opts.prefix}:apq}`;
    this.ttlSeconds = opts.ttlSeconds ?? 86_400;
    this.maxDocuments = opts.maxDocuments ?? 10_000;
    this.maxDocumentBytes = opts.maxDocumentBytes ?? 64 * 1024;
    this.client.defineCommand('flextimeRegisterDocument', { numberOfKeys: 2, lua: REGISTER });
  }

  async get(key: string): Promise<string | undefined> {
    try {
      await settle(this.client, 500);
      return (await this.client.get(`${this.base}:${key}`)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (Buffer.byteLength(value, 'utf8') > this.maxDocumentBytes) return;
    const ttl = options?.ttl && options.ttl > 0 ? Math.ceil(options.ttl) : this.ttlSeconds;
    const register = (this.client as unknown as Record<string, (...args: Array<string | number>) => Promise<unknown>>)
      .flextimeRegisterDocument;
    try {
      await settle(this.client, 500);
      await register.call(
        this.client,
        `${this.base}:${key}`,
        `${this.base}:index`,
        value,
        ttl,
        Date.now(),
        this.maxDocuments,
      );
    } catch {
      // not persisted: the next request by hash alone is told to send the document again
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await this.client.del(`${this.base}:${key}`)) > 0;
    } catch {
      return false;
    }
  }
}
