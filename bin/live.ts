// `flextime migrate live <start|status|verify|follow|cutover|rollback|finish>`: the live, reversible migration of a
// running monolith into the services (db/live/, runbook in db/README.md). Each subcommand is safe to run twice and
// to kill at any moment: the state is in public.live_migration_state and a rerun continues.
import { pino } from 'pino';
import { createBackup, defaultBackupDir, openBackupTarget } from '../db/backup/index.ts';
import { type AdminSession, type Database, openDatabaseFromEnv } from '../db/index.ts';
import { ApplyLockBusyError, catchUp, drain } from '../db/live/apply.ts';
import { finishLive } from '../db/live/finish.ts';
import { readColumnTypes } from '../db/live/install.ts';
import { startLive } from '../db/live/start.ts';
import { formatLiveStatus, liveStatus } from '../db/live/status.ts';
import { cutover, rollback, type SwitchResult } from '../db/live/switch.ts';
import { formatVerification, verifyLive } from '../db/live/verify.ts';
import { cutoverWatched, gatewayProbe } from '../db/live/watch.ts';
import { parseCommandOptions } from './commands/options.ts';

const USAGE = `usage: flextime migrate live <start|status|verify|follow|cutover|rollback|finish> [options]
  start     [--batch-rows N]   capture on, backfill (resumable), apply the change log; phase 'monolith'
  status    [--json]           phase, backfill progress, change-log lag, last write pause
  verify                       apply the live side's change log, then row counts + checksums per service table;
                               exit 1 on a difference (ids named)
  follow    [--interval-ms N]  apply the change log continuously until stopped (Ctrl-C) or the live migration ends
  cutover   [--watch N] [--gateway URL] [--max-error-rate R]
                               fence the monolith, drain, verify, open the services (write pause printed); with
                               --watch, roll back by itself when /ready or the error rate fails within N seconds
  rollback                     fence the services, drain the reverse log, verify, reopen the monolith
  finish    [--drop-monolith] [--dir <backup dir>]
                               back up the monolith tables, remove capture (and the monolith tables when asked)`;

const OPTIONS = {
  'batch-rows': { type: 'string' },
  json: { type: 'boolean' },
  'interval-ms': { type: 'string' },
  watch: { type: 'string' },
  gateway: { type: 'string' },
  'max-error-rate': { type: 'string' },
  'drop-monolith': { type: 'boolean' },
  dir: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0)) throw new Error(`--${name} needs a positive number, got '${value}'`);
  return n;
}

function printSwitch(r: SwitchResult): void {
  if (r.already) {
    console.log(`${r.kind}: nothing to do (the ${r.kind === 'cutover' ? 'services are' : 'monolith is'} live already)`);
    return;
  }
  if (r.verification && !r.verification.ok) console.log(formatVerification(r.verification));
  console.log(
    r.failed
      ? `${r.kind} refused: ${r.failed} (writes paused ${r.pauseMs} ms)`
      : `${r.kind} done: ${r.drained} change(s) drained, verify clean, writes paused ${r.pauseMs} ms` +
          (r.steps
            ? ` (fence ${r.steps.fence}, drain ${r.steps.drain}, verify ${r.steps.verify}, open ${r.steps.open} ms)`
            : ''),
  );
}

async function withSession<T>(db: Database, fn: (s: AdminSession) => Promise<T>): Promise<T> {
  const stallAt = Number(process.env.FLEXTIME_LIVE_STALL_AT ?? 0);
  return db.session((s) => fn(stallAt > 0 ? stalling(s, stallAt) : s));
}

/**
 * Fault injection for the kill tests (FLEXTIME_LIVE_STALL_AT=n): before its n-th statement the command says so on
 * stderr and waits for ever, so a test can SIGKILL it at a chosen point, mid-transaction or not, instead of guessing
 * a moment from the clock.
 */
function stalling(s: AdminSession, at: number): AdminSession {
  let n = 0;
  const before = async () => {
    if (++n !== at) return;
    process.stderr.write(`stalled before statement ${n}\n`);
    await new Promise(() => {});
  };
  return {
    query: async (text, params) => {
      await before();
      return s.query(text, params);
    },
    exec: async (script) => {
      await before();
      return s.exec(script);
    },
  } as AdminSession;
}

export async function runLive(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = args;
  const values = parseCommandOptions(rest, OPTIONS, USAGE);
  if (!values) return 0;
  if (!command || !['start', 'status', 'verify', 'follow', 'cutover', 'rollback', 'finish'].includes(command)) {
    throw new Error(`unknown live command '${command ?? ''}' (${USAGE.split('\n')[0].replace('usage: ', '')})`);
  }
  const log = pino({ name: 'live-migration', level: env.LOG_LEVEL ?? 'info' }, pino.destination({ fd: 2, sync: true }));
  const open = () => openDatabaseFromEnv(env, values['data-dir'] ? { dataDir: values['data-dir'] } : {});
  const backupDir = values.dir ?? defaultBackupDir(env);

  if (command === 'finish' && !env.DATABASE_URL) {
    // embedded: the backup opens the data directory itself, so drain first, then back up with the database closed
    const db = await open();
    await withSession(db, (s) => drain(s, 'reverse')).catch(() => 0);
    await db.close();
  }
  let backupPath: string | null = null;
  const backup = async () => {
    const { target, close } = await openBackupTarget(env);
    try {
      const manifest = await createBackup(target, { schema: 'public', dir: backupDir, log });
      return manifest.directory;
    } finally {
      await close();
    }
  };
  if (command === 'finish' && !env.DATABASE_URL) backupPath = await backup();

  const db = await open();
  try {
    return await withSession(db, async (s) => {
      switch (command) {
        case 'start': {
          const r = await startLive(s, { batchRows: positiveNumber(values['batch-rows'], 'batch-rows'), log });
          console.log(formatLiveStatus(await liveStatus(s), Boolean(process.stdout.isTTY)));
          console.log(`live start: ${r.copied} row(s) copied, ${r.applied} change(s) applied`);
          return 0;
        }
        case 'status': {
          const st = await liveStatus(s);
          console.log(values.json ? JSON.stringify(st) : formatLiveStatus(st, Boolean(process.stdout.isTTY)));
          return 0;
        }
        case 'verify': {
          await catchUp(s);
          const v = await verifyLive(s, await readColumnTypes(s));
          console.log(formatVerification(v));
          return v.ok ? 0 : 1;
        }
        case 'follow':
          return follow(s, positiveNumber(values['interval-ms'], 'interval-ms') ?? 200, log);
        case 'cutover': {
          const types = await readColumnTypes(s);
          const seconds = positiveNumber(values.watch, 'watch');
          if (seconds === undefined) {
            const r = await cutover(s, types);
            printSwitch(r);
            return r.failed ? 1 : 0;
          }
          const gateway = values.gateway ?? env.GATEWAY_URL;
          if (!gateway) throw new Error('--watch needs the gateway: --gateway URL or GATEWAY_URL');
          const maxErrorRate = positiveNumber(values['max-error-rate'], 'max-error-rate');
          console.log(`cutover, then watching ${gateway} for ${seconds} s`);
          const w = await cutoverWatched(s, types, { seconds, probe: gatewayProbe(gateway), maxErrorRate });
          printSwitch(w.cutover);
          if (w.cutover.failed) return 1;
          if (!w.rollback) {
            if (!w.cutover.already) console.log(`watch: the services stayed healthy for ${seconds} s`);
            return 0;
          }
          console.log(`watch: ${w.failure}; rolled back by itself`);
          printSwitch(w.rollback);
          return 3;
        }
        case 'rollback': {
          const r = await rollback(s, await readColumnTypes(s));
          printSwitch(r);
          return r.failed ? 1 : 0;
        }
        default: {
          const r = await finishLive(s, {
            backup: async () => backupPath ?? backup(),
            dropMonolith: values['drop-monolith'],
          });
          console.log(
            r.already
              ? `finish: already finished${r.droppedMonolith ? '; monolith tables dropped' : ''}`
              : `finish: monolith backed up to ${r.backup}; capture removed${r.droppedMonolith ? '; monolith tables dropped' : ''}`,
          );
          return 0;
        }
      }
    });
  } finally {
    await db.close();
  }
}

async function follow(s: AdminSession, intervalMs: number, log: pino.Logger): Promise<number> {
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    while (!stop) {
      const [row] = await s.query<{ phase: string }>('SELECT phase FROM public.live_migration_state WHERE id = 1');
      if (!row || row.phase === 'finished') return 0;
      const direction = row.phase === 'services' ? 'reverse' : 'forward';
      if (row.phase === 'monolith' || row.phase === 'services') {
        // a cutover or rollback holds the appliers' lock for as long as it runs: say so and keep following
        const n = await drain(s, direction).catch((error) => {
          if (!(error instanceof ApplyLockBusyError)) throw error;
          log.warn(error.message);
          return 0;
        });
        if (n > 0) log.debug({ applied: n, direction }, 'change log applied');
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
