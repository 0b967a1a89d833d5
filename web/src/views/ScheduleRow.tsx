// One schedule in the list, with rename (inline) and delete (asks first) for a scheduler.
import { type FormEvent, useState } from 'react';
import { runQuery } from '../api.ts';
import { graphql } from '../gql/index.ts';

const RenameSchedule = graphql(`
  mutation RenameSchedule($id: ID!, $name: String!) {
    updateSchedule(id: $id, input: { name: $name }) {
      id
      name
    }
  }
`);

const DeleteSchedule = graphql(`
  mutation DeleteSchedule($id: ID!) {
    deleteSchedule(id: $id)
  }
`);

interface Row {
  id: string;
  name: string;
  status: string;
  gameCount: number;
  updatedAt: string;
  sport: { code: string };
  season: { name: string };
  conference?: { name: string } | null;
}

export function ScheduleRow({
  credential,
  schedule: s,
  writable,
  write,
}: {
  credential: string;
  schedule: Row;
  writable: boolean;
  write(work: Promise<unknown>, done: string): Promise<boolean>;
}) {
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);

  function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name'));
    write(runQuery(credential, RenameSchedule, { id: s.id, name }), `Renamed to “${name}”.`).then((ok) => {
      if (ok) setRenaming(false);
    });
  }

  async function remove() {
    const deleted = runQuery(credential, DeleteSchedule, { id: s.id }).then((r) => {
      if (!r.deleteSchedule) throw new Error(`schedule ${s.id} no longer exists`);
    });
    await write(deleted, `Deleted “${s.name}”.`);
    setConfirming(false);
  }

  return (
    <tr data-schedule-id={s.id}>
      <td>
        {renaming ? (
          <form className="inline" aria-label={`Rename ${s.name}`} onSubmit={rename}>
            <input name="name" aria-label="New name" defaultValue={s.name} maxLength={200} />
            <button type="submit">Save</button>
            <button type="button" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <a href={`#/schedules/${s.id}`}>{s.name}</a>
        )}
      </td>
      <td>{s.sport.code}</td>
      <td>{s.season.name}</td>
      <td>{s.conference?.name ?? '—'}</td>
      <td>{s.status.toLowerCase()}</td>
      <td>{s.gameCount}</td>
      <td>{s.updatedAt.slice(0, 10)}</td>
      {writable && (
        <td className="actions">
          {!renaming && (
            <button type="button" onClick={() => setRenaming(true)} aria-label={`Rename ${s.name}`}>
              Rename
            </button>
          )}{' '}
          {confirming ? (
            <>
              <button type="button" className="danger" onClick={remove}>
                Delete “{s.name}” and its games
              </button>{' '}
              <button type="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirming(true)} aria-label={`Delete ${s.name}`}>
              Delete
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
