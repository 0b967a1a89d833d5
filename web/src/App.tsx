// The workspace shell: sign-in gate, a header, and hash routes (#/, #/generate, #/schedules/:id,
// #/schedules/:id/teams/:teamId, #/schedules/:id/compare[?a=&b=], #/schedules/:id/optimise, #/graphiql,
// #/schedules/:id/map[?team=:teamId])
// so the gateway serves one page and deep links survive a reload.
import { lazy, Suspense, useEffect, useState } from 'react';
import { storeCredential, storedCredential } from './credential.ts';
import { Compare } from './views/Compare.tsx';
import { Generate } from './views/Generate.tsx';
import { GraphQLIde } from './views/GraphQLIde.tsx';
import { ScheduleGrid } from './views/ScheduleGrid.tsx';
import { Schedules } from './views/Schedules.tsx';
import { SignIn } from './views/SignIn.tsx';
import { Loading } from './views/Status.tsx';
import { TeamView } from './views/TeamView.tsx';

// the map's data and projection load only when the map is opened (the first page stays small)
const TravelMap = lazy(() => import('./views/TravelMap.tsx'));

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    onChange(); // a child's effect may have replaced the hash before this listener existed (the sign-in link)
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

function route(hash: string, credential: string) {
  const team = /^#\/schedules\/(\d+)\/teams\/(\d+)$/.exec(hash);
  if (team) return <TeamView credential={credential} scheduleId={team[1]} teamId={team[2]} />;
  const map = /^#\/schedules\/(\d+)\/map(?:\?team=(\d+))?$/.exec(hash);
  if (map)
    return (
      <Suspense fallback={<Loading what="the travel map" />}>
        <TravelMap credential={credential} scheduleId={map[1]} teamId={map[2]} />
      </Suspense>
    );
  const compare = /^#\/schedules\/(\d+)\/compare(?:\?(.*))?$/.exec(hash);
  if (compare) {
    const query = new URLSearchParams(compare[2] ?? '');
    const a = query.get('a');
    const b = query.get('b');
    return <Compare credential={credential} scheduleId={compare[1]} preset={a && b ? { a, b } : undefined} />;
  }
  const optimise = /^#\/schedules\/(\d+)\/optimise$/.exec(hash);
  if (optimise) return <Generate key={optimise[1]} credential={credential} scheduleId={optimise[1]} />;
  const schedule = /^#\/schedules\/(\d+)$/.exec(hash);
  if (schedule) return <ScheduleGrid credential={credential} scheduleId={schedule[1]} />;
  if (hash === '#/generate') return <Generate key="new" credential={credential} />;
  if (hash === '#/graphiql') return <GraphQLIde credential={credential} />;
  if (hash === '' || hash === '#' || hash === '#/') return <Schedules credential={credential} />;
  return (
    <main>
      <h1>Not found</h1>
      <p className="empty">
        Nothing lives at {hash}. <a href="#/">Back to the schedules</a>.
      </p>
    </main>
  );
}

export function App() {
  // a sign-in link (#key=…) replaces whatever this tab was signed in with
  const [credential, setCredential] = useState(() =>
    window.location.hash.startsWith('#key=') ? null : storedCredential(),
  );
  const hash = useHash();
  // a sign-in link pasted into a signed-in tab: the sign-in page takes it from the address bar
  const linkArrived = hash.startsWith('#key=');
  useEffect(() => {
    if (linkArrived) setCredential(null);
  }, [linkArrived]);
  if (!credential || linkArrived) {
    return (
      <SignIn
        onSignedIn={(value) => {
          storeCredential(value);
          setCredential(value);
        }}
      />
    );
  }
  return (
    <>
      <header>
        <a href="#/" className="brand">
          FlexTime
        </a>
        <nav aria-label="Main">
          <a href="#/">Schedules</a>
          <a href="#/generate">Generate</a>
          <a href="#/graphiql">GraphiQL</a>
          <a href="/docs">REST docs</a>
        </nav>
        <button
          type="button"
          onClick={() => {
            storeCredential(null);
            setCredential(null);
          }}
        >
          Sign out
        </button>
      </header>
      {route(hash, credential)}
    </>
  );
}
