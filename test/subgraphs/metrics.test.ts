// /metrics on every service process and on a generation worker process: queue depth, job duration, event lag.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Background, startBackground } from '../../subgraphs/background.ts';
import { type TestStack as Stack, startTestStack, uniquePrefix, waitFor } from '../support/stack.ts';

/** A metric's value (summed over its samples matching `labels`) in Prometheus text, or undefined when absent. */
function sampleSum(text: string, name: string, labels = ''): number | undefined {
  const lines = text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  const matching = lines.filter((l) => l.includes(labels));
  if (matching.length === 0) return undefined;
  return matching.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

async function metricsOf(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

describe('/metrics of the service processes', () => {
  let stack: Stack;
  let background: Background;
  beforeAll(async () => {
    stack = await startTestStack({
      kind: 'pglite',
      rest: false,
      defaultMetrics: false,
      memoryEvents: true,
      jobs: { worker: true },
    });
    background = await startBackground({ deps: stack.deps, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await background?.stop();
    await stack?.stop();
  });

  it('every subgraph answers /metrics without credentials; a generation shows in queue depth, job duration and event lag', async () => {
    for (const url of Object.values(stack.subgraphUrls)) {
      const text = await metricsOf(url.replace(/\/graphql$/, '/metrics'));
      expect(text).toContain('flextime_process_cpu_user_seconds_total');
      expect(text).toContain('# TYPE flextime_generation_queue_depth gauge');
    }
    const ids = (
      await stack.gql<{ teams: { nodes: Array<{ sport: { id: string }; conference: { id: string } }> } }>(
        '{ teams(sportCode: "MBB", limit: 1) { nodes { sport { id } conference { id } } } }',
      )
    ).data.teams.nodes[0];
    const metricsUrl = stack.subgraphUrls['schedule-generation'].replace(/\/graphql$/, '/metrics');
    const before = sampleSum(await metricsOf(metricsUrl), 'flextime_generation_job_duration_seconds_count') ?? 0;
    await stack.gql('mutation($input: StartGenerationInput!) { startGeneration(input: $input) { id } }', {
      input: {
        name: 'metered',
        sportId: ids.sport.id,
        conferenceId: ids.conference.id,
        seasonId: '2',
        parameters: { seconds: 1 },
      },
    });
    const text = await waitFor(
      async () => {
        const t = await metricsOf(metricsUrl);
        const jobs = sampleSum(t, 'flextime_generation_job_duration_seconds_count', 'outcome="completed"') ?? 0;
        const lag = sampleSum(t, 'flextime_event_lag_seconds_count', 'type="schedule.generated"') ?? 0;
        return jobs > before && lag > 0 ? t : undefined;
      },
      60_000,
      'the job and its event on /metrics',
    );
    expect(sampleSum(text, 'flextime_generation_queue_depth', 'state="waiting"')).toBe(0);
    expect(sampleSum(text, 'flextime_event_lag_seconds_count', 'group="constraint-validation"')).toBeGreaterThan(0);
  });
});

describe.runIf(process.env.REDIS_URL && process.env.DATABASE_URL)('/metrics of a generation worker process', () => {
  let stack: Stack;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    stack = await startTestStack({ kind: 'postgres', rest: false, defaultMetrics: false, seed: false });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await stack?.stop();
  });

  it('`flextime worker` serves queue depth and its process metrics on FLEXTIME_METRICS_PORT', async () => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', new URL('../../bin/flextime.ts', import.meta.url).pathname, 'worker'],
      {
        env: {
          ...process.env,
          DATABASE_URL: stack.database.url,
          FLEXTIME_REDIS_PREFIX: uniquePrefix('worker-metrics'),
          GATEWAY_URL: stack.gatewayUrl,
          FLEXTIME_METRICS_PORT: '0',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the worker did not start in 60 s')), 60_000);
      lines.on('line', (line) => {
        const port = (JSON.parse(line) as { metricsPort?: number }).metricsPort;
        if (port) {
          clearTimeout(timer);
          resolve(port);
        }
      });
    });
    const text = await metricsOf(`http://127.0.0.1:${port}/metrics`);
    expect(sampleSum(text, 'flextime_generation_queue_depth', 'state="waiting"')).toBe(0);
    expect(text).toContain('flextime_process_cpu_user_seconds_total');
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });
});
