// `flextime backup [--schema <name>] [--dir <path>] [--list]`: backs up the whole database (every FlexTime
// schema, one pg_dump file each, plus the complete dump) or one schema, into FLEXTIME_BACKUP_DIR
// (default .flextime/backups). `--list` shows the backups there.
import { pino } from 'pino';
import { createBackup, defaultBackupDir, listBackups, openBackupTarget } from '../../db/backup/index.ts';
import { parseCommandOptions } from './options.ts';

const USAGE = 'usage: flextime backup [--schema <name>] [--dir <path>] [--list]';

export async function run(args: string[]): Promise<number | undefined> {
  const values = parseCommandOptions(
    args,
    { schema: { type: 'string' }, dir: { type: 'string' }, list: { type: 'boolean' } },
    USAGE,
  );
  if (!values) return 0;
  const dir = values.dir ?? defaultBackupDir();
  if (values.list) {
    for (const b of listBackups(dir)) {
      console.log(`${b.createdAt}  ${b.kind.padEnd(8)} ${Object.keys(b.schemas).join(',')}  ${b.directory}`);
    }
    return 0;
  }
  if (values.schema !== undefined && values.schema.trim() === '') throw new Error(`--schema needs a name (${USAGE})`);
  const log = pino({ name: 'backup', level: process.env.LOG_LEVEL ?? 'info' });
  const { target, close } = await openBackupTarget();
  try {
    const manifest = await createBackup(target, { schema: values.schema, dir, log });
    const tables = Object.values(manifest.schemas).reduce((n, s) => n + Object.keys(s.checksum).length, 0);
    console.log(
      `backup written to ${manifest.directory} (${Object.keys(manifest.schemas).join(', ')}; ${tables} tables checksummed)`,
    );
    return 0;
  } finally {
    await close();
  }
}
