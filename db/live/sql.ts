// SQL generated from the mapping (db/live/mapping.ts): the mapping views, the change-log appliers (one plpgsql function
// per direction: a batch of the log applied and deleted in one statement, hence in one transaction), a backfill
// batch and the verification queries. Pure functions of the mapping and the service tables' column types.
import { CAPTURED_SOURCES, LIVE_MAPPINGS, type LiveMapping, mapView, REVERSED_MAPPINGS, unmapView } from './mapping.ts';

/** pg_advisory_xact_lock key held by an applier batch (one applier at a time), and by a switch for its whole run. */
export const APPLY_LOCK_KEY = 4_641_372_983_526_015_091n;
/**
 * How long an applier batch (unless its session sets a lock_timeout of its own) or a switch waits for that lock
 * before giving up and naming its holder: a holder that never lets go (a session lock stranded on a pooled server
 * connection) must not hang every later command.
 */
export const APPLY_LOCK_WAIT_MS = 30_000;
/** The transaction-local setting that marks the migrator's own writes: not captured, not fenced. */
export const APPLIER_SETTING = 'flextime.live_applier';
/**
 * The session setting under which the appliers also record the ids they applied (flextime_live.applied): a switch
 * verifies exactly those before its fence, so the pause compares only what is still in flight.
 */
export const RECORD_APPLIED_SETTING = 'flextime.live_record_applied';

/** Column name → type (without typmod) of each relation, as read from the catalogue. */
export type ColumnTypes = Map<string, Map<string, string>>;

const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The mapped columns of a mapping that exist in the service table (optional ones only when present). */
export function mappedColumns(m: LiveMapping, types: ColumnTypes): [string, string][] {
  const have = types.get(m.target);
  if (!have) throw new Error(`${m.target} does not exist: run the migrations (npm run migrate) first`);
  const optional = Object.entries(m.optionalColumns ?? {}).filter(([c]) => have.has(c));
  const all = [...Object.entries(m.columns), ...optional];
  for (const [c] of all) if (!have.has(c)) throw new Error(`${m.target} has no column ${c} (the mapping needs it)`);
  return all;
}

/** The reverse columns (legacy column → expression over the service row t). */
export function reverseColumns(m: LiveMapping): [string, string][] {
  return Object.entries(m.reverse ?? {});
}

/** CREATE OR REPLACE VIEW statements: map_<target> (legacy → service types) and unmap_<target> (service → legacy). */
export function viewStatements(types: ColumnTypes): string[] {
  const out: string[] = [];
  for (const m of LIVE_MAPPINGS) {
    const target = types.get(m.target)!;
    const cols = mappedColumns(m, types).map(([c, e]) => `(${e})::${target.get(c)} AS ${quoteIdent(c)}`);
    out.push(`CREATE OR REPLACE VIEW ${mapView(m)} AS SELECT ${cols.join(', ')} FROM ${m.from}`);
    if (m.reverse) {
      const legacy = types.get(`public.${m.source}`);
      if (!legacy) throw new Error(`public.${m.source} does not exist`);
      const rcols = reverseColumns(m).map(([c, e]) => `(${e})::${legacy.get(c)} AS ${quoteIdent(c)}`);
      const scope = m.scope ? ` WHERE ${m.scope}` : '';
      out.push(`CREATE OR REPLACE VIEW ${unmapView(m)} AS SELECT ${rcols.join(', ')} FROM ${m.target} t${scope}`);
    }
  }
  return out;
}

interface Step {
  table: string;
  key: string;
  view: string;
  columns: string[];
  idsVar: string;
  /** Further rows to map again: a predicate over the view and the ids variable it reads. */
  also: { ids: string; where: string }[];
  /** Rows to delete when no longer in the view: a predicate over the table (alias t) and the ids variable it reads. */
  alsoDelete: { ids: string; where: string }[];
  /** Columns set on insert only. */
  insertOnly: string[];
  onConflict: 'update' | 'nothing';
}

const idsVar = (source: string) => `ids_${source.replace('.', '__')}`;

function upsertSql(s: Step, where: string): string {
  const cols = s.columns.map(quoteIdent).join(', ');
  const values = s.columns.map((c) => `v.${quoteIdent(c)}`).join(', ');
  const others = s.columns.filter((c) => c !== s.key && !s.insertOnly.includes(c));
  const onConflict =
    s.onConflict === 'nothing' || others.length === 0
      ? 'ON CONFLICT DO NOTHING'
      : `ON CONFLICT (${quoteIdent(s.key)}) DO UPDATE SET ${others.map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`).join(', ')} ` +
        `WHERE (${others.map((c) => `t.${quoteIdent(c)}`).join(', ')}) IS DISTINCT FROM (${others.map((c) => `EXCLUDED.${quoteIdent(c)}`).join(', ')})`;
  return `INSERT INTO ${s.table} AS t (${cols}) SELECT ${values} FROM ${s.view} v WHERE ${where} ${onConflict}`;
}

function applierFunction(name: string, log: string, sources: string[], steps: Step[], direction: string): string {
  const decls = sources.map((src) => `  ${idsVar(src)} integer[];`).join('\n');
  const aggs = sources
    .map((src) => `coalesce(array_agg(DISTINCT b.legacy_id) FILTER (WHERE b.source = '${src}'), '{}')`)
    .join(',\n         ');
  const into = sources.map(idsVar).join(', ');
  const deletes = [...steps]
    .reverse()
    .flatMap((s) =>
      [{ ids: s.idsVar, where: `t.${quoteIdent(s.key)} = ANY(${s.idsVar})` }, ...s.alsoDelete].map(
        (p) =>
          `  IF cardinality(${p.ids}) > 0 THEN\n    DELETE FROM ${s.table} t WHERE ${p.where} ` +
          `AND NOT EXISTS (SELECT 1 FROM ${s.view} v WHERE v.${quoteIdent(s.key)} = t.${quoteIdent(s.key)});\n  END IF;`,
      ),
    );
  // one statement per predicate (an OR of them would scan the whole view), each only when its ids are there
  const upserts = steps.flatMap((s) =>
    [{ ids: s.idsVar, where: `v.${quoteIdent(s.key)} = ANY(${s.idsVar})` }, ...s.also].map(
      (p) => `  IF cardinality(${p.ids}) > 0 THEN\n    ${upsertSql(s, p.where)};\n  END IF;`,
    ),
  );
  return `CREATE OR REPLACE FUNCTION ${name}(max_rows integer) RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  n integer;
  unbounded boolean := current_setting('lock_timeout') = '0';
${decls}
BEGIN
  -- the wait for the lock is bounded (then SQLSTATE 55P03: the caller names the holder); the batch's own locks are not
  IF unbounded THEN
    PERFORM set_config('lock_timeout', '${APPLY_LOCK_WAIT_MS}ms', true);
  END IF;
  PERFORM pg_advisory_xact_lock(${APPLY_LOCK_KEY});
  IF unbounded THEN
    PERFORM set_config('lock_timeout', '0', true);
  END IF;
  PERFORM set_config('${APPLIER_SETTING}', 'on', true);
  WITH b AS (
    DELETE FROM ${log} c WHERE c.seq IN (SELECT seq FROM ${log} ORDER BY seq LIMIT max_rows)
    RETURNING c.source, c.legacy_id
  )
  SELECT count(*)::int,
         ${aggs}
  INTO n, ${into}
  FROM b;
  IF n = 0 THEN
    RETURN 0;
  END IF;
  IF current_setting('${RECORD_APPLIED_SETTING}', true) = 'on' THEN
    INSERT INTO flextime_live.applied (direction, source, legacy_id)
${sources.map((src) => `    SELECT '${direction}', '${src}', unnest(${idsVar(src)})`).join('\n    UNION ALL\n')};
  END IF;
${deletes.join('\n')}
${upserts.join('\n')}
  RETURN n;
END
$fn$`;
}

/** flextime_live.apply_changes(max_rows): the oldest max_rows legacy changes, mapped into the service tables. */
export function forwardApplier(types: ColumnTypes): string {
  const steps: Step[] = LIVE_MAPPINGS.map((m) => ({
    table: m.target,
    key: m.key,
    view: mapView(m),
    columns: mappedColumns(m, types).map(([c]) => c),
    idsVar: idsVar(m.source),
    also: (m.alsoWhen ?? []).map((a) => ({
      ids: idsVar(a.source),
      where: a.predicate.replaceAll('{ids}', idsVar(a.source)),
    })),
    alsoDelete: [],
    insertOnly: m.insertOnly ?? [],
    onConflict: m.onConflict ?? 'update',
  }));
  return applierFunction('flextime_live.apply_changes', 'flextime_live.changes', CAPTURED_SOURCES, steps, 'forward');
}

/** flextime_live.apply_reverse_changes(max_rows): the oldest service changes, carried back into the monolith. */
export function reverseApplier(): string {
  const steps: Step[] = REVERSED_MAPPINGS.map((m) => ({
    table: `public.${m.source}`,
    key: 'id',
    view: unmapView(m),
    columns: reverseColumns(m).map(([c]) => c),
    idsVar: idsVar(m.target),
    also: (m.reverseAlsoWhen ?? []).map((a) => ({
      ids: idsVar(a.target),
      where: a.predicate.replaceAll('{ids}', idsVar(a.target)),
    })),
    alsoDelete: (m.reverseAlsoWhen ?? []).map((a) => ({
      ids: idsVar(a.target),
      where: a.where.replaceAll('{ids}', idsVar(a.target)),
    })),
    insertOnly: [],
    onConflict: 'update',
  }));
  const sources = REVERSED_MAPPINGS.map((m) => m.target);
  return applierFunction(
    'flextime_live.apply_reverse_changes',
    'flextime_live.reverse_changes',
    sources,
    steps,
    'reverse',
  );
}

/**
 * How a mapping's backfill writes its rows. 'upsert': ON CONFLICT (key) DO UPDATE, for a service table that held
 * rows when its backfill began. 'insert': a plain INSERT of the rows not there yet, for a table that was empty then:
 * every row it holds beyond the checkpoint was put there by the applier after capture was installed, mapped from the
 * legacy row as committed at that moment, and every later change of that row is in the change log, which the applier
 * drains before the backfill ends; so such a row needs no overwrite, and a plain insert (no speculative insertion,
 * no conflict arbiter) is enough for the others.
 */
export type BackfillMode = 'upsert' | 'insert';

/**
 * One backfill batch of a mapping as one statement: the next `batch` legacy rows after the checkpoint, written, and
 * the checkpoint moved in the same statement (so a kill loses nothing and repeats nothing). $1 = batch size.
 * A batch short of $1 rows ends the mapping's backfill: a row its snapshot did not see was written after capture was
 * installed, so the change log carries it (chasing the legacy application's inserts would never end under load).
 */
export function backfillStatement(m: LiveMapping, types: ColumnTypes, mode: BackfillMode = 'upsert'): string {
  const columns = mappedColumns(m, types).map(([c]) => c);
  const key = quoteIdent(m.key);
  const name = m.target;
  const step: Step = {
    table: m.target,
    key: m.key,
    view: 'b',
    columns,
    idsVar: '',
    also: [],
    alsoDelete: [],
    insertOnly: m.insertOnly ?? [],
    onConflict: m.onConflict ?? 'update',
  };
  // the checkpoint as an uncorrelated scalar subquery: evaluated once, so the keyset bound is an index condition
  // (joined as a row, it was a join filter and every batch scanned the table from its start: quadratic)
  const last = `(SELECT coalesce((s.backfill -> '${name}' ->> 'last')::bigint, -1) FROM public.live_migration_state s WHERE s.id = 1)`;
  const cols = columns.map(quoteIdent).join(', ');
  // rows the applier already put beyond the checkpoint: one range scan of the primary key, hashed
  const write =
    mode === 'insert'
      ? `INSERT INTO ${m.target} (${cols}) SELECT ${columns.map((c) => `v.${quoteIdent(c)}`).join(', ')} FROM b v
  WHERE v.${key} NOT IN (SELECT t.${key} FROM ${m.target} t WHERE t.${key} > ${last} AND t.${key} <= (SELECT max(${key}) FROM b))`
      : upsertSql(step, 'true');
  return `WITH b AS MATERIALIZED (SELECT v.* FROM ${mapView(m)} v WHERE v.${key} > ${last} ORDER BY v.${key} LIMIT $1),
n AS (SELECT count(*) AS copied, max(${key}) AS last FROM b),
ins AS (${write})
UPDATE public.live_migration_state st SET updated_at = now(), backfill = st.backfill || jsonb_build_object('${name}',
  coalesce(st.backfill -> '${name}', '{}') || jsonb_build_object(
    'last', coalesce(n.last, (st.backfill -> '${name}' ->> 'last')::bigint, -1),
    'rows', coalesce((st.backfill -> '${name}' ->> 'rows')::bigint, 0) + n.copied,
    'done', n.copied < $1))
FROM n
WHERE st.id = 1
RETURNING n.copied::int AS copied`;
}

/** Records a mapping's backfill mode before its first batch ('insert' when its service table is empty then). */
export function backfillModeStatement(m: LiveMapping): string {
  return `UPDATE public.live_migration_state SET backfill = backfill || jsonb_build_object('${m.target}',
  jsonb_build_object('last', -1, 'rows', 0, 'done', false,
    'mode', CASE WHEN EXISTS (SELECT 1 FROM ${m.target}) THEN 'upsert' ELSE 'insert' END))
WHERE id = 1 AND NOT backfill ? '${m.target}'`;
}

/** A predicate over a relation alias (the rows a verification looks at; all when absent). */
export type RowFilter = (alias: string) => string;

/** Counts and order-independent checksums of the mapped columns: legacy (through the mapping) and service side. */
export function checksumQuery(m: LiveMapping, types: ColumnTypes, filter?: RowFilter): string {
  const cols = mappedColumns(m, types)
    .map(([c]) => c)
    .filter((c) => !(m.unverified ?? []).includes(c));
  const row = (alias: string) => `md5(row(${cols.map((c) => `${alias}.${quoteIdent(c)}`).join(', ')})::text)`;
  const where = (alias: string, scope?: string) => {
    const parts = [scope, filter?.(alias)].filter(Boolean);
    return parts.length ? ` WHERE (${parts.join(') AND (')})` : '';
  };
  const sum = `coalesce(sum(('x' || left(h, 15))::bit(60)::bigint), 0)::text`;
  return `WITH s AS (SELECT v.${quoteIdent(m.key)} AS k, ${row('v')} AS h FROM ${mapView(m)} v${where('v')}),
t AS (SELECT t.${quoteIdent(m.key)} AS k, ${row('t')} AS h FROM ${m.target} t${where('t', m.scope)})
SELECT (SELECT count(*) FROM s)::bigint::text AS source_rows, (SELECT count(*) FROM t)::bigint::text AS target_rows,
       (SELECT ${sum} FROM s) AS source_sum, (SELECT ${sum} FROM t) AS target_sum`;
}

/** The first `limit` keys whose mapped rows differ (missing on one side or with other values). */
export function differingKeysQuery(m: LiveMapping, types: ColumnTypes, filter?: RowFilter, limit = 20): string {
  const base = checksumQuery(m, types, filter).split('\nSELECT ')[0];
  return `${base}
SELECT coalesce(s.k, t.k)::int AS k FROM s FULL JOIN t ON s.k = t.k WHERE s.h IS DISTINCT FROM t.h ORDER BY 1 LIMIT ${Math.trunc(limit)}`;
}

/**
 * The rows of a mapping that changed legacy ids touch: its own ids and the rows derived from other changed sources
 * (alsoWhen); null when no changed id concerns it. Ids are integers, inlined as an array literal.
 */
export function changedRowsFilter(m: LiveMapping, changed: Map<string, number[]>): RowFilter | null {
  const literal = (ids: number[]) => `'{${ids.map((i) => Math.trunc(i)).join(',')}}'::int[]`;
  const own = changed.get(m.source);
  const also = (m.alsoWhen ?? []).filter((a) => (changed.get(a.source)?.length ?? 0) > 0);
  if (!own?.length && also.length === 0) return null;
  return (alias) =>
    [
      ...(own?.length ? [`${alias}.${quoteIdent(m.key)} = ANY(${literal(own)})`] : []),
      ...also.map((a) =>
        a.predicate.replaceAll('{ids}', literal(changed.get(a.source) ?? [])).replace(/\bv\./g, `${alias}.`),
      ),
    ].join(' OR ');
}
