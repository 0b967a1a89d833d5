// Generation as jobs, end to end through the gateway, on the in-process queue (test/support/generation-jobs.ts has
// the lifecycle suite), and the job routes answering 503 while reads keep working when Redis is down. BullMQ on real
// Redis is jobs-bullmq.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/db.ts';
import { GENERATE, lifecycleSuite, mbb, silent, startStack } from '../support/generation-jobs.ts';
import { type TestStack as Stack, uniquePrefix } from '../support/stack.ts';

for (const kind of DB_KINDS) lifecycleSuite(`in-process queue (${kind})`, 'memory', kind);

describe('generation jobs: Redis down', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('pglite', {
      redisUrl: 'redis://127.0.0.1:1',
      prefix: uniquePrefix('down'),
      logger: silent,
      worker: false,
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('job routes answer 503, reads keep working', async () => {
    const ids = await mbb(stack);
    const res = await stack.rest('POST', '/api/v2/schedule-generation/requests', {
      request_name: 'redis down',
      sport_id: Number(ids.sportId),
      season_id: 2,
    });
    expect(res.status).toBe(503);
    expect(res.body.error).toBeDefined();
    const gql = await stack.gql(GENERATE, { input: { name: 'x', ...ids } }, { allowErrors: true });
    expect(gql.errors?.[0].extensions?.code).toBe('QUEUE_UNAVAILABLE');
    const list = await stack.rest('GET', '/api/v2/schedule-generation/requests');
    expect(list.status).toBe(200);
    const teams = await stack.rest('GET', '/api/v2/team-availability/blackouts?limit=5');
    expect(teams.status).toBe(200);
  });
});
