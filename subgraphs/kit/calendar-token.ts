// Calendar feed tokens: the signed part of a calendar subscription's link (the mirror of gateway/auth/calendar-token.ts,
// which verifies them at the door; the format is the contract between the two). Short enough for a URL path segment:
//   <subscription>.<schedule>.<team>.<conference>.<expiry, unix s>.<HMAC-SHA256, base64url>
// keyed by FLEXTIME_INTERNAL_SECRET over a label of its own, so it is never taken for the gateway's statement or a
// service credential (JWTs), nor they for it. The token names the subscription; its row makes it revocable.
import { createHmac } from 'node:crypto';

export const CALENDAR_TOKEN_LABEL = 'flextime-calendar-feed-v1';

export interface CalendarTokenClaims {
  subscriptionId: number;
  scheduleId: number;
  teamId: number;
  conferenceId: number;
  expiresAt: Date;
}

/** Where the gateway serves a feed: the token is the credential, so the URL alone works in a calendar app. */
export const calendarFeedPath = (token: string) => `/api/v2/schedule-generation/calendar-feeds/${token}/calendar.ics`;

export function signCalendarToken(claims: CalendarTokenClaims, key: Uint8Array): string {
  const exp = Math.floor(claims.expiresAt.getTime() / 1000);
  const body = [claims.subscriptionId, claims.scheduleId, claims.teamId, claims.conferenceId, exp].join('.');
  const mac = createHmac('sha256', key).update(`${CALENDAR_TOKEN_LABEL}|${body}`).digest('base64url');
  return `${body}.${mac}`;
}
