// Sign in with an API key or a JWT: checked against the API at once, so a wrong credential is refused here with the
// server's reason instead of failing later on every view.
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, runQuery } from '../api.ts';
import { takeCredentialFromLink } from '../credential.ts';
import { graphql } from '../gql/index.ts';

const CheckCredential = graphql(`
  query CheckCredential {
    sports {
      id
    }
  }
`);

export function SignIn({ onSignedIn }: { onSignedIn(credential: string): void }) {
  const [credential, setCredential] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // the sign-in link `npm start` prints (#key=…) signs in at once, checked like a typed credential: on load, and when
  // the link is pasted into a tab already showing this page (only the fragment changes: no page load)
  // biome-ignore lint/correctness/useExhaustiveDependencies: signIn is this render's; the listener is set up once
  useEffect(() => {
    const takeLink = () => {
      const fromLink = takeCredentialFromLink();
      if (!fromLink) return;
      setCredential(fromLink);
      void signIn(fromLink);
    };
    takeLink();
    addEventListener('hashchange', takeLink);
    return () => removeEventListener('hashchange', takeLink);
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await signIn(credential.trim());
  }

  async function signIn(value: string) {
    if (!value) {
      setError('Paste an API key or a token first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await runQuery(value, CheckCredential, {});
      onSignedIn(value);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), 0, null);
      setError(`Sign-in failed: ${err.message}${err.code ? ` (${err.code})` : ''}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>FlexTime</h1>
      <p>
        Sign in with an API key or a token (JWT). <code>npm start</code> prints where its local admin key is.
      </p>
      <form onSubmit={submit}>
        <label htmlFor="credential">API key or token</label>
        <input
          id="credential"
          type="password"
          autoComplete="off"
          value={credential}
          onChange={(e) => setCredential(e.target.value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </main>
  );
}
