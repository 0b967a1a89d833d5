// Generation as jobs on BullMQ and real Redis (REDIS_URL): the lifecycle suite (test/support/generation-jobs.ts), and
// a worker process killed mid-job (a shared database too: DATABASE_URL) whose job another worker completes once.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobsRuntime } from '../../subgraphs/schedule-generation/generation/runtime.ts';
import { databaseEnv } from '../support/db.ts';
import {
  finished,
  generate,
  lifecycleSuite,
  REDIS_URL,
  silent,
  startStack,
  status,
  versionsOfRequest,
} from '../support/generation-jobs.ts';
import { type TestStack as Stack, uniquePrefix, waitFor } from '../support/stack.ts';

if (REDIS_URL) lifecycleSuite('BullMQ on Redis (pglite)', 'bullmq', 'pglite');

describe.runIf(REDIS_URL && process.env.DATABASE_URL)('generation jobs: a BullMQ worker process killed mid-job', () => {
  let stack: Stack;
  let runtime: JobsRuntime;
  let child: ChildProcess | undefined;
  const prefix = uniquePrefix('jobs-kill');
  beforeAll(async () => {
    stack = await startStack('postgres', {
      redisUrl: REDIS_URL,
      prefix,
      logger: silent,
      worker: false,
      progressEveryMs: 100,
      lockDurationMs: 2_000,
      stalledIntervalMs: 500,
    });
    runtime = stack.generation;
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await stack?.stop();
  });

  it('the job is retried by another worker and completes exactly once', async () => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', new URL('../../bin/flextime.ts', import.meta.url).pathname, 'worker'],
      {
        env: {
          ...process.env,
          ...databaseEnv(stack.database),
          REDIS_URL,
          FLEXTIME_REDIS_PREFIX: prefix,
          GATEWAY_URL: stack.gatewayUrl,
          FLEXTIME_JOB_LOCK_MS: '2000',
          FLEXTIME_JOB_STALLED_MS: '500',
          FLEXTIME_METRICS_PORT: '0',
          LOG_LEVEL: 'warn',
        },
        stdio: 'ignore',
      },
    );
    const created = await generate(stack, 'killed worker', { seconds: 6 });
    const running = await waitFor(
      async () => {
        const j = (await status(stack, created.id)).jobs[0];
        return j.status === 'running' && j.progress > 5 && j.workerId ? j : undefined;
      },
      90_000,
      'the child worker running the job',
    );
    child.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));
    const survivor = runtime.startWorker();
    try {
      const done = await finished(stack, created.id, 120_000);
      expect(done.status).toBe('completed');
      expect(done.jobs[0].workerId).toBe(survivor.id);
      expect(done.jobs[0].workerId).not.toBe(running.workerId);
      expect(done.jobs[0].attempts).toBeGreaterThanOrEqual(2);
      expect(await versionsOfRequest(stack, created.id)).toBe(1);
      expect(done.schedule?.gameCount).toBe(144);
    } finally {
      await survivor.close();
    }
  });
});
