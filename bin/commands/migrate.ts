// `flextime migrate [up|status|verify] [--dir <migrations dir>] [--data-dir <dir>]`: applies the pending
// db/migrations/*.sql to the database named by the environment (DATABASE_URL, else the embedded PGlite data dir
// FLEXTIME_DATA_DIR or .flextime/pgdata), prints every migration's state as a table, or runs the verification
// (microservice_health + each service's check_data_consistency()). `flextime migrate live …` is the live migration
// of a running monolith (bin/live.ts).
import { pino } from 'pino';
import { openDatabaseFromEnv } from '../../db/index.ts';
import { formatStatusTable, migrate, migrationStatus } from '../../db/migrate.ts';
import { formatVerification, verifyDatabase } from '../../db/verify.ts';
import { runLive } from '../live.ts';

const USAGE = `usage: flextime migrate [up|status|verify] [--dir <migrations dir>] [--data-dir <embedded data dir>] [--without-copy]
  up       apply pending migrations (default); --without-copy: 002–005 copy none of the monolith's rows (load them
           with: flextime migrate live start)
  status   print every migration's state (applied, pending, failed, changed, file-missing)
  verify   service health and data-consistency checks (exit 1 when a service is unhealthy or a check fails)
  live     the live, reversible migration of a running monolith: flextime migrate live --help`;

export async function run(args: string[]): Promise<number | undefined> {
  if (args[0] === 'live') return runLive(args.slice(1));
  let command = 'up';
  let dir = process.env.FLEXTIME_MIGRATIONS_DIR || undefined;
  let dataDir: string | undefined;
  let withoutCopy = false;
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
    } else if (a === '--without-copy') {
      withoutCopy = true;
    } else if (a === 'up' || a === 'status' || a === 'verify') {
      command = a;
    } else {
      throw new Error(`unknown argument '${a}' (usage: ${USAGE.split('\n')[0].replace('usage: ', '')})`);
    }
  }

  const db = await openDatabaseFromEnv(process.env, dataDir ? { dataDir } : {});
  try {
    if (command === 'verify') {
      const v = await verifyDatabase(db);
      console.log(formatVerification(v));
      return v.ok ? 0 : 1;
    }
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
    const result = await migrate(db, { dir, log, withoutCopy });
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
