// `flextime rollback --service <name> [--file <dump.sql>] [--dir <path>]`: partial rollback of one service —
// drops its schema and restores it from its latest backup (or the given dump) in one transaction, then checks
// the restored content against the backup's checksums. Nothing is dropped when the arguments are wrong or
// the backup is missing.
import { pino } from 'pino';
import { defaultBackupDir, openBackupTarget, parseService, rollbackService } from '../../db/backup/index.ts';
import { parseCommandOptions } from './options.ts';

const USAGE = 'usage: flextime rollback --service <name> [--file <dump.sql>] [--dir <path>]';

export async function run(args: string[]): Promise<number | undefined> {
  const values = parseCommandOptions(
    args,
    { service: { type: 'string' }, file: { type: 'string' }, dir: { type: 'string' } },
    USAGE,
  );
  if (!values) return 0;
  if (!values.service) throw new Error(`--service is required (${USAGE})`);
  parseService(values.service); // unknown service → one clear line before touching the database
  const log = pino({ name: 'rollback', level: process.env.LOG_LEVEL ?? 'info' });
  const { target, close } = await openBackupTarget();
  try {
    const result = await rollbackService(target, values.service, {
      dir: values.dir ?? defaultBackupDir(),
      file: values.file,
      log,
    });
    console.log(
      `rolled back ${values.service}: schema ${result.schema} restored from ${result.backup} ` +
        `(${result.tables} tables, ${result.rows} rows${result.verified ? ', checksums verified' : ''})`,
    );
    return 0;
  } finally {
    await close();
  }
}
