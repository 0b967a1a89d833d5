// A team's travel in a schedule: its road trips (consecutive away games) with the hosts in order and the miles of
// each (home → hosts → home), and the season's total.
const miles = (m: number | null | undefined) => (m == null ? '—' : Math.round(m).toLocaleString('en-US'));

interface Travel {
  miles?: number | null;
  trips: Array<{ from: string; to: string; miles?: number | null; hosts: Array<{ id: string; name: string }> }>;
}

export function TeamTravel({ travel }: { travel?: Travel | null }) {
  return (
    <>
      <h2>Travel</h2>
      {!travel || travel.trips.length === 0 ? (
        <p className="empty">No road trips in this schedule.</p>
      ) : (
        <table>
          <caption>
            {travel.trips.length} road trip{travel.trips.length === 1 ? '' : 's'}, {miles(travel.miles)} miles in all
          </caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Hosts, in order</th>
              <th scope="col">Miles</th>
            </tr>
          </thead>
          <tbody>
            {travel.trips.map((t) => (
              <tr key={`${t.from}-${t.to}`}>
                <td>{t.from}</td>
                <td>{t.to}</td>
                <td>{t.hosts.map((h) => h.name).join(' → ')}</td>
                <td>{miles(t.miles)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
