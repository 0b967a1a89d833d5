// The audit trail (audit.audit_log, migration 007: append-only, written by the services) and the rule that a row
// belonging to a conference names it: an operator credential (no conference) must say which, through GraphQL and REST.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, type ServiceName } from '../../db/index.ts';
import { userToken } from '../support/auth.ts';
import { DB_KINDS } from '../support/db.ts';
import { graphqlHttp } from '../support/graphql-http.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const SERVICES: ServiceName[] = [
  'team-availability',
  'venue-management',
  'constraint-validation',
  'schedule-generation',
];
const BIG12 = { 'x-conference-id': '1' };

const CREATE = `mutation Create($input: CreateScheduleInput!) { createSchedule(input: $input) { id name } }`;

/** The database's own message under Drizzle's "Failed query" wrapper. */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    const e = error as { message: string; cause?: { message?: string } };
    return `${e.message} / ${e.cause?.message ?? ''}`;
  }
  return 'not refused';
}

interface AuditRow {
  audit_id: number;
  subject: string;
  conference_id: number | null;
  service: string;
  operation_type: string;
  operation_name: string | null;
  variables_sha256: string;
  outcome: string;
  error_code: string | null;
}

for (const kind of DB_KINDS) {
  describe(`audit log and required conference (${kind})`, () => {
    let t: TestStack;
    let sportId: string;
    let seasonId: string;

    const auditRows = () =>
      t.db.admin((tx) => rows<AuditRow>(tx, sql`select * from audit.audit_log order by audit_id`));
    const newRowsDuring = async (work: () => Promise<unknown>) => {
      const before = (await auditRows()).length;
      await work();
      return (await auditRows()).slice(before);
    };

    beforeAll(async () => {
      t = await startTestStack({ kind, defaultMetrics: false });
      const [ids] = await t.db.admin((tx) =>
        rows<{ sport_id: number; season_id: number }>(
          tx,
          sql`select (select sport_id from shared_data.sports order by sport_id limit 1) as sport_id,
                     (select season_id from shared_data.seasons order by season_id limit 1) as season_id`,
        ),
      );
      sportId = String(ids.sport_id);
      seasonId = String(ids.season_id);
    }, 120_000);
    afterAll(() => t?.stop());

    it('audit-append-only: every service role may insert but UPDATE and DELETE are permission denied', async () => {
      await graphqlHttp(t.gatewayUrl, {
        body: { query: CREATE, variables: { input: { name: 'Audit seed', sportId, seasonId } } },
        headers: BIG12,
      });
      expect((await auditRows()).length).toBeGreaterThan(0);
      for (const service of SERVICES) {
        const run = (statement: ReturnType<typeof sql>) => t.db.service(service).run((tx) => tx.execute(statement));
        expect(await refusal(run(sql`update audit.audit_log set outcome = 'ok'`)), service).toMatch(
          /permission denied/,
        );
        expect(await refusal(run(sql`delete from audit.audit_log`)), service).toMatch(/permission denied/);
        expect(await refusal(run(sql`truncate audit.audit_log`)), service).toMatch(/permission denied/);
        expect(await refusal(run(sql`select * from audit.audit_log`)), service).toMatch(/permission denied/);
        await t.db.service(service).run((tx) =>
          tx.execute(sql`insert into audit.audit_log (subject, service, operation_type, variables_sha256, outcome)
                         values ('test', ${service}, 'query', repeat('0', 64), 'ok')`),
        );
      }
      // belt and braces: not even the owner changes a row
      const owner = (statement: ReturnType<typeof sql>) => t.db.admin((tx) => tx.execute(statement));
      expect(await refusal(owner(sql`update audit.audit_log set outcome = 'error'`))).toMatch(/append-only/);
      expect(await refusal(owner(sql`delete from audit.audit_log`))).toMatch(/append-only/);
      expect(await refusal(owner(sql`truncate audit.audit_log`))).toMatch(/append-only/);
    });

    it('a mutation through the gateway leaves exactly one audit row with its outcome, and no variable values', async () => {
      const variables = { input: { name: 'Audited schedule — secret name', sportId, seasonId } };
      const added = await newRowsDuring(async () => {
        const res = await graphqlHttp(t.gatewayUrl, {
          body: { query: CREATE, variables },
          headers: {
            ...BIG12,
            authorization: `Bearer ${await userToken({ conference_id: 1, roles: ['scheduler'] })}`,
          },
        });
        expect(res.body.errors).toBeUndefined();
      });
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({
        conference_id: 1,
        service: 'schedule-generation',
        operation_type: 'mutation',
        subject: 'test-user', // the token's subject, carried in the gateway's signed statement
        outcome: 'ok',
        error_code: null,
      });
      expect(added[0].variables_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(added[0])).not.toContain('secret');

      const failed = await newRowsDuring(() =>
        graphqlHttp(t.gatewayUrl, {
          body: { query: CREATE, variables: { input: { name: ' ', sportId, seasonId } } },
          headers: BIG12,
        }),
      );
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ operation_type: 'mutation', outcome: 'error', error_code: 'BAD_USER_INPUT' });
    });

    it('a cross-conference read (no conference) is recorded; the same read by a conference is not', async () => {
      const query = '{ schedules(limit: 5) { nodes { id } } }';
      const operator = await newRowsDuring(() => graphqlHttp(t.gatewayUrl, { body: { query } }));
      expect(operator).toHaveLength(1);
      expect(operator[0]).toMatchObject({ conference_id: null, operation_type: 'query', outcome: 'ok' });
      const tenant = await newRowsDuring(() => graphqlHttp(t.gatewayUrl, { body: { query }, headers: BIG12 }));
      expect(tenant).toHaveLength(0);
    });

    it('operator-creates-without-conference: GraphQL refuses a schedule or generation request naming none', async () => {
      const res = await graphqlHttp(t.gatewayUrl, {
        body: { query: CREATE, variables: { input: { name: 'No conference', sportId, seasonId } } },
      });
      expect(res.body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argumentName: 'input.conferenceId',
      });
      expect(res.body.errors[0].message).toMatch(/conferenceId.*required/);
      const request = await graphqlHttp(t.gatewayUrl, {
        body: {
          query: 'mutation ($input: CreateGenerationRequestInput!) { createGenerationRequest(input: $input) { id } }',
          variables: { input: { name: 'No conference', sportId } },
        },
      });
      expect(request.body.errors?.[0]?.extensions).toMatchObject({ argumentName: 'input.conferenceId' });
      const named = await graphqlHttp(t.gatewayUrl, {
        body: { query: CREATE, variables: { input: { name: 'Named', sportId, seasonId, conferenceId: '1' } } },
      });
      expect(named.body.errors).toBeUndefined();
      const [row] = await t.db.admin((tx) =>
        rows<{ conference_id: number | null }>(
          tx,
          sql`select conference_id from schedule_generation.schedules where schedule_id = ${Number(named.body.data.createSchedule.id)}`,
        ),
      );
      expect(row.conference_id).toBe(1);
    });

    it('operator-creates-without-conference: REST v1 and v2 answer 400 naming conference_id', async () => {
      const v1 = await t.request('POST', '/api/v1/schedules', {
        body: { name: 'No conference', sport_id: Number(sportId), year: 2025 },
      });
      expect(v1.status).toBe(400);
      expect(v1.body.details?.field).toBe('conference_id');
      const v2 = await t.request('POST', '/api/v2/schedule-generation/requests', {
        body: { request_name: 'No conference', sport_id: Number(sportId) },
      });
      expect([400, 503]).toContain(v2.status); // 503 only when the job queue is down
      if (v2.status === 400) expect(v2.body.details?.field).toBe('conference_id');
    });

    it('the database refuses a new schedule, request, version, game or job without a conference', async () => {
      const insert = t.db.service('schedule-generation').run((tx) =>
        tx.execute(sql`insert into schedule_generation.schedules (name, sport_id, season_id)
                       values ('x', ${Number(sportId)}, ${Number(seasonId)})`),
      );
      expect(await refusal(insert)).toMatch(/schedules_conference_required/);
      const constraints = await t.db.admin((tx) =>
        rows<{ conname: string; convalidated: boolean }>(
          tx,
          sql`select conname, convalidated from pg_constraint where conname like '%_conference_required' order by 1`,
        ),
      );
      expect(constraints.map((c) => c.conname)).toEqual([
        'games_conference_required',
        'schedule_generation_jobs_conference_required',
        'schedule_generation_requests_conference_required',
        'schedule_versions_conference_required',
        'schedules_conference_required',
      ]);
      expect(constraints.every((c) => c.convalidated)).toBe(true);
    });
  });
}
