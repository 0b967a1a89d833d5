/**
 * Big 12 / FlexTime rules about the dates a team plays on: blackout dates, venue unavailability, rest days, allowed
 * days of week, games per week and Saturday pairing.
 */
import type { Game, Grid } from '../model.ts';
import { dayOfWeek, parseDayOfWeek, resolveTeam } from '../model.ts';
import type { EvaluatorFactory, EvaluatorFamily, FactoryResult } from './family.ts';
import { EITHER, HOME, modeMatch, modeReads, parseMode } from './modes.ts';
import { type DayRange, entryRanges, parseList, teamMask } from './params.ts';
import { READS_CALENDAR, READS_HOME_AWAY, type Reporter, type TeamEvaluator } from './types.ts';
import { gameAt, teamName } from './violations.ts';

/** A scan of a team's slots from..to in which each slot is judged alone; its violations reported when `rep` is given. */
type SlotScan = (g: Grid, t: number, from: number, to: number, rep?: Reporter) => number;

/** The whole-row and slot-local forms of a slot scan (each slot judged alone: the local form reaches no further). */
function perSlot(scan: SlotScan): Pick<TeamEvaluator, 'team' | 'local' | 'reach'> {
  return {
    team: (g, t, rep) => scan(g, t, 0, g.slots - 1, rep),
    local: (g, t, lo, hi) => scan(g, t, lo, hi),
    reach: 0,
  };
}

/** A rule that reads only the teams' calendars (slots played, their dates): moves that keep every calendar skip it. */
function calendarRule(teams: Uint8Array, team: TeamEvaluator['team']): FactoryResult<TeamEvaluator> {
  return { kind: 'team', calendarOnly: true, reads: READS_CALENDAR, teams, team };
}

/** Team blackout dates: no game (mode any), no home game or no away game on given dates. */
const blackoutDates: EvaluatorFactory = (p, ctx) => {
  const perTeam: DayRange[][] = Array.from({ length: ctx.n }, () => []);
  const entries = Array.isArray(p.raw.blackouts) ? (p.raw.blackouts as Record<string, unknown>[]) : [p.raw];
  // `severities`: only blackouts of these severities (hard/soft/preference) count, e.g. the hard ones
  const severities = Array.isArray(p.raw.severities) ? (p.raw.severities as unknown[]).map(String) : null;
  for (const e of entries) {
    if (severities && e.severity !== undefined && !severities.includes(String(e.severity))) continue;
    const mode = parseMode(String(e.mode ?? 'HA'));
    const refs = parseList(e.team ?? e.teams);
    if (!refs) throw new Error(`constraint ${p.type}: each blackout needs a team`);
    const ranges = entryRanges(e, mode);
    for (const r of refs) perTeam[resolveTeam(ctx.teams, r)].push(...ranges);
  }
  const teams = Uint8Array.from(perTeam, (r) => (r.length > 0 ? 1 : 0));
  const calendarOnly = perTeam.every((rs) => rs.every((r) => r.mode === EITHER));
  const scan = (g: Grid, t: number, from: number, to: number, rep?: Reporter) => {
    const ranges = perTeam[t];
    const S = g.slots;
    let pen = 0;
    for (let s = from; s <= to; s++) {
      const v = g.cell[t * S + s];
      if (v === 0) continue;
      const d = g.day[s];
      for (const r of ranges) {
        if (d >= r.from && d <= r.to && modeMatch(v, r.mode)) {
          pen++;
          rep?.(
            `${teamName(ctx, t)} plays ${v > 0 ? 'at home ' : v < 0 ? 'away ' : ''}on a blackout date`,
            [gameAt(g, t, s)],
            [t],
          );
          break;
        }
      }
    }
    return pen;
  };
  return {
    kind: 'team',
    calendarOnly,
    reads: calendarOnly ? READS_CALENDAR : READS_CALENDAR | READS_HOME_AWAY,
    teams,
    ...perSlot(scan),
  };
};

/** Venue unavailability: no home game at a venue during its unavailable periods. */
const venueUnavailability: EvaluatorFactory = (p, ctx) => {
  const perTeam: DayRange[][] = Array.from({ length: ctx.n }, () => []);
  const entries = Array.isArray(p.raw.periods) ? (p.raw.periods as Record<string, unknown>[]) : [p.raw];
  for (const e of entries) {
    const venue = e.venue ?? e.venue_id ?? e.venueId;
    const team = e.team;
    if (venue === undefined && team === undefined) throw new Error(`constraint ${p.type}: each period needs a venue`);
    const ranges = entryRanges(e, HOME);
    let matched = false;
    ctx.teams.forEach((tm, i) => {
      const home = tm.venue ?? tm.id;
      if (
        (venue !== undefined && String(home) === String(venue)) ||
        (team !== undefined && i === resolveTeam(ctx.teams, team as string))
      ) {
        perTeam[i].push(...ranges);
        matched = true;
      }
    });
    if (!matched) throw new Error(`constraint ${p.type}: unknown venue '${String(venue ?? team)}'`);
  }
  const teams = Uint8Array.from(perTeam, (r) => (r.length > 0 ? 1 : 0));
  const scan = (g: Grid, t: number, from: number, to: number, rep?: Reporter) => {
    const ranges = perTeam[t];
    const S = g.slots;
    let pen = 0;
    for (let s = from; s <= to; s++) {
      if (g.cell[t * S + s] <= 0) continue;
      const d = g.day[s];
      for (const r of ranges) {
        if (d >= r.from && d <= r.to) {
          pen++;
          rep?.(`home venue of ${teamName(ctx, t)} is unavailable`, [gameAt(g, t, s)], [t]);
          break;
        }
      }
    }
    return pen;
  };
  return {
    kind: 'team',
    teams,
    reads: READS_CALENDAR | READS_HOME_AWAY,
    ...perSlot(scan),
  };
};

/** Rest days: at least `minDays` full days without a game between two games of a team. */
const restDays: EvaluatorFactory = (p, ctx) => {
  const minDays = p.num('minDays', p.num('min_days', p.num('min', 1)));
  const teams = teamMask(p, ctx);
  return calendarRule(teams, (g, t, rep) => {
    const S = g.slots;
    let pen = 0;
    let prev = -1;
    for (let s = 0; s < S; s++) {
      if (g.cell[t * S + s] === 0) continue;
      if (prev >= 0) {
        const rest = g.day[s] - g.day[prev] - 1;
        if (rest < minDays) {
          pen += minDays - rest;
          rep?.(
            `${teamName(ctx, t)} has ${rest} rest days between games (min ${minDays})`,
            [gameAt(g, t, prev), gameAt(g, t, s)],
            [t],
          );
        }
      }
      prev = s;
    }
    return pen;
  });
};

/** Allowed days of week (e.g. BYU: no Sunday): `days` allowed, or `forbiddenDays`; optional mode H/A/HA. */
const allowedDaysOfWeek: EvaluatorFactory = (p, ctx) => {
  let allowed = 0x7f;
  const days = p.list('days') ?? p.list('allowed_days') ?? p.list('allowedDays');
  if (days) allowed = days.reduce<number>((m, d) => m | (1 << parseDayOfWeek(d)), 0);
  const forbidden = p.list('forbiddenDays') ?? p.list('forbidden_days');
  if (forbidden) for (const d of forbidden) allowed &= ~(1 << parseDayOfWeek(d));
  if (!days && !forbidden) throw new Error(`constraint ${p.type}: parameter 'days' or 'forbiddenDays' is required`);
  const mode = parseMode(p.str('mode', 'HA'));
  const teams = teamMask(p, ctx);
  const scan = (g: Grid, t: number, from: number, to: number, rep?: Reporter) => {
    const S = g.slots;
    let pen = 0;
    for (let s = from; s <= to; s++) {
      const v = g.cell[t * S + s];
      if (v === 0 || !modeMatch(v, mode)) continue;
      const dow = dayOfWeek(g.day[s]);
      if ((allowed & (1 << dow)) === 0) {
        pen++;
        rep?.(`${teamName(ctx, t)} plays on a disallowed day of week`, [gameAt(g, t, s)], [t]);
      }
    }
    return pen;
  };
  return {
    kind: 'team',
    calendarOnly: mode === EITHER,
    reads: modeReads(mode),
    teams,
    ...perSlot(scan),
  };
};

/** Games per week (weeks start on `weekStartsOn`, default Monday): at most `max`. Slots are in date order. */
const gamesPerWeek: EvaluatorFactory = (p, ctx) => {
  const max = p.num('max');
  const start = parseDayOfWeek(p.raw.weekStartsOn === undefined ? 1 : (p.raw.weekStartsOn as number));
  const teams = teamMask(p, ctx);
  const weekOf = (day: number) => Math.floor((day + 4 - start + 7 * 1000) / 7); // day 0 (1970-01-01) was a Thursday
  return calendarRule(teams, (g, t, rep) => {
    const S = g.slots;
    let pen = 0;
    let week = Number.NaN;
    let count = 0;
    let first = 0;
    for (let s = 0; s <= S; s++) {
      if (s < S && g.cell[t * S + s] === 0) continue;
      const w = s < S ? weekOf(g.day[s]) : Number.NaN;
      if (w === week) {
        count++;
        if (count > max) pen++;
        continue;
      }
      if (rep && count > max) {
        const games: Game[] = [];
        for (let k = first; k < s; k++) if (g.cell[t * S + k] !== 0) games.push(gameAt(g, t, k));
        rep(`${teamName(ctx, t)} plays ${count} games in one week (max ${max})`, games, [t]);
      }
      week = w;
      count = 1;
      first = s;
    }
    return pen;
  });
};

/**
 * Saturday pairing: a team's game that follows a Saturday game within `withinDays` (default 4) must be on a
 * paired day (default Monday or Tuesday); and no forbidden run of three games (default Saturday–Monday–Wednesday)
 * within `spanDays` (default 5).
 */
const saturdayPairing: EvaluatorFactory = (p, ctx) => {
  const sat = parseDayOfWeek((p.raw.saturday as number | string | undefined) ?? 6);
  const paired = (p.list('pairedDays') ?? p.list('paired_days') ?? [1, 2]).reduce<number>(
    (m, d) => m | (1 << parseDayOfWeek(d)),
    0,
  );
  const within = p.num('withinDays', 4);
  const seqRaw = p.raw.forbiddenSequence ?? p.raw.forbidden_sequence ?? [6, 1, 3];
  const seq = (parseList(seqRaw) ?? []).map((d) => parseDayOfWeek(d));
  const span = p.num('spanDays', 5);
  const teams = teamMask(p, ctx);
  return calendarRule(teams, (g, t, rep) => {
    const S = g.slots;
    let pen = 0;
    let p1 = -1; // previous game slot
    let p2 = -1; // the one before
    for (let s = 0; s < S; s++) {
      if (g.cell[t * S + s] === 0) continue;
      const dow = dayOfWeek(g.day[s]);
      if (p1 >= 0 && dayOfWeek(g.day[p1]) === sat && g.day[s] - g.day[p1] <= within && (paired & (1 << dow)) === 0) {
        pen++;
        rep?.(
          `${teamName(ctx, t)}: Saturday game not paired with an allowed day`,
          [gameAt(g, t, p1), gameAt(g, t, s)],
          [t],
        );
      }
      if (
        seq.length === 3 &&
        p2 >= 0 &&
        dayOfWeek(g.day[p2]) === seq[0] &&
        dayOfWeek(g.day[p1]) === seq[1] &&
        dow === seq[2] &&
        g.day[s] - g.day[p2] <= span
      ) {
        pen++;
        rep?.(
          `${teamName(ctx, t)}: forbidden game-day sequence`,
          [gameAt(g, t, p2), gameAt(g, t, p1), gameAt(g, t, s)],
          [t],
        );
      }
      p2 = p1;
      p1 = s;
    }
    return pen;
  });
};

export const BIG12_CALENDAR_EVALUATORS: EvaluatorFamily = {
  blackout_dates: blackoutDates,
  venue_unavailability: venueUnavailability,
  rest_days: restDays,
  allowed_days_of_week: allowedDaysOfWeek,
  games_per_week: gamesPerWeek,
  saturday_pairing: saturdayPairing,
};
