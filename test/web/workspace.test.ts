// The scheduler's workspace in a real browser (Debian's Chromium, headless) against the whole stack on the embedded
// database: a wrong credential shows the sign-in error; a real key signs in; the seeded Big 12 MBB season's schedule
// (generated through the API first when none is stored, then evaluated) opens as a grid with as many games as the
// API answers and every logged violation highlighted on its game with the constraint's name; arrow keys move between
// cells; a team's ICS and the schedule's CSV download and parse; a hard blackout added on a team's game day shows
// as a hard violation on that game after re-evaluating; a schedule generated from the browser reports its progress
// and opens as a grid. axe-core on every view (no serious or critical
// violation); screenshots of each view in test/web/artifacts/ (git-ignored).
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import ical, { type VEvent } from 'node-ical';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, seriousAxeViolations } from '../support/browser.ts';
import { KEYS, startTestStack, type TestStack } from '../support/stack.ts';
import { ensureMbbSchedule, type MbbSchedule } from '../support/workspace.ts';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const runnable = chromiumAvailable() || !!process.env.CI;
if (!runnable)
  console.warn('test/web skipped: no Chromium at /usr/bin/chromium (apt-get install chromium; CI installs it)');

interface ApiGrid {
  schedule: {
    gameCount: number;
    games: Array<{ id: string; home: { id: string; name: string } }>;
    violations: Array<{
      severity: string;
      template: { name: string } | null;
      game: { id: string } | null;
      details: { gameIds?: Array<number | string> };
    }>;
  };
}

describe.runIf(runnable)('the scheduler workspace in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let schedule: MbbSchedule;
  let api: ApiGrid['schedule'];

  async function snapshot(name: string) {
    await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
    const serious = await seriousAxeViolations(page);
    expect(serious, `axe on ${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startTestStack({
      kind: 'pglite',
      redisPrefix: 'web',
      memoryEvents: true,
      jobs: { worker: true },
      defaultMetrics: false,
      limits: { subgraphTimeoutMs: 30_000 },
    });
    schedule = await ensureMbbSchedule(stack);
    const answer = await stack.gql<ApiGrid>(
      `query($id: ID!) { schedule(id: $id) { gameCount games { id home { id name } }
        violations(resolved: false) { severity template { name } game { id } details } } }`,
      { id: schedule.id },
    );
    api = answer.data.schedule;
    browser = await launchChromium();
    page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a wrong credential shows the sign-in error, not a blank page', async () => {
    await page.goto(`${stack.baseUrl}/`);
    await page.getByLabel('API key or token').fill('not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Sign-in failed: .+\(UNAUTHENTICATED\)$/);
    await snapshot('sign-in-error');
  });

  it('signs in with a real key and lists the schedules, filtered by sport', async () => {
    await page.getByLabel('API key or token').fill(KEYS.big12Scheduler);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Schedules' }).waitFor();
    const sport = page.getByLabel('Sport');
    await sport.locator('option', { hasText: '(MBB)' }).waitFor({ state: 'attached' });
    const mbb = await sport.locator('option', { hasText: '(MBB)' }).getAttribute('value');
    await sport.selectOption(mbb!);
    await page.locator(`a[href="#/schedules/${schedule.id}"]`).waitFor();
    await page.getByLabel('Status').selectOption('ARCHIVED');
    await page.getByText('No schedules match these filters').waitFor();
    await page.getByLabel('Status').selectOption('');
    await page.locator(`a[href="#/schedules/${schedule.id}"]`).waitFor();
    await snapshot('schedules');
  });

  it("opens the MBB schedule as a grid with the API's games and its violations on the games involved", async () => {
    await page.locator(`a[href="#/schedules/${schedule.id}"]`).click();
    await page.getByRole('grid').waitFor();
    const shownIds = await page
      .locator('[role=grid] [data-game-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-game-id')));
    expect(new Set(shownIds).size).toBe(api.gameCount);
    expect(new Set(shownIds)).toEqual(new Set(api.games.map((g) => g.id)));
    expect(shownIds).toHaveLength(api.gameCount * 2); // each game in its home and its away team's row

    const onGames = api.violations.filter((v) => v.game && (v.severity === 'HARD' || v.severity === 'SOFT'));
    for (const v of onGames.slice(0, 20)) {
      const cells = page.locator(`td:has([data-game-id="${v.game!.id}"])`);
      expect(await cells.count()).toBe(2);
      const classes = await cells.first().getAttribute('class');
      expect(classes).toMatch(/marked/);
      if (v.severity === 'HARD') expect(classes).toMatch(/hard/);
      expect(await cells.first().textContent()).toContain(v.template?.name ?? 'Unnamed constraint');
    }
    const marked = await page
      .locator('[role=grid] td.marked [data-game-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-game-id')));
    // every game a violation involves: its game and the others its details list (a streak names each of its games)
    const involved = onGames.flatMap((v) => [v.game!.id, ...(v.details.gameIds ?? []).map(String)]);
    expect(new Set(marked)).toEqual(new Set(involved));
    await snapshot('grid');
  });

  it('moves between grid cells with the arrow keys', async () => {
    await page.locator('[data-cell="0-0"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('1-1');
    await page.keyboard.press('End');
    const last = await page.evaluate(() => document.activeElement?.getAttribute('data-cell'));
    const dates = await page.locator('[role=grid] thead th').count();
    expect(last).toBe(`1-${dates - 2}`);
    expect(await page.locator('[data-cell][tabindex="0"]').count()).toBe(1);
  });

  it('downloads the schedule as CSV, one row per game', async () => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const rows = parseCsv(readFileSync((await file.path())!, 'utf8'), { columns: true }) as Array<{ game_id: string }>;
    expect(new Set(rows.map((r) => r.game_id))).toEqual(new Set(api.games.map((g) => g.id)));
  });

  it("opens a team's view and downloads its calendar with one event per game", async () => {
    const team = api.games[0].home;
    await page.locator(`a[href="#/schedules/${schedule.id}/teams/${team.id}"]`).click();
    await page.getByRole('heading', { name: team.name, level: 1 }).waitFor();
    const rows = await page.locator('tbody tr[data-game-id]').count();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download calendar (ICS)' }).click(),
    ]);
    const events = Object.values(ical.sync.parseICS(readFileSync((await file.path())!, 'utf8'))).filter(
      (c): c is VEvent => c?.type === 'VEVENT',
    );
    expect(events).toHaveLength(rows);
    expect(rows).toBeGreaterThan(0);
    await snapshot('team');
  });

  it("adds a hard blackout on a team's game day, and after re-evaluating the grid marks that game hard", async () => {
    const row = page.locator('tbody tr[data-game-id]').first();
    const gameId = (await row.getAttribute('data-game-id'))!;
    const date = (await row.locator('td').first().textContent())!;
    const form = page.getByRole('form', { name: 'Add a blackout' });
    await form.getByLabel('From').fill(date);
    await form.getByLabel('To').fill(date);
    await form.getByLabel('Reason').fill('Browser test blackout');
    await form.getByRole('button', { name: 'Add blackout' }).click();
    await page.getByText('Browser test blackout').waitFor();
    const before = await page.locator(`td:has([data-game-id="${gameId}"])`).count();
    expect(before).toBe(0); // not on this page: the team view lists games in rows, not grid cells

    await page.locator(`a[href="#/schedules/${schedule.id}"]`).click();
    await page.getByRole('grid').waitFor();
    await page.getByRole('button', { name: 'Re-evaluate' }).click();
    const cell = page.locator(`td:has([data-game-id="${gameId}"])`).first();
    await expect.poll(async () => cell.getAttribute('class'), { timeout: 30_000 }).toMatch(/hard/);
    const violations = await stack.gql<{ schedule: { violations: Array<{ game: { id: string } | null }> } }>(
      'query($id: ID!) { schedule(id: $id) { violations(severity: HARD, resolved: false) { game { id } } } }',
      { id: schedule.id },
    );
    expect(violations.data.schedule.violations.map((v) => v.game?.id)).toContain(gameId);
    await snapshot('grid-with-blackout');
  });

  it('generates a schedule from the browser, follows its progress and opens the finished grid', async () => {
    await page.goto(`${stack.baseUrl}/#/generate`);
    await page.getByLabel('Name').fill('Generated in the browser');
    await page.getByLabel('Time limit (seconds)').fill('2');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByTestId('generation-status').waitFor();
    const open = page.getByRole('link', { name: 'Open the schedule' });
    await open.waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('generation-status').textContent()).toBe('completed');
    expect(await page.getByRole('progressbar').getAttribute('value')).toBe('100');
    await snapshot('generate');
    await open.click();
    await page.getByRole('grid').waitFor();
    expect(await page.getByTestId('game-count').textContent()).toBe(String(api.gameCount));
  });

  it('compares two versions game by game, the counts adding up to both versions and matching an independent diff', async () => {
    const generatedId = /#\/schedules\/(\d+)$/.exec(page.url())![1];
    await page.getByRole('link', { name: 'Compare with another version' }).click();
    await page.getByRole('heading', { name: 'Compare versions' }).waitFor();
    type Version = {
      schedule: {
        currentVersion: { id: string };
        games: Array<{ date: string; home: { id: string }; away: { id: string } }>;
      };
    };
    const version = async (id: string) =>
      (
        await stack.gql<Version>(
          'query($id: ID!) { schedule(id: $id) { currentVersion { id } games { date home { id } away { id } } } }',
          { id },
        )
      ).data.schedule;
    const a = await version(generatedId);
    const b = await version(schedule.id);
    await page.getByLabel('Version A').selectOption(`${generatedId}:${a.currentVersion.id}`);
    await page.getByLabel('Version B').selectOption(`${schedule.id}:${b.currentVersion.id}`);
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByTestId('count-kept').waitFor();
    const count = async (kind: string) => Number(await page.getByTestId(`count-${kind}`).textContent());
    const [kept, moved, swapped, added, removed] = await Promise.all(
      ['kept', 'moved', 'swapped', 'added', 'removed'].map(count),
    );
    expect(kept + moved + swapped + removed).toBe(a.games.length);
    expect(kept + moved + swapped + added).toBe(b.games.length);
    // independent: games with the same home, away and date in both versions
    const key = (g: { date: string; home: { id: string }; away: { id: string } }) =>
      `${g.home.id}|${g.away.id}|${g.date}`;
    const inB = new Set(b.games.map(key));
    expect(kept).toBe(a.games.filter((g) => inB.has(key(g))).length);
    await page
      .getByRole('cell', { name: 'Travel miles' })
      .or(page.getByRole('rowheader', { name: 'Travel miles' }))
      .waitFor();
    await snapshot('compare');
  });
});
