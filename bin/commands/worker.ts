// `flextime worker` (npm run worker): a standalone generation worker process (BullMQ on REDIS_URL, database on
// DATABASE_URL): scale out by running more of these, on any machine that reaches Redis, Postgres and the gateway
// (GATEWAY_URL). Its /metrics (queue depth, job durations, event lag, Node's process metrics) listen on
// FLEXTIME_METRICS_PORT (default 9464; 0 = any free port), bound to HOST (default 127.0.0.1).
// Optional: FLEXTIME_REDIS_PREFIX, FLEXTIME_JOB_LOCK_MS, FLEXTIME_JOB_STALLED_MS, LOG_LEVEL, OTEL_EXPORTER_OTLP_ENDPOINT.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { openDatabaseFromEnv } from '../../db/index.ts';
import { createProcessDependencies } from '../../subgraphs/dependencies.ts';
import { redisPrefix } from '../../subgraphs/kit/events/redis.ts';
import { collectProcessMetrics, metricsText } from '../../subgraphs/kit/metrics.ts';
import { startTelemetry } from '../telemetry.ts';
import { waitForShutdownSignal, withDeadline } from './start.ts';

export async function run(args: string[]): Promise<number | undefined> {
  if (args.length > 0) {
    console.log('usage: flextime worker   — a generation worker (needs REDIS_URL, DATABASE_URL, GATEWAY_URL)');
    return args[0] === '--help' || args[0] === '-h' ? 0 : 2;
  }
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }).child({ component: 'generation-worker' });
  if (!process.env.REDIS_URL) {
    logger.error('REDIS_URL is required: a separate worker process needs the shared queue');
    return 1;
  }
  const telemetry = await startTelemetry('flextime-worker');
  const db = await openDatabaseFromEnv();
  // this process's bus (schedule.generated), cache (reference data) and jobs runtime, made here and nowhere else
  const deps = createProcessDependencies(db, {
    redisUrl: process.env.REDIS_URL,
    prefix: redisPrefix(),
    logger,
    generation: {
      worker: true,
      logger,
      gatewayUrl: process.env.GATEWAY_URL,
      lockDurationMs: Number(process.env.FLEXTIME_JOB_LOCK_MS) || undefined,
      stalledIntervalMs: Number(process.env.FLEXTIME_JOB_STALLED_MS) || undefined,
    },
  });
  collectProcessMetrics();
  const metrics = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsText().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  const port = Number(process.env.FLEXTIME_METRICS_PORT ?? 9464);
  await new Promise<void>((resolve) => metrics.listen(port, process.env.HOST || '127.0.0.1', resolve));
  logger.info(
    { worker: deps.generation?.workers[0]?.id, pid: process.pid, metricsPort: (metrics.address() as AddressInfo).port },
    'generation worker started',
  );
  await waitForShutdownSignal(logger);
  metrics.close();
  await withDeadline(deps.close(), 10_000, 'stop the worker', logger);
  await withDeadline(db.close(), 5000, 'close database', logger);
  await telemetry?.shutdown();
  return 0;
}
