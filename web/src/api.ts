// The workspace's only way to the server: GraphQL operations (typed by the generated documents) and REST v2 downloads,
// both on this origin with the signed-in credential.
import { authHeaders } from './credential.ts';
import type { TypedDocumentString } from './gql/graphql.ts';

/** A failed request, with the server's own words and code so the view can say what went wrong. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
  }
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export async function runQuery<TResult, TVariables>(
  credential: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders(credential) },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch (error) {
    throw new ApiError(`The server could not be reached (${(error as Error).message})`, 0, 'NETWORK');
  }
  let body: GraphQLBody<TResult>;
  try {
    body = (await response.json()) as GraphQLBody<TResult>;
  } catch {
    throw new ApiError(
      `The server answered ${response.status} ${response.statusText} without JSON`,
      response.status,
      null,
    );
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, response.status, first.extensions?.code ?? null);
  if (!body.data) throw new ApiError(`The server answered ${response.status} with no data`, response.status, null);
  return body.data;
}

/** Downloads a REST export (ICS, CSV) with the credential and hands it to the browser as a file. */
export async function download(credential: string, path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: authHeaders(credential) });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string; code?: string } | null;
    throw new ApiError(body?.message ?? `Download failed: ${response.status}`, response.status, body?.code ?? null);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
