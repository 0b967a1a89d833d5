// The cache's counters on prom-client's default registry (for /metrics), shared by the in-process and Redis caches.
import { Counter, register } from 'prom-client';

export function counter(): Counter<'cache' | 'result'> {
  const name = 'flextime_cache_requests_total';
  const existing = register.getSingleMetric(name) as Counter<'cache' | 'result'> | undefined;
  return (
    existing ??
    new Counter({
      name,
      help: 'Read-through cache lookups by namespace and result (hit, miss, error = cache unavailable, loader used)',
      labelNames: ['cache', 'result'] as const,
    })
  );
}

export function invalidations(): Counter<'cache'> {
  const name = 'flextime_cache_invalidations_total';
  const existing = register.getSingleMetric(name) as Counter<'cache'> | undefined;
  return (
    existing ?? new Counter({ name, help: 'Cache namespaces invalidated (by events)', labelNames: ['cache'] as const })
  );
}

export async function statsFromCounter(): Promise<Record<string, { hit: number; miss: number; error: number }>> {
  const out: Record<string, { hit: number; miss: number; error: number }> = {};
  for (const v of (await counter().get()).values) {
    const ns = String(v.labels.cache);
    out[ns] ??= { hit: 0, miss: 0, error: 0 };
    const r = String(v.labels.result) as 'hit' | 'miss' | 'error';
    out[ns][r] = v.value;
  }
  return out;
}
