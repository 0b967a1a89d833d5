// The migration guide's contract (issue 24): every statement of ../shared/reference/migration-guide.md is classified
// (test/support/migration-guide.ts), every DDL sketch's tables and columns exist with the guide's kind of type, and
// every runnable query runs on a migrated and seeded database — seeded through the product path (seed, then a
// schedule created and validated over GraphQL, which logs its violations) — binding $1/$2 to real ids, and returns
// rows. A guide statement that does not run fails here unless it is on EXCEPTIONS, which must still fail the way it
// says (so a stale exception fails too). The operator commands run in migration-guide-commands.test.ts, the guide's
// users on a fresh cluster in migration-guide-roles.test.ts. PGlite always, real Postgres when DATABASE_URL is set.
import { readFileSync } from 'node:fs';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/index.ts';
import { DB_KINDS } from '../support/db.ts';
import {
  fencedBlocks,
  GUIDE_PATH,
  type GuideStatement,
  guideStatements,
  readGuide,
  sketchRelations,
} from '../support/migration-guide.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/** Guide statements that cannot run as written, why, and the error they must still fail with. */
const EXCEPTIONS = [
  {
    statement: /\bFROM\s+pg_tables\b/i,
    why:
      'pg_catalog.pg_tables has no hasinserts/hasselects/hasupdates/hasdeletes columns (PostgreSQL never had them: it ' +
      'has hasindexes, hasrules, hastriggers, rowsecurity); db/README.md gives the privilege query to run instead',
    error: /column "hasinserts" does not exist/,
  },
];

const guide = readGuide();

describe('the migration guide', () => {
  it('is there to check (outside a workspace that holds it, every guide test is skipped, loudly)', () => {
    // The guide is kept beside the repository, not in it. A checkout without it (a bare clone) cannot check the
    // contract; FLEXTIME_REQUIRE_MIGRATION_GUIDE=1 makes its absence a failure instead.
    if (!guide && process.env.FLEXTIME_REQUIRE_MIGRATION_GUIDE === '1') {
      throw new Error(`migration guide not found at ${GUIDE_PATH}: the conformance tests cannot run`);
    }
    if (!guide) console.warn(`migration guide not found at ${GUIDE_PATH}: guide conformance tests SKIPPED`);
  });
});

/** The README's replacement for an exception: the fenced sql block of db/README.md that names `marker`. */
function readmeQuery(marker: string): string {
  const readme = readFileSync(new URL('../../db/README.md', import.meta.url), 'utf8');
  const block = fencedBlocks(readme).find((b) => b.lang === 'sql' && b.text.includes(marker));
  if (!block) throw new Error(`db/README.md has no sql block naming ${marker}`);
  return block.text;
}

/** The statement with its $n placeholders as bound parameters and the guide's database name as ours. */
function withParams(statement: string, params: string[], database: string): SQL {
  const text = statement.replaceAll("'flextime_db'", `'${database}'`);
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  for (let i = 0; i < parts.length; i++) {
    chunks.push(i % 2 === 0 ? sql.raw(parts[i]) : sql`${params[Number(parts[i]) - 1]}`);
  }
  return sql.join(chunks);
}

/**
 * Values for $1, $2 …: each placeholder must be compared to a column (`alias.col = $n`); one row of the statement's
 * own FROM/WHERE with those comparisons taken out gives values that belong together (a team and a season it has a
 * profile in) and make the statement find rows.
 */
function bindingQuery(statement: string): string | null {
  const comparisons = [...statement.matchAll(/([\w.]+)\s*=\s*\$(\d+)/g)];
  const placeholders = new Set([...statement.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  if (placeholders.size === 0) return null;
  const columns: string[] = [];
  for (const n of [...placeholders].sort((a, b) => a - b)) {
    const c = comparisons.find((m) => Number(m[2]) === n);
    if (!c) throw new Error(`cannot bind $${n}: it is not compared to a column (\`col = $${n}\`) in: ${statement}`);
    columns.push(`${c[1]}::text`);
  }
  let from = statement.slice(statement.search(/\bFROM\b/i));
  for (const c of comparisons) from = from.replace(c[0], 'true');
  return `SELECT ${columns.join(', ')} ${from} LIMIT 1`;
}

function family(type: string): string {
  const t = type.toLowerCase();
  if (/^(serial|bigserial|smallserial|integer|int|int4|int8|bigint|smallint)\b/.test(t)) return 'integer';
  if (/^(varchar|character varying|text|char)/.test(t)) return 'text';
  if (/^bool/.test(t)) return 'boolean';
  if (/^timestamp/.test(t)) return 'timestamp';
  if (/^time\b/.test(t)) return 'time';
  return t.replace(/\(.*$/, '');
}

/** The tables of the guide's "Creates tables:" lists (bullets of backticked names). */
function listedTables(markdown: string): string[] {
  const out: string[] = [];
  for (const list of markdown.matchAll(/Creates tables:\n((?:\s*-\s+`\w+`.*\n)+)/g)) {
    for (const m of list[1].matchAll(/-\s+`(\w+)`/g)) out.push(m[1]);
  }
  return out;
}

describe.runIf(Boolean(guide))('the guide taken apart', () => {
  const statements = guideStatements(guide ?? '');
  it('has only statements this suite knows how to run (query, sketch, role, rollback, command)', () => {
    expect(statements.filter((s) => s.kind === 'unknown').map((s) => `${s.block.section}: ${s.text}`)).toEqual([]);
    expect(statements.filter((s) => s.kind === 'query').length).toBeGreaterThanOrEqual(8);
    expect(statements.filter((s) => s.kind === 'sketch').length).toBeGreaterThanOrEqual(4);
    expect(statements.filter((s) => s.kind === 'command').length).toBeGreaterThanOrEqual(10);
  });
  it('names every exception exactly once (a stale exception fails)', () => {
    for (const e of EXCEPTIONS) expect(statements.filter((s) => e.statement.test(s.text)).length).toBe(1);
  });
});

for (const kind of DB_KINDS) {
  describe.runIf(Boolean(guide))(`the guide's names and queries on a migrated, seeded database (${kind})`, () => {
    const statements = guideStatements(guide ?? '');
    const queries = statements.filter((s) => s.kind === 'query');
    let stack: TestStack;
    let database: string;
    const q = <T = Record<string, unknown>>(query: SQL) => stack.db.admin((tx) => rows<T>(tx, query));

    beforeAll(async () => {
      stack = await startTestStack({ kind, rest: false, memoryEvents: true, defaultMetrics: false });
      [{ database }] = await q<{ database: string }>(sql`select current_database() as database`);
      // Violations logged the way users log them: a schedule and its games over GraphQL, then validateSchedule.
      const teams = await stack.gql<{
        teams: { nodes: Array<{ id: string; sport: { id: string }; conference: { id: string } }> };
      }>('{ teams(sportCode: "MBB", limit: 3) { nodes { id sport { id } conference { id } } } }');
      const [a, b, c] = teams.data.teams.nodes;
      const created = await stack.gql<{ createSchedule: { id: string } }>(
        'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }',
        { input: { name: 'Migration guide check', sportId: a.sport.id, seasonId: '2', conferenceId: a.conference.id } },
      );
      const id = created.data.createSchedule.id;
      // The same pair on consecutive days, and one team on the road three days running: rest and rematch rules break.
      const games = [
        [a, b, '2026-01-10'],
        [a, b, '2026-01-11'],
        [c, b, '2026-01-12'],
      ] as const;
      await stack.gql(
        `mutation { ${games
          .map(
            ([h, v, d], i) =>
              `g${i}: createGame(input: { scheduleId: "${id}", homeTeamId: "${h.id}", awayTeamId: "${v.id}", date: "${d}" }) { id }`,
          )
          .join('\n')} }`,
      );
      const report = await stack.gql<{ validateSchedule: { totalViolations: number; stored: boolean } }>(
        'mutation($id: ID!) { validateSchedule(input: { scheduleId: $id }) { totalViolations stored } }',
        { id },
      );
      expect(report.data.validateSchedule).toMatchObject({ stored: true });
      expect(report.data.validateSchedule.totalViolations).toBeGreaterThan(0);
    }, 180_000);
    afterAll(() => stack?.stop());

    it("every table and column of the guide's DDL sketches exists, with the guide's kind of type", async () => {
      const missing: string[] = [];
      let checked = 0;
      for (const s of statements.filter((x) => x.kind === 'sketch')) {
        for (const rel of sketchRelations(s.text)) {
          const found = await q<{ name: string; type: string }>(
            sql`select a.attname as name, format_type(a.atttypid, a.atttypmod) as type from pg_attribute a
                where a.attrelid = to_regclass(${rel.relation}) and a.attnum > 0 and not a.attisdropped`,
          );
          for (const col of rel.columns) {
            checked++;
            const ours = found.find((f) => f.name === col.name);
            if (!ours) missing.push(`${rel.relation}.${col.name} missing`);
            else if (col.type && family(col.type) !== family(ours.type))
              missing.push(`${rel.relation}.${col.name}: guide ${col.type}, ours ${ours.type}`);
          }
        }
      }
      expect(missing).toEqual([]);
      expect(checked).toBeGreaterThanOrEqual(40);
    });

    it('every table the guide lists as created exists', async () => {
      const names = listedTables(guide ?? '');
      expect(names.length).toBeGreaterThan(0);
      const found = await q<{ name: string }>(
        sql`select table_name as name from information_schema.tables
            where table_schema in ('team_availability', 'venue_management', 'constraint_validation', 'schedule_generation')`,
      );
      expect(names.filter((n) => !found.some((f) => f.name === n))).toEqual([]);
    });

    const runnable = (s: GuideStatement) => !EXCEPTIONS.some((e) => e.statement.test(s.text));
    for (const [i, s] of queries.entries()) {
      const label = `${s.block.section} #${i + 1}: ${s.text.replace(/\s+/g, ' ').slice(0, 70)}`;
      if (runnable(s)) {
        it(`runs as written and returns rows — ${label}`, async () => {
          const binding = bindingQuery(s.text);
          const params = binding
            ? Object.values((await q<Record<string, string>>(sql.raw(binding)))[0] ?? {}).map(String)
            : [];
          if (binding) expect(params.length, `no rows to bind ${binding}`).toBeGreaterThan(0);
          const result = await q(withParams(s.text, params, database));
          expect(result.length).toBeGreaterThan(0);
        });
      } else {
        it(`fails as its exception says, and db/README.md's replacement runs — ${label}`, async () => {
          const e = EXCEPTIONS.find((x) => x.statement.test(s.text))!;
          const error = await q(withParams(s.text, [], database)).then(
            () => null,
            (err: Error & { cause?: Error }) => err.cause?.message ?? err.message,
          );
          expect(error).toMatch(e.error);
          const replacement = await q<{ schemaname: string; hasselects: boolean }>(sql.raw(readmeQuery('hasselects')));
          expect(replacement.length).toBeGreaterThan(0);
          expect(replacement.some((r) => r.hasselects === true)).toBe(true);
        });
      }
    }

    it("the guide's names carry the values of the columns they stand for", async () => {
      const [venues] = await q<{ n: number; wrong: number }>(
        sql`select count(*)::int as n, count(*) filter (where
              p.venue_name is distinct from v.name or p.standard_capacity is distinct from p.capacity
              or p.climate_controlled is distinct from p.is_indoor or p.currently_available is distinct from p.is_active
            )::int as wrong
            from venue_management.venue_profiles p join shared_data.venues v on v.venue_id = p.venue_id`,
      );
      expect(venues.n).toBeGreaterThan(50);
      expect(venues.wrong).toBe(0);
      const [logs] = await q<{ n: number; wrong: number }>(
        sql`select count(*)::int as n, count(*) filter (where violation_timestamp is distinct from logged_at)::int as wrong
            from constraint_validation.constraint_violation_logs`,
      );
      expect(logs.n).toBeGreaterThan(0);
      expect(logs.wrong).toBe(0);
    });

    it('a venue renamed in shared_data is renamed in its profile; a profile cannot keep another name', async () => {
      const [v] = await q<{ venue_id: number; name: string }>(
        sql`select venue_id, name from shared_data.venues order by venue_id limit 1`,
      );
      try {
        await q(sql`update shared_data.venues set name = ${`${v.name} (renamed)`} where venue_id = ${v.venue_id}`);
        await stack.db
          .service('venue-management')
          .run((tx) =>
            tx.execute(
              sql`update venue_management.venue_profiles set venue_name = 'elsewhere' where venue_id = ${v.venue_id}`,
            ),
          );
        const [p] = await q<{ venue_name: string }>(
          sql`select venue_name from venue_management.venue_profiles where venue_id = ${v.venue_id}`,
        );
        expect(p.venue_name).toBe(`${v.name} (renamed)`);
      } finally {
        await q(sql`update shared_data.venues set name = ${v.name} where venue_id = ${v.venue_id}`);
      }
    });
  });
}
