// npm run bench:migrate [-- --scale N] [--without-copy] [--database NAME] [--keep]
//
// The monolith migration at scale, on real PostgreSQL (DATABASE_URL names the server; the bench works in a
// scratch database of its own that it drops afterwards unless --keep):
//   1. gen:monolith fills the legacy tables with N × 1,000,000 games and the proportional rows;
//   2. the migration runner applies db/migrations/001…005, which carve the monolith into the service schemas —
//      timed: rows copied / second;
//   3. baselines, same run, same rows: a plain INSERT … SELECT of every migrated table (one transaction) into
//      copies of it — (a) identical: the target's columns, indexes, checks and foreign keys (LIKE … INCLUDING ALL
//      + the same FOREIGN KEYs): the ratio's baseline, i.e. what writing these rows into these tables costs anyway;
//      (b) indexes only (INCLUDING ALL, no foreign keys); (c) bare tables (INCLUDING DEFAULTS) — for reference.
// With --without-copy, step 2 is the fast one-shot path instead: `migrate --without-copy` (001…009 with the
// monolith's tables hidden from 002–005's copy) then the live loader (`live start`: set-based batches, indexes built
// and foreign keys validated once), timed together.
// Prints the rates and ratio = migration / baseline (a) (target ≥ 0.8); checks get_migration_status() and that every
// service table holds exactly the rows of its legacy source. Last line: one JSON object.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { openDatabase, redactUrl } from '../db/index.ts';
import { startLive } from '../db/live/start.ts';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { generateMonolith } from '../seeding/monolith.ts';
import { progressReporter } from '../seeding/progress.ts';

const COPIES: [string, string][] = [
  ['public.sports', 'shared_data.sports'],
  ['public.seasons', 'shared_data.seasons'],
  ['public.conferences', 'shared_data.conferences'],
  ['public.institutions', 'shared_data.institutions'],
  ['public.teams', 'shared_data.teams'],
  ['public.venues', 'shared_data.venues'],
  ['public.team_profiles', 'team_availability.team_scheduling_profiles'],
  ['public.team_blackouts', 'team_availability.team_blackout_dates'],
  ['public.team_preferences', 'team_availability.team_availability_preferences'],
  ['public.team_travel', 'team_availability.team_travel_constraints'],
  ['public.venues', 'venue_management.venue_profiles'],
  ['public.venue_hours', 'venue_management.venue_operational_hours'],
  ['public.venue_unavailability', 'venue_management.venue_unavailability_periods'],
  ['public.constraints', 'constraint_validation.constraint_templates'],
  ['public.schedules', 'schedule_generation.schedules'],
  ['public.schedules', 'schedule_generation.schedule_versions'],
  ['public.games', 'schedule_generation.games'],
];

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.25' },
    keep: { type: 'boolean', default: false },
    // another migrations directory (to measure an alternative version of the files)
    migrations: { type: 'string' },
    'without-copy': { type: 'boolean', default: false },
    database: { type: 'string' },
  },
  strict: true,
});
const scale = Number(values.scale);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('bench:migrate needs DATABASE_URL (a PostgreSQL server; the bench creates and drops its own database)');
  process.exit(1);
}
if (!(scale > 0 && scale <= 100)) {
  console.error(`--scale must be in (0, 100], got ${values.scale}`);
  process.exit(1);
}

const server = postgres(url, { max: 1, onnotice: () => {} });
const name = values.database ?? `flextime_bench_migrate_${process.pid}`;
if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
  console.error('--database must be a plain lower-case identifier (the bench creates and drops it)');
  process.exit(1);
}
const withoutCopy = values['without-copy'];
const benchUrl = (() => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
})();
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

await server.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await server.unsafe(`CREATE DATABASE ${name}`);
console.log(`bench:migrate — scale ${scale} in scratch database ${redactUrl(benchUrl)}`);
const db = await openDatabase({ url: benchUrl });
const sql = postgres(benchUrl, { max: 1, onnotice: () => {} });
try {
  const generated = await generateMonolith(db, { scale, onProgress: progressReporter() });
  console.log(
    `generated ${fmt(generated.counts.games)} games, ${fmt(Object.values(generated.counts).reduce((a, b) => a + b, 0))} legacy rows in ${generated.seconds.toFixed(1)} s`,
  );
  await sql.unsafe('CHECKPOINT');

  // 2. the migration, through the runner (as `npm run migrate` does)
  const bar = progressReporter();
  let step = 0;
  bar('migration', 0, 5);
  const t0 = performance.now();
  await migrate(db, {
    dir: values.migrations,
    withoutCopy,
    log: {
      info: (obj: object) => {
        if ('ms' in obj) bar('migration', ++step, 5);
      },
      warn: () => {},
    },
  });
  if (withoutCopy) await db.session((s) => startLive(s));
  const migrationSeconds = (performance.now() - t0) / 1000;

  const counts: { source: string; target: string; source_rows: number; target_rows: number }[] = [];
  for (const [source, target] of COPIES) {
    const [r] = await sql.unsafe(
      `select (select count(*) from ${source})::bigint as a, (select count(*) from ${target})::bigint as b`,
    );
    counts.push({ source, target, source_rows: Number(r.a), target_rows: Number(r.b) });
  }
  const migratedRows = counts.reduce((n, c) => n + c.target_rows, 0);
  const countsEqual = counts.every((c) => c.source_rows === c.target_rows);
  const status = await sql.unsafe(`select version, status from get_migration_status() order by version`);
  const allApplied =
    status.length === loadMigrations(values.migrations).length && status.every((s) => s.status === 'applied');
  await sql.unsafe('CHECKPOINT');

  // 3. baselines: the same rows, plain INSERT … SELECT
  const targets = [...new Set(COPIES.map(([, t]) => t))];
  async function baseline(schema: string, like: string, foreignKeys = false): Promise<number> {
    await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    for (const t of targets) {
      await sql.unsafe(`CREATE TABLE ${schema}.${t.replace('.', '__')} (LIKE ${t} ${like})`);
      if (foreignKeys) {
        // the target's foreign keys too (pointing at the same referenced tables), so the copy has the table's full definition
        const fks = await sql.unsafe(
          `select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = '${t}'::regclass and contype = 'f'`,
        );
        for (const fk of fks) {
          await sql.unsafe(`ALTER TABLE ${schema}.${t.replace('.', '__')} ADD CONSTRAINT ${fk.conname} ${fk.def}`);
        }
      }
    }
    const b = progressReporter();
    const started = performance.now();
    let i = 0;
    await sql.begin(async (tx) => {
      for (const t of targets) {
        // generated columns (006's) are computed by the copy, not inserted
        const [{ cols }] = await tx.unsafe(
          `select string_agg(quote_ident(attname), ', ' order by attnum) as cols from pg_attribute
           where attrelid = '${t}'::regclass and attnum > 0 and not attisdropped and attgenerated = ''`,
        );
        await tx.unsafe(`INSERT INTO ${schema}.${t.replace('.', '__')} (${cols}) SELECT ${cols} FROM ${t}`);
        b(`baseline (${like.toLowerCase()}${foreignKeys ? ' + foreign keys' : ''})`, ++i, targets.length);
      }
    });
    const seconds = (performance.now() - started) / 1000;
    await sql.unsafe(`DROP SCHEMA ${schema} CASCADE`);
    await sql.unsafe('CHECKPOINT');
    return seconds;
  }
  const plainSeconds = await baseline('bench_baseline', 'INCLUDING DEFAULTS');
  const indexedSeconds = await baseline('bench_baseline_indexed', 'INCLUDING ALL');
  const identicalSeconds = await baseline('bench_baseline_identical', 'INCLUDING ALL', true);

  const migrationRate = migratedRows / migrationSeconds;
  const plainRate = migratedRows / plainSeconds;
  const indexedRate = migratedRows / indexedSeconds;
  const identicalRate = migratedRows / identicalSeconds;
  console.log('');
  console.log(
    `rows migrated:                 ${fmt(migratedRows)} (${counts.length} tables; counts equal to the source: ${countsEqual})`,
  );
  console.log(`get_migration_status():        ${status.map((s) => `${s.version}:${s.status}`).join(' ')}`);
  console.log(
    `${(withoutCopy ? 'migrate --without-copy + live start' : 'migration 001…005 (runner)').padEnd(34)} ${migrationSeconds.toFixed(2).padStart(7)} s ${fmt(migrationRate).padStart(10)} rows/s`,
  );
  const row = (label: string, seconds: number, rate: number, note: string) =>
    console.log(`${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s ${fmt(rate).padStart(10)} rows/s  ${note}`);
  row(
    'baseline (a) identical tables',
    identicalSeconds,
    identicalRate,
    'INSERT … SELECT, same indexes, checks, foreign keys',
  );
  row('baseline (b) indexes only', indexedSeconds, indexedRate, 'INSERT … SELECT, LIKE … INCLUDING ALL');
  row('baseline (c) bare tables', plainSeconds, plainRate, 'INSERT … SELECT, LIKE … INCLUDING DEFAULTS');
  console.log(
    `ratio migration / baseline (a):   ${(migrationRate / identicalRate).toFixed(2)} (target ≥ 0.8); ` +
      `vs (b) ${(migrationRate / indexedRate).toFixed(2)}, vs (c) ${(migrationRate / plainRate).toFixed(2)}`,
  );
  if (!countsEqual) {
    for (const c of counts.filter((x) => x.source_rows !== x.target_rows)) {
      console.log(`  count differs: ${c.source} ${c.source_rows} → ${c.target} ${c.target_rows}`);
    }
  }
  console.log(
    JSON.stringify({
      bench: 'migrate',
      path: withoutCopy ? 'without-copy + live start' : 'runner copy',
      scale,
      games: generated.counts.games,
      rows: migratedRows,
      migration_seconds: Number(migrationSeconds.toFixed(3)),
      migration_rows_per_s: Math.round(migrationRate),
      baseline_seconds: Number(identicalSeconds.toFixed(3)),
      bare_baseline_rows_per_s: Math.round(plainRate),
      identical_baseline_rows_per_s: Math.round(identicalRate),
      ratio: Number((migrationRate / identicalRate).toFixed(3)),
      indexed_baseline_rows_per_s: Math.round(indexedRate),
      ratio_vs_indexed: Number((migrationRate / indexedRate).toFixed(3)),
      ratio_vs_bare: Number((migrationRate / plainRate).toFixed(3)),
      counts_equal: countsEqual,
      all_applied: allApplied,
    }),
  );
  process.exitCode = countsEqual && allApplied ? 0 : 1;
} finally {
  await sql.end();
  await db.close();
  if (!values.keep) await server.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await server.end();
}
