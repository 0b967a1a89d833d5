// The workspace shell: sign-in gate, a header, and hash routes (#/, #/generate, #/schedules/:id,
// #/schedules/:id/teams/:teamId, #/schedules/:id/compare[?a=&b=], #/schedules/:id/optimise, #/graphiql)
// so the gateway serves one page and deep links survive a reload.
import { useEffect, useState } from 'react';
import { storeCredential, storedCredential } from './credential.ts';
import { Compare } from './views/Compare.tsx';
import { Generate } from './views/Generate.tsx';
import { GraphQLIde } from './views/GraphQLIde.tsx';
import { ScheduleGrid } from './views/ScheduleGrid.tsx';
import { Schedules } from './views/Schedules.tsx';
import { SignIn } from './views/SignIn.tsx';
import { TeamView } from './views/TeamView.tsx';

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

function route(hash: string, credential: string) {
  const team = /^#\/schedules\/(\d+)\/teams\/(\d+)$/.exec(hash);
  if (team) return <TeamView credential={credential} scheduleId={team[1]} teamId={team[2]} />;
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
  const [credential, setCredential] = useState(storedCredential);
  const hash = useHash();
  if (!credential) {
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
