// The Drizzle schema (db/schema/*.ts) must mirror what the migrations create: same tables and materialized
// views, same columns, types, nullability, defaults present, primary keys and foreign-key targets.
// Fails on any drift. Runs on PGlite always and on real Postgres when DATABASE_URL is set.
import { is, sql } from 'drizzle-orm';
import { getMaterializedViewConfig, getTableConfig, PgColumn, PgMaterializedView, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, schema } from '../../db/index.ts';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/db.ts';

const SCHEMAS = [
  'shared_data',
  'team_availability',
  'venue_management',
  'constraint_validation',
  'schedule_generation',
  'audit',
];

interface Col {
  type: string;
  notNull: boolean;
  hasDefault: boolean;
  /** GENERATED ALWAYS AS (…) STORED (Drizzle: generatedAlwaysAs); its expression is not a default. */
  generated: boolean;
}
type Shape = Record<string, Record<string, Col>>;

function normaliseType(t: string): string {
  const map: Record<string, string> = {
    serial: 'integer',
    bigserial: 'bigint',
    smallserial: 'smallint',
    time: 'time without time zone',
    timestamp: 'timestamp without time zone',
  };
  const c = t.match(/^char\((\d+)\)$/);
  if (c) return `character(${c[1]})`;
  const v = t.match(/^varchar\((\d+)\)$/);
  if (v) return `character varying(${v[1]})`;
  if (t === 'varchar') return 'character varying';
  return map[t] ?? t;
}

function drizzleShape(): { tables: Shape; views: Shape; pks: Record<string, string[]>; fks: Record<string, string[]> } {
  const tables: Shape = {};
  const views: Shape = {};
  const pks: Record<string, string[]> = {};
  const fks: Record<string, string[]> = {};
  for (const value of Object.values(schema)) {
    if (is(value, PgTable)) {
      const cfg = getTableConfig(value);
      const key = `${cfg.schema}.${cfg.name}`;
      tables[key] = Object.fromEntries(
        cfg.columns.map((c) => [
          c.name,
          {
            type: normaliseType(c.getSQLType()),
            notNull: c.notNull,
            hasDefault: c.hasDefault || c.getSQLType().endsWith('serial'),
            generated: c.generated !== undefined,
          },
        ]),
      );
      pks[key] = cfg.columns.filter((c) => c.primary).map((c) => c.name);
      fks[key] = cfg.foreignKeys
        .map((fk) => {
          const r = fk.reference();
          const target = getTableConfig(r.foreignTable);
          return `${r.columns.map((c) => c.name).join(',')}->${target.schema}.${target.name}(${r.foreignColumns
            .map((c) => c.name)
            .join(',')})`;
        })
        .sort();
    } else if (is(value, PgMaterializedView)) {
      const cfg = getMaterializedViewConfig(value);
      views[`${cfg.schema}.${cfg.name}`] = Object.fromEntries(
        Object.values(cfg.selectedFields)
          .filter((f): f is PgColumn => is(f, PgColumn))
          .map((c) => [
            c.name,
            { type: normaliseType(c.getSQLType()), notNull: false, hasDefault: false, generated: false },
          ]),
      );
    }
  }
  return { tables, views, pks, fks };
}

for (const kind of DB_KINDS) {
  describe(`Drizzle schema vs migrated catalog (${kind})`, () => {
    let t: TestDatabase;
    let catalog: { tables: Shape; views: Shape; pks: Record<string, string[]>; fks: Record<string, string[]> };
    beforeAll(async () => {
      t = await createTestDatabase({ kind });
      const cols = await t.db.admin((tx) =>
        rows<{
          rel: string;
          kind: string;
          col: string;
          type: string;
          not_null: boolean;
          has_default: boolean;
          generated: boolean;
        }>(
          tx,
          sql`select n.nspname || '.' || c.relname as rel, c.relkind::text as kind, a.attname as col,
                     format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
                     a.atthasdef and a.attgenerated = '' as has_default, a.attgenerated <> '' as generated
              from pg_attribute a
              join pg_class c on c.oid = a.attrelid
              join pg_namespace n on n.oid = c.relnamespace
              where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'm')
                and n.nspname in (${sql.join(
                  SCHEMAS.map((s) => sql`${s}`),
                  sql`, `,
                )})
              order by 1, a.attnum`,
        ),
      );
      const pkRows = await t.db.admin((tx) =>
        rows<{ rel: string; cols: string }>(
          tx,
          sql`select con.conrelid::regclass::text as rel,
                     string_agg(a.attname, ',' order by a.attnum) as cols
              from pg_constraint con
              join pg_attribute a on a.attrelid = con.conrelid and a.attnum = any(con.conkey)
              join pg_namespace n on n.oid = con.connamespace
              where con.contype = 'p' and n.nspname in (${sql.join(
                SCHEMAS.map((s) => sql`${s}`),
                sql`, `,
              )})
              group by con.oid, con.conrelid`,
        ),
      );
      const fkRows = await t.db.admin((tx) =>
        rows<{ rel: string; fk: string }>(
          tx,
          sql`select con.conrelid::regclass::text as rel,
                     (select string_agg(a.attname, ',' order by k.i) from unnest(con.conkey) with ordinality k(n, i)
                        join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n)
                     || '->' || tn.nspname || '.' || tc.relname || '(' ||
                     (select string_agg(a.attname, ',' order by k.i) from unnest(con.confkey) with ordinality k(n, i)
                        join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n) || ')' as fk
              from pg_constraint con
              join pg_class tc on tc.oid = con.confrelid
              join pg_namespace tn on tn.oid = tc.relnamespace
              join pg_namespace n on n.oid = con.connamespace
              where con.contype = 'f' and n.nspname in (${sql.join(
                SCHEMAS.map((s) => sql`${s}`),
                sql`, `,
              )})`,
        ),
      );
      catalog = { tables: {}, views: {}, pks: {}, fks: {} };
      for (const c of cols) {
        const target = c.kind === 'm' ? catalog.views : catalog.tables;
        target[c.rel] ??= {};
        target[c.rel][c.col] =
          c.kind === 'm'
            ? { type: c.type, notNull: false, hasDefault: false, generated: false }
            : { type: c.type, notNull: c.not_null, hasDefault: c.has_default, generated: c.generated };
      }
      for (const p of pkRows) catalog.pks[p.rel] = p.cols.split(',');
      for (const f of fkRows) {
        catalog.fks[f.rel] = [...(catalog.fks[f.rel] ?? []), f.fk];
      }
      for (const k of Object.keys(catalog.tables)) catalog.fks[k] = (catalog.fks[k] ?? []).sort();
    });
    afterAll(() => t?.dispose());

    it('has the same tables and materialized views', () => {
      const d = drizzleShape();
      expect(Object.keys(d.tables).sort()).toEqual(Object.keys(catalog.tables).sort());
      expect(Object.keys(d.views).sort()).toEqual(Object.keys(catalog.views).sort());
      expect(Object.keys(d.tables).length).toBe(39); // 012 added schedule_generation.calendar_subscriptions, 010 four idempotency_keys
    });

    it('has the same columns, types, nullability and defaults in every table', () => {
      const d = drizzleShape();
      for (const [table, columns] of Object.entries(catalog.tables)) {
        expect(d.tables[table], table).toEqual(columns);
      }
    });

    it('has the same columns and types in every materialized view', () => {
      const d = drizzleShape();
      for (const [view, columns] of Object.entries(catalog.views)) {
        expect(d.views[view], view).toEqual(columns);
      }
    });

    it('has the same primary keys and foreign keys', () => {
      const d = drizzleShape();
      for (const table of Object.keys(catalog.tables)) {
        expect(d.pks[table], `${table} primary key`).toEqual(catalog.pks[table]);
        expect(d.fks[table], `${table} foreign keys`).toEqual(catalog.fks[table]);
      }
    });
  });
}
