// The workspace's schedules, team and map views in a real browser (Debian's Chromium, headless) against the whole
// stack on the embedded database: a viewer sees no write controls; a scheduler creates, renames and deletes a
// schedule (a refused rename shows the server's reason); the grid shows each team's fairness figures as the API
// answers them; a team's calendar link, made in the team view, is fetched over real HTTP with no header at all and
// parsed by an independent parser (node-ical), then revoked in the UI and refused (401); the travel map (loaded only
// when opened) draws every institution with coordinates and the teams' trips. axe-core on every view (no serious or
// critical violation); screenshots in test/web/artifacts/ (git-ignored).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

interface ApiTeam {
  team: {
    id: string;
    name: string;
    institution: { id: string; latitude: number | null; longitude: number | null };
    travel: { trips: Array<{ from: string }> } | null;
  };
  home: number;
  away: number;
  breaks: number;
  longestRoadTrip: number;
  travelMiles: number | null;
}

describe.runIf(runnable)('schedules, team and map views in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let schedule: MbbSchedule;
  let fairness: ApiTeam[];
  const assetRequests: string[] = [];

  async function snapshot(name: string) {
    await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
    const serious = await seriousAxeViolations(page);
    expect(serious, `axe on ${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
  }

  async function signIn(key: string) {
    await page.goto(`${stack.baseUrl}/`);
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await page.getByLabel('API key or token').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Schedules' }).waitFor();
    await page.locator('table.schedules').waitFor();
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startTestStack({
      kind: 'pglite',
      redisPrefix: 'web-views',
      memoryEvents: true,
      jobs: { worker: true },
      defaultMetrics: false,
      limits: { subgraphTimeoutMs: 30_000 },
    });
    schedule = await ensureMbbSchedule(stack);
    const answer = await stack.gql<{ schedule: { fairness: { teams: ApiTeam[] } } }>(
      `query($id: ID!) { schedule(id: $id) { fairness { teams {
        team { id name institution { id latitude longitude } travel(scheduleId: $id) { trips { from } } }
        home away breaks longestRoadTrip travelMiles } } } }`,
      { id: schedule.id },
    );
    fairness = answer.data.schedule.fairness.teams;
    browser = await launchChromium();
    page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
    page.on('request', (r) => {
      if (r.url().includes('/assets/')) assetRequests.push(r.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a wrong credential shows the sign-in error, not a blank page', async () => {
    await page.goto(`${stack.baseUrl}/`);
    await page.getByLabel('API key or token').fill('key-that-does-not-exist');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Sign-in failed: Invalid API key \(UNAUTHENTICATED\)$/);
  });

  it('the sign-in link npm start prints (#key=…) signs in at once, also pasted into an open tab, and leaves no key in the address bar', async () => {
    // a link opens in a tab of its own: a fresh page load
    const tab = await browser.newPage();
    try {
      await tab.goto(`${stack.baseUrl}/#key=${encodeURIComponent(KEYS.big12Viewer)}`);
      await tab.getByRole('heading', { name: 'Schedules' }).waitFor();
      expect(tab.url()).not.toContain('key=');
      // a wrong key in a link is refused like a typed one
      await tab.evaluate(() => sessionStorage.clear());
      await tab.reload();
      await tab.getByLabel('API key or token').waitFor();
      // pasted into the tab already showing the sign-in page: only the fragment changes, no page load
      await tab.goto(`${stack.baseUrl}/#key=not-a-key`);
      const alert = tab.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/Invalid API key/);
      expect(tab.url()).not.toContain('key=');
      await tab.goto(`${stack.baseUrl}/#key=${encodeURIComponent(KEYS.big12Viewer)}`);
      await tab.getByRole('heading', { name: 'Schedules' }).waitFor();
      expect(await tab.getByRole('button', { name: 'New schedule' }).count()).toBe(0);
      // pasted into a signed-in tab: the link's credential replaces the viewer's
      await tab.goto(`${stack.baseUrl}/#key=${encodeURIComponent(KEYS.big12Scheduler)}`);
      await tab.getByRole('button', { name: 'New schedule' }).waitFor();
      expect(tab.url()).not.toContain('key=');
      expect(await tab.evaluate(() => sessionStorage.getItem('flextime.credential'))).toBe(KEYS.big12Scheduler);
    } finally {
      await tab.close();
    }
  });

  it('a viewer sees schedules and a team without any write control', async () => {
    await signIn(KEYS.big12Viewer);
    expect(await page.getByRole('button', { name: 'New schedule' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Rename|Delete) / }).count()).toBe(0);
    await snapshot('schedules-viewer');
    const team = fairness[0].team;
    await page.goto(`${stack.baseUrl}/#/schedules/${schedule.id}/teams/${team.id}`);
    await page.getByRole('heading', { name: team.name, level: 1 }).waitFor();
    expect(await page.getByRole('form', { name: 'Add a blackout' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create calendar link' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Remove blackout/ }).count()).toBe(0);
  });

  it('a scheduler creates, renames and deletes a schedule; a refused rename shows the server’s reason', async () => {
    await signIn(KEYS.big12Scheduler);
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.getByLabel('Name').fill('Browser-made schedule');
    await snapshot('schedules-new');
    await form.getByRole('button', { name: 'Create schedule' }).click();
    const row = page.locator('tr', { has: page.getByRole('link', { name: 'Browser-made schedule' }) });
    await row.waitFor();
    const id = await row.getAttribute('data-schedule-id');
    await snapshot('schedules-scheduler');

    await row.getByRole('button', { name: 'Rename Browser-made schedule' }).click();
    const rename = page.getByRole('form', { name: 'Rename Browser-made schedule' });
    await rename.getByLabel('New name').fill('   ');
    await rename.getByRole('button', { name: 'Save' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^Not saved: .*input\.name.*must not be empty/);
    await rename.getByLabel('New name').fill('Renamed in the browser');
    await rename.getByRole('button', { name: 'Save' }).click();
    const renamed = page.locator(`tr[data-schedule-id="${id}"]`).getByRole('link', { name: 'Renamed in the browser' });
    await renamed.waitFor();
    const stored = await stack.gql<{ schedule: { name: string } | null }>(
      'query($id: ID!) { schedule(id: $id) { name } }',
      {
        id,
      },
    );
    expect(stored.data.schedule?.name).toBe('Renamed in the browser');

    await page
      .locator(`tr[data-schedule-id="${id}"]`)
      .getByRole('button', { name: 'Delete Renamed in the browser' })
      .click();
    await page.getByRole('button', { name: '“Renamed in the browser” and its games', exact: false }).click();
    await page.locator(`tr[data-schedule-id="${id}"]`).waitFor({ state: 'detached' });
    const gone = await stack.gql<{ schedule: { id: string } | null }>('query($id: ID!) { schedule(id: $id) { id } }', {
      id,
    });
    expect(gone.data.schedule).toBeNull();
  });

  it('the grid shows each team’s home/away, breaks, longest road trip and travel miles as the API answers', async () => {
    await page.goto(`${stack.baseUrl}/#/schedules/${schedule.id}`);
    await page.getByRole('grid').waitFor();
    const table = page.locator('table.fairness');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(fairness.length);
    for (const f of fairness) {
      const cells = await table.locator(`tr[data-fairness-team="${f.team.id}"] td`).allTextContents();
      const miles = f.travelMiles === null ? '—' : Math.round(f.travelMiles).toLocaleString('en-US');
      expect(cells).toEqual([f.home, f.away, f.breaks, f.longestRoadTrip].map(String).concat(miles));
    }
    await snapshot('grid-fairness');
  });

  it('a calendar link made in the team view works with no header, and is refused once revoked in the UI', async () => {
    const team = fairness.find((f) => f.home + f.away > 0)!.team;
    await page.goto(`${stack.baseUrl}/#/schedules/${schedule.id}/teams/${team.id}`);
    await page.getByRole('heading', { name: team.name, level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Travel' }).waitFor();
    const games = await page.locator('tbody tr[data-game-id]').count();
    await page.getByRole('button', { name: 'Create calendar link' }).click();
    const link = await page.getByTestId('calendar-link').inputValue();
    expect(link.startsWith(`${stack.baseUrl}/api/v2/schedule-generation/calendar-feeds/`)).toBe(true);

    const feed = await fetch(link); // what a calendar app does: the URL, nothing else
    const text = await feed.text();
    expect(feed.status, text.slice(0, 200)).toBe(200);
    const events = Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
    expect(events).toHaveLength(games);
    await snapshot('team-calendar-link');

    const revoke = page.getByRole('button', { name: /^Revoke link #/ });
    await revoke.first().click();
    await page
      .getByText(/^revoked \d{4}-\d{2}-\d{2}$/)
      .first()
      .waitFor();
    const refused = await fetch(link);
    expect(refused.status).toBe(401);
    expect((await refused.json()).code).toBe('CALENDAR_LINK_REVOKED');
  });

  it('the travel map loads on demand and draws every institution with coordinates and the teams’ trips', async () => {
    expect(assetRequests.filter((u) => /TravelMap/.test(u))).toEqual([]);
    await page.goto(`${stack.baseUrl}/#/schedules/${schedule.id}`);
    await page.getByRole('grid').waitFor();
    await page.getByRole('link', { name: 'Travel map' }).first().click();
    await page.getByRole('heading', { name: 'Travel map' }).waitFor();
    await page.locator('svg[role=img]').waitFor();
    expect(assetRequests.some((u) => /TravelMap/.test(u))).toBe(true);
    const placed = fairness.filter(
      (f) => f.team.institution.latitude !== null && f.team.institution.longitude !== null,
    );
    expect(placed.length).toBeGreaterThan(0);
    const shown = await page
      .locator('[data-institution-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-institution-id')));
    expect(new Set(shown)).toEqual(new Set(placed.map((f) => f.team.institution.id)));
    const trips = fairness.reduce((n, f) => n + (f.team.travel?.trips.length ?? 0), 0);
    expect(await page.locator('path.trip').count()).toBe(trips);
    expect(await page.locator('path.state').count()).toBeGreaterThan(48);
    const someone = placed.find((f) => (f.team.travel?.trips.length ?? 0) > 0)!;
    await page.getByLabel('Highlight team').selectOption(someone.team.id);
    expect(await page.locator(`path.trip.selected[data-team-id="${someone.team.id}"]`).count()).toBe(
      someone.team.travel!.trips.length,
    );
    await snapshot('travel-map');
  });
});
