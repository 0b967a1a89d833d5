// Generate a schedule: sport, season and time limit; the request's progress (best cost, hard violations, a sparkline
// of the best cost) polled once a second until it completes, fails or is cancelled. Polling, not pushed: the API has
// no event stream yet.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type ApiError, runQuery } from '../api.ts';
import type { GenerationProgressQuery } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { useQuery } from '../use-query.ts';
import { ErrorNotice, Loading } from './Status.tsx';

const GenerateChoices = graphql(`
  query GenerateChoices {
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
  }
`);

const StartGeneration = graphql(`
  mutation StartGeneration($input: CreateGenerationRequestInput!) {
    generateSchedule(input: $input) {
      id
    }
  }
`);

const GenerationProgress = graphql(`
  query GenerationProgress($id: ID!) {
    generationRequest(id: $id) {
      id
      status
      errorMessage
      schedule {
        id
      }
      jobs {
        progress
        bestCost
        hardViolations
        iteration
      }
    }
  }
`);

const CancelGeneration = graphql(`
  mutation CancelGeneration($id: ID!) {
    cancelGenerationRequest(id: $id) {
      id
      status
    }
  }
`);

type Request = NonNullable<GenerationProgressQuery['generationRequest']>;
const FINISHED = ['completed', 'failed', 'cancelled'];

function Sparkline({ values }: { values: number[] }) {
  if (values.length < 2) return null;
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = max - min || 1;
  const points = values.map((v, i) => `${(i / (values.length - 1)) * 200},${40 - ((v - min) / span) * 38 - 1}`);
  return (
    <svg width="200" height="40" role="img" aria-label={`Best cost over time, from ${max} to ${values.at(-1)}`}>
      <polyline points={points.join(' ')} fill="none" stroke="currentColor" strokeWidth="2" />
    </svg>
  );
}

export function Generate({ credential }: { credential: string }) {
  const choices = useQuery(credential, GenerateChoices, {});
  const [requestId, setRequestId] = useState<string | null>(null);
  const [request, setRequest] = useState<Request | null>(null);
  const [costs, setCosts] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const started = useRef(0);

  useEffect(() => {
    if (!requestId) return;
    let live = true;
    const poll = async () => {
      try {
        const data = await runQuery(credential, GenerationProgress, { id: requestId });
        if (!live || !data.generationRequest) return;
        const r = data.generationRequest;
        setRequest(r);
        const cost = r.jobs[0]?.bestCost;
        if (typeof cost === 'number') setCosts((c) => (c.at(-1) === cost && c.length > 1 ? c : [...c, cost]));
        if (!FINISHED.includes(r.status)) setTimeout(poll, 1000);
      } catch (e) {
        if (live) setError(`Progress unavailable: ${(e as Error).message}`);
      }
    };
    poll();
    return () => {
      live = false;
    };
  }, [credential, requestId]);

  async function start(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    setRequest(null);
    setCosts([]);
    try {
      const data = await runQuery(credential, StartGeneration, {
        input: {
          name: String(form.get('name')),
          sportId: String(form.get('sport')),
          seasonId: String(form.get('season')),
          parameters: { seconds: Number(form.get('seconds')) },
        },
      });
      started.current = Date.now();
      setRequestId(data.generateSchedule.id);
    } catch (e) {
      const err = e as ApiError;
      setError(`Could not start: ${err.message}${err.code ? ` (${err.code})` : ''}`);
    }
  }

  async function cancel() {
    if (!requestId) return;
    await runQuery(credential, CancelGeneration, { id: requestId }).catch((e: Error) =>
      setError(`Could not cancel: ${e.message}`),
    );
  }

  if (choices.status === 'loading') return <Loading what="sports and seasons" />;
  if (choices.status === 'error') return <ErrorNotice what="sports and seasons" error={choices.error} />;
  const job = request?.jobs[0];
  const running = request && !FINISHED.includes(request.status);
  return (
    <main>
      <h1>Generate a schedule</h1>
      <form className="filters" onSubmit={start}>
        <label>
          Name
          <input name="name" required maxLength={200} defaultValue="New schedule" />
        </label>
        <label>
          Sport
          <select name="sport" required defaultValue={choices.data.sports.find((s) => s.code === 'MBB')?.id}>
            {choices.data.sports.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </label>
        <label>
          Season
          <select name="season" required defaultValue={choices.data.seasons.find((s) => s.isCurrent)?.id}>
            {choices.data.seasons.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Time limit (seconds)
          <input name="seconds" type="number" min={1} max={600} defaultValue={10} required />
        </label>
        <button type="submit" disabled={!!running}>
          Start
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {request && (
        <section aria-live="polite" aria-label="Generation progress">
          <p>
            Request {request.id}: <strong data-testid="generation-status">{request.status}</strong>
            {request.errorMessage ? ` — ${request.errorMessage}` : ''}
          </p>
          <progress max={100} value={job?.progress ?? 0} aria-label="Progress">
            {job?.progress ?? 0}%
          </progress>
          <p>
            Elapsed {Math.round((Date.now() - started.current) / 1000)} s · best cost{' '}
            {typeof job?.bestCost === 'number' ? Math.round(job.bestCost).toLocaleString('en-US') : '—'} · hard
            violations {job?.hardViolations ?? '—'} · iterations {job?.iteration ?? '—'}
          </p>
          <Sparkline values={costs} />
          {running && (
            <p>
              <button type="button" onClick={cancel}>
                Cancel
              </button>
            </p>
          )}
          {request.schedule && request.status === 'completed' && (
            <p>
              <a href={`#/schedules/${request.schedule.id}`}>Open the schedule</a>
            </p>
          )}
        </section>
      )}
    </main>
  );
}
