// The failure covered: on real PostgreSQL, a jsonb value written through a service transaction (drizzle hands it over
// as JSON text) was stringified a second time by postgres.js and stored as a JSON *string*, so an operator's SQL
// (`generation_parameters ->> 'key'`) saw nothing, while PGlite stored the object.
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/index.ts';
import { scheduleGenerationRequests, sports } from '../../db/schema/index.ts';
import { seed } from '../../seeding/index.ts';
import { createTestDatabase, DB_KINDS, MIGRATIONS_DIR_URL, type TestDatabase } from '../support/db.ts';

describe.each(DB_KINDS)(
  'jsonb written through a service transaction, and 011 for the rows before the fix (%s)',
  (kind) => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase({ kind });
      await seed(t.db);
    }, 120_000);
    afterAll(async () => {
      await t?.dispose();
    });

    it('is stored as the object, readable with ->> and read back as the object', async () => {
      const rows = await t.db.service('schedule-generation').run(
        async (tx) => {
          const [sport] = await tx.select({ sport_id: sports.sportId }).from(sports).limit(1);
          const [row] = await tx
            .insert(scheduleGenerationRequests)
            .values({
              requestName: 'jsonb',
              sportId: sport.sport_id,
              conferenceId: 1,
              generationParameters: { seed: 7, note: 'a "quoted" word' },
            })
            .returning();
          const stored = await tx
            .select({
              kind: sql<string>`jsonb_typeof(${scheduleGenerationRequests.generationParameters})`,
              note: sql<string | null>`${scheduleGenerationRequests.generationParameters} ->> 'note'`,
            })
            .from(scheduleGenerationRequests)
            .where(eq(scheduleGenerationRequests.requestId, row.requestId));
          return { row, stored };
        },
        { tenant: null },
      );
      expect(rows.stored[0]).toEqual({ kind: 'object', note: 'a "quoted" word' });
      expect(rows.row.generationParameters).toEqual({ seed: 7, note: 'a "quoted" word' });
    });

    // The rows written before the fix: 011 rewrites a string-form document as the document, and leaves alone what is
    // not one (a bare JSON string, text that does not parse). Rerunning the file changes nothing.
    it('011 stores a double-encoded object or array as JSON and leaves other strings as they are', async () => {
      const file = readFileSync(new URL('011_jsonb_stored_as_json.sql', MIGRATIONS_DIR_URL), 'utf8');
      const values = [
        ['"{\\"seed\\": 7, \\"followUpOf\\": 3}"', { seed: 7, followUpOf: 3 }],
        ['"[1, 2]"', [1, 2]],
        ['"just text"', 'just text'],
        ['"{not json"', '{not json'],
        ['{"already": "an object"}', { already: 'an object' }],
      ] as const;
      const ids = await t.db.admin(async (tx) => {
        const [sport] = await tx.select({ sportId: sports.sportId }).from(sports).limit(1);
        const out: number[] = [];
        for (const [literal] of values) {
          const [row] = await rows<{ request_id: number }>(
            tx,
            sql`
          insert into schedule_generation.schedule_generation_requests
            (request_name, sport_id, conference_id, generation_parameters)
          values ('011', ${sport.sportId}, 1, ${literal}::jsonb) returning request_id`,
          );
          out.push(Number(row.request_id));
        }
        return out;
      });
      await t.db.session((s) => s.exec(file));
      await t.db.session((s) => s.exec(file)); // a rerun finds nothing to change
      const stored = await t.db.admin((tx) =>
        rows<{ request_id: number; parameters: unknown; kind: string }>(
          tx,
          sql`
        select request_id, generation_parameters as parameters, jsonb_typeof(generation_parameters) as kind
        from schedule_generation.schedule_generation_requests
        where request_id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}) order by request_id`,
        ),
      );
      expect(stored.map((r) => r.kind)).toEqual(['object', 'array', 'string', 'string', 'object']);
      expect(stored.map((r) => r.parameters)).toEqual(values.map(([, parsed]) => parsed));
    });
  },
);
