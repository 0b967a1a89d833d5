// Loading and error notices shared by the views: an error names what failed, the server's message and its code.
import type { ApiError } from '../api.ts';

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function ErrorNotice({ what, error }: { what: string; error: ApiError }) {
  return (
    <p role="alert" className="error">
      Could not load {what}: {error.message}
      {error.code ? ` (${error.code})` : ''}
    </p>
  );
}
