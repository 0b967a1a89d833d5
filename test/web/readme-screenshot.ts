// `npm run screenshot:web`: the README's picture of the grid, taken with Playwright from the running app — the whole
// stack on an embedded database, the seeded Big 12 men's basketball season generated and evaluated through the API,
// signed in as a Big 12 scheduler — and written to docs/workspace-grid.png (one viewport, so the file stays small).
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../support/browser.ts';
import { KEYS, startTestStack } from '../support/stack.ts';
import { ensureMbbSchedule } from '../support/workspace.ts';

const OUT = fileURLToPath(new URL('../../docs/workspace-grid.png', import.meta.url));

const stack = await startTestStack({
  kind: 'pglite',
  redisPrefix: 'screenshot',
  memoryEvents: true,
  jobs: { worker: true },
});
const browser = await launchChromium();
try {
  // a longer budget than the tests' 3 s, so the picture shows a schedule a scheduler would start from
  const schedule = await ensureMbbSchedule(stack, 20);
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  await page.goto(`${stack.baseUrl}/`);
  await page.getByLabel('API key or token').fill(KEYS.big12Scheduler);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Schedules' }).waitFor();
  await page.goto(`${stack.baseUrl}/#/schedules/${schedule.id}`);
  await page.getByRole('grid').waitFor();
  await page.locator('[data-cell="0-0"]').focus();
  await page.screenshot({ path: OUT });
  console.log(`wrote ${OUT} (schedule ${schedule.id}, ${schedule.gameCount} games)`);
} finally {
  await browser.close();
  await stack.stop();
}
