// The workspace's live views in Debian's Chromium against the whole stack on the embedded database: a schedule
// generated from the browser shows progress events pushed over SSE (elapsed, best cost, chart) and its grid fills;
// three games locked from the keyboard survive a re-optimisation, which the compare view shows game by game with the
// locked ones unchanged (checked against the API too); GraphiQL runs a query with the signed-in credential.
// axe-core on each of these views (no serious or critical violation); screenshots in test/web/artifacts/ (git-ignored).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, seriousAxeViolations } from '../support/browser.ts';
import { KEYS, startTestStack, type TestStack } from '../support/stack.ts';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const runnable = chromiumAvailable() || !!process.env.CI;
if (!runnable)
  console.warn('test/web skipped: no Chromium at /usr/bin/chromium (apt-get install chromium; CI installs it)');

type VersionGames = {
  schedule: {
    currentVersion: { id: string };
    games: Array<{ id: string; date: string; locked: boolean; home: { id: string }; away: { id: string } }>;
  };
};
const VERSION_GAMES =
  'query($id: ID!) { schedule(id: $id) { currentVersion { id } games { id date locked home { id } away { id } } } }';
const key = (g: { date: string; home: { id: string }; away: { id: string } }) => `${g.home.id}|${g.away.id}|${g.date}`;

describe.runIf(runnable)('live progress, locked games and GraphiQL in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let scheduleId: string;
  let lockedKeys: string[] = [];

  async function snapshot(name: string, opts: { axe?: boolean } = {}) {
    await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
    if (opts.axe === false) return;
    const serious = await seriousAxeViolations(page);
    expect(serious, `axe on ${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startTestStack({
      kind: 'pglite',
      redisPrefix: 'web-live',
      memoryEvents: true,
      jobs: { worker: true },
      defaultMetrics: false,
      limits: { subgraphTimeoutMs: 30_000 },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${stack.baseUrl}/`);
    await page.getByLabel('API key or token').fill(KEYS.big12Scheduler);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Schedules' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('generates a schedule with progress pushed over SSE, then opens its filled grid', async () => {
    const streams: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/events')) streams.push(r.url());
    });
    await page.goto(`${stack.baseUrl}/#/generate`);
    await page.getByLabel('Name').fill('Generated live');
    await page.getByLabel('Constraint profile').selectOption('');
    await page.getByLabel('Time limit (seconds)').fill('3');
    await page.getByRole('button', { name: 'Start' }).click();
    const status = page.getByTestId('generation-status');
    // a progress event arrives while the generation still runs
    await expect
      .poll(async () => `${await status.textContent()} ${await page.getByTestId('event-count').textContent()}`, {
        timeout: 60_000,
      })
      .toMatch(/^running [1-9]\d*$/);
    const open = page.getByRole('link', { name: 'Open the schedule' });
    await open.waitFor({ timeout: 90_000 });
    expect(await status.textContent()).toBe('completed');
    expect(Number(await page.getByTestId('event-count').textContent())).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('best-cost').textContent()).toMatch(/^[\d,]+$/);
    expect(await page.getByTestId('elapsed').textContent()).toMatch(/^\d+\.\d s$/);
    expect(await page.getByTestId('cost-chart').getAttribute('aria-label')).toMatch(/^Best cost over time/);
    expect(await page.getByRole('progressbar').getAttribute('value')).toBe('100');
    expect(streams.some((u) => /\/api\/v2\/schedule-generation\/generations\/\d+\/events$/.test(u))).toBe(true);
    await snapshot('generate-live');

    await open.click();
    await page.getByRole('grid').waitFor();
    scheduleId = /#\/schedules\/(\d+)$/.exec(page.url())![1];
    const api = (await stack.gql<VersionGames>(VERSION_GAMES, { id: scheduleId })).data.schedule;
    expect(api.games.length).toBeGreaterThan(100);
    expect(await page.getByTestId('game-count').textContent()).toBe(String(api.games.length));
  });

  it('locks three games from the keyboard, each shown locked and stored locked', async () => {
    // cells with exactly one game: focus, then L
    const cells = page.locator('[role=grid] td[data-cell]:has([data-game-id])');
    const picked: string[] = [];
    for (let i = 0; picked.length < 3; i++) {
      const cell = cells.nth(i);
      const gameId = await cell.locator('[data-game-id]').first().getAttribute('data-game-id');
      if (!gameId || picked.includes(gameId) || (await cell.locator('[data-game-id]').count()) !== 1) continue;
      await cell.focus();
      await page.keyboard.press('l');
      await page.locator(`[data-game-id="${gameId}"][data-locked="true"]`).first().waitFor();
      picked.push(gameId);
    }
    expect(await page.getByTestId('locked-games').textContent()).toBe('3');
    const api = (await stack.gql<VersionGames>(VERSION_GAMES, { id: scheduleId })).data.schedule;
    const locked = api.games.filter((g) => g.locked);
    expect(new Set(locked.map((g) => g.id))).toEqual(new Set(picked));
    lockedKeys = locked.map(key);
    await snapshot('grid-locked');
  });

  it('re-optimises the schedule with live progress, keeping the three locked games', async () => {
    await page.getByRole('link', { name: 'Re-optimise' }).click();
    await page.getByRole('heading', { name: /^Re-optimise / }).waitFor();
    expect(await page.getByTestId('locked-count').textContent()).toBe('3');
    await page.getByLabel('Time limit (seconds)').fill('3');
    await page.getByRole('button', { name: 'Start' }).click();
    const compare = page.getByRole('link', { name: 'Compare with the previous version' });
    await compare.waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('generation-status').textContent()).toBe('completed');
    expect(Number(await page.getByTestId('event-count').textContent())).toBeGreaterThanOrEqual(2);
    await snapshot('optimise-live');

    const after = (await stack.gql<VersionGames>(VERSION_GAMES, { id: scheduleId })).data.schedule;
    const afterKeys = new Set(after.games.map(key));
    for (const k of lockedKeys) expect(afterKeys.has(k), `locked game ${k} kept`).toBe(true);
  });

  it('compares the two versions game by game, the locked games unchanged', async () => {
    await page.getByRole('link', { name: 'Compare with the previous version' }).click();
    await page.getByRole('heading', { name: 'Compare versions' }).waitFor();
    await page.getByTestId('count-kept').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('locked-in-a').textContent()).toBe('3');
    expect(await page.getByTestId('locked-unchanged').textContent()).toBe('3');
    const counts = await Promise.all(
      ['kept', 'moved', 'swapped', 'added', 'removed'].map(async (k) =>
        Number(await page.getByTestId(`count-${k}`).textContent()),
      ),
    );
    const after = (await stack.gql<VersionGames>(VERSION_GAMES, { id: scheduleId })).data.schedule;
    expect(counts[0] + counts[1] + counts[2] + counts[3]).toBe(after.games.length);
    await page.getByRole('rowheader', { name: 'Travel miles' }).waitFor();
    await snapshot('compare-locked');
  });

  it('cancels a running generation from the view; its stream ends cancelled', async () => {
    await page.goto(`${stack.baseUrl}/#/generate`);
    await page.getByLabel('Name').fill('Cancelled live');
    await page.getByLabel('Time limit (seconds)').fill('60');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect
      .poll(async () => Number(await page.getByTestId('event-count').textContent()), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('generation-status').textContent(), { timeout: 30_000 }).toBe('cancelled');
    expect(await page.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
  });

  it('GraphiQL loads the schema and runs a query with the signed-in credential', async () => {
    const introspection = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('__schema'),
    );
    await page.goto(`${stack.baseUrl}/#/graphiql`);
    const schema = (await (await introspection).json()) as { data?: { __schema?: unknown }; errors?: unknown };
    expect(schema.errors).toBeUndefined();
    expect(schema.data?.__schema).toBeTruthy();
    const run = page.getByRole('button', { name: /Execute query/ });
    await run.waitFor({ timeout: 60_000 });
    // the editor (Monaco) holds the starting query once it is up: running before that runs nothing
    await expect
      .poll(() => page.locator('.graphiql-query-editor .view-lines').textContent(), { timeout: 60_000 })
      .toContain('schedules');
    const sent = page.waitForRequest(
      (r) => r.url().endsWith('/graphql') && r.method() === 'POST' && (r.postData() ?? '').includes('Schedules'),
    );
    await run.click();
    const request = await sent;
    expect(request.headers()['x-api-key']).toBe(KEYS.big12Scheduler);
    const response = await request.response();
    const body = (await response!.json()) as { data?: { schedules: { nodes: unknown[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.schedules.nodes.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('.graphiql-response').textContent(), { timeout: 30_000 })
      .toContain('"schedules"');
    await snapshot('graphiql');
  });

  it('a viewer cannot lock: the grid says the scheduler role is needed, and nothing is stored', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key or token').fill(KEYS.big12Viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${stack.baseUrl}/#/schedules/${scheduleId}`);
    await page.getByRole('grid').waitFor();
    const cell = page.locator('[role=grid] td[data-cell]:has([data-game-id]:not([data-locked]))').first();
    const gameId = await cell.locator('[data-game-id]').first().getAttribute('data-game-id');
    await cell.focus();
    await page.keyboard.press('l');
    const alert = page.locator('main').getByRole('alert'); // (Monaco leaves empty live regions of its own in <body>)
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /^Could not lock the game: .+\(FORBIDDEN\) — locking needs the scheduler role$/,
    );
    const api = (await stack.gql<VersionGames>(VERSION_GAMES, { id: scheduleId })).data.schedule;
    expect(api.games.find((g) => g.id === gameId)?.locked).toBe(false);
  });
});
