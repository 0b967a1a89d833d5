// Schedules, filtered by sport, season, conference and status (one request: the filters' choices and the caller's
// roles come with the list); a scheduler creates, renames and deletes them here, a viewer sees no write controls.
import { type FormEvent, useState } from 'react';
import { runQuery } from '../api.ts';
import type { ScheduleStatus } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { canSchedule } from '../roles.ts';
import { useQuery } from '../use-query.ts';
import { ScheduleRow } from './ScheduleRow.tsx';
import { ErrorNotice, Loading } from './Status.tsx';
import './views.css';

const SchedulesPage = graphql(`
  query SchedulesPage($sportId: ID, $seasonId: ID, $conferenceId: ID, $status: ScheduleStatus) {
    caller {
      roles
      conferenceId
    }
    sports {
      id
      name
      code
    }
    seasons {
      id
      name
      isCurrent
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

const CreateSchedule = graphql(`
  mutation CreateSchedule($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      id
      name
    }
  }
`);

const sportOptions = (sports: Array<{ id: string; name: string; code: string }>) =>
  sports.map((s) => (
    <option key={s.id} value={s.id}>
      {s.name} ({s.code})
    </option>
  ));
const namedOptions = (items: Array<{ id: string; name: string }>) =>
  items.map((i) => (
    <option key={i.id} value={i.id}>
      {i.name}
    </option>
  ));

const STATUSES: ScheduleStatus[] = ['DRAFT', 'GENERATING', 'REVIEW', 'PUBLISHED', 'ARCHIVED'];

export function Schedules({ credential }: { credential: string }) {
  const [sportId, setSportId] = useState('');
  const [seasonId, setSeasonId] = useState('');
  const [conferenceId, setConferenceId] = useState('');
  const [status, setStatus] = useState('');
  // the form is rendered only while open: its labels (Sport, Season…) would otherwise shadow the filters'
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<{ error: boolean; text: string } | null>(null);
  const state = useQuery(credential, SchedulesPage, {
    sportId: sportId || null,
    seasonId: seasonId || null,
    conferenceId: conferenceId || null,
    status: (status || null) as ScheduleStatus | null,
  });
  const data = state.status === 'done' ? state.data : null;
  const writable = canSchedule(data?.caller);

  /** Runs a write, then reloads the list; the server's refusal (role, validation) is shown as it said it. */
  async function write(work: Promise<unknown>, done: string): Promise<boolean> {
    try {
      await work;
      setNotice({ error: false, text: done });
      state.reload();
      return true;
    } catch (e) {
      setNotice({ error: true, text: (e as Error).message });
      return false;
    }
  }

  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get('name'));
    const input = {
      name,
      sportId: String(form.get('sport')),
      seasonId: String(form.get('season')),
      conferenceId: String(form.get('conference')) || null,
    };
    write(runQuery(credential, CreateSchedule, { input }), `Created “${name}”.`).then((ok) => {
      if (ok) {
        formElement.reset();
        setCreating(false);
      }
    });
  }

  return (
    <main>
      <h1>Schedules</h1>
      <form className="filters" aria-label="Filter schedules" onSubmit={(e) => e.preventDefault()}>
        <label>
          Sport
          <select value={sportId} onChange={(e) => setSportId(e.target.value)}>
            <option value="">All sports</option>
            {data && sportOptions(data.sports)}
          </select>
        </label>
        <label>
          Season
          <select value={seasonId} onChange={(e) => setSeasonId(e.target.value)}>
            <option value="">All seasons</option>
            {data && namedOptions(data.seasons)}
          </select>
        </label>
        <label>
          Conference
          <select value={conferenceId} onChange={(e) => setConferenceId(e.target.value)}>
            <option value="">All conferences</option>
            {data && namedOptions(data.conferences)}
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
      {data && writable && !creating && (
        <p>
          <button type="button" onClick={() => setCreating(true)}>
            New schedule
          </button>
        </p>
      )}
      {data && writable && creating && (
        <section className="create" aria-label="New schedule">
          <form className="filters" aria-label="New schedule" onSubmit={create}>
            <label>
              Name
              <input name="name" required maxLength={200} />
            </label>
            <label>
              Sport
              <select name="sport" required>
                {sportOptions(data.sports)}
              </select>
            </label>
            <label>
              Season
              <select name="season" required defaultValue={data.seasons.find((s) => s.isCurrent)?.id}>
                {namedOptions(data.seasons)}
              </select>
            </label>
            <label>
              Conference
              <select name="conference" defaultValue={data.caller.conferenceId ?? ''}>
                {data.caller.conferenceId === null && <option value="">Choose…</option>}
                {namedOptions(data.conferences)}
              </select>
            </label>
            <button type="submit">Create schedule</button>
            <button type="button" onClick={() => setCreating(false)}>
              Cancel
            </button>
          </form>
        </section>
      )}
      {notice && (
        <p role={notice.error ? 'alert' : 'status'} className={notice.error ? 'error' : 'notice'}>
          {notice.error ? `Not saved: ${notice.text}` : notice.text}
        </p>
      )}
      {state.status === 'loading' && <Loading what="schedules" />}
      {state.status === 'error' && <ErrorNotice what="the schedules" error={state.error} />}
      {data && data.schedules.nodes.length === 0 && (
        <p className="empty">
          No schedules match these filters. Change a filter, {writable ? 'create one above, ' : ''}or{' '}
          <a href="#/generate">generate one</a>.
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
              {writable && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {data.schedules.nodes.map((s) => (
              <ScheduleRow key={s.id} credential={credential} schedule={s} writable={writable} write={write} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
