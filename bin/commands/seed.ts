// `flextime seed`: loads the Big 12 seed data (seeding/*.sql) into the database named by the environment
// (DATABASE_URL, else the embedded PGlite data dir). Idempotent: running it again changes nothing.
import { pino } from 'pino';
import { openDatabaseFromEnv } from '../../db/index.ts';
import { seed } from '../../seeding/index.ts';

export async function run(args: string[]): Promise<number | undefined> {
  if (args.length > 0 && !(args.length === 1 && (args[0] === '--help' || args[0] === '-h'))) {
    throw new Error(`unknown argument '${args[0]}' (usage: flextime seed)`);
  }
  if (args[0] === '--help' || args[0] === '-h') {
    console.log('usage: flextime seed   — load the Big 12 seed data (idempotent)');
    return 0;
  }
  const log = pino({ name: 'seed', level: process.env.LOG_LEVEL ?? 'info' });
  const db = await openDatabaseFromEnv();
  try {
    const result = await seed(db, { log });
    const c = result.counts;
    console.log(
      `seeded: ${c['shared_data.institutions']} institutions, ${c['shared_data.teams']} teams, ` +
        `${c['shared_data.venues']} venues, ${c['team_availability.team_blackout_dates']} blackout dates, ` +
        `${c['constraint_validation.constraint_templates']} constraint templates`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
