// The backfill's plain-INSERT pass (db/live/sql.ts, BackfillMode): a service table that was empty when its backfill
// began is loaded without ON CONFLICT, skipping the rows the change-log applier already put there. Guards: a legacy
// row updated ahead of the checkpoint while the backfill runs (so the applier writes it before the batch that covers
// it) is neither refused by that batch (unique violation) nor overwritten with an older state nor lost, a row deleted
// or inserted then is right too; a service table that held rows when its backfill began is upserted instead (a stale
// row there is overwritten, which skipping present rows would have kept).
import { afterEach, describe, expect, test } from 'vitest';
import type { AdminSession } from '../../db/index.ts';
import { nextBatchRows } from '../../db/live/backfill.ts';
import { readColumnTypes } from '../../db/live/install.ts';
import { startLive } from '../../db/live/start.ts';
import { readState } from '../../db/live/state.ts';
import { verifyLive } from '../../db/live/verify.ts';
import { migrate } from '../../db/migrate.ts';
import { generateMonolith } from '../../seeding/monolith.ts';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/db.ts';

const GAMES = 'schedule_generation.games';

async function monolith(kind: TestDatabase['kind'], withoutCopy: boolean): Promise<TestDatabase> {
  const t = await createTestDatabase({ kind, migrate: false, monolith: true });
  await generateMonolith(t.db, { scale: 0.0004 });
  await migrate(t.db, { withoutCopy });
  return t;
}

describe('adaptive backfill batches', () => {
  test('a batch size follows the target duration within its bounds, and a size given by the operator never changes', () => {
    expect(nextBatchRows(50_000, 750, false)).toBe(100_000);
    expect(nextBatchRows(50_000, 6_000, false)).toBe(25_000);
    expect(nextBatchRows(300_000, 100, false)).toBe(400_000);
    expect(nextBatchRows(6_000, 60_000, false)).toBe(5_000);
    expect(nextBatchRows(25, 1, true)).toBe(25);
  });
});

const one = async <T>(s: AdminSession, text: string, params: unknown[] = []) => (await s.query<T>(text, params))[0];

for (const kind of DB_KINDS) {
  describe(`live backfill: plain INSERT into an empty service table, upsert otherwise (${kind})`, () => {
    let t: TestDatabase | undefined;
    afterEach(async () => {
      await t?.dispose();
      t = undefined;
    });

    test('a legacy row changed ahead of the checkpoint during the backfill is applied once, not lost, not refused', async () => {
      t = await monolith(kind, true);
      const result = await t.db.session(async (s) => {
        const { last } = await one<{ last: number }>(s, 'SELECT max(id)::int AS last FROM public.games');
        let wrote = false;
        let newId = 0;
        let aheadSeen = false;
        const started = await startLive(s, {
          batchRows: 25,
          onBatch: async (target) => {
            if (target !== GAMES) return;
            if (!wrote) {
              // the legacy application writes beyond the checkpoint (captured: the applier maps them after this batch)
              wrote = true;
              await s.query("UPDATE public.games SET notes = 'changed ahead of the backfill' WHERE id = $1", [last]);
              await s.query('DELETE FROM public.games WHERE id = $1', [last - 1]);
              const row = await one<{ id: number }>(
                s,
                `INSERT INTO public.games (schedule_id, home_team_id, away_team_id, game_date, notes)
                 SELECT schedule_id, home_team_id, away_team_id, game_date, 'inserted during the backfill'
                 FROM public.games WHERE id = $1 RETURNING id`,
                [last],
              );
              newId = row.id;
              return;
            }
            const state = await readState(s);
            const present = await one<{ n: number }>(
              s,
              'SELECT count(*)::int AS n FROM schedule_generation.games WHERE game_id = $1',
              [last],
            );
            if ((state?.backfill[GAMES]?.last ?? 0) < last && present.n === 1) aheadSeen = true;
          },
        });
        const state = await readState(s);
        const rows = await s.query<{ game_id: number; notes: string | null }>(
          "SELECT game_id, notes FROM schedule_generation.games WHERE game_id = ANY(string_to_array($1, ',')::int[]) ORDER BY game_id",
          [[last - 1, last, newId].join(',')],
        );
        const verification = await verifyLive(s, await readColumnTypes(s));
        return { started, state, rows, verification, last, newId, aheadSeen };
      });
      expect(result.state?.backfill[GAMES]?.mode).toBe('insert');
      // the applier had put the updated row there before the batch that covers it ran
      expect(result.aheadSeen).toBe(true);
      expect(result.rows).toEqual([
        { game_id: result.last, notes: 'changed ahead of the backfill' },
        { game_id: result.newId, notes: 'inserted during the backfill' },
      ]);
      expect(result.verification.tables.filter((x) => !x.equal)).toEqual([]);
    }, 300_000);

    test('a service table that held rows when its backfill began is upserted: a stale row is overwritten', async () => {
      t = await monolith(kind, false);
      const result = await t.db.session(async (s) => {
        // changed before capture exists, so only the backfill itself can bring it
        await s.query("UPDATE public.games SET notes = 'changed before live start' WHERE id = 1");
        await startLive(s, { batchRows: 100 });
        const state = await readState(s);
        const row = await one<{ notes: string }>(s, 'SELECT notes FROM schedule_generation.games WHERE game_id = 1');
        const verification = await verifyLive(s, await readColumnTypes(s));
        return { state, row, verification };
      });
      expect(result.state?.backfill[GAMES]?.mode).toBe('upsert');
      expect(result.row.notes).toBe('changed before live start');
      expect(result.verification.tables.filter((x) => !x.equal)).toEqual([]);
    }, 300_000);
  });
}
