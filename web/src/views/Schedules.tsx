// Schedules, filtered by sport, season, conference and status (one request: the filters' choices come with the list).
import { useState } from 'react';
import type { ScheduleStatus } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { useQuery } from '../use-query.ts';
import { ErrorNotice, Loading } from './Status.tsx';

const SchedulesPage = graphql(`
  query SchedulesPage($sportId: ID, $seasonId: ID, $conferenceId: ID, $status: ScheduleStatus) {
    sports {
      id
      name
      code
    }
    seasons {
      id
      name
    }
    conferences {
      id
      name
    }
    schedules(sportId: $sportId, seasonId: $seasonId, conferenceId: $conferenceId, status: $status, limit: 100) {
      total
      nodes {
        id
        name
        status
        gameCount
        updatedAt
        sport {
          code
          name
        }
        season {
          name
        }
        conference {
          name
        }
      }
    }
  }
`);

const STATUSES: ScheduleStatus[] = ['DRAFT', 'GENERATING', 'REVIEW', 'PUBLISHED', 'ARCHIVED'];

export function Schedules({ credential }: { credential: string }) {
  const [sportId, setSportId] = useState('');
  const [seasonId, setSeasonId] = useState('');
  const [conferenceId, setConferenceId] = useState('');
  const [status, setStatus] = useState('');
  const state = useQuery(credential, SchedulesPage, {
    sportId: sportId || null,
    seasonId: seasonId || null,
    conferenceId: conferenceId || null,
    status: (status || null) as ScheduleStatus | null,
  });
  const data = state.status === 'done' ? state.data : null;

  return (
    <main>
      <h1>Schedules</h1>
      <form className="filters" aria-label="Filter schedules" onSubmit={(e) => e.preventDefault()}>
        <label>
          Sport
          <select value={sportId} onChange={(e) => setSportId(e.target.value)}>
            <option value="">All sports</option>
            {data?.sports.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </label>
        <label>
          Season
          <select value={seasonId} onChange={(e) => setSeasonId(e.target.value)}>
            <option value="">All seasons</option>
            {data?.seasons.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Conference
          <select value={conferenceId} onChange={(e) => setConferenceId(e.target.value)}>
            <option value="">All conferences</option>
            {data?.conferences.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
      </form>
      {state.status === 'loading' && <Loading what="schedules" />}
      {state.status === 'error' && <ErrorNotice what="the schedules" error={state.error} />}
      {data && data.schedules.nodes.length === 0 && (
        <p className="empty">
          No schedules match these filters. Change a filter, or generate a schedule through the API.
        </p>
      )}
      {data && data.schedules.nodes.length > 0 && (
        <table className="schedules">
          <caption>
            {data.schedules.total} schedule{data.schedules.total === 1 ? '' : 's'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Sport</th>
              <th scope="col">Season</th>
              <th scope="col">Conference</th>
              <th scope="col">Status</th>
              <th scope="col">Games</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {data.schedules.nodes.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={`#/schedules/${s.id}`}>{s.name}</a>
                </td>
                <td>{s.sport.code}</td>
                <td>{s.season.name}</td>
                <td>{s.conference?.name ?? '—'}</td>
                <td>{s.status.toLowerCase()}</td>
                <td>{s.gameCount}</td>
                <td>{s.updatedAt.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
