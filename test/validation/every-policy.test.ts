// Nothing hard is dropped: a constraint profile holding a policy of every template type (the seeded ones of every
// sport, and the three legacy monolith types as migration 004 copies them) is evaluated with exactly one result per
// policy — the competition format included, which validateSchedule used to leave out (14 results for 15 policies).
// A policy no evaluator understands refuses the validation and the generation, naming the policy.
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/index.ts';
import { BIG12_MBB_TEAMS, big12MbbProblem, optimizeSchedule } from '../../scheduling/index.ts';
import type { JobsRuntime } from '../../subgraphs/schedule-generation/generation/runtime.ts';
import { DB_KINDS } from '../support/db.ts';
import { type TestStack as Stack, startTestStack, uniquePrefix, waitFor } from '../support/stack.ts';

const VALIDATE = `mutation($input: ValidateScheduleInput!) {
  validateSchedule(input: $input) { profile { id } results { template { id name } type severity } }
}`;
const GENERATE = `mutation($input: CreateGenerationRequestInput!) { generateSchedule(input: $input) { id } }`;
const REQUEST = `query($id: ID!) { generationRequest(id: $id) { status errorMessage } }`;

// validation_logic exactly as migration 004 writes the monolith's legacy rules
const LEGACY = [
  ['Legacy-type BYU no Sunday', { type: 'days_of_week', params: { team_id: 4, forbidden_days: [0] } }],
  ['Legacy-type rematch separation', { type: 'min_rematch_separation', params: { days: 14 } }],
  ['Legacy-type TV window', { type: 'broadcast_window', params: { days: [6], windows: ['12:00', '14:00'] } }],
] as const;

for (const kind of DB_KINDS) {
  describe(`every policy of a profile is evaluated or refused (${kind})`, () => {
    let stack: Stack;
    let runtime: JobsRuntime;
    let ids: { sportId: number; seasonId: number; conferenceId: number };
    let games: Array<{ homeTeamId: string; awayTeamId: string; date: string }>;

    /** A new MBB profile holding one policy of each given template; returns its id and its policies' template ids. */
    async function profileWith(name: string, templateIds: number[]) {
      return stack.db.admin(async (tx) => {
        const [p] = await rows<{ profile_id: number }>(
          tx,
          sql`insert into constraint_validation.constraint_profiles
                (profile_name, description, sport_id, season_id, conference_id, is_default)
              values (${name}, 'test', ${ids.sportId}, ${ids.seasonId}, ${ids.conferenceId}, false)
              returning profile_id`,
        );
        for (const t of templateIds) {
          await tx.execute(sql`
            insert into constraint_validation.constraint_enforcement_policies
              (profile_id, template_id, conference_id, enforcement_level, weight, parameters)
            select ${p.profile_id}, template_id, ${ids.conferenceId}, constraint_type, default_weight, '{}'::jsonb
            from constraint_validation.constraint_templates where template_id = ${t}`);
        }
        return p.profile_id;
      });
    }

    async function addTemplate(name: string, logic: unknown): Promise<number> {
      const [t] = await stack.db.admin((tx) =>
        rows<{ template_id: number }>(
          tx,
          sql`insert into constraint_validation.constraint_templates
                (category_id, template_name, description, constraint_type, default_weight, validation_logic,
                 parameter_schema, sport_id, conference_id)
              select category_id, ${name}, 'test', 'hard', 1, ${JSON.stringify(logic)}::jsonb,
                     '{"type": "object"}'::jsonb, ${ids.sportId}, ${ids.conferenceId}
              from constraint_validation.constraint_categories where category_name = 'scheduling'
              returning template_id`,
        ),
      );
      return t.template_id;
    }

    beforeAll(async () => {
      stack = await startTestStack({
        kind,
        redisPrefix: 'cache',
        limits: { subgraphTimeoutMs: 30_000 },
        defaultMetrics: false,
        jobs: { prefix: uniquePrefix('every-policy'), logger: pino({ level: 'silent' }), worker: false },
      });
      runtime = stack.generation;
      const t = await stack.gql<{
        teams: {
          nodes: Array<{ id: string; abbreviation: string; sport: { id: string }; conference: { id: string } }>;
        };
      }>('{ teams(sportCode: "MBB", limit: 100) { nodes { id abbreviation sport { id } conference { id } } } }');
      const n = t.data.teams.nodes[0];
      ids = { sportId: Number(n.sport.id), seasonId: 2, conferenceId: Number(n.conference.id) };
      const teamId = new Map(t.data.teams.nodes.map((x) => [x.abbreviation, x.id]));
      const season = optimizeSchedule(big12MbbProblem(), { iterations: 2_000, seed: 1 });
      games = season.games.map((g) => ({
        homeTeamId: teamId.get(String(BIG12_MBB_TEAMS[g.home].id)) as string,
        awayTeamId: teamId.get(String(BIG12_MBB_TEAMS[g.away].id)) as string,
        date: season.slots[g.slot].date as string,
      }));
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it('a profile with a policy of each template type gets one result per policy, the format among them', async () => {
      const seeded = await stack.db.admin((tx) =>
        rows<{ template_id: number; type: string }>(
          tx,
          sql`select distinct on (validation_logic ->> 'type') template_id, validation_logic ->> 'type' as type
              from constraint_validation.constraint_templates where is_active
              order by validation_logic ->> 'type', template_id`,
        ),
      );
      const legacy = [];
      for (const [name, logic] of LEGACY) legacy.push(await addTemplate(name, logic));
      const templateIds = [...seeded.map((s) => s.template_id), ...legacy];
      const profileId = await profileWith('Every template type', templateIds);
      const [{ n: byuPolicies }] = await stack.db.admin((tx) =>
        rows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from constraint_validation.constraint_enforcement_policies e
              join constraint_validation.constraint_profiles p using (profile_id)
              where p.team_id is not null and p.sport_id = ${ids.sportId} and p.season_id = ${ids.seasonId}`,
        ),
      );

      const r = await stack.gql<{
        validateSchedule: { results: Array<{ template: { id: string } | null; type: string }> };
      }>(VALIDATE, { input: { games, profileId: String(profileId) } });
      const results = r.data.validateSchedule.results;
      expect(results).toHaveLength(templateIds.length + byuPolicies);
      const judged = new Set(results.map((x) => Number(x.template?.id)));
      for (const id of templateIds) expect(judged.has(id), `template ${id} has a result`).toBe(true);
      expect(results.map((x) => x.type)).toEqual(
        expect.arrayContaining(['round_robin_format', 'allowed_days_of_week', 'rematch_separation']),
      );
      expect(seeded.map((s) => s.type)).toContain('round_robin_format');
    });

    it('the seeded Big 12 MBB profile: one result per policy, the 18-game format included', async () => {
      const [{ n }] = await stack.db.admin((tx) =>
        rows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from constraint_validation.constraint_enforcement_policies e
              join constraint_validation.constraint_profiles p using (profile_id)
              where p.sport_id = ${ids.sportId} and p.season_id = ${ids.seasonId}
                and (p.is_default or p.team_id is not null) and e.is_active`,
        ),
      );
      const r = await stack.gql<{
        validateSchedule: { results: Array<{ template: { name: string } | null; type: string }> };
      }>(VALIDATE, { input: { games, sportId: String(ids.sportId), seasonId: '2' } });
      const results = r.data.validateSchedule.results;
      expect(results).toHaveLength(n);
      expect(results.map((x) => x.template?.name)).toContain("Men's basketball: 18-game conference format");
    });

    it('a policy no evaluator understands refuses validation and generation, naming the policy', async () => {
      const unknown = await addTemplate('Broadcast slot lottery', { type: 'broadcast_lottery', params: {} });
      const profileId = await profileWith('Holds an unknown rule', [unknown]);
      const v = await stack.gql(VALIDATE, { input: { games, profileId: String(profileId) } }, { allowErrors: true });
      expect(v.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(v.errors?.[0].message).toMatch(
        /no evaluator understands policy "Broadcast slot lottery" .*broadcast_lottery/,
      );

      const worker = runtime.startWorker();
      try {
        const g = await stack.gql<{ generateSchedule: { id: string } }>(GENERATE, {
          input: {
            name: 'refused',
            sportId: String(ids.sportId),
            seasonId: '2',
            conferenceId: String(ids.conferenceId),
            parameters: { profileId, iterations: 1000 },
          },
        });
        const done = await waitFor(
          async () => {
            const s = await stack.gql<{ generationRequest: { status: string; errorMessage: string | null } }>(REQUEST, {
              id: g.data.generateSchedule.id,
            });
            const req = s.data.generationRequest;
            return ['completed', 'failed', 'cancelled'].includes(req.status) ? req : undefined;
          },
          30_000,
          'the refused request to finish',
        );
        expect(done.status).toBe('failed');
        expect(done.errorMessage).toMatch(/no evaluator understands policy "Broadcast slot lottery"/);
      } finally {
        await worker.close();
      }
    });
  });
}
