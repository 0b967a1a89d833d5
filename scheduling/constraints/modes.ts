/**
 * Which of a team's games a rule counts: its home games, its away games, or either — the `mode` parameters (H, A,
 * HA) of templates and RobinX files. `parseMode` is the one decoder; evaluators ask a mode's `home` / `away` sides.
 */
import { READS_AWAY_OPPONENT, READS_CALENDAR, READS_HOME_AWAY, READS_HOME_OPPONENT, READS_OPPONENT } from './types.ts';

export interface Mode {
  /** Home games count. */
  readonly home: boolean;
  /** Away games count. */
  readonly away: boolean;
}

export const HOME: Mode = Object.freeze({ home: true, away: false });
export const AWAY: Mode = Object.freeze({ home: false, away: true });
export const EITHER: Mode = Object.freeze({ home: true, away: true });

/** H / HOME, A / AWAY / ROAD, HA / AH / ANY / BOTH (any case); anything else is a clear error. */
export function parseMode(v: string): Mode {
  const s = v.trim().toUpperCase();
  if (s === 'H' || s === 'HOME') return HOME;
  if (s === 'A' || s === 'AWAY' || s === 'ROAD') return AWAY;
  if (s === 'HA' || s === 'AH' || s === 'ANY' || s === 'BOTH') return EITHER;
  throw new Error(`invalid mode '${v}' (H, A or HA)`);
}

/** Whether a game's cell value (±opponent+1, never 0) matches a mode. */
export function modeMatch(v: number, mode: Mode): boolean {
  return v > 0 ? mode.home : mode.away;
}

/** The slots (bits) of a home and an away mask whose games match a mode. */
export function modeBits(home: number, away: number, mode: Mode): number {
  return (mode.home ? home : 0) | (mode.away ? away : 0);
}

/** Breaks (bit s: games in s − 1 and s both at home, or both away, per mode) from home/away slot masks. */
export function breakBits(home: number, away: number, mode: Mode): number {
  return (mode.home ? home & (home << 1) : 0) | (mode.away ? away & (away << 1) : 0);
}

/** What counting the games of a mode reads: the calendar, and home/away unless every game counts. */
export function modeReads(mode: Mode): number {
  return mode === EITHER ? READS_CALENDAR : READS_CALENDAR | READS_HOME_AWAY;
}

/** What counting the games of a mode against some opponents reads besides the calendar. */
export function modeOpponentReads(mode: Mode): number {
  if (mode === EITHER) return READS_OPPONENT;
  return READS_HOME_AWAY | (mode.home ? READS_HOME_OPPONENT : READS_AWAY_OPPONENT);
}
