// The Idempotency-Key header (IETF draft "The Idempotency-Key HTTP Header Field": an opaque string the client makes
// unique per request, e.g. a UUID, sent as a structured-field string `"…"` or bare) and the errors a keyed request can
// meet. The gateway forwards the header to the subgraphs unchanged; each subgraph checks it here.
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { variablesDigest } from '../audit.ts';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const MAX_KEY_LENGTH = 255;
/** How long a key is remembered (FLEXTIME_IDEMPOTENCY_TTL_HOURS, default 24). */
const DEFAULT_TTL_HOURS = 24;

export const IDEMPOTENCY_CODES = {
  invalid: 'IDEMPOTENCY_KEY_INVALID',
  inUse: 'IDEMPOTENCY_KEY_IN_USE',
  reused: 'IDEMPOTENCY_KEY_REUSED',
  notSupported: 'IDEMPOTENCY_KEY_NOT_SUPPORTED',
} as const;

/**
 * The key of a request's header; undefined when absent. A value that is empty, longer than 255 characters, not
 * printable ASCII, or sent twice is refused (IDEMPOTENCY_KEY_INVALID): a key the server cannot honour must not be
 * silently ignored, or the client would believe its retries safe.
 */
export function idempotencyKeyOf(header: string | string[] | null | undefined): string | undefined {
  if (header === undefined || header === null) return undefined;
  if (Array.isArray(header)) {
    if (header.length !== 1) throw invalidKey('send one Idempotency-Key header, not several');
    return idempotencyKeyOf(header[0]);
  }
  let key = header.trim();
  if (key.startsWith('"') && key.endsWith('"') && key.length >= 2) key = key.slice(1, -1);
  if (key.length === 0) throw invalidKey('the Idempotency-Key header is empty');
  if (key.length > MAX_KEY_LENGTH) throw invalidKey(`an Idempotency-Key has at most ${MAX_KEY_LENGTH} characters`);
  if (!/^[\x20-\x7e]+$/.test(key) || key.includes('"') || key.includes(','))
    throw invalidKey('an Idempotency-Key is printable ASCII without quotes or commas (a UUID is a good key)');
  return key;
}

/** sha256 of what the request asks for: the operation's text and name and its variables (canonical JSON). */
export function requestSha256(source: string, operationName: string | null | undefined, variables?: object): string {
  return createHash('sha256')
    .update(`${operationName ?? ''}\u0000${source}\u0000${variablesDigest(variables as Record<string, unknown>)}`)
    .digest('hex');
}

export function idempotencyTtlSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FLEXTIME_IDEMPOTENCY_TTL_HOURS;
  if (raw === undefined || raw === '') return DEFAULT_TTL_HOURS * 3600;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours <= 0)
    throw new Error(`FLEXTIME_IDEMPOTENCY_TTL_HOURS must be a positive number of hours (got '${raw}')`);
  return Math.round(hours * 3600);
}

function invalidKey(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: IDEMPOTENCY_CODES.invalid } });
}

export function keyInUse(): GraphQLError {
  return new GraphQLError(
    'A request with this Idempotency-Key is still running; retry once it has finished (the same key is safe)',
    { extensions: { code: IDEMPOTENCY_CODES.inUse } },
  );
}

export function keyReused(): GraphQLError {
  return new GraphQLError(
    'This Idempotency-Key was used for a different request (another operation or other variables); use a new key',
    { extensions: { code: IDEMPOTENCY_CODES.reused } },
  );
}

/** A keyed mutation reached outside this service's database while it ran (another service, the job queue). */
export function keyNotSupported(what: string): GraphQLError {
  return new GraphQLError(
    `This mutation ${what} while it runs, which one database transaction cannot cover: it accepts no ` +
      'Idempotency-Key. Nothing was written; send it without the header',
    { extensions: { code: IDEMPOTENCY_CODES.notSupported } },
  );
}
