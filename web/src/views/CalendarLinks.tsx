// "Subscribe to calendar": a scheduler makes a read-only link to this team's games in this schedule that a calendar
// app polls without sending a header (the link's signed token is the credential), sees the links made so far and
// revokes one (its URL answers 401 from then on). The new link is shown once: the server never stores its token.
import { useState } from 'react';
import { runQuery } from '../api.ts';
import { graphql } from '../gql/index.ts';
import { useQuery } from '../use-query.ts';
import { ErrorNotice, Loading } from './Status.tsx';

const CalendarLinksQuery = graphql(`
  query CalendarLinks($scheduleId: ID!, $teamId: ID!) {
    schedule(id: $scheduleId) {
      id
      calendarSubscriptions(teamId: $teamId) {
        id
        createdBy
        createdAt
        expiresAt
        revokedAt
      }
    }
  }
`);

const CreateCalendarLink = graphql(`
  mutation CreateCalendarLink($scheduleId: ID!, $teamId: ID!) {
    createCalendarSubscription(scheduleId: $scheduleId, teamId: $teamId) {
      path
      subscription {
        id
      }
    }
  }
`);

const RevokeCalendarLink = graphql(`
  mutation RevokeCalendarLink($id: ID!) {
    revokeCalendarSubscription(id: $id) {
      id
      revokedAt
    }
  }
`);

const day = (at: string) => at.slice(0, 10);

export function CalendarLinks({
  credential,
  scheduleId,
  teamId,
}: {
  credential: string;
  scheduleId: string;
  teamId: string;
}) {
  const state = useQuery(credential, CalendarLinksQuery, { scheduleId, teamId });
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function act(work: () => Promise<void>, what: string) {
    try {
      await work();
      setError(null);
      state.reload();
    } catch (e) {
      setError(`${what} failed: ${(e as Error).message}`);
    }
  }
  const create = () =>
    act(async () => {
      const r = await runQuery(credential, CreateCalendarLink, { scheduleId, teamId });
      setLink(`${location.origin}${r.createCalendarSubscription.path}`);
    }, 'Creating the calendar link');
  const revoke = (id: string) =>
    act(async () => {
      await runQuery(credential, RevokeCalendarLink, { id });
    }, 'Revoking the calendar link');

  return (
    <section aria-labelledby="subscribe-heading">
      <h2 id="subscribe-heading">Subscribe to calendar</h2>
      <p className="hint">
        A read-only link to this team’s games that a calendar app (Google, Apple, Outlook) can poll without an API key;
        it follows the schedule’s current version, expires after a year, and stops working once revoked.
      </p>
      <button type="button" onClick={create}>
        Create calendar link
      </button>
      {link && (
        <p>
          <label>
            New calendar link (shown once; copy it now){' '}
            <input className="feed-link" readOnly value={link} size={80} data-testid="calendar-link" />
          </label>{' '}
          <a href={link.replace(/^https?:/, 'webcal:')}>Open in calendar app</a>
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {state.status === 'loading' && <Loading what="calendar links" />}
      {state.status === 'error' && <ErrorNotice what="the calendar links" error={state.error} />}
      {state.status === 'done' &&
        (state.data.schedule?.calendarSubscriptions.length ? (
          <table>
            <caption>Calendar links of this team in this schedule</caption>
            <thead>
              <tr>
                <th scope="col">Link</th>
                <th scope="col">Made by</th>
                <th scope="col">Made</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {state.data.schedule.calendarSubscriptions.map((s) => (
                <tr key={s.id} data-subscription-id={s.id}>
                  <td>#{s.id}</td>
                  <td>{s.createdBy ?? '—'}</td>
                  <td>{day(s.createdAt)}</td>
                  <td>{day(s.expiresAt)}</td>
                  <td>
                    {s.revokedAt ? (
                      `revoked ${day(s.revokedAt)}`
                    ) : (
                      <button type="button" onClick={() => revoke(s.id)}>
                        Revoke link #{s.id}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="empty">No calendar link made for this team in this schedule yet.</p>
        ))}
    </section>
  );
}
