// What every cache offers (in process: index.ts MemoryCache; Redis: redis.ts).
export interface Cache {
  readonly kind: 'redis' | 'memory';
  /** The cached value of `namespace:key`, else `load()`'s (stored for `ttlSeconds`, default 300). */
  getOrLoad<T>(namespace: string, key: string, load: () => Promise<T>, ttlSeconds?: number): Promise<T>;
  /** Drops every entry of the namespaces. */
  invalidate(...namespaces: string[]): Promise<void>;
  /** Hit / miss / error counts per namespace since the process started (same figures as /metrics). */
  stats(): Promise<Record<string, { hit: number; miss: number; error: number }>>;
  close(): Promise<void>;
}
