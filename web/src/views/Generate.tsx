// Generate a schedule (sport, season, constraint profile, time limit), or re-optimise one (its locked games kept):
// the generation's progress is pushed by the server over Server-Sent Events (GET …/generations/{id}/events):
// elapsed time, best cost, hard violations and a chart of the best cost over time, until it completes, fails or is
// cancelled.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type ApiError, runQuery } from '../api.ts';
import { followEvents, type ServerEvent } from '../event-stream.ts';
import { graphql } from '../gql/index.ts';
import { useQuery } from '../use-query.ts';
import { CostChart, type CostPoint } from './CostChart.tsx';
import { ErrorNotice, Loading } from './Status.tsx';

const GenerateChoices = graphql(`
  query GenerateChoices($scheduleId: ID!, $optimise: Boolean!) {
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
    constraintProfiles(limit: 100) {
      nodes {
        id
        name
        isDefault
        sport {
          id
        }
        season {
          id
        }
        team {
          id
        }
      }
    }
    schedule(id: $scheduleId) @include(if: $optimise) {
      id
      name
      sport {
        id
        name
      }
      season {
        id
        name
      }
      currentVersion {
        id
        versionNumber
      }
      games {
        id
        locked
      }
    }
  }
`);

const StartGeneration = graphql(`
  mutation StartGeneration($input: StartGenerationInput!) {
    startGeneration(input: $input) {
      id
      status
    }
  }
`);

const CancelGeneration = graphql(`
  mutation CancelGeneration($id: ID!) {
    cancelGeneration(id: $id) {
      id
      status
    }
  }
`);

interface Progress {
  percent: number;
  elapsedMs: number;
  bestCost: number | null;
  hardViolations: number | null;
  iteration: number | null;
}

interface Finished {
  status: string;
  scheduleId: number | null;
  versionId: number | null;
  errorMessage: string | null;
}

const fmt = (n: number | null | undefined) => (typeof n === 'number' ? Math.round(n).toLocaleString('en-US') : '—');

export function Generate({ credential, scheduleId }: { credential: string; scheduleId?: string }) {
  const optimise = scheduleId !== undefined;
  const choices = useQuery(credential, GenerateChoices, { scheduleId: scheduleId ?? '0', optimise });
  const [generationId, setGenerationId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [points, setPoints] = useState<CostPoint[]>([]);
  const [eventCount, setEventCount] = useState(0);
  const [finished, setFinished] = useState<Finished | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sportId, setSportId] = useState<string | null>(null);
  const previousVersion = useRef<string | null>(null);

  useEffect(() => {
    if (!generationId) return;
    const controller = new AbortController();
    const onEvent = (event: ServerEvent) => {
      const data = JSON.parse(event.data) as Record<string, unknown>;
      setEventCount((n) => n + 1);
      if (event.event === 'progress') {
        const p = data as unknown as Progress;
        setStatus('running');
        setProgress(p);
        if (typeof p.bestCost === 'number') {
          const cost = p.bestCost;
          setPoints((list) => [...list, { seconds: p.elapsedMs / 1000, cost }]);
        }
      } else if (event.event === 'finished') {
        const f = data as unknown as Finished;
        setStatus(f.status);
        setFinished(f);
      }
    };
    followEvents(`/api/v2/schedule-generation/generations/${generationId}/events`, {
      credential,
      onEvent,
      until: (e) => e.event === 'finished',
      signal: controller.signal,
    }).catch((e: ApiError) => setError(`Live progress unavailable: ${e.message}${e.code ? ` (${e.code})` : ''}`));
    return () => controller.abort();
  }, [credential, generationId]);

  if (choices.status === 'loading') return <Loading what="sports, seasons and constraint profiles" />;
  if (choices.status === 'error')
    return <ErrorNotice what="sports, seasons and constraint profiles" error={choices.error} />;
  const { sports, seasons, constraintProfiles } = choices.data;
  const target = choices.data.schedule ?? null;
  if (optimise && !target)
    return (
      <p role="alert" className="error">
        Schedule {scheduleId} does not exist, or your credential may not see it.
      </p>
    );
  const chosenSport = target?.sport.id ?? sportId ?? sports.find((s) => s.code === 'MBB')?.id ?? sports[0]?.id;
  const profiles = constraintProfiles.nodes.filter((p) => !p.team && (!p.sport || p.sport.id === chosenSport));
  const running = status !== null && !['completed', 'failed', 'cancelled'].includes(status);

  async function start(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    setProgress(null);
    setPoints([]);
    setEventCount(0);
    setFinished(null);
    setStatus(null);
    const profileId = String(form.get('profile') ?? '');
    previousVersion.current = target?.currentVersion?.id ?? null;
    try {
      const data = await runQuery(credential, StartGeneration, {
        input: {
          name: String(form.get('name')),
          ...(target
            ? { scheduleId: target.id }
            : { sportId: String(form.get('sport')), seasonId: String(form.get('season')) }),
          timeLimitSeconds: Number(form.get('seconds')),
          ...(profileId ? { parameters: { profileId } } : {}),
        },
      });
      setStatus(data.startGeneration.status);
      setGenerationId(data.startGeneration.id);
    } catch (e) {
      const err = e as ApiError;
      setError(`Could not start: ${err.message}${err.code ? ` (${err.code})` : ''}`);
    }
  }

  async function cancel() {
    if (!generationId) return;
    await runQuery(credential, CancelGeneration, { id: generationId }).catch((e: ApiError) =>
      setError(`Could not cancel: ${e.message}${e.code ? ` (${e.code})` : ''}`),
    );
  }

  const resultSchedule = finished?.scheduleId ?? (target ? Number(target.id) : null);
  return (
    <main>
      <h1>{target ? `Re-optimise ${target.name}` : 'Generate a schedule'}</h1>
      {target && (
        <p className="summary">
          {target.sport.name} · {target.season.name} · from version {target.currentVersion?.versionNumber ?? '—'} ·{' '}
          <span data-testid="locked-count">{target.games.filter((g) => g.locked).length}</span> locked games kept as
          they are
        </p>
      )}
      <form className="filters" onSubmit={start}>
        <label>
          Name
          <input
            name="name"
            required
            maxLength={200}
            defaultValue={target ? `Re-optimise ${target.name}` : 'New schedule'}
          />
        </label>
        {!target && (
          <>
            <label>
              Sport
              <select name="sport" required value={chosenSport} onChange={(e) => setSportId(e.target.value)}>
                {sports.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.code})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Season
              <select name="season" required defaultValue={seasons.find((s) => s.isCurrent)?.id}>
                {seasons.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <label>
          Constraint profile
          <select name="profile" defaultValue="">
            <option value="">The sport's default profile</option>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.isDefault ? ' (default)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Time limit (seconds)
          <input name="seconds" type="number" min={1} max={600} defaultValue={10} required />
        </label>
        <button type="submit" disabled={running}>
          Start
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {generationId && (
        <section aria-label="Generation progress">
          <p aria-live="polite">
            Generation {generationId}: <strong data-testid="generation-status">{status}</strong>
            {finished?.errorMessage ? ` — ${finished.errorMessage}` : ''}
          </p>
          <progress
            max={100}
            value={finished?.status === 'completed' ? 100 : (progress?.percent ?? 0)}
            aria-label="Progress"
          >
            {progress?.percent ?? 0}%
          </progress>
          <dl className="live-figures">
            <dt>Elapsed</dt>
            <dd data-testid="elapsed">{progress ? `${(progress.elapsedMs / 1000).toFixed(1)} s` : '—'}</dd>
            <dt>Best cost</dt>
            <dd data-testid="best-cost">{fmt(progress?.bestCost)}</dd>
            <dt>Hard violations</dt>
            <dd data-testid="hard-violations">{progress?.hardViolations ?? '—'}</dd>
            <dt>Iterations</dt>
            <dd>{fmt(progress?.iteration)}</dd>
            <dt>Events received</dt>
            <dd data-testid="event-count">{eventCount}</dd>
          </dl>
          <CostChart points={points} />
          {running && (
            <p>
              <button type="button" onClick={cancel}>
                Cancel
              </button>
            </p>
          )}
          {finished?.status === 'completed' && resultSchedule !== null && (
            <p>
              <a href={`#/schedules/${resultSchedule}`}>Open the schedule</a>
              {target && previousVersion.current && finished.versionId !== null && (
                <>
                  {' · '}
                  <a
                    href={`#/schedules/${resultSchedule}/compare?a=${resultSchedule}:${previousVersion.current}&b=${resultSchedule}:${finished.versionId}`}
                  >
                    Compare with the previous version
                  </a>
                </>
              )}
            </p>
          )}
        </section>
      )}
    </main>
  );
}
