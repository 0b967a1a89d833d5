// schedule-exports: a team's iCalendar feed and a schedule's CSV over REST v2, read back with independent parsers
// (node-ical, csv-parse) and compared with the games the GraphQL API answers: one event per game of the team, the
// instant computed here from the stored wall-clock time and the venue's zone (Intl, not the exporter's luxon), the
// zone named on DTSTART with its VTIMEZONE, the venue as LOCATION, UIDs stable across exports; one CSV row per game.
import { parse as parseCsv } from 'csv-parse/sync';
import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, type DbKind } from '../support/db.ts';
import { REST_SUITE, startTestStack, type TestStack } from '../support/stack.ts';

const SG = '/api/v2/schedule-generation';

interface Game {
  id: string;
  date: string;
  startTime: string | null;
  home: { id: string; name: string };
  away: { id: string; name: string };
  venue: { name: string; timezone: string | null } | null;
}

/** The UTC instant at which the wall clock in `zone` reads `date time` (Intl offsets, searched to the minute). */
function instantIn(zone: string, date: string, time: string): number {
  const wall = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
  const offsetAt = (t: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(new Date(t))
        .map((p) => [p.type, p.value]),
    );
    const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
    return asUtc - t;
  };
  const guess = wall - offsetAt(wall);
  return wall - offsetAt(guess);
}

const kinds: readonly DbKind[] = DB_KINDS;

describe.each(kinds)('schedule exports (%s)', (kind) => {
  let stack: TestStack;
  let scheduleId: string;
  let games: Game[];

  beforeAll(async () => {
    stack = await startTestStack({ ...REST_SUITE, kind });
    const list = await stack.gql<{ schedules: { nodes: Array<{ id: string; gameCount: number }> } }>(
      '{ schedules(limit: 10) { nodes { id gameCount } } }',
    );
    scheduleId = list.data.schedules.nodes.find((s) => s.gameCount > 0)!.id;
    const r = await stack.gql<{ schedule: { games: Game[] } }>(
      `query($id: ID!) { schedule(id: $id) { games {
        id date startTime home { id name } away { id name } venue { name timezone } } } }`,
      { id: scheduleId },
    );
    games = r.data.schedule.games;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('a team calendar holds one event per game of the team, at the venue, at the right instant in its zone', async () => {
    const team = games[0].home;
    const teamGames = games.filter((g) => g.home.id === team.id || g.away.id === team.id);
    const res = await stack.request('GET', `${SG}/schedules/${scheduleId}/teams/${team.id}/calendar.ics`);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(res.text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const parsed = ical.sync.parseICS(res.text);
    const events = Object.values(parsed).filter((c): c is VEvent => c?.type === 'VEVENT');
    expect(events).toHaveLength(teamGames.length);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    const zones = new Set(teamGames.map((g) => g.venue?.timezone).filter(Boolean));
    expect(zones.size).toBeGreaterThan(0);
    for (const zone of zones) expect(res.text).toContain(`BEGIN:VTIMEZONE\r\nTZID:${zone}`);

    for (const game of teamGames) {
      const event = events.find(
        (e) => String(e.summary) === `${game.away.name} at ${game.home.name}` && sameDay(e, game),
      );
      expect(event, `event for game ${game.id}`).toBeDefined();
      if (game.venue) expect(String(event!.location)).toContain(game.venue.name);
      if (game.startTime && game.venue?.timezone) {
        expect(event!.start!.tz).toBe(game.venue.timezone);
        expect(event!.start!.getTime()).toBe(instantIn(game.venue.timezone, game.date, game.startTime));
        expect(event!.end!.getTime() - event!.start!.getTime()).toBe(2 * 3600_000);
      }
    }

    const again = await stack.request('GET', `${SG}/schedules/${scheduleId}/teams/${team.id}/calendar.ics`);
    const uidsAgain = Object.values(ical.sync.parseICS(again.text))
      .filter((c): c is VEvent => c?.type === 'VEVENT')
      .map((e) => e.uid);
    expect(uidsAgain.sort()).toEqual(events.map((e) => e.uid).sort());
  });

  it('a team that plays no game of the schedule is a 404, and no credential a 401', async () => {
    const missing = await stack.request('GET', `${SG}/schedules/${scheduleId}/teams/999999/calendar.ics`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBeTypeOf('string');
    const anonymous = await stack.request('GET', `${SG}/schedules/${scheduleId}/games.csv`, { key: null });
    expect(anonymous.status).toBe(401);
    const unknown = await stack.request('GET', `${SG}/schedules/999999/games.csv`);
    expect(unknown.status).toBe(404);
  });

  it('the CSV holds one row per game of the schedule with its teams, date and venue', async () => {
    const res = await stack.request('GET', `${SG}/schedules/${scheduleId}/games.csv`);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(res.text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(games.length);
    for (const game of games) {
      const row = rows.find((r) => r.game_id === game.id)!;
      expect(row).toBeDefined();
      expect([row.date, row.home_team, row.away_team]).toEqual([game.date, game.home.name, game.away.name]);
      expect(row.venue).toBe(game.venue?.name ?? '');
    }
  });

  it('the OpenAPI document describes both exports with their media types', async () => {
    const doc = (await stack.request('GET', '/openapi.json')).body;
    const ics = doc.paths['/api/v2/schedule-generation/schedules/{id}/teams/{teamId}/calendar.ics'].get;
    expect(Object.keys(ics.responses['200'].content)).toEqual(['text/calendar']);
    const csv = doc.paths['/api/v2/schedule-generation/schedules/{id}/games.csv'].get;
    expect(Object.keys(csv.responses['200'].content)).toEqual(['text/csv']);
  });
});

function sameDay(event: VEvent, game: Game): boolean {
  if (!game.startTime || !game.venue?.timezone) return event.start.toISOString().slice(0, 10) === game.date;
  return instantIn(game.venue.timezone, game.date, game.startTime) === event.start.getTime();
}
