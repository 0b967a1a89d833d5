// `flextime gen-monolith [--scale N]`: fills the legacy monolith tables (public.*) of the database named by the
// environment with a synthetic FlexTime history of about N × 1,000,000 games (default N = 1), for migrating at
// scale (`npm run migrate` afterwards, or `npm run bench:migrate`). Shows a progress bar on a terminal.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { openDatabaseFromEnv } from '../../db/index.ts';
import { generateMonolith } from '../../seeding/monolith.ts';

const USAGE = 'usage: flextime gen-monolith [--scale N]   (N = 1 ≈ 1,000,000 games)';

/** A one-line progress bar on a TTY (stderr), a log line per 10 % otherwise. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  let lastDecile = -1;
  const started = Date.now();
  return (phase: string, done: number, total: number) => {
    const ratio = total === 0 ? 1 : done / total;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
      stream.write(
        `\r${phase} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ` +
          `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${Math.round(rate).toLocaleString('en-US')} rows/s)` +
          (done >= total ? '\n' : ''),
      );
    } else {
      const decile = Math.floor(ratio * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${phase}: ${(ratio * 100).toFixed(0)}% (${done}/${total})\n`);
      }
    }
  };
}

export async function run(args: string[]): Promise<number | undefined> {
  let values: { scale?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { scale: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message} (${USAGE})`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
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
