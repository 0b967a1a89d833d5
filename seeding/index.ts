// Loads the Big 12 seed data: the four psql-runnable SQL files of this folder, in order, each one
// transaction and idempotent (running the seed twice leaves the same rows). Afterwards every constraint
// template is re-validated against its own parameter_schema with Ajv, and the materialized views are
// refreshed so the services' read models include the new rows.
//
// `seed(db, { log })` is what `npm run seed` and `npm start` (on an empty database, via `seedIfEmpty`) call.
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/index.ts';
import { rows } from '../db/index.ts';
import { type Log, silentLog } from './log.ts';
import { type RefreshResult, refreshMaterializedViews } from './refresh-views.ts';
import { assertTemplatesValid } from './templates.ts';

export type { Log } from './log.ts';
export { lastRefreshes, refreshMaterializedViews } from './refresh-views.ts';
export { validatePolicyParameters, validateTemplate } from './templates.ts';

/** The seed files, in load order (each needs the ones before it). */
export const SEED_FILES = [
  'seed_shared_data.sql',
  'seed_big12_venues.sql',
  'seed_big12_team_availability.sql',
  'seed_constraint_templates.sql',
  'seed_schedule_generation.sql',
] as const;

export interface SeedResult {
  files: { file: string; ms: number }[];
  counts: Record<string, number>;
  views: RefreshResult[];
}

/** Reads a seed file's SQL (as `psql -f` would run it). */
export function readSeedFile(file: string): Promise<string> {
  return readFile(new URL(file, import.meta.url), 'utf8');
}

/**
 * psql's `\ir <file>` lines (include a file of this folder; the seed files the migration guide names begin with
 * `\ir seed_shared_data.sql`, so each runs on its own with `psql -f`) replaced by that file's SQL, once per run:
 * a file already in `loaded` is left out, and every file included is added to it.
 */
export async function expandIncludes(text: string, loaded: Set<string> = new Set()): Promise<string> {
  const parts: string[] = [];
  for (const line of text.split('\n')) {
    const include = line.match(/^\s*\\ir\s+(\S+)\s*$/);
    if (!include) {
      parts.push(line);
    } else if (!loaded.has(include[1])) {
      loaded.add(include[1]);
      parts.push(await expandIncludes(await readSeedFile(include[1]), loaded));
    }
  }
  return parts.join('\n');
}

/**
 * Runs one seed file's SQL as a single implicit transaction: its includes expanded (`expandIncludes`), the file's
 * own BEGIN/COMMIT lines (there for `psql -f`) dropped, so a failing statement rolls the whole file back and leaves
 * the connection clean (an explicit BEGIN would leave a pooled connection in an aborted transaction after an error).
 */
export async function runSeedScript(db: Database, text: string, loaded: Set<string> = new Set()): Promise<void> {
  const expanded = await expandIncludes(text, loaded);
  await db.execScript(expanded.replace(/^\s*(BEGIN|COMMIT);\s*$/gim, ''));
}

/** Row counts of the seeded tables, keyed 'schema.table'. */
export async function seedCounts(db: Database): Promise<Record<string, number>> {
  const tables = [
    'shared_data.sports',
    'shared_data.seasons',
    'shared_data.conferences',
    'shared_data.institutions',
    'shared_data.teams',
    'shared_data.venues',
    'venue_management.venue_profiles',
    'venue_management.venue_operational_hours',
    'venue_management.venue_sport_configurations',
    'venue_management.venue_availability_rules',
    'venue_management.venue_unavailability_periods',
    'team_availability.team_scheduling_profiles',
    'team_availability.team_rest_requirements',
    'team_availability.team_travel_constraints',
    'team_availability.team_availability_windows',
    'team_availability.team_blackout_dates',
    'team_availability.team_availability_preferences',
    'constraint_validation.constraint_categories',
    'constraint_validation.constraint_templates',
    'constraint_validation.constraint_profiles',
    'constraint_validation.constraint_enforcement_policies',
    'schedule_generation.algorithm_configurations',
    'schedule_generation.optimization_objectives',
  ];
  const query = tables.map((t) => `select '${t}' as t, count(*) as n from ${t}`).join(' union all ');
  const found = await db.admin((tx) => rows<{ t: string; n: string | number }>(tx, sql.raw(query)));
  return Object.fromEntries(found.map((r) => [r.t, Number(r.n)]));
}

/** Loads every seed file, validates the constraint templates, refreshes the materialized views. */
export async function seed(db: Database, options: { log?: Log } = {}): Promise<SeedResult> {
  const log = options.log ?? silentLog;
  const files: SeedResult['files'] = [];
  const loaded = new Set<string>();
  for (const file of SEED_FILES) {
    if (loaded.has(file)) continue;
    loaded.add(file);
    const started = performance.now();
    try {
      await runSeedScript(db, await readSeedFile(file), loaded);
    } catch (error) {
      throw new Error(`seed ${file} failed: ${(error as Error).message}`);
    }
    const ms = Math.round(performance.now() - started);
    files.push({ file, ms });
    log.info({ file, ms }, 'seed file loaded');
  }
  const templates = await db.admin((tx) =>
    rows<{ template_name: string; validation_logic: unknown; parameter_schema: unknown }>(
      tx,
      sql`select template_name, validation_logic, parameter_schema from constraint_validation.constraint_templates`,
    ),
  );
  assertTemplatesValid(
    templates.map((t) => ({
      templateName: t.template_name,
      validationLogic: typeof t.validation_logic === 'string' ? JSON.parse(t.validation_logic) : t.validation_logic,
      parameterSchema: typeof t.parameter_schema === 'string' ? JSON.parse(t.parameter_schema) : t.parameter_schema,
    })),
  );
  log.info({ templates: templates.length }, 'constraint templates valid against their parameter_schema');
  const views = await refreshMaterializedViews(db, { log });
  const counts = await seedCounts(db);
  log.info({ institutions: counts['shared_data.institutions'], teams: counts['shared_data.teams'] }, 'seeded');
  return { files, counts, views };
}

/**
 * True when this seed has been loaded (its Big 12 members and its template catalogue are there). A database
 * migrated from the monolith already has Big 12 rows but not the seed's catalogue, so it counts as not seeded.
 */
export async function isSeeded(db: Database): Promise<boolean> {
  const found = await db.admin((tx) =>
    rows<{ members: string | number; templates: string | number }>(
      tx,
      sql`select (select count(*) from shared_data.institutions i
                  join shared_data.conferences c on c.conference_id = i.conference_id
                  where c.name = 'Big 12 Conference') as members,
                 (select count(*) from constraint_validation.constraint_templates
                  where template_name = 'BYU: no Sunday competition') as templates`,
    ),
  );
  return Number(found[0]?.members ?? 0) >= 16 && Number(found[0]?.templates ?? 0) > 0;
}

/** Seeds a database that has not been seeded yet (what `npm start` calls); null when it already was. */
export async function seedIfEmpty(db: Database, options: { log?: Log } = {}): Promise<SeedResult | null> {
  if (await isSeeded(db)) return null;
  return seed(db, options);
}
