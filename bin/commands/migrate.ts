// `flextime migrate [up|status] [--dir <migrations dir>] [--data-dir <dir>]`: applies the pending db/migrations/*.sql to the
// database named by the environment (DATABASE_URL, else the embedded PGlite data dir FLEXTIME_DATA_DIR or
// .flextime/pgdata), or prints every migration's state as a table.
import { pino } from 'pino';
import { openDatabaseFromEnv } from '../../db/index.ts';
import { formatStatusTable, migrate, migrationStatus } from '../../db/migrate.ts';

const USAGE = `usage: flextime migrate [up|status] [--dir <migrations dir>] [--data-dir <embedded data dir>]
  up       apply pending migrations (default)
  status   print every migration's state (applied, pending, failed, changed, file-missing)`;

export async function run(args: string[]): Promise<number | undefined> {
  let command = 'up';
  let dir = process.env.FLEXTIME_MIGRATIONS_DIR || undefined;
  let dataDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') {
      console.log(USAGE);
      return 0;
    }
    if (a === '--dir') {
      dir = args[++i];
      if (!dir) throw new Error('--dir needs a directory');
    } else if (a === '--data-dir') {
      dataDir = args[++i];
      if (!dataDir) throw new Error('--data-dir needs a directory');
    } else if (a === 'up' || a === 'status') {
      command = a;
    } else {
      throw new Error(`unknown argument '${a}' (usage: ${USAGE.split('\n')[0].replace('usage: ', '')})`);
    }
  }

  const db = await openDatabaseFromEnv(process.env, dataDir ? { dataDir } : {});
  try {
    if (command === 'status') {
      const rows = await migrationStatus(db, { dir });
      console.log(formatStatusTable(rows));
      return rows.some((r) => r.state === 'changed' || r.state === 'failed') ? 1 : 0;
    }
    // Synchronous: progress lines appear as each migration starts, even while a long statement blocks the
    // event loop (embedded PGlite runs in-process).
    const log = pino(
      { name: 'migrate', level: process.env.LOG_LEVEL ?? 'info' },
      pino.destination({ fd: 1, sync: true }),
    );
    const result = await migrate(db, { dir, log });
    const where = db.kind === 'postgres' ? 'PostgreSQL' : 'the embedded database';
    console.log(
      result.applied.length === 0
        ? `${where} is up to date (${result.alreadyApplied} migrations applied)`
        : `applied ${result.applied.length} migration(s) to ${where}: ${result.applied.join(', ')}`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
