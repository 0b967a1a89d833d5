// GraphQL over HTTP for tests that send what a client might (raw bodies, odd content types, GET) to the gateway or
// straight to a subgraph: one place to add credentials when every door requires them.
import { withCredentials, withStatement } from './auth.ts';
import type { Json } from './stack.ts';

export interface GraphQLHttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: Json;
  text: string;
}

export interface GraphQLHttpOptions {
  method?: 'GET' | 'POST';
  /** Sent as the JSON body (POST) or as query-string parameters (GET). */
  body?: { query?: string; variables?: Record<string, unknown>; operationName?: string } | unknown[];
  /** Sent as is instead of `body`. */
  rawBody?: string;
  /** Content type of a POST; null sends none. Default application/json. */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Send exactly `headers`: no credential or statement added (tests about the door itself). */
  bare?: boolean;
}

export async function graphqlHttp(url: string, opts: GraphQLHttpOptions = {}): Promise<GraphQLHttpResponse> {
  const method = opts.method ?? 'POST';
  // Every door wants a credential: the gateway a key or token, a subgraph the gateway's statement. Both are added (each
  // door ignores the other's, and the gateway drops a client-sent statement), unless the test sends its own.
  const given = opts.headers ?? {};
  const headers: Record<string, string> = opts.bare ? { ...given } : await withStatement(await withCredentials(given));
  let target = url;
  let payload: Blob | undefined;
  if (method === 'GET') {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.body ?? {})) params.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    target = `${url}?${params}`;
  } else {
    // a Blob without a type makes fetch send no content type of its own
    payload = new Blob([opts.rawBody ?? JSON.stringify(opts.body ?? {})]);
    const contentType = opts.contentType === undefined ? 'application/json' : opts.contentType;
    if (contentType !== null) headers['content-type'] = contentType;
  }
  const res = await fetch(target, { method, headers, body: payload });
  const text = await res.text();
  let body: Json = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, body, text };
}
