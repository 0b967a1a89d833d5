// calendar-feed: a calendar subscription's link works in a calendar app, which sends no header: a scheduler makes the
// link (GraphQL createCalendarSubscription), a bare fetch of it over real HTTP answers the team's iCalendar, parsed back
// with an independent parser (node-ical) and equal to the authenticated export; a tampered, foreign-secret or expired
// token and a revoked subscription answer 401; the token opens nothing but its feed; a viewer may not make links.
import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCalendarToken } from '../../subgraphs/kit/calendar-token.ts';
import { INTERNAL_SECRET } from '../support/auth.ts';
import type { DbKind } from '../support/db.ts';
import { KEYS, REST_SUITE, startTestStack, type TestStack } from '../support/stack.ts';

const SG = '/api/v2/schedule-generation';
const CREATE = `mutation($s: ID!, $t: ID!, $days: Int) {
  createCalendarSubscription(scheduleId: $s, teamId: $t, expiresInDays: $days) {
    path subscription { id expiresAt revokedAt team { id } schedule { id } }
  }
}`;

const events = (text: string) =>
  Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');

const kinds: DbKind[] = ['pglite', ...(process.env.DATABASE_URL ? (['postgres'] as const) : [])];

describe.each(kinds)('calendar subscription links (%s)', (kind) => {
  let stack: TestStack;
  let scheduleId: string;
  let conferenceId: number;
  let teamId: string;

  /** A bare GET, as a calendar app polls: no credential header at all. */
  const poll = (path: string) => fetch(`${stack.baseUrl}${path}`);

  async function subscribe(days?: number) {
    const r = await stack.gql<{
      createCalendarSubscription: { path: string; subscription: { id: string; expiresAt: string } };
    }>(CREATE, { s: scheduleId, t: teamId, days }, { headers: { 'x-api-key': KEYS.big12Scheduler } });
    return r.data.createCalendarSubscription;
  }

  beforeAll(async () => {
    stack = await startTestStack({ ...REST_SUITE, kind, redisPrefix: 'calendar-feed' });
    const caller = await stack.gql<{ caller: { conferenceId: string } }>(
      '{ caller { conferenceId } }',
      {},
      {
        headers: { 'x-api-key': KEYS.big12Scheduler },
      },
    );
    const list = await stack.gql<{ schedules: { nodes: Array<{ id: string; gameCount: number }> } }>(
      'query($c: ID) { schedules(conferenceId: $c, limit: 20) { nodes { id gameCount } } }',
      { c: caller.data.caller.conferenceId },
    );
    const schedule = list.data.schedules.nodes.find((s) => s.gameCount > 0)!;
    scheduleId = schedule.id;
    conferenceId = Number(caller.data.caller.conferenceId);
    const games = await stack.gql<{ schedule: { games: Array<{ home: { id: string } }> } }>(
      'query($id: ID!) { schedule(id: $id) { games { home { id } } } }',
      { id: scheduleId },
    );
    teamId = games.data.schedule.games[0].home.id;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('the link alone (no header) answers the team’s iCalendar, the same events as the authenticated export', async () => {
    const link = await subscribe();
    expect(link.path).toMatch(/^\/api\/v2\/schedule-generation\/calendar-feeds\/[\w.-]+\/calendar\.ics$/);
    const res = await poll(link.path);
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const viaLink = events(text);
    const authed = await stack.request('GET', `${SG}/schedules/${scheduleId}/teams/${teamId}/calendar.ics`);
    expect(authed.status).toBe(200);
    const viaKey = events(authed.text);
    expect(viaLink.length).toBeGreaterThan(0);
    expect(viaLink.map((e) => [e.uid, e.start.toISOString(), e.location])).toEqual(
      viaKey.map((e) => [e.uid, e.start.toISOString(), e.location]),
    );
  });

  it('a tampered token, a token signed with another secret and an expired one answer 401', async () => {
    const link = await subscribe();
    const token = /calendar-feeds\/([^/]+)\//.exec(link.path)![1];
    const [sub, sch, team, conf, exp, mac] = token.split('.');
    const flipped = `${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
    const base = { subscriptionId: Number(sub), scheduleId: Number(sch), teamId: Number(team), conferenceId };
    const later = new Date(Date.now() + 86_400_000);
    const foreign = signCalendarToken(
      { ...base, expiresAt: later },
      new TextEncoder().encode('another-secret-of-32-characters-at-least!'),
    );
    const expired = signCalendarToken(
      { ...base, expiresAt: new Date(Date.now() - 60_000) },
      new TextEncoder().encode(INTERNAL_SECRET),
    );
    const cases: Array<[string, string, string]> = [
      ['another team', [sub, sch, Number(team) + 1, conf, exp, mac].join('.'), 'INVALID_TOKEN'],
      ['later expiry', [sub, sch, team, conf, Number(exp) + 86_400, mac].join('.'), 'INVALID_TOKEN'],
      ['signature changed', [sub, sch, team, conf, exp, flipped].join('.'), 'INVALID_TOKEN'],
      ['no signature', [sub, sch, team, conf, exp].join('.'), 'INVALID_TOKEN'],
      ['foreign secret', foreign, 'INVALID_TOKEN'],
      ['expired', expired, 'TOKEN_EXPIRED'],
    ];
    for (const [what, bad, code] of cases) {
      const res = await poll(`${SG}/calendar-feeds/${bad}/calendar.ics`);
      const body = await res.json();
      expect([what, res.status, body.code]).toEqual([what, 401, code]);
    }
  });

  it('a revoked subscription’s link answers 401, and revoking it again keeps the first moment', async () => {
    const link = await subscribe(30);
    expect((await poll(link.path)).status).toBe(200);
    const REVOKE = 'mutation($id: ID!) { revokeCalendarSubscription(id: $id) { id revokedAt } }';
    const headers = { 'x-api-key': KEYS.big12Scheduler };
    const first = await stack.gql<{ revokeCalendarSubscription: { revokedAt: string } }>(
      REVOKE,
      { id: link.subscription.id },
      { headers },
    );
    expect(first.data.revokeCalendarSubscription.revokedAt).toBeTruthy();
    const res = await poll(link.path);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('CALENDAR_LINK_REVOKED');
    const again = await stack.gql<{ revokeCalendarSubscription: { revokedAt: string } }>(
      REVOKE,
      { id: link.subscription.id },
      { headers },
    );
    expect(again.data.revokeCalendarSubscription.revokedAt).toBe(first.data.revokeCalendarSubscription.revokedAt);
    const listed = await stack.gql<{
      schedule: { calendarSubscriptions: Array<{ id: string; revokedAt: string | null }> };
    }>(
      'query($id: ID!, $t: ID) { schedule(id: $id) { calendarSubscriptions(teamId: $t) { id revokedAt } } }',
      { id: scheduleId, t: teamId },
      { headers },
    );
    expect(listed.data.schedule.calendarSubscriptions.find((s) => s.id === link.subscription.id)?.revokedAt).toBe(
      first.data.revokeCalendarSubscription.revokedAt,
    );
  });

  it('the token opens its feed only: not GraphQL, not another route', async () => {
    const link = await subscribe();
    const token = /calendar-feeds\/([^/]+)\//.exec(link.path)![1];
    const graphql = await fetch(`${stack.gatewayUrl}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ caller { subject } }' }),
    });
    expect(graphql.status).toBe(401);
    const other = await fetch(`${stack.baseUrl}${SG}/schedules/${scheduleId}/teams/${teamId}/calendar.ics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(other.status).toBe(401);
  });

  it('a viewer may not make a link (FORBIDDEN), and out-of-range expiries are refused naming the argument', async () => {
    const asViewer = await stack.gql(
      CREATE,
      { s: scheduleId, t: teamId },
      { allowErrors: true, headers: { 'x-api-key': KEYS.big12Viewer } },
    );
    expect(asViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const days of [0, 731]) {
      const r = await stack.gql(
        CREATE,
        { s: scheduleId, t: teamId, days },
        { allowErrors: true, headers: { 'x-api-key': KEYS.big12Scheduler } },
      );
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message).toMatch(/expiresInDays/);
    }
  });

  it('caller tells a dashboard who it is: roles and conference of the credential', async () => {
    const viewer = await stack.gql<{ caller: { roles: string[]; conferenceId: string | null } }>(
      '{ caller { roles conferenceId } }',
      {},
      { headers: { 'x-api-key': KEYS.big12Viewer } },
    );
    expect(viewer.data.caller.roles).toEqual(['viewer']);
    expect(viewer.data.caller.conferenceId).not.toBeNull();
    const scheduler = await stack.gql<{ caller: { roles: string[] } }>(
      '{ caller { roles } }',
      {},
      {
        headers: { 'x-api-key': KEYS.big12Scheduler },
      },
    );
    expect(scheduler.data.caller.roles).toEqual(['viewer', 'scheduler']);
  });

  it('the feed is in the OpenAPI document, with no credential header required', async () => {
    const doc = await (await fetch(`${stack.baseUrl}/openapi.json`)).json();
    const feed = doc.paths['/api/v2/schedule-generation/calendar-feeds/{token}/calendar.ics']?.get;
    expect(feed?.security).toEqual([]);
    expect(Object.keys(feed?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401']));
  });
});
