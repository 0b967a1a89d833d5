// The door for calendar apps: a calendar subscription's link carries a token (signed by schedule-generation, see
// subgraphs/kit/calendar-token.ts; the format is the contract between the two) instead of a header:
//   <subscription>.<schedule>.<team>.<conference>.<expiry, unix s>.<HMAC-SHA256, base64url>
// Valid only on the feed path, it yields a read-only principal for that one subscription; the feed route then asks
// the subscription's row whether it was revoked. authenticate.ts turns a failure into a 401.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal.ts';

const CALENDAR_TOKEN_LABEL = 'flextime-calendar-feed-v1';
const TOKEN = /^([1-9]\d{0,9})\.([1-9]\d{0,9})\.([1-9]\d{0,9})\.([1-9]\d{0,9})\.([1-9]\d{0,11})\.([\w-]{43})$/;

/** GET /api/v2/schedule-generation/calendar-feeds/<token>/calendar.ics: the one path a feed token opens. */
export const CALENDAR_FEED_PATH = /^\/api\/v2\/schedule-generation\/calendar-feeds\/([\w.-]+)\/calendar\.ics$/;

export class CalendarTokenError extends Error {
  constructor(
    message: string,
    readonly code: 'INVALID_TOKEN' | 'TOKEN_EXPIRED',
  ) {
    super(message);
  }
}

/** The feed's principal; throws CalendarTokenError when the token is malformed, tampered with or expired. */
export function verifyCalendarToken(token: string, key: Uint8Array, now = Date.now()): Principal {
  const m = TOKEN.exec(token);
  if (!m) throw new CalendarTokenError('This calendar link is not valid', 'INVALID_TOKEN');
  const body = token.slice(0, token.lastIndexOf('.'));
  const expected = createHmac('sha256', key).update(`${CALENDAR_TOKEN_LABEL}|${body}`).digest();
  const given = Buffer.from(m[6], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new CalendarTokenError('This calendar link is not valid', 'INVALID_TOKEN');
  const [subscriptionId, scheduleId, teamId, conferenceId, exp] = m.slice(1, 6).map(Number);
  if (exp * 1000 <= now)
    throw new CalendarTokenError('This calendar link has expired: ask for a new one', 'TOKEN_EXPIRED');
  return {
    kind: 'calendar',
    subject: `calendar:${subscriptionId}`,
    conferenceId,
    roles: ['viewer'],
    extraScopes: [],
    scopes: null,
    calendarFeed: { subscriptionId, scheduleId, teamId },
  };
}
