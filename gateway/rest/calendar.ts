// Schedule exports: an iCalendar (RFC 5545) feed of one team's games and a CSV of every game of a schedule version.
// Pure functions of the games a GraphQL operation returned (the routes live in v2/exports.ts).
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { stringify } from 'csv-stringify/sync';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';

export interface ExportTeam {
  id: string;
  name: string;
}

export interface ExportGame {
  id: string;
  versionId: string | null;
  date: string;
  startTime: string | null;
  slot: number | null;
  gameType: string;
  status: string;
  isNeutralSite: boolean;
  broadcastNetwork: string | null;
  home: ExportTeam;
  away: ExportTeam;
  venue: {
    id: string;
    name: string;
    address: string | null;
    city: string | null;
    state: string | null;
    timezone: string | null;
  } | null;
}

export interface ExportSchedule {
  id: string;
  name: string;
  sport: { code: string };
  season: { name: string };
  games: ExportGame[];
}

/** How long a game is blocked in a calendar: the schedule stores a start, not an end. */
export const GAME_DURATION_HOURS = 2;

/**
 * UIDs stay the same across versions and re-exports of a schedule, so a subscribed calendar moves an event when a
 * game moves instead of adding a second one: schedule, home team, away team and which meeting of that pair at that
 * home it is (by date).
 */
export function gameUids(scheduleId: string, games: ExportGame[]): Map<string, string> {
  const meetings = new Map<string, number>();
  const uids = new Map<string, string>();
  for (const game of [...games].sort((a, b) => a.date.localeCompare(b.date) || (a.slot ?? 0) - (b.slot ?? 0))) {
    const pair = `${game.home.id}-${game.away.id}`;
    const n = (meetings.get(pair) ?? 0) + 1;
    meetings.set(pair, n);
    uids.set(game.id, `flextime-schedule-${scheduleId}-game-${pair}-${n}@flextime`);
  }
  return uids;
}

export function location(venue: ExportGame['venue']): string | null {
  if (!venue) return null;
  return [venue.name, venue.address, venue.city, venue.state].filter(Boolean).join(', ');
}

function summary(game: ExportGame): string {
  return game.isNeutralSite ? `${game.away.name} vs ${game.home.name}` : `${game.away.name} at ${game.home.name}`;
}

/** One team's games as an iCalendar feed; times in the venue's zone (VTIMEZONE included), all-day without a time. */
export function teamCalendar(schedule: ExportSchedule, team: ExportTeam, games: ExportGame[]): string {
  const uids = gameUids(schedule.id, schedule.games);
  const zones = games.map((g) => g.venue?.timezone).filter((z): z is string => !!z && validZone(z));
  const calendar = ical({
    name: `${team.name} — ${schedule.name}`,
    prodId: { company: 'FlexTime', product: 'schedule-export', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    timezone: zones.length ? { name: zones[0], generator: getVtimezoneComponent } : undefined,
  });
  for (const game of games) {
    const zone = game.venue?.timezone && validZone(game.venue.timezone) ? game.venue.timezone : null;
    const event = {
      id: uids.get(game.id)!,
      summary: summary(game),
      location: location(game.venue),
      description: [schedule.name, game.gameType, game.broadcastNetwork ? `TV: ${game.broadcastNetwork}` : null]
        .filter(Boolean)
        .join(' · '),
    };
    if (!game.startTime) {
      calendar.createEvent({ ...event, start: DateTime.fromISO(game.date, { zone: 'utc' }), allDay: true });
      continue;
    }
    const start = DateTime.fromISO(`${game.date}T${game.startTime}`, { zone: zone ?? 'utc' });
    const end = start.plus({ hours: GAME_DURATION_HOURS });
    // Without a known zone the time is floating: the wall-clock time the schedule stores, wherever the reader is.
    calendar.createEvent(zone ? { ...event, start, end, timezone: zone } : { ...event, start, end, floating: true });
  }
  return calendar.toString();
}

function validZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

export const CSV_COLUMNS = [
  'game_id',
  'version_id',
  'date',
  'start_time',
  'time_zone',
  'home_team_id',
  'home_team',
  'away_team_id',
  'away_team',
  'venue_id',
  'venue',
  'location',
  'neutral_site',
  'game_type',
  'status',
  'broadcast',
] as const;

/** One row per game, the header row first. */
export function scheduleCsv(games: ExportGame[]): string {
  const rows = games.map((g) => [
    g.id,
    g.versionId,
    g.date,
    g.startTime,
    g.venue?.timezone ?? null,
    g.home.id,
    g.home.name,
    g.away.id,
    g.away.name,
    g.venue?.id ?? null,
    g.venue?.name ?? null,
    location(g.venue),
    g.isNeutralSite,
    g.gameType,
    g.status,
    g.broadcastNetwork,
  ]);
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], cast: { boolean: (b) => (b ? 'true' : 'false') } });
}
