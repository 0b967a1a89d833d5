// npm run bench:live-migration [-- --scale N] [--writes-per-second W] [--batch-rows B] [--database NAME] [--keep]
//
// The live migration at scale, on real PostgreSQL (DATABASE_URL names the server; a scratch database of its own,
// dropped afterwards unless --keep):
//   1. migrations 001…005 on an empty database (service tables created empty), then gen:monolith fills the legacy
//      tables with N × 1,000,000 games;
//   2. a legacy writer (a child process, its own connections) inserts/updates/deletes games, schedules, blackouts and venue hours at W
//      writes/s from here to the end, recording every write it saw succeed;
//   3. `live start` (capture, keyset backfill with the foreign keys set aside, validation) — timed: rows/s; change-log
//      lag sampled every 100 ms during the backfill and, with the applier following, for 5 s after it;
//   4. baseline (b) of bench:migrate, same run, same rows: INSERT … SELECT of every service table into copies with its
//      indexes but no foreign keys (LIKE … INCLUDING ALL), one transaction — ratio = backfill / baseline (b);
//   5. cutover (write pause), rollback (write pause), each followed by `live verify` and the writer's ledger checked
//      against the live side (writes lost or doubled).
// Last line: one JSON object.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { type AdminSession, openDatabase, redactUrl } from '../db/index.ts';
import { catchUp, drain, lagOf } from '../db/live/apply.ts';
import { readColumnTypes, uninstall } from '../db/live/install.ts';
import { LIVE_MAPPINGS } from '../db/live/mapping.ts';
import { startLive } from '../db/live/start.ts';
import { cutover, rollback } from '../db/live/switch.ts';
import { verifyLive } from '../db/live/verify.ts';
import { migrate } from '../db/migrate.ts';
import { generateMonolith } from '../seeding/monolith.ts';
import { progressReporter } from '../seeding/progress.ts';
import { checkLedger, type Exec, Ledger } from '../test/support/legacy-writer.ts';
import { LegacyWriterProcess } from '../test/support/legacy-writer-process.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.05' },
    'writes-per-second': { type: 'string', default: '200' },
    'batch-rows': { type: 'string', default: '50000' },
    database: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});
const scale = Number(values.scale);
const writesPerSecond = Number(values['writes-per-second']);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    'bench:live-migration needs DATABASE_URL (a PostgreSQL server; the bench creates and drops its own database)',
  );
  process.exit(1);
}
if (!(scale > 0 && scale <= 100) || !(writesPerSecond > 0)) {
  console.error('--scale must be in (0, 100] and --writes-per-second > 0');
  process.exit(1);
}

const server = postgres(url, { max: 1, onnotice: () => {} });
const name = values.database ?? `flextime_bench_live_${process.pid}`;
if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
  console.error('--database must be a plain lower-case identifier (the bench creates and drops it)');
  process.exit(1);
}
const benchUrl = (() => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
})();
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const p95 = (xs: number[]) => (xs.length === 0 ? 0 : [...xs].sort((a, b) => a - b)[Math.floor(0.95 * (xs.length - 1))]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await server.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await server.unsafe(`CREATE DATABASE ${name}`);
console.log(`bench:live-migration — scale ${scale}, legacy writer ${writesPerSecond}/s, in ${redactUrl(benchUrl)}`);
const db = await openDatabase({ url: benchUrl });
const sql = postgres(benchUrl, { max: 3, onnotice: () => {}, fetch_types: false });
const exec: Exec = async (text, params = []) => [...(await sql.unsafe(text, params as never[]))];
// the migrator: one connection of its own for the whole run, as `npm run migrate -- live …` would have (the pool's
// reserved sessions timed out here after a backfill of several minutes under heavy load)
const migratorSql = postgres(benchUrl, { max: 1, onnotice: () => {}, fetch_types: false });
const migratorSession: AdminSession = {
  query: async <R>(text: string, params: unknown[] = []) =>
    [...(await migratorSql.unsafe(text, params as never[]))] as R[],
  exec: async (script: string) => {
    await migratorSql.unsafe(script).simple();
  },
};
const migrator = <T>(fn: (s: AdminSession) => Promise<T>) => fn(migratorSession);
const ledger = new Ledger();
// the legacy application: a process of its own, on its own connections
const writer = new LegacyWriterProcess(benchUrl, ledger, 42);
try {
  await migrate(db);
  const generated = await generateMonolith(db, { scale, onProgress: progressReporter() });
  console.log(`generated ${fmt(generated.counts.games)} games in ${generated.seconds.toFixed(1)} s`);
  await sql.unsafe('CHECKPOINT');

  writer.start(1000 / writesPerSecond);
  let sampling = true;
  let phase: 'backfill' | 'after' = 'backfill';
  const lag: Record<'backfill' | 'after', number[]> = { backfill: [], after: [] };
  const sampler = (async () => {
    while (sampling) {
      const [r] = await sql
        .unsafe(
          `SELECT coalesce(extract(epoch FROM clock_timestamp() - min(captured_at)), 0)::float8 AS s FROM flextime_live.changes`,
        )
        .catch(() => [{ s: null }]);
      if (r?.s !== null && r?.s !== undefined) lag[phase].push(Number(r.s));
      await sleep(100);
    }
  })();

  const bar = progressReporter();
  let copied = 0;
  const t0 = performance.now();
  const started = await migrator((s) =>
    startLive(s, {
      batchRows: Number(values['batch-rows']),
      onBatch: (_target, n) => {
        copied += n;
        bar('backfill', copied, copied + 1);
      },
    }),
  );
  const backfillSeconds = (performance.now() - t0) / 1000;
  process.stderr.write('\n');

  // the applier follows for 5 s
  phase = 'after';
  const followUntil = Date.now() + 5000;
  await migrator(async (s) => {
    while (Date.now() < followUntil) {
      await drain(s, 'forward');
      await sleep(100);
    }
  });
  sampling = false;
  await sampler;

  // baseline (b): the same rows, INSERT … SELECT into copies with indexes and no foreign keys, one transaction
  const targets = [...new Set(LIVE_MAPPINGS.map((m) => m.target))];
  await sql.unsafe('DROP SCHEMA IF EXISTS bench_b CASCADE; CREATE SCHEMA bench_b');
  for (const t of targets) await sql.unsafe(`CREATE TABLE bench_b.${t.replace('.', '__')} (LIKE ${t} INCLUDING ALL)`);
  await sql.unsafe('CHECKPOINT');
  const b0 = performance.now();
  await sql.begin(async (tx) => {
    for (const t of targets) {
      // generated columns (migration 006's guide names) cannot be written: every other column, by name
      const [{ columns }] = await tx.unsafe(
        `SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS columns FROM pg_attribute
         WHERE attrelid = '${t}'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`,
      );
      await tx.unsafe(`INSERT INTO bench_b.${t.replace('.', '__')} (${columns}) SELECT ${columns} FROM ${t}`);
    }
  });
  const baselineSeconds = (performance.now() - b0) / 1000;
  await sql.unsafe('DROP SCHEMA bench_b CASCADE');

  const differences = async (side: 'monolith' | 'services') => {
    const v = await migrator(async (s) => {
      await catchUp(s);
      return verifyLive(s, await readColumnTypes(s));
    });
    return { tables: v.tables.filter((t) => !t.equal).length, ledger: (await checkLedger(exec, ledger, side)).length };
  };
  const afterBackfill = await writer.paused(() => differences('monolith'), 1000 / writesPerSecond);
  const cut = await migrator(async (s) => cutover(s, await readColumnTypes(s)));
  await sleep(1000);
  const afterCutover = await differences('services');
  const back = await migrator(async (s) => rollback(s, await readColumnTypes(s)));
  await sleep(1000);
  const afterRollback = await writer.paused(() => differences('monolith'), 1000 / writesPerSecond);
  await writer.stop();
  await migrator(async (s) => {
    const forward = await lagOf(s, 'forward');
    if (forward.rows > 0) await drain(s, 'forward');
    await uninstall(s);
  });

  const rows = started.copied;
  const backfillRate = rows / backfillSeconds;
  const baselineRate = rows / baselineSeconds;
  console.log('');
  console.log(
    `rows backfilled:               ${fmt(rows)} (${targets.length} service tables) in ${backfillSeconds.toFixed(2)} s = ${fmt(backfillRate)} rows/s`,
  );
  console.log(`baseline (b) indexes only:     ${baselineSeconds.toFixed(2)} s = ${fmt(baselineRate)} rows/s`);
  console.log(`ratio backfill / baseline (b): ${(backfillRate / baselineRate).toFixed(2)} (target ≥ 0.6)`);
  console.log(
    `change-log lag p95:            during backfill ${p95(lag.backfill).toFixed(2)} s, after ${p95(lag.after).toFixed(2)} s`,
  );
  console.log(
    `write pause:                   cutover ${cut.pauseMs} ms ${JSON.stringify(cut.steps)}, rollback ${back.pauseMs} ms ${JSON.stringify(back.steps)}`,
  );
  console.log(`legacy writes:                 ${ledger.writes} recorded, ${ledger.refused} refused by the fence`);
  console.log(
    `differences (tables / ledger): after backfill ${afterBackfill.tables}/${afterBackfill.ledger}, after cutover ${afterCutover.tables}/${afterCutover.ledger}, after rollback ${afterRollback.tables}/${afterRollback.ledger}`,
  );
  const clean = [afterBackfill, afterCutover, afterRollback].every((d) => d.tables === 0 && d.ledger === 0);
  console.log(
    JSON.stringify({
      bench: 'live-migration',
      scale,
      games: generated.counts.games,
      writes_per_second: writesPerSecond,
      rows_backfilled: rows,
      backfill_seconds: Number(backfillSeconds.toFixed(3)),
      backfill_rows_per_s: Math.round(backfillRate),
      indexed_baseline_rows_per_s: Math.round(baselineRate),
      ratio_vs_indexed: Number((backfillRate / baselineRate).toFixed(3)),
      lag_p95_backfill_s: Number(p95(lag.backfill).toFixed(3)),
      lag_p95_after_s: Number(p95(lag.after).toFixed(3)),
      cutover_pause_ms: cut.pauseMs,
      rollback_pause_ms: back.pauseMs,
      cutover_pause_steps_ms: cut.steps,
      rollback_pause_steps_ms: back.steps,
      writes_recorded: ledger.writes,
      writes_refused: ledger.refused,
      differences: { after_backfill: afterBackfill, after_cutover: afterCutover, after_rollback: afterRollback },
      clean,
    }),
  );
  process.exitCode = clean && !cut.failed && !back.failed ? 0 : 1;
} finally {
  await writer.stop().catch(() => {});
  await sql.end();
  await migratorSql.end();
  await db.close();
  if (!values.keep) await server.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await server.end();
}
