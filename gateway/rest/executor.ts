// Where the REST shim's operations run — the one seam between the shim and a supergraph:
// - in process (the default, `npm start`): the gateway's own execute(), through the same plugins as /graphql;
// - over HTTP (GATEWAY_URL): POST to a supergraph endpoint — another FlexTime gateway, Hive Gateway or Apollo Router —
//   with the caller's own credential, so the endpoint authenticates the caller itself and the tenant still comes from
//   the credential only. A calendar link (no header) is vouched for with a read-only service credential instead.
import { Agent } from 'undici';
import type { InternalSigner } from '../auth/index.ts';
import { RestError } from './errors.ts';
import type { ExecuteFn, GraphQLResult } from './types.ts';

/** The request headers that carry a caller's credential, forwarded as they came. */
export const CREDENTIAL_HEADERS = ['authorization', 'x-api-key'] as const;

/** The credential headers of an incoming request (only those), for an executor that forwards them. */
export function credentialOf(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CREDENTIAL_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

export interface HttpExecutor {
  execute: ExecuteFn;
  close(): Promise<void>;
}

export interface HttpExecutorOptions {
  connections?: number;
  /**
   * Signs the service credential sent for a calendar link's caller (FLEXTIME_INTERNAL_SECRET): the link's token is a
   * credential on this process's feed path only. Without it the remote gateway answers such calls 401.
   */
  signer?: InternalSigner;
}

/** Operations over HTTP to `url` (a supergraph's /graphql), keep-alive connections, JSON in and out. */
export function httpExecutor(url: string, opts: HttpExecutorOptions = {}): HttpExecutor {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new Error(`GATEWAY_URL must be an http(s) URL of a GraphQL endpoint, got '${url}'`);
  const dispatcher = new Agent({ connections: opts.connections ?? 64, keepAliveTimeout: 30_000 });
  const credentialOfCaller = async (caller: Parameters<ExecuteFn>[2]): Promise<Record<string, string>> => {
    // the link is the caller even when headers came along: the door authenticated the link, not them
    if (caller.principal.kind === 'calendar')
      return opts.signer ? { authorization: `Bearer ${await opts.signer.serviceCredentialFor(caller.principal)}` } : {};
    return caller.credential ?? {};
  };
  const execute: ExecuteFn = async (operation, variables, caller) => {
    const res = await fetch(target, {
      method: 'POST',
      headers: {
        ...(await credentialOfCaller(caller)),
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        'x-request-id': caller.requestId,
        ...(caller.idempotencyKey === undefined ? {} : { 'idempotency-key': caller.idempotencyKey }),
      },
      body: JSON.stringify({ query: operation, variables }),
      // @ts-expect-error undici's fetch takes a dispatcher (Node's global fetch is undici's)
      dispatcher,
    });
    const text = await res.text();
    // the remote gateway's rate limit (it counts REST calls there): 429 with its Retry-After, as the local door would
    if (res.status === 429) {
      const seconds = Math.max(1, Number(res.headers.get('retry-after')) || 1);
      throw new RestError(429, `Rate limit exceeded; retry in ${seconds} s`, {
        code: 'RATE_LIMITED',
        details: { retry_after_seconds: seconds },
      });
    }
    let body: GraphQLResult;
    try {
      body = JSON.parse(text) as GraphQLResult;
    } catch {
      throw new Error(`the gateway at ${target.origin} answered HTTP ${res.status} without a GraphQL body`);
    }
    if (!body || typeof body !== 'object' || (!('data' in body) && !Array.isArray(body.errors)))
      throw new Error(`the gateway at ${target.origin} answered HTTP ${res.status} without data or errors`);
    return { data: body.data, errors: body.errors };
  };
  return { execute, close: () => dispatcher.close() };
}
