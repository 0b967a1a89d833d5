// One team in one schedule: its home venue, its games, its travel (road trips, miles), its availability windows and
// blackouts (add, remove: a scheduler), its calendar (ICS) download and subscription links.
import { type FormEvent, useState } from 'react';
import { download, runQuery } from '../api.ts';
import { graphql } from '../gql/index.ts';
import { canSchedule } from '../roles.ts';
import { useQuery } from '../use-query.ts';
import { CalendarLinks } from './CalendarLinks.tsx';
import { ErrorNotice, Loading } from './Status.tsx';
import { TeamTravel } from './TeamTravel.tsx';

const TeamPage = graphql(`
  query TeamPage($teamId: ID!, $scheduleId: ID!) {
    caller {
      roles
    }
    schedule(id: $scheduleId) {
      id
      name
      season {
        id
        name
      }
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
      windows {
        id
        startDate
        endDate
        windowType
        priority
        notes
        season {
          name
        }
      }
      travel(scheduleId: $scheduleId) {
        miles
        trips {
          from
          to
          miles
          hosts {
            id
            name
          }
        }
      }
      blackouts {
        id
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

const AddBlackout = graphql(`
  mutation AddBlackout($input: CreateBlackoutInput!) {
    createBlackout(input: $input) {
      id
    }
  }
`);

const RemoveBlackout = graphql(`
  mutation RemoveBlackout($id: ID!) {
    deleteBlackout(id: $id)
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
  const [blackoutError, setBlackoutError] = useState<string | null>(null);
  if (state.status === 'loading') return <Loading what="the team" />;
  if (state.status === 'error') return <ErrorNotice what="the team" error={state.error} />;
  const { team, schedule } = state.data;
  const writable = canSchedule(state.data.caller);
  if (!team || !schedule) {
    return (
      <p role="alert" className="error">
        {team ? `Schedule ${scheduleId}` : `Team ${teamId}`} does not exist, or your credential may not see it.
      </p>
    );
  }
  async function change(work: Promise<unknown>) {
    try {
      await work;
      setBlackoutError(null);
      state.reload();
    } catch (e) {
      setBlackoutError(`Blackout not saved: ${(e as Error).message}`);
    }
  }
  function addBlackout(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      teamId: team!.id,
      // the schedule's season: evaluations read the blackouts of the season they check
      seasonId: schedule!.season.id,
      startDate: String(form.get('start')),
      endDate: String(form.get('end')),
      severity: String(form.get('severity')) as 'HARD' | 'SOFT',
      reason: String(form.get('reason')) || null,
    };
    change(runQuery(credential, AddBlackout, { input }));
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
        <a href={`#/schedules/${schedule.id}/map?team=${team.id}`}>Travel map</a>
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
      <TeamTravel travel={team.travel} />
      <h2>Availability windows</h2>
      {team.windows.length === 0 ? (
        <p className="empty">No availability windows recorded for {team.name}.</p>
      ) : (
        <table>
          <caption>Windows in which {team.name} can play</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Kind</th>
              <th scope="col">Priority</th>
              <th scope="col">Season</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {team.windows.map((w) => (
              <tr key={w.id}>
                <td>{w.startDate}</td>
                <td>{w.endDate}</td>
                <td>{w.windowType}</td>
                <td>{w.priority}</td>
                <td>{w.season?.name ?? '—'}</td>
                <td>{w.notes ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Blackouts</h2>
      {team.blackouts.length === 0 ? (
        <p className="empty">No active blackouts.</p>
      ) : (
        <ul>
          {team.blackouts.map((b) => (
            <li key={b.id}>
              {b.startDate} → {b.endDate} ({b.severity.toLowerCase()}){b.reason ? `: ${b.reason}` : ''}{' '}
              {writable && (
                <button type="button" onClick={() => change(runQuery(credential, RemoveBlackout, { id: b.id }))}>
                  Remove blackout {b.startDate}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {writable && (
        <>
          <h3>Add a blackout ({schedule.season.name})</h3>
          <form className="filters" aria-label="Add a blackout" onSubmit={addBlackout}>
            <label>
              From
              <input name="start" type="date" required />
            </label>
            <label>
              To
              <input name="end" type="date" required />
            </label>
            <label>
              Severity
              <select name="severity" defaultValue="HARD">
                <option value="HARD">hard</option>
                <option value="SOFT">soft</option>
              </select>
            </label>
            <label>
              Reason
              <input name="reason" maxLength={200} />
            </label>
            <button type="submit">Add blackout</button>
          </form>
        </>
      )}
      {blackoutError && (
        <p role="alert" className="error">
          {blackoutError}
        </p>
      )}
      {writable ? (
        <CalendarLinks credential={credential} scheduleId={schedule.id} teamId={team.id} />
      ) : (
        <p className="hint">
          A calendar link (a subscription that needs no API key) is made by a scheduler; this credential may only read.
        </p>
      )}
    </main>
  );
}
