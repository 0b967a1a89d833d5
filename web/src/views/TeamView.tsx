// One team in one schedule: its home venue, blackouts and games, and its calendar (ICS) download.
import { useState } from 'react';
import { download } from '../api.ts';
import { graphql } from '../gql/index.ts';
import { useQuery } from '../use-query.ts';
import { ErrorNotice, Loading } from './Status.tsx';

const TeamPage = graphql(`
  query TeamPage($teamId: ID!, $scheduleId: ID!) {
    schedule(id: $scheduleId) {
      id
      name
    }
    team(id: $teamId) {
      id
      name
      abbreviation
      homeVenue {
        name
        city
        state
        timezone
      }
      blackouts {
        startDate
        endDate
        severity
        reason
      }
      games(scheduleId: $scheduleId) {
        id
        date
        startTime
        home {
          id
          name
        }
        away {
          id
          name
        }
        venue {
          name
          city
        }
      }
    }
  }
`);

export function calendarPath(scheduleId: string, teamId: string): string {
  return `/api/v2/schedule-generation/schedules/${scheduleId}/teams/${teamId}/calendar.ics`;
}

export function TeamView({
  credential,
  scheduleId,
  teamId,
}: {
  credential: string;
  scheduleId: string;
  teamId: string;
}) {
  const state = useQuery(credential, TeamPage, { teamId, scheduleId });
  const [downloadError, setDownloadError] = useState<string | null>(null);
  if (state.status === 'loading') return <Loading what="the team" />;
  if (state.status === 'error') return <ErrorNotice what="the team" error={state.error} />;
  const { team, schedule } = state.data;
  if (!team || !schedule) {
    return (
      <p role="alert" className="error">
        {team ? `Schedule ${scheduleId}` : `Team ${teamId}`} does not exist, or your credential may not see it.
      </p>
    );
  }
  const ics = () =>
    download(credential, calendarPath(schedule.id, team.id), `${team.abbreviation}-schedule-${schedule.id}.ics`)
      .then(() => setDownloadError(null))
      .catch((e: Error) => setDownloadError(`Calendar download failed: ${e.message}`));

  return (
    <main>
      <p>
        <a href={`#/schedules/${schedule.id}`}>← {schedule.name}</a>
      </p>
      <h1>{team.name}</h1>
      <p className="summary">
        Home venue:{' '}
        {team.homeVenue
          ? `${team.homeVenue.name}, ${team.homeVenue.city ?? ''} ${team.homeVenue.state ?? ''} (${team.homeVenue.timezone ?? 'no time zone'})`
          : 'none configured'}
      </p>
      <p>
        <button type="button" onClick={ics}>
          Download calendar (ICS)
        </button>{' '}
        <span className="hint">
          Feed URL for calendar apps that send an API key: <code>{calendarPath(schedule.id, team.id)}</code>
        </span>
      </p>
      {downloadError && (
        <p role="alert" className="error">
          {downloadError}
        </p>
      )}
      <h2>Games</h2>
      {team.games.length === 0 ? (
        <p className="empty">{team.name} plays no game in this schedule.</p>
      ) : (
        <table>
          <caption>
            {team.games.length} games in {schedule.name}
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Time</th>
              <th scope="col">Home/away</th>
              <th scope="col">Opponent</th>
              <th scope="col">Venue</th>
            </tr>
          </thead>
          <tbody>
            {team.games.map((g) => {
              const home = g.home.id === team.id;
              return (
                <tr key={g.id} data-game-id={g.id}>
                  <td>{g.date}</td>
                  <td>{g.startTime?.slice(0, 5) ?? '—'}</td>
                  <td>{home ? 'home' : 'away'}</td>
                  <td>{home ? g.away.name : g.home.name}</td>
                  <td>{g.venue ? `${g.venue.name}${g.venue.city ? `, ${g.venue.city}` : ''}` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2>Blackouts</h2>
      {team.blackouts.length === 0 ? (
        <p className="empty">No active blackouts.</p>
      ) : (
        <ul>
          {team.blackouts.map((b) => (
            <li key={`${b.startDate}-${b.endDate}-${b.reason}`}>
              {b.startDate} → {b.endDate} ({b.severity.toLowerCase()}){b.reason ? `: ${b.reason}` : ''}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
