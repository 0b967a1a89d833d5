// Beside the schedule grid: each team's fairness figures (home/away, breaks, longest road trip, travel miles) in the
// grid's team order, and the violations that name no single game (a team's balance, a season total), which cannot
// be highlighted on a cell.
import { type GridViolation, involvedGames } from '../grid.ts';
import './views.css';

interface FairnessRow {
  team: { id: string };
  games: number;
  home: number;
  away: number;
  breaks: number;
  longestRoadTrip: number;
  travelMiles?: number | null;
}

const miles = (m: number | null | undefined) => (m == null ? '—' : Math.round(m).toLocaleString('en-US'));

export function FairnessTable({
  teams,
  fairness,
  totalTravelMiles,
  scheduleId,
}: {
  teams: Array<{ id: string; name: string }>;
  fairness: FairnessRow[];
  totalTravelMiles?: number | null;
  scheduleId: string;
}) {
  const byTeam = new Map(fairness.map((f) => [f.team.id, f]));
  if (teams.length === 0) return null;
  return (
    <section aria-labelledby="fairness-heading">
      <h2 id="fairness-heading">Fairness per team</h2>
      <table className="fairness">
        <caption>
          Home/away balance, breaks (two home or two away games in a row), longest road trip (away games in a row) and
          miles travelled; all teams: {miles(totalTravelMiles)} miles.{' '}
          <a href={`#/schedules/${scheduleId}/map`}>Travel map</a>
        </caption>
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col" className="number">
              Home
            </th>
            <th scope="col" className="number">
              Away
            </th>
            <th scope="col" className="number">
              Breaks
            </th>
            <th scope="col" className="number">
              Longest road trip
            </th>
            <th scope="col" className="number">
              Travel miles
            </th>
          </tr>
        </thead>
        <tbody>
          {teams.map((t) => {
            const f = byTeam.get(t.id);
            return (
              <tr key={t.id} data-fairness-team={t.id}>
                <th scope="row">{t.name}</th>
                <td className="number">{f?.home ?? '—'}</td>
                <td className="number">{f?.away ?? '—'}</td>
                <td className="number">{f?.breaks ?? '—'}</td>
                <td className="number">{f?.longestRoadTrip ?? '—'}</td>
                <td className="number">{miles(f?.travelMiles)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** Violations logged without a game: listed by severity and constraint, since no cell can carry them. */
export function LooseViolations({ violations }: { violations: GridViolation[] }) {
  const marks = violations
    .filter((v) => involvedGames(v).length === 0)
    .map((v) => ({
      severity: v.severity,
      constraint: v.template?.name ?? 'Unnamed constraint',
      message: v.message,
    }));
  if (marks.length === 0) return null;
  return (
    <section aria-labelledby="loose-heading">
      <h2 id="loose-heading">Violations not tied to one game ({marks.length})</h2>
      <ul className="loose-violations">
        {marks.map((m, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole on every load
          <li key={i} className={`mark ${m.severity.toLowerCase()}`}>
            <strong>{m.constraint}</strong> ({m.severity.toLowerCase()}): {m.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
