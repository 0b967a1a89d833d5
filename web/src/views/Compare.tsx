// Compare two schedule versions: game by game (moved, home/away swapped, added, removed; diffVersions) and the
// metric deltas the API's compareScheduleVersions computes (travel, violations, home/away imbalance), and whether
// version A's locked games are unchanged in B. `#/schedules/:id/compare?a=<schedule>:<version>&b=…` compares at once.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { runQuery } from '../api.ts';
import { type Change, type ChangeKind, diffVersions } from '../compare.ts';
import type { CompareMetricsMutation } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { useQuery } from '../use-query.ts';
import { ErrorNotice, Loading } from './Status.tsx';

const CompareChoices = graphql(`
  query CompareChoices {
    schedules(limit: 100) {
      nodes {
        id
        name
        currentVersion {
          id
        }
        versions {
          id
          versionNumber
          source
        }
      }
    }
  }
`);

const VersionGames = graphql(`
  query VersionGames($scheduleA: ID!, $versionA: ID!, $scheduleB: ID!, $versionB: ID!) {
    a: schedule(id: $scheduleA) {
      games(versionId: $versionA) {
        id
        date
        locked
        home {
          id
          name
        }
        away {
          id
          name
        }
      }
    }
    b: schedule(id: $scheduleB) {
      games(versionId: $versionB) {
        id
        date
        locked
        home {
          id
          name
        }
        away {
          id
          name
        }
      }
    }
  }
`);

const CompareMetrics = graphql(`
  mutation CompareMetrics($a: ID!, $b: ID!) {
    compareScheduleVersions(versionAId: $a, versionBId: $b) {
      a {
        travelMiles
        hardViolations
        softPenalty
        maxHomeAwayImbalance
      }
      b {
        travelMiles
        hardViolations
        softPenalty
        maxHomeAwayImbalance
      }
    }
  }
`);

const KINDS: ChangeKind[] = ['moved', 'swapped', 'added', 'removed', 'kept'];
type Metrics = CompareMetricsMutation['compareScheduleVersions']['a'];
const METRICS: Array<[keyof Metrics, string]> = [
  ['travelMiles', 'Travel miles'],
  ['hardViolations', 'Hard violations'],
  ['softPenalty', 'Soft penalty'],
  ['maxHomeAwayImbalance', 'Largest home/away imbalance'],
];

export function Compare({
  credential,
  scheduleId,
  preset,
}: {
  credential: string;
  scheduleId: string;
  /** Versions to compare at once (`schedule:version` each). */
  preset?: { a: string; b: string };
}) {
  const choices = useQuery(credential, CompareChoices, {});
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [metrics, setMetrics] = useState<{ a: Metrics; b: Metrics } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const ready = choices.status === 'done';
  const presetKey = preset ? `${preset.a}|${preset.b}` : null;
  useEffect(() => {
    if (ready && presetKey) form.current?.requestSubmit();
  }, [ready, presetKey]);
  if (choices.status === 'loading') return <Loading what="the versions" />;
  if (choices.status === 'error') return <ErrorNotice what="the versions" error={choices.error} />;
  const options = choices.data.schedules.nodes.flatMap((s) =>
    s.versions.map((v) => ({
      value: `${s.id}:${v.id}`,
      label: `${s.name} — version ${v.versionNumber} (${v.source})`,
    })),
  );
  const own = choices.data.schedules.nodes.find((s) => s.id === scheduleId);
  const defaultA = preset?.a ?? (own?.currentVersion ? `${own.id}:${own.currentVersion.id}` : options[0]?.value);
  const defaultB = preset?.b ?? options.find((o) => o.value !== defaultA)?.value;

  async function compare(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const [scheduleA, versionA] = String(form.get('a')).split(':');
    const [scheduleB, versionB] = String(form.get('b')).split(':');
    setError(null);
    try {
      const games = await runQuery(credential, VersionGames, { scheduleA, versionA, scheduleB, versionB });
      setChanges(diffVersions(games.a?.games ?? [], games.b?.games ?? []));
      const m = await runQuery(credential, CompareMetrics, { a: versionA, b: versionB });
      setMetrics(m.compareScheduleVersions);
    } catch (e) {
      setError(`Comparison failed: ${(e as Error).message}`);
    }
  }

  const moved = changes?.filter((c) => c.kind !== 'kept') ?? [];
  const lockedInA = changes?.filter((c) => c.a?.locked) ?? [];
  const lockedKept = lockedInA.filter((c) => c.kind === 'kept');
  return (
    <main>
      <h1>Compare versions</h1>
      {options.length < 2 && <p className="empty">Two versions are needed to compare; generate another schedule.</p>}
      <form className="filters" onSubmit={compare} ref={form}>
        <label>
          Version A
          <select name="a" defaultValue={defaultA}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Version B
          <select name="b" defaultValue={defaultB}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Compare</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {metrics && (
        <table>
          <caption>Metrics</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">A</th>
              <th scope="col">B</th>
              <th scope="col">B − A</th>
            </tr>
          </thead>
          <tbody>
            {METRICS.map(([key, label]) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>{Math.round(metrics.a[key])}</td>
                <td>{Math.round(metrics.b[key])}</td>
                <td>{Math.round(metrics.b[key] - metrics.a[key])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {changes && (
        <section aria-label="Game changes">
          <ul className="change-counts">
            {KINDS.map((k) => (
              <li key={k} data-kind={k}>
                {k}: <span data-testid={`count-${k}`}>{changes.filter((c) => c.kind === k).length}</span>
              </li>
            ))}
          </ul>
          {lockedInA.length > 0 && (
            <p className={lockedKept.length === lockedInA.length ? 'summary' : 'error'}>
              Locked games in A: <span data-testid="locked-in-a">{lockedInA.length}</span>, unchanged in B:{' '}
              <span data-testid="locked-unchanged">{lockedKept.length}</span>
            </p>
          )}
          {moved.length === 0 ? (
            <p className="empty">The two versions have the same games on the same dates.</p>
          ) : (
            <table>
              <caption>Games that differ (first 200)</caption>
              <thead>
                <tr>
                  <th scope="col">Change</th>
                  <th scope="col">Version A</th>
                  <th scope="col">Version B</th>
                </tr>
              </thead>
              <tbody>
                {moved.slice(0, 200).map((c) => (
                  <tr key={`${c.a?.id}-${c.b?.id}`}>
                    <td>{c.kind}</td>
                    <td>{c.a ? `${c.a.date}: ${c.a.away.name} at ${c.a.home.name}` : '—'}</td>
                    <td>{c.b ? `${c.b.date}: ${c.b.away.name} at ${c.b.home.name}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </main>
  );
}
