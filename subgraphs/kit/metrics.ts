// The services' Prometheus metrics (prom-client's process registry), served at GET /metrics by every subgraph process
// (kit/server.ts) and every generation worker (bin/commands/worker.ts): generation queue depth, generation job
// duration, event lag (publish → handled), beside the cache and view-refresh counters and Node's process metrics.
import { collectDefaultMetrics, Gauge, Histogram, type Metric, register } from 'prom-client';
import type { FlexEvent } from './events/types.ts';

/** The process registry's metric of that name, made once (several services and runtimes share one process). */
function metric<M extends Metric>(name: string, make: () => M): M {
  return (register.getSingleMetric(name) as M | undefined) ?? make();
}

const eventLag = () =>
  metric(
    'flextime_event_lag_seconds',
    () =>
      new Histogram({
        name: 'flextime_event_lag_seconds',
        help: 'Time from an event being published to a consumer group starting to handle it',
        labelNames: ['group', 'type'] as const,
        buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600],
      }),
  );

/** Called by a bus as a consumer group takes up an event (first delivery only: retries are not lag). */
export function observeEventLag(group: string, event: FlexEvent): void {
  if (event.deliveries !== 1) return;
  const published = Date.parse(event.publishedAt);
  if (Number.isFinite(published))
    eventLag().observe({ group, type: event.type }, Math.max(0, (Date.now() - published) / 1000));
}

const jobDuration = () =>
  metric(
    'flextime_generation_job_duration_seconds',
    () =>
      new Histogram({
        name: 'flextime_generation_job_duration_seconds',
        help: 'Generation job attempts, from start to end, by outcome (completed, failed, cancelled, retried)',
        labelNames: ['outcome'] as const,
        buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600],
      }),
  );

export function observeGenerationJob(outcome: string, seconds: number): void {
  jobDuration().observe({ outcome }, seconds);
}

type DepthSource = () => Promise<{ waiting: number; active: number }>;
const depthSources = new Set<DepthSource>();

/** Reports a queue's depth on /metrics while it is open; returns the function that stops reporting it. */
export function trackQueueDepth(depth: DepthSource): () => void {
  metric(
    'flextime_generation_queue_depth',
    () =>
      new Gauge({
        name: 'flextime_generation_queue_depth',
        help: 'Generation jobs waiting (queued or delayed for a retry) and active, in the queues this process opened',
        labelNames: ['state'] as const,
        async collect() {
          let waiting = 0;
          let active = 0;
          for (const source of depthSources) {
            const d = await source().catch(() => ({ waiting: 0, active: 0 })); // Redis down: nothing to report
            waiting += d.waiting;
            active += d.active;
          }
          this.set({ state: 'waiting' }, waiting);
          this.set({ state: 'active' }, active);
        },
      }),
  );
  depthSources.add(depth);
  return () => depthSources.delete(depth);
}

/** Node's process metrics (CPU, memory, event loop, GC) under `flextime_`, registered once per process. */
export function collectProcessMetrics(): void {
  if (!register.getSingleMetric('flextime_process_cpu_user_seconds_total'))
    collectDefaultMetrics({ register, prefix: 'flextime_' });
}

/** The process registry in Prometheus text format. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: register.contentType, body: await register.metrics() };
}
