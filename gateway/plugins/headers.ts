// Header propagation: the headers a subgraph needs from the caller (auth, tenant, request id) travel with every
// subgraph fetch of the operation. Everything else the caller sent stays at the gateway.
import { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER } from './request-id.ts';

/** Headers copied from the incoming request onto every subgraph request. */
export const PROPAGATED_HEADERS = ['authorization', 'x-conference-id', REQUEST_ID_HEADER] as const;

export type IncomingHeaders = Record<string, string | string[] | undefined>;

/** The subset of incoming headers to forward, with the request id the gateway settled on. */
export function propagatedHeaders(incoming: IncomingHeaders, requestId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PROPAGATED_HEADERS) {
    const raw = incoming[name] ?? findCaseInsensitive(incoming, name);
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    if (value !== undefined && value !== '') out[name] = value;
  }
  out[REQUEST_ID_HEADER] = requestId;
  return out;
}

function findCaseInsensitive(headers: IncomingHeaders, name: string): string | string[] | undefined {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

/**
 * A tenant header that is not a positive integer conference id: refused at the gateway (400, BAD_USER_INPUT) before
 * any subgraph is called, as each subgraph would refuse it (subgraphs/kit/context.ts tenantFrom).
 */
export function invalidTenantHeader(incoming: IncomingHeaders): GraphQLError | null {
  const raw = incoming['x-conference-id'] ?? findCaseInsensitive(incoming, 'x-conference-id');
  const value = (Array.isArray(raw) ? raw.join(', ') : raw)?.trim();
  if (value === undefined || value === '') return null;
  if (/^[1-9]\d{0,9}$/.test(value) && Number(value) <= 2_147_483_647) return null;
  return new GraphQLError(
    `Invalid header "x-conference-id": must be a positive integer conference id, got "${value}"`,
    {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'x-conference-id', http: { status: 400 } },
    },
  );
}
