// npm run bench:live-migration [-- --scale N] [--writes-per-second W] [--batch-rows B] [--database NAME] [--keep]
//                              [--profile]
//
// The live migration at scale, on real PostgreSQL (DATABASE_URL names the server; a scratch database of its own,
// dropped afterwards unless --keep):
//   1. migrations 001…005 on an empty database (service tables created empty), then gen:monolith fills the legacy
//      tables with N × 1,000,000 games;
//   2. a legacy writer (a child process, its own connections) inserts/updates/deletes games, schedules, blackouts and venue hours at W
//      writes/s from here to the end, recording every write it saw succeed;
//   3. `live start` (capture, keyset backfill with the foreign keys set aside, validation) — timed: rows/s; change-log
//      lag sampled every 100 ms during the backfill and, with the applier following, for 5 s after it;
//   4. baseline (b) of bench:migrate, same rows: INSERT … SELECT of the mapped columns into copies of every service
//      table with its indexes but no foreign keys (LIKE … INCLUDING ALL), one transaction, measured twice under the
//      same writer — before the backfill (from a scratch table per mapping, filled through the same mapping) and
//      after it (from the service tables) — so a change of the machine's load between the two sides shows, and the
//      ratio = backfill / mean of the two;
//   5. cutover (write pause), rollback (write pause), each followed by `live verify` and the writer's ledger checked
//      against the live side (writes lost or doubled).
// --profile prints where the backfill's time went (the live migrator's step timings, summed per step and table).
// --batch-rows fixes the batch size (default: adaptive, from 50,000 rows towards 1.5 s a batch).
// Last line: one JSON object.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { type AdminSession, openDatabase, redactUrl } from '../db/index.ts';
import { catchUp, drain, lagOf } from '../db/live/apply.ts';
import { readColumnTypes, uninstall } from '../db/live/install.ts';
import { LIVE_MAPPINGS, mapView } from '../db/live/mapping.ts';
import { mappedColumns, viewStatements } from '../db/live/sql.ts';
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
    'batch-rows': { type: 'string' },
    profile: { type: 'boolean', default: false },
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
  const types = await migrator(readColumnTypes);
  const targets = [...new Set(LIVE_MAPPINGS.map((m) => m.target))];
  const columnsOf = (t: string) =>
    mappedColumns(LIVE_MAPPINGS.find((m) => m.target === t)!, types)
      .map(([c]) => `"${c}"`)
      .join(', ');
  // baseline (b): the mapped columns of the same rows, INSERT … SELECT into copies with the indexes, no foreign keys
  const baselineB = async (sourceOf: (target: string) => string) => {
    await sql.unsafe('DROP SCHEMA IF EXISTS bench_b CASCADE; CREATE SCHEMA bench_b');
    for (const t of targets) await sql.unsafe(`CREATE TABLE bench_b.${t.replace('.', '__')} (LIKE ${t} INCLUDING ALL)`);
    await sql.unsafe('CHECKPOINT');
    const started = performance.now();
    await sql.begin(async (tx) => {
      for (const t of targets) {
        const columns = columnsOf(t);
        await tx.unsafe(
          `INSERT INTO bench_b.${t.replace('.', '__')} (${columns}) SELECT ${columns} FROM ${sourceOf(t)}`,
        );
      }
    });
    const seconds = (performance.now() - started) / 1000;
    await sql.unsafe('DROP SCHEMA bench_b CASCADE');
    return seconds;
  };
  // before the backfill: the rows mapped once into scratch tables (the mapping's own view SQL, untimed), then (b)
  await sql.unsafe('DROP SCHEMA IF EXISTS bench_src CASCADE; CREATE SCHEMA bench_src');
  for (const view of viewStatements(types).filter((v) => v.includes(' VIEW flextime_live.map_'))) {
    await sql.unsafe(view.replace('CREATE OR REPLACE VIEW flextime_live.map_', 'CREATE TABLE bench_src.map_'));
  }
  // settled like the service tables the second measurement reads (their hint bits set by the validation's scans)
  await sql.unsafe(
    `VACUUM ANALYZE ${LIVE_MAPPINGS.map((m) => mapView(m).replace('flextime_live.', 'bench_src.')).join(', ')}`,
  );
  const baselineBefore = await baselineB((t) =>
    mapView(LIVE_MAPPINGS.find((m) => m.target === t)!).replace('flextime_live.', 'bench_src.'),
  );
  await sql.unsafe('DROP SCHEMA bench_src CASCADE; CHECKPOINT');

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
  const profile = new Map<string, { ms: number; times: number; rows: number }>();
  const log = {
    info: () => {},
    debug: (o: { step: string; ms: number; target?: string; rows?: number; applied?: number }) => {
      const key = `${o.step}${o.target ? ` ${o.target}` : ''}`;
      const p = profile.get(key) ?? { ms: 0, times: 0, rows: 0 };
      profile.set(key, { ms: p.ms + o.ms, times: p.times + 1, rows: p.rows + (o.rows ?? o.applied ?? 0) });
    },
  };
  const t0 = performance.now();
  const started = await migrator((s) =>
    startLive(s, {
      batchRows: values['batch-rows'] === undefined ? undefined : Number(values['batch-rows']),
      log: values.profile ? log : undefined,
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

  await sql.unsafe('CHECKPOINT');
  const baselineAfter = await baselineB((t) => t);
  const baselineSeconds = (baselineBefore + baselineAfter) / 2;

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
  if (values.profile) {
    console.log('where the backfill went (live start step timings, summed):');
    for (const [step, p] of [...profile].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(
        `  ${(p.ms / 1000).toFixed(2).padStart(7)} s ${String(p.times).padStart(4)}× ${fmt(p.rows).padStart(10)} rows  ${step}`,
      );
    }
  }
  console.log(
    `baseline (b) indexes only:     ${baselineSeconds.toFixed(2)} s = ${fmt(baselineRate)} rows/s (mean of before the backfill ${baselineBefore.toFixed(2)} s, after ${baselineAfter.toFixed(2)} s)`,
  );
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
      indexed_baseline_before_rows_per_s: Math.round(rows / baselineBefore),
      indexed_baseline_after_rows_per_s: Math.round(rows / baselineAfter),
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
