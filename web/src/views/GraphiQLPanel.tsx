// The lazily loaded half of the GraphiQL view: the editor, its Monaco workers (set up for Vite), its styles, and a
// fetcher that sends every operation to this origin's /graphql with the signed-in credential.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql-theme.css';
import { GraphiQL } from 'graphiql';
import { useMemo } from 'react';
import { authHeaders } from '../credential.ts';

type Fetcher = NonNullable<Parameters<typeof GraphiQL>[0]['fetcher']>;

const START = `# Every request carries the credential you signed in with.
query Schedules {
  schedules(limit: 5) {
    nodes {
      id
      name
      status
      gameCount
    }
  }
}
`;

export default function GraphiQLPanel({ credential }: { credential: string }) {
  const fetcher = useMemo<Fetcher>(
    () => async (params) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders(credential) },
        body: JSON.stringify(params),
      });
      return response.json();
    },
    [credential],
  );
  return (
    <div className="graphiql-frame">
      <GraphiQL fetcher={fetcher} defaultQuery={START} shouldPersistHeaders={false} />
    </div>
  );
}
