// `flextime gen-monolith [--scale N]`: fills the legacy monolith tables (public.*) of the database named by the
// environment with a synthetic FlexTime history of about N × 1,000,000 games (default N = 1), for migrating at
// scale (`npm run migrate` afterwards, or `npm run bench:migrate`). Shows a progress bar on a terminal.
import { pino } from 'pino';
import { openDatabaseFromEnv } from '../../db/index.ts';
import { generateMonolith } from '../../seeding/monolith.ts';
import { progressReporter } from '../../seeding/progress.ts';
import { parseCommandOptions } from './options.ts';

const USAGE = 'usage: flextime gen-monolith [--scale N]   (N = 1 ≈ 1,000,000 games)';

export async function run(args: string[]): Promise<number | undefined> {
  const values = parseCommandOptions(args, { scale: { type: 'string' } }, USAGE);
  if (!values) return 0;
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 100)) {
    throw new Error(`--scale must be a number in (0, 100], got '${values.scale}'`);
  }
  const log = pino({ name: 'gen-monolith', level: process.env.LOG_LEVEL ?? 'info' });
  const db = await openDatabaseFromEnv();
  try {
    const result = await generateMonolith(db, { scale, log, onProgress: progressReporter() });
    console.log(
      `generated scale ${scale}: ${result.counts.games.toLocaleString('en-US')} games in ${result.schedules} schedules, ` +
        `${result.counts.team_blackouts.toLocaleString('en-US')} blackouts, ${result.counts.constraints} constraints ` +
        `(${result.seconds.toFixed(1)} s). Next: npm run migrate`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
