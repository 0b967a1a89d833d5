// The travel map of a schedule (loaded on demand: its map data and projection code stay out of the first page):
// every institution at its campus coordinates and each team's road trips (home → hosts in order → home) drawn as
// SVG over the states of us-atlas, projected with d3-geo's Albers USA. No tiles, nothing fetched but the API.
import { geoAlbersUsa, geoPath } from 'd3-geo';
import { useMemo, useState } from 'react';
import { feature } from 'topojson-client';
import states from 'us-atlas/states-10m.json';
import { graphql } from '../gql/index.ts';
import { useQuery } from '../use-query.ts';
import { ErrorNotice, Loading } from './Status.tsx';
import './views.css';

const TravelMapQuery = graphql(`
  query TravelMap($id: ID!) {
    schedule(id: $id) {
      id
      name
      fairness {
        totalTravelMiles
        teams {
          team {
            id
            name
            abbreviation
            institution {
              id
              name
              city
              state
              latitude
              longitude
            }
            travel(scheduleId: $id) {
              miles
              trips {
                from
                to
                hosts {
                  id
                }
              }
            }
          }
        }
      }
    }
  }
`);

const WIDTH = 960;
const HEIGHT = 600;
const statesFeature = feature(states, states.objects.states);
const projection = geoAlbersUsa().fitSize([WIDTH, HEIGHT], statesFeature);
const statePath = geoPath(projection);
const miles = (m: number | null | undefined) => (m == null ? '—' : Math.round(m).toLocaleString('en-US'));

type Point = [number, number];

export default function TravelMap({
  credential,
  scheduleId,
  teamId,
}: {
  credential: string;
  scheduleId: string;
  teamId?: string;
}) {
  const state = useQuery(credential, TravelMapQuery, { id: scheduleId });
  const [selected, setSelected] = useState(teamId ?? '');
  const schedule = state.status === 'done' ? state.data.schedule : null;
  const teams = useMemo(
    () =>
      (schedule?.fairness.teams ?? [])
        .map((f) => f.team)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((team) => {
          const { latitude, longitude } = team.institution;
          const at = latitude == null || longitude == null ? null : projection([longitude, latitude]);
          return { ...team, at: at as Point | null };
        }),
    [schedule],
  );

  if (state.status === 'loading') return <Loading what="the travel map" />;
  if (state.status === 'error') return <ErrorNotice what="the travel map" error={state.error} />;
  if (!schedule)
    return (
      <p role="alert" className="error">
        Schedule {scheduleId} does not exist, or your credential may not see it.
      </p>
    );

  const where = new Map(teams.map((t) => [t.id, t.at]));
  const unplaced = teams.filter((t) => !t.at);
  const tripLine = (home: Point, hosts: Array<{ id: string }>) => {
    const points = [home, ...hosts.map((h) => where.get(h.id)).filter((p): p is Point => !!p), home];
    return `M${points.map((p) => `${p[0].toFixed(1)},${p[1].toFixed(1)}`).join('L')}`;
  };
  const chosen = teams.find((t) => t.id === selected);

  return (
    <main className="travel-map">
      <p>
        <a href={`#/schedules/${schedule.id}`}>← {schedule.name}</a>
      </p>
      <h1>Travel map</h1>
      <p className="summary">
        {teams.length} institutions; every team’s road trips (home → hosts in order → home):{' '}
        {miles(schedule.fairness.totalTravelMiles)} miles in all.
      </p>
      {teams.length === 0 ? (
        <p className="empty">This schedule has no games yet, so no team travels.</p>
      ) : (
        <>
          <form className="filters" aria-label="Highlight a team" onSubmit={(e) => e.preventDefault()}>
            <label>
              Highlight team
              <select value={selected} onChange={(e) => setSelected(e.target.value)}>
                <option value="">All teams</option>
                {teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          </form>
          <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="map-title" width={WIDTH} height={HEIGHT}>
            <title id="map-title">
              {chosen
                ? `Road trips of ${chosen.name}: ${chosen.travel?.trips.length ?? 0} trips, ${miles(chosen.travel?.miles)} miles`
                : `Campuses of ${teams.length} institutions and every team's road trips`}
            </title>
            <g>
              {statesFeature.features.map((f, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the states never change order
                <path key={i} className="state" d={statePath(f) ?? undefined} />
              ))}
            </g>
            <g>
              {teams.flatMap((t) =>
                t.at && t.travel
                  ? t.travel.trips.map((trip) => (
                      <path
                        key={`${t.id}-${trip.from}`}
                        className={`trip${t.id === selected ? ' selected' : ''}`}
                        d={tripLine(t.at as Point, trip.hosts)}
                        data-team-id={t.id}
                      />
                    ))
                  : [],
              )}
            </g>
            <g>
              {teams.map((t) =>
                t.at ? (
                  <g key={t.id} data-institution-id={t.institution.id}>
                    <circle
                      className={`campus${t.id === selected ? ' selected' : ''}`}
                      cx={t.at[0]}
                      cy={t.at[1]}
                      r={t.id === selected ? 6 : 4}
                    >
                      <title>{`${t.institution.name} (${t.institution.city ?? ''}, ${t.institution.state ?? ''})`}</title>
                    </circle>
                    <text x={t.at[0] + 6} y={t.at[1] - 6}>
                      {t.abbreviation}
                    </text>
                  </g>
                ) : null,
              )}
            </g>
          </svg>
          {unplaced.length > 0 && (
            <p className="hint">
              Not on the map (no campus coordinates, or outside the United States):{' '}
              {unplaced.map((t) => t.institution.name).join(', ')}.
            </p>
          )}
        </>
      )}
    </main>
  );
}
