// `live cutover --watch N`: after the services open, watch them for N seconds — the gateway's /ready and its error
// rate (5xx HTTP answers and GraphQL operations without data, from /metrics) — and report the first failure, so the
// cutover is rolled back by itself, saying why.
import type { AdminSession } from '../index.ts';
import type { ColumnTypes } from './sql.ts';
import { cutover, rollback, type SwitchResult } from './switch.ts';

export interface Health {
  ready: boolean;
  /** Cumulative requests and failed ones (5xx HTTP answers + GraphQL operations answered with errors and no data). */
  requests: number;
  failures: number;
  detail?: string;
}

export type HealthProbe = () => Promise<Health>;

export interface WatchOptions {
  seconds: number;
  probe: HealthProbe;
  /** Failed share of the requests within the watch above which it fails (default 0.05). */
  maxErrorRate?: number;
  /** Requests needed before the error rate counts (default 20). */
  minRequests?: number;
  intervalMs?: number;
}

/** Null when the services stayed healthy for the whole watch; else why they did not. */
export async function watchServices(options: WatchOptions): Promise<string | null> {
  const maxRate = options.maxErrorRate ?? 0.05;
  const minRequests = options.minRequests ?? 20;
  const interval = options.intervalMs ?? 1000;
  const until = Date.now() + options.seconds * 1000;
  let first: Health | null = null;
  let notReady = 0;
  while (Date.now() < until) {
    let h: Health;
    try {
      h = await options.probe();
    } catch (error) {
      h = { ready: false, requests: 0, failures: 0, detail: (error as Error).message };
    }
    if (!h.ready) {
      // two probes in a row: one lost probe is not an outage
      if (++notReady >= 2) return `/ready failed${h.detail ? `: ${h.detail}` : ''}`;
    } else {
      notReady = 0;
      first ??= h;
      const requests = h.requests - first.requests;
      const failures = h.failures - first.failures;
      if (requests >= minRequests && failures / requests > maxRate) {
        return `error rate ${((100 * failures) / requests).toFixed(1)} % over ${requests} requests (limit ${(100 * maxRate).toFixed(1)} %)`;
      }
    }
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(interval, until - Date.now()))));
  }
  return null;
}

/** Sums a Prometheus text exposition's samples of one metric whose labels match. */
function sumSamples(text: string, metric: string, labels: (l: string) => boolean): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue;
    const labelText = line.slice(metric.length).split('}')[0];
    if (!labels(labelText)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return total;
}

/** The gateway's /ready and /metrics as a HealthProbe. */
export function gatewayProbe(gatewayUrl: string, timeoutMs = 2000): HealthProbe {
  const base = gatewayUrl.replace(/\/+$/, '').replace(/\/graphql$/, '');
  return async () => {
    const ready = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(timeoutMs) });
    const metrics = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await metrics.text();
    const http = 'flextime_gateway_http_requests_total';
    const ops = 'flextime_gateway_graphql_operations_total';
    return {
      ready: ready.ok,
      detail: ready.ok ? undefined : `HTTP ${ready.status}`,
      requests: sumSamples(text, http, (l) => !l.includes('route="/ready"') && !l.includes('route="/metrics"')),
      failures:
        sumSamples(text, http, (l) => /status_code="5\d\d"/.test(l)) +
        sumSamples(text, ops, (l) => l.includes('outcome="error"')),
    };
  };
}

export interface WatchedCutover {
  cutover: SwitchResult;
  /** Why the watch failed (null: healthy for the whole watch, or the cutover did not happen). */
  failure: string | null;
  /** The automatic rollback, when the watch failed. */
  rollback: SwitchResult | null;
}

/** `live cutover --watch N`: cutover, watch the services, roll back by itself when the watch fails. */
export async function cutoverWatched(
  s: AdminSession,
  types: ColumnTypes,
  watch: WatchOptions,
): Promise<WatchedCutover> {
  const result = await cutover(s, types);
  if (result.failed || result.already) return { cutover: result, failure: null, rollback: null };
  const failure = await watchServices(watch);
  if (!failure) return { cutover: result, failure: null, rollback: null };
  return { cutover: result, failure, rollback: await rollback(s, types) };
}
