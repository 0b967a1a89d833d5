// The failure covered: on real PostgreSQL, a jsonb value written through a service transaction (drizzle hands it over
// as JSON text) was stringified a second time by postgres.js and stored as a JSON *string*, so an operator's SQL
// (`generation_parameters ->> 'key'`) saw nothing, while PGlite stored the object.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleGenerationRequests, sports } from '../../db/schema/index.ts';
import { seed } from '../../seeding/index.ts';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/db.ts';

describe.each(DB_KINDS)('jsonb written through a service transaction (%s)', (kind) => {
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
});
