// Authentication for the REST shim: `X-API-Key` (keys stored only as SHA-256 hashes, each bound to a
// conference = tenant) or `Authorization: Bearer <JWT>` (jose; HS* shared secret or a public key).
// Missing, unknown, malformed or expired credentials → 401 in the legacy error shape.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import { RestError } from './errors.ts';
import type { Principal } from './types.ts';

export interface ApiKeyEntry {
  /** Conference the key is bound to; null = every conference (operator key, written `*`). */
  conferenceId: number | null;
  /** First characters of the hash, for logs (never the key). */
  label: string;
}

export interface JwtOptions {
  key: Uint8Array | KeyObject;
  algorithms: string[];
  issuer?: string;
  audience?: string;
  /** Claim carrying the conference id (default `conference_id`; `*` = every conference). */
  conferenceClaim: string;
}

export interface AuthOptions {
  /** sha256-hex(key) → entry */
  apiKeys: ReadonlyMap<string, ApiKeyEntry>;
  jwt: JwtOptions | null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Parses `FLEXTIME_API_KEYS`: comma-separated `<sha256-hex-of-key>:<conference_id|*>`. */
export function parseApiKeys(spec: string | undefined): Map<string, ApiKeyEntry> {
  const keys = new Map<string, ApiKeyEntry>();
  for (const raw of (spec ?? '').split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const [hash, conference, ...rest] = item.split(':');
    if (rest.length || !/^[0-9a-fA-F]{64}$/.test(hash ?? '') || !conference) {
      throw new Error(
        `FLEXTIME_API_KEYS: entry '${item.slice(0, 12)}…' must be <sha256-hex-of-key>:<conference_id|*> (the key itself never goes in the environment)`,
      );
    }
    let conferenceId: number | null = null;
    if (conference !== '*') {
      if (!/^[1-9][0-9]{0,9}$/.test(conference)) {
        throw new Error(
          `FLEXTIME_API_KEYS: conference '${conference}' for key ${hash.slice(0, 8)}… is not a positive id`,
        );
      }
      conferenceId = Number(conference);
    }
    keys.set(hash.toLowerCase(), { conferenceId, label: hash.slice(0, 8).toLowerCase() });
  }
  return keys;
}

/**
 * Auth settings from the environment:
 * - `FLEXTIME_API_KEYS` — see parseApiKeys;
 * - `FLEXTIME_JWT_SECRET` (HS256 unless `FLEXTIME_JWT_ALGORITHM`) or `FLEXTIME_JWT_PUBLIC_KEY` (PEM, RS256 unless
 *   `FLEXTIME_JWT_ALGORITHM`, e.g. ES256 / EdDSA); optional `FLEXTIME_JWT_ISSUER`, `FLEXTIME_JWT_AUDIENCE`,
 *   `FLEXTIME_JWT_CONFERENCE_CLAIM` (default `conference_id`).
 */
export function authOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): AuthOptions {
  const apiKeys = parseApiKeys(env.FLEXTIME_API_KEYS);
  let jwt: JwtOptions | null = null;
  const common = {
    issuer: env.FLEXTIME_JWT_ISSUER || undefined,
    audience: env.FLEXTIME_JWT_AUDIENCE || undefined,
    conferenceClaim: env.FLEXTIME_JWT_CONFERENCE_CLAIM || 'conference_id',
  };
  if (env.FLEXTIME_JWT_PUBLIC_KEY) {
    const pem = env.FLEXTIME_JWT_PUBLIC_KEY.replace(/\\n/g, '\n');
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new Error('FLEXTIME_JWT_PUBLIC_KEY is not a PEM public key');
    }
    jwt = { key, algorithms: [env.FLEXTIME_JWT_ALGORITHM || 'RS256'], ...common };
  } else if (env.FLEXTIME_JWT_SECRET) {
    if (env.FLEXTIME_JWT_SECRET.length < 32) throw new Error('FLEXTIME_JWT_SECRET must be at least 32 characters');
    jwt = {
      key: new TextEncoder().encode(env.FLEXTIME_JWT_SECRET),
      algorithms: [env.FLEXTIME_JWT_ALGORITHM || 'HS256'],
      ...common,
    };
  }
  return { apiKeys, jwt };
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const unauthorized = (message: string, code: string, details: Record<string, unknown> | null = null) =>
  new RestError(401, message, { code, details });

function parseConference(value: unknown): number | null | undefined {
  if (value === '*') return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^[1-9][0-9]{0,9}$/.test(value)) return Number(value);
  return undefined;
}

/** Resolves the caller from the request headers, or throws a 401/403 RestError. */
export async function authenticate(headers: Headers, opts: AuthOptions): Promise<Principal> {
  const apiKey = header(headers, 'x-api-key');
  const authorization = header(headers, 'authorization');
  if (apiKey !== undefined) {
    const entry = apiKey ? opts.apiKeys.get(hashApiKey(apiKey.trim())) : undefined;
    if (!entry) throw unauthorized('Invalid API key', 'INVALID_API_KEY', { header: 'X-API-Key' });
    return { kind: 'api-key', subject: `key:${entry.label}`, conferenceId: entry.conferenceId, scopes: null };
  }
  if (authorization !== undefined) {
    const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization);
    if (!m)
      throw unauthorized('Authorization header must be "Bearer <token>"', 'INVALID_TOKEN', { header: 'Authorization' });
    if (!opts.jwt) throw unauthorized('Bearer tokens are not accepted by this server', 'INVALID_TOKEN');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(m[1], opts.jwt.key, {
        algorithms: opts.jwt.algorithms,
        issuer: opts.jwt.issuer,
        audience: opts.jwt.audience,
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        throw unauthorized('Token expired', 'TOKEN_EXPIRED', { header: 'Authorization' });
      throw unauthorized('Invalid token', 'INVALID_TOKEN', { header: 'Authorization' });
    }
    const conferenceId = parseConference(payload[opts.jwt.conferenceClaim]);
    if (conferenceId === undefined) {
      throw new RestError(403, `Token has no valid '${opts.jwt.conferenceClaim}' claim binding it to a conference`, {
        code: 'TENANT_REQUIRED',
        details: { claim: opts.jwt.conferenceClaim },
      });
    }
    const scopeClaim = payload.scope ?? payload.scopes;
    const scopes =
      typeof scopeClaim === 'string'
        ? scopeClaim.split(/\s+/).filter(Boolean)
        : Array.isArray(scopeClaim)
          ? scopeClaim.filter((s): s is string => typeof s === 'string')
          : null;
    return { kind: 'jwt', subject: typeof payload.sub === 'string' ? payload.sub : 'jwt', conferenceId, scopes };
  }
  throw unauthorized('Authentication required: send X-API-Key or Authorization: Bearer <token>', 'AUTH_REQUIRED');
}

/** Write routes need the `write` scope when the token carries scopes at all (API keys: full access). */
export function assertCanWrite(principal: Principal): void {
  if (principal.scopes && !principal.scopes.includes('write') && !principal.scopes.includes('flextime:write')) {
    throw new RestError(403, 'This credential may only read', {
      code: 'FORBIDDEN',
      details: { required_scope: 'write' },
    });
  }
}

/** A caller bound to conference A may not name conference B. */
export function assertTenant(principal: Principal, conferenceId: number | undefined | null): void {
  if (conferenceId == null || principal.conferenceId === null) return;
  if (conferenceId !== principal.conferenceId) {
    throw new RestError(403, `Credential is not allowed to access conference ${conferenceId}`, {
      code: 'FORBIDDEN',
      details: { field: 'conference_id', conference_id: conferenceId },
    });
  }
}
