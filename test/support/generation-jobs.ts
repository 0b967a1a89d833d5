// The generation-job suites' shared parts (test/jobs/jobs*.test.ts): their stack, the GraphQL they send, and the
// lifecycle suite each queue runs — queued → running with progress → completed (a version with games and metrics),
// cancel, a dead worker's job retried and completed once, bad requests ending as clear errors or failed jobs (never
// stuck), compare over REST. Engine budgets are a few seconds: long enough to be seen running, short enough for CI.
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/index.ts';
import type { MemoryJobQueue } from '../../subgraphs/schedule-generation/generation/queue.ts';
import type { JobsOptions, JobsRuntime } from '../../subgraphs/schedule-generation/generation/runtime.ts';
import type { DbKind } from './db.ts';
import { type TestStack as Stack, startTestStack, uniquePrefix, waitFor } from './stack.ts';

export const REDIS_URL = process.env.REDIS_URL;
export const silent = pino({ level: 'silent' });

/** The jobs suites' stack: seeded, its own Redis cache prefix, a generous subgraph timeout, the suite's jobs runtime. */
export const startStack = (kind: DbKind, jobs: JobsOptions) =>
  startTestStack({ kind, redisPrefix: 'cache', limits: { subgraphTimeoutMs: 30_000 }, defaultMetrics: false, jobs });

export const GENERATE = `mutation($input: StartGenerationInput!) {
  startGeneration(input: $input) { id status jobs { id status progress } }
}`;
export const STATUS = `query($id: ID!) {
  generation(id: $id) {
    id status errorMessage
    schedule { id status gameCount currentVersion { id hardViolations softPenalty source } }
    jobs { id status progress attempts workerId bestCost hardViolations iteration errorMessage resultVersion { id } }
  }
}`;

export type Job = {
  id: string;
  status: string;
  progress: number;
  attempts: number;
  workerId: string | null;
  bestCost: number | null;
  hardViolations: number | null;
  iteration: number | null;
  errorMessage: string | null;
  resultVersion: { id: string } | null;
};
export type Request = {
  id: string;
  status: string;
  errorMessage: string | null;
  schedule: {
    id: string;
    status: string;
    gameCount: number;
    currentVersion: { id: string; hardViolations: number; softPenalty: number; source: string } | null;
  } | null;
  jobs: Job[];
};

export async function mbb(stack: Stack) {
  const r = await stack.gql<{ teams: { nodes: Array<{ sport: { id: string }; conference: { id: string } }> } }>(
    '{ teams(sportCode: "MBB", limit: 1) { nodes { sport { id } conference { id } } } }',
  );
  const n = r.data.teams.nodes[0];
  return { sportId: n.sport.id, conferenceId: n.conference.id, seasonId: '2' };
}

export async function generate(stack: Stack, name: string, parameters: Record<string, unknown>) {
  const ids = await mbb(stack);
  const r = await stack.gql<{ startGeneration: { id: string; status: string } }>(GENERATE, {
    input: { name, ...ids, parameters },
  });
  return r.data.startGeneration;
}

export async function status(stack: Stack, id: string): Promise<Request> {
  return (await stack.gql<{ generation: Request }>(STATUS, { id })).data.generation;
}

export const finished = (stack: Stack, id: string, timeoutMs = 90_000) =>
  waitFor(
    async () => {
      const r = await status(stack, id);
      return ['completed', 'failed', 'cancelled'].includes(r.status) ? r : undefined;
    },
    timeoutMs,
    `request ${id} to finish`,
  );

export async function versionsOfRequest(stack: Stack, requestId: string): Promise<number> {
  const [row] = await stack.db.admin((tx) =>
    rows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from schedule_generation.schedule_versions where request_id = ${Number(requestId)}`,
    ),
  );
  return row.n;
}

export function lifecycleSuite(label: string, queue: 'memory' | 'bullmq', kind: 'pglite' | 'postgres') {
  describe(`generation jobs: ${label}`, () => {
    let stack: Stack;
    let runtime: JobsRuntime;
    beforeAll(async () => {
      stack = await startStack(kind, {
        redisUrl: queue === 'bullmq' ? REDIS_URL : null,
        prefix: uniquePrefix('jobs'),
        logger: silent,
        worker: false,
        progressEveryMs: 100,
        lockDurationMs: 3_000,
        stalledIntervalMs: 1_000,
      });
      runtime = stack.generation;
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it('answers at once with a queued job, then runs with progress and stores a version with games and metrics', async () => {
      const created = await generate(stack, 'lifecycle', { seconds: 6, seed: 7 });
      expect(created.status).toBe('queued');
      const queued = await status(stack, created.id);
      expect(queued.jobs).toHaveLength(1);
      expect(queued.jobs[0].status).toBe('queued');

      const worker = runtime.startWorker();
      try {
        const running = await waitFor(
          async () => {
            const r = await status(stack, created.id);
            const j = r.jobs[0];
            return j.status === 'running' && j.progress > 5 && j.bestCost !== null ? r : undefined;
          },
          60_000,
          'running with progress',
        );
        expect(running.jobs[0].iteration).toBeGreaterThan(0);
        expect(running.jobs[0].progress).toBeLessThan(100);

        const done = await finished(stack, created.id);
        expect(done.status).toBe('completed');
        expect(done.jobs[0]).toMatchObject({ status: 'completed', progress: 100, attempts: 1 });
        expect(done.jobs[0].resultVersion).not.toBeNull();
        expect(done.schedule?.status).toBe('REVIEW');
        expect(done.schedule?.gameCount).toBe(144); // 16 teams × 18 games / 2
        expect(done.schedule?.currentVersion?.source).toBe('generated');
        expect(done.schedule?.currentVersion?.id).toBe(done.jobs[0].resultVersion?.id);
        const metrics = await stack.db.admin((tx) =>
          rows<{ metric_name: string }>(
            tx,
            sql`select distinct metric_name from schedule_generation.schedule_optimization_metrics
                where version_id = ${Number(done.jobs[0].resultVersion?.id)}`,
          ),
        );
        expect(metrics.map((m) => m.metric_name).sort()).toEqual(
          expect.arrayContaining(['hard_violations', 'iterations', 'soft_penalty']),
        );
        expect(await versionsOfRequest(stack, created.id)).toBe(1);
      } finally {
        await worker.close();
      }
    });

    it('cancels a running job: it stops, nothing is stored', async () => {
      const created = await generate(stack, 'cancel me', { seconds: 120 });
      const worker = runtime.startWorker();
      try {
        await waitFor(async () => (await status(stack, created.id)).jobs[0].status === 'running', 60_000, 'running');
        const cancelled = await stack.gql<{ cancelGeneration: { status: string } }>(
          'mutation($id: ID!) { cancelGeneration(id: $id) { status } }',
          { id: created.id },
        );
        expect(cancelled.data.cancelGeneration.status).toBe('cancelled');
        const done = await finished(stack, created.id, 20_000);
        expect(done.status).toBe('cancelled');
        expect(done.jobs[0].status).toBe('cancelled');
        // the worker is free again well before the 120 s budget: the engine thread was stopped
        const next = await generate(stack, 'after cancel', { iterations: 20_000 });
        expect((await finished(stack, next.id, 60_000)).status).toBe('completed');
        expect(await versionsOfRequest(stack, created.id)).toBe(0);
        // nor an empty schedule: the one made for the run's result goes with the run
        expect(done.schedule).toBeNull();
        const [left] = await stack.db.admin((tx) =>
          rows<{ n: number }>(
            tx,
            sql`select count(*)::int as n from schedule_generation.schedules where name = 'cancel me'`,
          ),
        );
        expect(left.n).toBe(0);
      } finally {
        await worker.close();
      }
    });

    if (queue === 'memory') {
      it('retries the job of a worker that died mid-job and completes it exactly once', async () => {
        const created = await generate(stack, 'worker dies', { seconds: 6 });
        const first = runtime.startWorker();
        await waitFor(
          async () => {
            const j = (await status(stack, created.id)).jobs[0];
            return j.status === 'running' && j.workerId === first.id && j.progress > 5;
          },
          60_000,
          'first worker running',
        );
        (runtime.queue as MemoryJobQueue).kill(first.id);
        const second = runtime.startWorker();
        try {
          const done = await finished(stack, created.id);
          expect(done.status).toBe('completed');
          expect(done.jobs[0].attempts).toBe(2);
          expect(done.jobs[0].workerId).toBe(second.id);
          expect(await versionsOfRequest(stack, created.id)).toBe(1);
          expect(done.schedule?.gameCount).toBe(144);
        } finally {
          await second.close();
        }
      });
    }

    it('bad requests: unknown sport or season → clear errors; no teams or contradictory hard rules → failed, never stuck', async () => {
      const ids = await mbb(stack);
      const unknownSport = await stack.gql(
        GENERATE,
        { input: { name: 'x', sportId: '99999', seasonId: '2', conferenceId: ids.conferenceId } },
        { allowErrors: true },
      );
      expect(unknownSport.errors?.[0].message).toMatch(/no sport with id 99999/);
      expect(unknownSport.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const unknownSeason = await stack.gql(
        GENERATE,
        { input: { name: 'x', sportId: ids.sportId, seasonId: '99999', conferenceId: ids.conferenceId } },
        { allowErrors: true },
      );
      expect(unknownSeason.errors?.[0].message).toMatch(/no season with id 99999/);

      const worker = runtime.startWorker();
      try {
        const empty = await generate(stack, 'no teams', { teamIds: [999999], iterations: 1000 });
        const emptyDone = await finished(stack, empty.id, 30_000);
        expect(emptyDone.status).toBe('failed');
        expect(emptyDone.errorMessage).toMatch(/no teams to schedule/);
        expect(emptyDone.jobs[0].status).toBe('failed');

        const contradictory = await generate(stack, 'contradictory', {
          iterations: 1000,
          extraConstraints: [
            { type: 'CA1', severity: 'hard', params: { mode: 'H', max: 4 } },
            { type: 'CA1', severity: 'hard', params: { mode: 'A', max: 4 } },
          ],
        });
        const cDone = await finished(stack, contradictory.id, 30_000);
        expect(cDone.status).toBe('failed');
        expect(cDone.errorMessage).toMatch(/infeasible: .*at most 4 home \+ 4 away games, but it plays 18/);
        expect(await versionsOfRequest(stack, contradictory.id)).toBe(0);
      } finally {
        await worker.close();
      }
    });

    it('REST: POST /requests answers 202 at once, GET /requests/{id} shows progress, POST /compare compares versions', async () => {
      const ids = await mbb(stack);
      const worker = runtime.startWorker();
      try {
        const versions: number[] = [];
        for (const seed of [1, 2]) {
          const res = await stack.rest('POST', '/api/v2/schedule-generation/requests', {
            request_name: `rest ${seed}`,
            sport_id: Number(ids.sportId),
            season_id: 2,
            conference_id: Number(ids.conferenceId),
            generation_parameters: { iterations: 30_000, seed },
          });
          expect(res.status).toBe(202);
          expect(['queued', 'running']).toContain(res.body.status); // the worker may already have taken it
          const id = res.body.request_id as number;
          const done = await waitFor(
            async () => {
              const r = await stack.rest('GET', `/api/v2/schedule-generation/requests/${id}`);
              expect(r.status).toBe(200);
              return r.body.status === 'completed' ? r.body : undefined;
            },
            60_000,
            'REST request completed',
          );
          const job = (done.jobs as Array<Record<string, unknown>>)[0];
          expect(job).toMatchObject({ status: 'completed', progress: 100 });
          expect(typeof job.best_cost).toBe('number');
          versions.push(job.result_version_id as number);
        }
        const cmp = await stack.rest('POST', '/api/v2/schedule-generation/compare', {
          version_a_id: versions[0],
          version_b_id: versions[1],
        });
        expect(cmp.status).toBe(200);
        const a = cmp.body.version_a as Record<string, number>;
        const b = cmp.body.version_b as Record<string, number>;
        for (const side of [a, b]) {
          expect(side.games).toBe(144);
          expect(side.travel_miles).toBeGreaterThan(10_000);
          expect(side.max_home_away_imbalance).toBeGreaterThanOrEqual(0);
          expect(typeof side.hard_violations).toBe('number');
          expect(typeof side.soft_violations).toBe('number');
        }
        expect(cmp.body.summary).toMatch(/travel/);
        const notFound = await stack.rest('POST', '/api/v2/schedule-generation/compare', {
          version_a_id: versions[0],
          version_b_id: 999999,
        });
        expect(notFound.status).toBe(400);
      } finally {
        await worker.close();
      }
    });
  });
}
