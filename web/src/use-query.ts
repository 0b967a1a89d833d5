// One hook for every view: runs a typed operation when its variables change; loading, data and a specific error.
import { useEffect, useState } from 'react';
import { ApiError, runQuery } from './api.ts';
import type { TypedDocumentString } from './gql/graphql.ts';

export type QueryState<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'done'; data: T };

export function useQuery<TResult, TVariables>(
  credential: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): QueryState<TResult> {
  const [state, setState] = useState<QueryState<TResult>>({ status: 'loading' });
  const key = JSON.stringify(variables);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the variables are compared by value (key)
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
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
  }, [credential, document, key]);
  return state;
}
