// One hook for every view: runs a typed operation when its variables change; loading, data and a specific error.
import { useEffect, useState } from 'react';
import { ApiError, runQuery } from './api.ts';
import type { TypedDocumentString } from './gql/graphql.ts';

type Outcome<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'done'; data: T };

/** The outcome, and reload() to run the operation again after a change the view made. */
export type QueryState<T> = Outcome<T> & { reload(): void };

export function useQuery<TResult, TVariables>(
  credential: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): QueryState<TResult> {
  const [state, setState] = useState<Outcome<TResult>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  const key = JSON.stringify(variables);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the variables are compared by value (key)
  useEffect(() => {
    let live = true;
    if (round === 0) setState({ status: 'loading' });
    runQuery(credential, document, variables).then(
      (data) => live && setState({ status: 'done', data }),
      (error: unknown) =>
        live &&
        setState({
          status: 'error',
          error: error instanceof ApiError ? error : new ApiError(String(error), 0, null),
        }),
    );
    return () => {
      live = false;
    };
  }, [credential, document, key, round]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}
