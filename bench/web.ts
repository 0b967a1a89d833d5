// bench:web — the workspace's first load of a schedule grid in headless Chromium: Big 12 MBB 2025-26 (16 teams, 144
// games) generated through the API and evaluated, then the page opened cold (new browser context, empty cache,
// credential already in the tab) at #/schedules/<id> until every game is in the grid. Measured per load: time to
// grid rendered (navigation start → the grid's last game in the DOM), JS transferred (compressed bytes on the wire),
// and the GraphQL requests the grid needed (target: 1). Baseline in the same run: the grid's own query sent from
// Node (the API's share of the time).
//   npm run bench:web [-- --loads 7]       (PGlite + in-process queue; DATABASE_URL / REDIS_URL when set)
import { createHash, randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { EPHEMERAL_PORTS, prepareDatabase, startStack } from '../bin/commands/start.ts';
import { openDatabase } from '../db/index.ts';
import { createProcessDependencies } from '../subgraphs/dependencies.ts';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../test/support/browser.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const LOADS = arg('loads', 7);
if (!chromiumAvailable()) throw new Error(`bench:web needs Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);

const KEY = 'bench-web-key';
// the gateway signs its calls to the subgraphs (and the worker its own) with one secret per run
process.env.FLEXTIME_INTERNAL_SECRET ||= randomBytes(32).toString('base64url');
process.env.FLEXTIME_API_KEYS = `${createHash('sha256').update(KEY).digest('hex')}:*`;
const logger = pino({ level: 'warn' });
const db = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir: 'memory://' });
await prepareDatabase(db, logger);
const deps = createProcessDependencies(db, {
  redisUrl: process.env.REDIS_URL || null,
  prefix: `flextime-bench-web-${process.pid}`,
  logger,
  generation: { worker: false, logger },
});
const stack = await startStack({ deps, logger, ports: EPHEMERAL_PORTS });
process.env.GATEWAY_URL = stack.gatewayUrl;
deps.generation?.startWorker({ gatewayUrl: stack.gatewayUrl });
const base = stack.gatewayUrl.replace(/\/graphql$/, '');

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

try {
  const { teams } = await gql<{ teams: { nodes: Array<{ sport: { id: string }; conference: { id: string } }> } }>(
    '{ teams(sportCode: "MBB", limit: 1) { nodes { sport { id } conference { id } } } }',
  );
  const { sport, conference } = teams.nodes[0];
  const created = await gql<{ generateSchedule: { id: string } }>(
    'mutation($input: CreateGenerationRequestInput!) { generateSchedule(input: $input) { id } }',
    {
      input: {
        name: 'Big 12 MBB 2025-26 (bench:web)',
        sportId: sport.id,
        seasonId: '2',
        conferenceId: conference.id,
        parameters: { seconds: 5, seed: 1 },
      },
    },
  );
  type Status = { status: string; schedule: { id: string; gameCount: number } | null };
  let done: Status;
  for (;;) {
    const r = await gql<{ generationRequest: Status }>(
      'query($id: ID!) { generationRequest(id: $id) { status schedule { id gameCount } } }',
      { id: created.generateSchedule.id },
    );
    done = r.generationRequest;
    if (['completed', 'failed', 'cancelled'].includes(done.status)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!done.schedule) throw new Error(`generation ${done.status}`);
  const schedule = done.schedule;
  await gql('mutation($id: ID!) { validateSchedule(input: { scheduleId: $id }) { stored } }', { id: schedule.id });
  console.error(`schedule ${schedule.id}: ${schedule.gameCount} games; ${LOADS} cold loads`);

  const browser = await launchChromium();
  const loads: Array<{ gridMs: number; jsBytes: number; graphqlRequests: number }> = [];
  let gridQuery = '';
  for (let i = 0; i <= LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript((key) => sessionStorage.setItem('flextime.credential', key), KEY);
    let graphqlRequests = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/graphql') {
        graphqlRequests++;
        gridQuery = r.postData() ?? gridQuery;
      }
    });
    await page.goto(`${base}/#/schedules/${schedule.id}`);
    const expected = schedule.gameCount * 2;
    await page.waitForFunction((n) => document.querySelectorAll('[role=grid] [data-game-id]').length === n, expected, {
      polling: 'raf',
    });
    const gridMs = await page.evaluate(() => performance.now());
    const jsBytes = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.name.endsWith('.js'))
        .reduce((sum, e) => sum + e.transferSize, 0),
    );
    await context.close();
    if (i > 0) loads.push({ gridMs, jsBytes, graphqlRequests }); // load 0 warms the gateway's query plans
  }
  await browser.close();

  const api: number[] = [];
  const { query, variables } = JSON.parse(gridQuery) as { query: string; variables: Record<string, unknown> };
  for (let i = 0; i < LOADS; i++) {
    const t = performance.now();
    await gql(query, variables);
    api.push(performance.now() - t);
  }

  const result = {
    teams: 16,
    games: schedule.gameCount,
    loads: LOADS,
    grid_rendered_p50_ms: round(median(loads.map((l) => l.gridMs))),
    grid_rendered_max_ms: round(Math.max(...loads.map((l) => l.gridMs))),
    js_transferred_bytes: median(loads.map((l) => l.jsBytes)),
    graphql_requests: Math.max(...loads.map((l) => l.graphqlRequests)),
    target_graphql_requests: 1,
    grid_query_from_node_p50_ms: round(median(api)),
    ratio_browser_vs_query_p50: round(median(loads.map((l) => l.gridMs)) / median(api), 2),
    database: db.kind,
  };
  console.log(
    `grid rendered p50 ${result.grid_rendered_p50_ms} ms (max ${result.grid_rendered_max_ms}), JS ${result.js_transferred_bytes} B, ` +
      `${result.graphql_requests} GraphQL request(s); the grid query alone from Node p50 ${result.grid_query_from_node_p50_ms} ms`,
  );
  console.log(JSON.stringify(result));
} finally {
  await stack.stop();
  await deps.close();
  await db.close();
}
