// A standalone generation worker process (BullMQ on REDIS_URL, database on DATABASE_URL): scale out by running
// more of these, on any machine that reaches Redis, Postgres and the gateway (GATEWAY_URL).
//   REDIS_URL=… DATABASE_URL=… GATEWAY_URL=… tsx subgraphs/schedule-generation/generation/worker-main.ts
// Optional: FLEXTIME_REDIS_PREFIX, FLEXTIME_JOB_LOCK_MS, FLEXTIME_JOB_STALLED_MS, LOG_LEVEL.
import pino from 'pino';
import { openDatabaseFromEnv, surviveConnectionLossRejections } from '../../../db/index.ts';
import { createProcessDependencies } from '../../dependencies.ts';
import { redisPrefix } from '../../kit/events/redis.ts';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }).child({ component: 'generation-worker' });
if (!process.env.REDIS_URL) {
  logger.error('REDIS_URL is required: a separate worker process needs the shared queue');
  process.exit(1);
}
surviveConnectionLossRejections((reason) => logger.warn({ err: reason }, 'database connection lost during setup'));
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
logger.info({ worker: deps.generation?.workers[0]?.id, pid: process.pid }, 'generation worker started');
const stop = async () => {
  await deps.close();
  await db.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
