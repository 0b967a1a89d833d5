// GraphiQL (the graphiql package, bundled: no CDN) on /graphql with the signed-in credential. Loaded on demand, so
// the editor (Monaco and its workers) never weighs on the first page.
import { lazy, Suspense } from 'react';
import { Loading } from './Status.tsx';

const GraphiQLPanel = lazy(() => import('./GraphiQLPanel.tsx'));

export function GraphQLIde({ credential }: { credential: string }) {
  return (
    <main className="graphiql-page">
      <h1 className="sr-only">GraphiQL</h1>
      <Suspense fallback={<Loading what="GraphiQL" />}>
        <GraphiQLPanel credential={credential} />
      </Suspense>
    </main>
  );
}
