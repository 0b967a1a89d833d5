// A schedule as a teams × dates grid, in one request: games, the stored evaluation and the logged violations, each
// violation highlighted on its game with the constraint's name. Arrow keys, Home/End and PageUp/PageDown move
// between cells; the focused cell's game is described below the grid. A scheduler locks or unlocks the focused game
// (L, or the button below the grid) before re-optimising: a locked game keeps its date, home and away team.
import { type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { type ApiError, download, runQuery } from '../api.ts';
import { graphql } from '../gql/index.ts';
import { buildGrid, type CellGame, cellKey, moveFocus, worst } from '../grid.ts';
import { useQuery } from '../use-query.ts';
import { ErrorNotice, Loading } from './Status.tsx';

const ScheduleGridQuery = graphql(`
  query ScheduleGrid($id: ID!) {
    schedule(id: $id) {
      id
      name
      status
      gameCount
      sport {
        name
      }
      season {
        name
      }
      evaluation {
        status
        hardViolations
        softViolations
        evaluatedAt
      }
      violations(resolved: false) {
        id
        severity
        message
        template {
          name
        }
        game {
          id
        }
      }
      games {
        id
        date
        startTime
        locked
        home {
          id
          name
          abbreviation
        }
        away {
          id
          name
          abbreviation
        }
        venue {
          name
          city
        }
      }
    }
  }
`);

const EvaluateSchedule = graphql(`
  mutation EvaluateSchedule($id: ID!) {
    validateSchedule(input: { scheduleId: $id, store: true }) {
      stored
    }
  }
`);

const SetGameLock = graphql(`
  mutation SetGameLock($id: ID!, $locked: Boolean!) {
    updateGame(id: $id, input: { locked: $locked }) {
      id
      locked
    }
  }
`);

const dayFormat = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const formatDay = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));

function describe(entry: CellGame): string {
  const where = entry.game.venue ? ` at ${entry.game.venue.name}` : '';
  const marks = entry.marks.map((m) => `${m.severity.toLowerCase()} violation: ${m.constraint}`).join('; ');
  return `${entry.home ? 'Home' : 'Away'} ${entry.home ? 'vs' : 'at'} ${entry.opponent.name}${where}${marks ? `. ${marks}` : ''}`;
}

export function ScheduleGrid({ credential, scheduleId }: { credential: string; scheduleId: string }) {
  const state = useQuery(credential, ScheduleGridQuery, { id: scheduleId });
  const schedule = state.status === 'done' ? state.data.schedule : null;
  // locks changed here since the grid was loaded (the mutation's answer), on top of the loaded games
  const [locks, setLocks] = useState<ReadonlyMap<string, boolean>>(new Map());
  const games = useMemo(
    () => schedule?.games.map((g) => (locks.has(g.id) ? { ...g, locked: locks.get(g.id) === true } : g)) ?? [],
    [schedule, locks],
  );
  const grid = useMemo(() => (schedule ? buildGrid(games, schedule.violations) : null), [schedule, games]);
  const [focus, setFocus] = useState({ row: 0, col: 0 });
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [evaluating, setEvaluating] = useState(false);
  const table = useRef<HTMLTableElement>(null);

  if (state.status === 'loading') return <Loading what="the schedule" />;
  if (state.status === 'error') return <ErrorNotice what="the schedule" error={state.error} />;
  if (!schedule || !grid) {
    return (
      <p role="alert" className="error">
        Schedule {scheduleId} does not exist, or your credential may not see it.
      </p>
    );
  }

  const toggleLock = (game: { id: string; locked?: boolean }) => {
    const locked = !game.locked;
    runQuery(credential, SetGameLock, { id: game.id, locked })
      .then((data) => {
        setDownloadError(null);
        if (data.updateGame) setLocks((m) => new Map(m).set(game.id, data.updateGame?.locked === true));
      })
      .catch((e: ApiError) =>
        setDownloadError(
          `Could not ${locked ? 'lock' : 'unlock'} the game: ${e.message}${e.code ? ` (${e.code})` : ''}${e.code === 'FORBIDDEN' ? ' — locking needs the scheduler role' : ''}`,
        ),
      );
  };

  function onKeyDown(event: KeyboardEvent) {
    if (!grid) return;
    if (event.key === 'l' || event.key === 'L') {
      const team = grid.teams[focus.row];
      const date = grid.dates[focus.col];
      const here = team && date ? (grid.cells.get(cellKey(team.id, date)) ?? []) : [];
      if (here.length === 1) {
        event.preventDefault();
        toggleLock(here[0].game);
      }
      return;
    }
    const next = moveFocus(event.key, focus, { rows: grid.teams.length, cols: grid.dates.length });
    if (!next) return;
    event.preventDefault();
    setFocus(next);
    table.current?.querySelector<HTMLElement>(`[data-cell="${next.row}-${next.col}"]`)?.focus();
  }

  const focusedTeam = grid.teams[focus.row];
  const focusedDate = grid.dates[focus.col];
  const focused = focusedTeam && focusedDate ? (grid.cells.get(cellKey(focusedTeam.id, focusedDate)) ?? []) : [];
  const csv = () =>
    download(
      credential,
      `/api/v2/schedule-generation/schedules/${schedule.id}/games.csv`,
      `schedule-${schedule.id}.csv`,
    )
      .then(() => setDownloadError(null))
      .catch((e: Error) => setDownloadError(`CSV download failed: ${e.message}`));

  const evaluate = () => {
    setEvaluating(true);
    runQuery(credential, EvaluateSchedule, { id: schedule.id })
      .then(() => {
        setDownloadError(null);
        state.reload();
      })
      .catch((e: Error) => setDownloadError(`Evaluation failed: ${e.message}`))
      .finally(() => setEvaluating(false));
  };

  return (
    <main>
      <h1>{schedule.name}</h1>
      <p className="summary">
        {schedule.sport.name} · {schedule.season.name} · {schedule.status.toLowerCase()} ·{' '}
        <span data-testid="game-count">{schedule.games.length}</span> games · {grid.teams.length} teams
      </p>
      <p className="summary">
        {schedule.evaluation
          ? `Evaluation ${schedule.evaluation.status}: ${schedule.evaluation.hardViolations} hard, ${schedule.evaluation.softViolations} soft violations (${schedule.evaluation.evaluatedAt.slice(0, 16).replace('T', ' ')} UTC)`
          : 'Not evaluated yet: no violations to show.'}{' '}
        Highlighted: <span className="legend hard">{grid.hardGames} games with hard violations</span>,{' '}
        <span className="legend soft">{grid.softGames} with soft ones only</span>.
      </p>
      <p>
        <button type="button" onClick={csv}>
          Download CSV
        </button>{' '}
        <button type="button" onClick={evaluate} disabled={evaluating}>
          {evaluating ? 'Evaluating…' : 'Re-evaluate'}
        </button>{' '}
        <a href={`#/schedules/${schedule.id}/compare`}>Compare with another version</a> ·{' '}
        <a href={`#/schedules/${schedule.id}/optimise`}>Re-optimise</a> (
        <span data-testid="locked-games">{games.filter((g) => g.locked).length}</span> locked games kept)
      </p>
      <p className="hint">Press L on a cell to lock or unlock its game.</p>
      {downloadError && (
        <p role="alert" className="error">
          {downloadError}
        </p>
      )}
      {grid.teams.length === 0 ? (
        <p className="empty">This schedule has no games yet.</p>
      ) : (
        <div className="grid-scroll">
          <table
            className="grid"
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the WAI-ARIA data grid pattern (arrow keys move between cells)
            role="grid"
            aria-label={`${schedule.name}: teams by date`}
            ref={table}
            onKeyDown={onKeyDown}
          >
            <thead>
              <tr>
                <th scope="col">Team</th>
                {grid.dates.map((d) => (
                  <th scope="col" key={d}>
                    {formatDay(d)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.teams.map((team, row) => (
                <tr key={team.id}>
                  <th scope="row">
                    <a href={`#/schedules/${schedule.id}/teams/${team.id}`}>{team.name}</a>
                  </th>
                  {grid.dates.map((date, col) => {
                    const entries = grid.cells.get(cellKey(team.id, date)) ?? [];
                    const severity = worst(entries.flatMap((e) => e.marks));
                    const active = row === focus.row && col === focus.col;
                    return (
                      <td
                        key={date}
                        data-cell={`${row}-${col}`}
                        tabIndex={active ? 0 : -1}
                        className={severity ? `marked ${severity.toLowerCase()}` : undefined}
                        onFocus={() => setFocus({ row, col })}
                      >
                        {entries.map((e) => (
                          <div
                            key={e.game.id}
                            data-game-id={e.game.id}
                            data-locked={e.game.locked ? 'true' : undefined}
                            className={e.game.locked ? 'game locked' : 'game'}
                          >
                            {e.game.locked && (
                              <span className="lock">
                                <span aria-hidden="true">🔒</span>
                                <span className="sr-only">Locked</span>
                              </span>
                            )}
                            <span className="opponent">
                              <span className="sr-only">{e.home ? 'Home game' : 'Away game'}</span>{' '}
                              {e.home ? 'vs' : '@'}{' '}
                              <abbr title={e.opponent.name}>{e.opponent.abbreviation ?? e.opponent.name}</abbr>
                            </span>
                            {e.game.venue && <span className="venue">{e.game.venue.name}</span>}
                            {e.marks.map((m) => (
                              <span
                                key={`${m.severity}-${m.constraint}`}
                                className={`mark ${m.severity.toLowerCase()}`}
                              >
                                <span aria-hidden="true">{m.severity === 'HARD' ? '✖' : '▲'}</span>
                                <span className="sr-only">{m.severity.toLowerCase()} violation:</span> {m.constraint}
                              </span>
                            ))}
                          </div>
                        ))}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="detail" aria-live="polite" aria-label="Selected cell">
        <h2>
          {focusedTeam?.name} · {focusedDate ? formatDay(focusedDate) : ''}
        </h2>
        {focused.length === 0 ? (
          <p>No game this day.</p>
        ) : (
          focused.map((e) => (
            <div key={e.game.id}>
              <p>
                {describe(e)}
                {e.game.startTime ? `, ${e.game.startTime.slice(0, 5)}` : ''}
                {e.game.locked ? ' (locked)' : ''}{' '}
                <button type="button" onClick={() => toggleLock(e.game)}>
                  {e.game.locked ? 'Unlock game' : 'Lock game'}
                </button>
              </p>
              <ul>
                {e.marks.map((m) => (
                  <li key={`${m.constraint}-${m.message}`}>
                    <strong>{m.constraint}</strong> ({m.severity.toLowerCase()}): {m.message}
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </section>
    </main>
  );
}
