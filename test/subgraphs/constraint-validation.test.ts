// constraint-validation on its own over HTTP: categories, templates, profiles, Team.constraintProfile and the
// stored evaluation/violations it adds to Schedule.
import { describe, expect, it } from 'vitest';
import { type Data, firstError, KINDS, useSubgraph } from './support.ts';

for (const kind of KINDS) {
  describe(`constraint-validation subgraph (${kind})`, () => {
    let statements = 0;
    const sub = useSubgraph(kind, 'constraint-validation', (e) => {
      // data statements only: reads without a conference also write their audit row (subgraphs/kit/audit.ts)
      if (e.service === 'constraint-validation' && !e.sql.includes('"audit".')) statements++;
    });
    const q = sub.q;

    it('lists categories by priority, paginated', async () => {
      const res = await q('{ constraintCategories(limit: 4) { total totalPages nodes { name priority } } }');
      expect(res.errors).toBeUndefined();
      expect(res.data!.constraintCategories).toMatchObject({ total: 6, totalPages: 2 });
      expect(res.data!.constraintCategories.nodes.map((c: Data) => c.priority)).toEqual([100, 90, 80, 70]);
    });

    it('filters templates by type and sport', async () => {
      const res = await q(
        `query($s: ID, $f: ID) {
          all: constraintTemplates { total nodes { name type validationLogic parameterSchema category { name } } }
          soft: constraintTemplates(type: SOFT) { nodes { name defaultWeight sport { code } } }
          fb: constraintTemplates(sportId: $f) { nodes { name } }
          mbb: constraintTemplates(sportId: $s) { total }
        }`,
        { s: String(sub.fx.mbb), f: String(sub.fx.fb) },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.all.total).toBe(2);
      const hard = res.data!.all.nodes.find((t: Data) => t.type === 'HARD');
      expect(hard.validationLogic).toEqual({ type: 'max_consecutive_away' });
      expect(hard.parameterSchema.properties.max.type).toBe('integer');
      expect(res.data!.soft.nodes).toEqual([
        { name: 'Rematch separation (test)', defaultWeight: 2, sport: { code: 'MBB' } },
      ]);
      expect(res.data!.fb.nodes).toEqual([{ name: 'Max consecutive away games (test)' }]);
      expect(res.data!.mbb.total).toBe(2);
      const bad = await q('{ constraintTemplates(type: MEDIUM) { total } }');
      expect(bad.status).toBe(400);
      expect(firstError(bad).code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('lists profiles with policies and resolves unknown ids to null', async () => {
      const res = await q(
        `query($t: ID) {
          constraintProfiles { total nodes { name isDefault team { id } policies { weight parameters template { name } } } }
          byTeam: constraintProfiles(teamId: $t) { nodes { name } }
          constraintProfile(id: "999") { id }
          constraintTemplate(id: "nope") { id }
        }`,
        { t: String(sub.fx.teams[3]) },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.constraintProfiles.total).toBe(2);
      const def = res.data!.constraintProfiles.nodes.find((p: Data) => p.isDefault);
      expect(def.policies).toEqual([
        { weight: 1, parameters: { max: 2 }, template: { name: 'Max consecutive away games (test)' } },
      ]);
      expect(res.data!.byTeam.nodes).toEqual([{ name: 'BYU: no Sunday play' }]);
      expect(res.data!.constraintProfile).toBeNull();
      expect(res.data!.constraintTemplate).toBeNull();
      const badLimit = await q('{ constraintProfiles(limit: 0) { total } }');
      expect(firstError(badLimit)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'limit' });
    });

    it("adds Team.constraintProfile: the team's own profile, else its sport/conference default", async () => {
      const res = await q(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Team { id constraintProfile { name } } } }`,
        {
          r: [
            { __typename: 'Team', id: String(sub.fx.teams[3]) },
            { __typename: 'Team', id: String(sub.fx.teams[9]) },
            { __typename: 'Team', id: String(sub.fx.otherTeams[0]) },
          ],
        },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toEqual([
        { id: String(sub.fx.teams[3]), constraintProfile: { name: 'BYU: no Sunday play' } },
        { id: String(sub.fx.teams[9]), constraintProfile: { name: 'Big 12 MBB default' } },
        { id: String(sub.fx.otherTeams[0]), constraintProfile: null },
      ]);
    });

    it('adds Schedule.evaluation and Schedule.violations from stored rows', async () => {
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Schedule {
        id
        evaluation { status hardViolations softViolations totalViolations score results { status violationCount template { name } } }
        violations { severity message isResolved game { id } }
        open: violations(resolved: false) { message }
      } } }`;
      const r = [
        { __typename: 'Schedule', id: String(sub.fx.schedule10) },
        { __typename: 'Schedule', id: String(sub.fx.schedule150) },
      ];
      const res = await q(query, { r });
      expect(res.errors).toBeUndefined();
      const [s10, s150] = res.data!._entities;
      expect(s10.evaluation).toMatchObject({
        status: 'failed',
        hardViolations: 2,
        softViolations: 0,
        totalViolations: 2,
        score: 20,
      });
      expect(s10.evaluation.results).toHaveLength(2);
      expect(s10.violations).toHaveLength(2);
      expect(s10.violations.filter((v: Data) => v.game)).toHaveLength(1);
      expect(s10.open).toEqual([{ message: 'Arizona plays 4 consecutive away games' }]);
      expect(s150).toEqual({ id: String(sub.fx.schedule150), evaluation: null, violations: [], open: [] });

      // evaluations and violations come with their templates: two statements for any number of schedules
      statements = 0;
      const again = await q(query, { r: [...r, { __typename: 'Schedule', id: String(sub.fx.otherSchedule) }] });
      expect(again.errors).toBeUndefined();
      expect(statements).toBe(2);

      const tenant = await q(query, { r }, { 'x-conference-id': String(sub.fx.other) });
      expect(tenant.data!._entities[0]).toMatchObject({ evaluation: null, violations: [] });
    });
  });
}
