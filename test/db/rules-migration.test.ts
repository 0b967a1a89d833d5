// Migration 008 on the legacy monolith: the rule types 004 copies unchanged (days_of_week, min_rematch_separation,
// broadcast_window) leave it as types the engine has evaluators for, with the parameters those evaluators read, and
// the wrong facts of the monolith's venues (Allen Fieldhouse 16,300; Addition Financial Arena 10,000; WVU Coliseum)
// are corrected. Checked against the engine's own list of evaluator types, not against the migration's text.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/index.ts';
import { loadMigrations } from '../../db/migrate.ts';
import { createEvaluator, evaluatorTypes } from '../../scheduling/index.ts';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/db.ts';

const teams = [1, 2, 3, 4].map((id) => ({ id: String(id), name: `team ${id}` }));

for (const kind of DB_KINDS) {
  describe(`migration 008 on the legacy monolith (${kind})`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase({ kind, monolith: true });
    });
    afterAll(() => t?.dispose());

    it('leaves no template whose type no evaluator understands, and each compiles with its parameters', async () => {
      type Logic = { type: string; params: Record<string, unknown>; legacy_type?: string };
      const templates = await t.db.admin((tx) =>
        rows<{ template_name: string; validation_logic: Logic }>(
          tx,
          sql`select template_name, validation_logic from constraint_validation.constraint_templates order by template_id`,
        ),
      );
      expect(templates.length).toBeGreaterThanOrEqual(8);
      const known = new Set(evaluatorTypes());
      for (const tpl of templates) {
        expect(known.has(tpl.validation_logic.type), `${tpl.template_name}: ${tpl.validation_logic.type}`).toBe(true);
      }
      // the three rewritten ones compile with the parameters they now carry (the others are completed from stored
      // blackouts / venue periods at evaluation time)
      for (const tpl of templates.filter((x) => 'legacy_type' in x.validation_logic)) {
        expect(() =>
          createEvaluator({ type: tpl.validation_logic.type, params: tpl.validation_logic.params }, { teams }),
        ).not.toThrow();
      }
      const byName = new Map(templates.map((x) => [x.template_name, x.validation_logic]));
      expect(byName.get('Legacy BYU no Sunday')).toMatchObject({
        type: 'allowed_days_of_week',
        params: { forbiddenDays: [0], teams: ['4'] },
      });
      expect(byName.get('Legacy rematch separation')).toMatchObject({
        type: 'rematch_separation',
        params: { minDays: 14, minGames: 0 },
      });
      expect(byName.get('Legacy TV window')).toMatchObject({ type: 'allowed_days_of_week', params: { days: [6] } });
    });

    it('corrects the arena facts, and running every migration again changes nothing', async () => {
      const venues = () =>
        t.db.admin((tx) =>
          rows<{ name: string; capacity: number }>(
            tx,
            sql`select v.name, p.capacity from shared_data.venues v join venue_management.venue_profiles p using (venue_id)
                where v.name in ('Allen Fieldhouse', 'Addition Financial Arena', 'Hope Coliseum', 'WVU Coliseum')
                order by v.name`,
          ),
        );
      expect(await venues()).toEqual([
        { name: 'Addition Financial Arena', capacity: 9432 },
        { name: 'Allen Fieldhouse', capacity: 15300 },
        { name: 'Hope Coliseum', capacity: 14000 },
      ]);
      const logic = () =>
        t.db.admin((tx) =>
          rows(tx, sql`select validation_logic from constraint_validation.constraint_templates order by template_id`),
        );
      const before = await logic();
      for (const m of loadMigrations()) await t.db.execScript(m.sql);
      expect(await logic()).toEqual(before);
      expect((await venues()).map((v) => v.name)).toEqual([
        'Addition Financial Arena',
        'Allen Fieldhouse',
        'Hope Coliseum',
      ]);
    });
  });
}
