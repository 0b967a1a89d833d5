// The credentials the gateway accepts, from the environment: API keys (stored only as SHA-256 hashes, each bound to
// a conference and a role) and JWTs (jose: an HS* shared secret or a public key, optional issuer and audience).
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { DEV_SCOPE, expandRole, isRole, type Role } from './roles.ts';

export interface ApiKeyEntry {
  /** Conference the key is bound to; null = every conference (operator key, written `*`, always admin). */
  conferenceId: number | null;
  /** The key's role, expanded (see roles.ts). */
  roles: Role[];
  /** `dev` when the entry says `+dev`. */
  extraScopes: string[];
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

/**
 * Role of an entry written the old way (`<hash>:<conference>`, before roles existed): a conference key keeps the
 * write access it always had (scheduler), an operator key (`*`) is admin.
 */
export function defaultKeyRole(conferenceId: number | null): Role {
  return conferenceId === null ? 'admin' : 'scheduler';
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

const ENTRY_FORMAT = '<sha256-hex-of-key>:<conference_id|*>[:<viewer|scheduler|admin>[+dev]]';

/** Parses a role field `scheduler` or `admin+dev`; throws naming the entry. */
export function parseRoleField(field: string, where: string): { role: Role; extraScopes: string[] } {
  const [role, ...extras] = field.split('+');
  if (!role || !isRole(role)) throw new Error(`${where}: role '${field}' must be viewer, scheduler or admin`);
  for (const e of extras) if (e !== DEV_SCOPE) throw new Error(`${where}: unknown scope '+${e}' (only +dev)`);
  return { role, extraScopes: extras };
}

/** Parses `FLEXTIME_API_KEYS`: comma-separated ENTRY_FORMAT (the role is optional: see defaultKeyRole). */
export function parseApiKeys(spec: string | undefined): Map<string, ApiKeyEntry> {
  const keys = new Map<string, ApiKeyEntry>();
  for (const raw of (spec ?? '').split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const [hash, conference, roleField, ...rest] = item.split(':');
    if (rest.length || !/^[0-9a-fA-F]{64}$/.test(hash ?? '') || !conference) {
      throw new Error(
        `FLEXTIME_API_KEYS: entry '${item.slice(0, 12)}…' must be ${ENTRY_FORMAT} (the key itself never goes in the environment)`,
      );
    }
    const where = `FLEXTIME_API_KEYS: key ${hash.slice(0, 8)}…`;
    let conferenceId: number | null = null;
    if (conference !== '*') {
      if (!/^[1-9][0-9]{0,9}$/.test(conference))
        throw new Error(`${where}: conference '${conference}' is not a positive id`);
      conferenceId = Number(conference);
    }
    const { role, extraScopes } =
      roleField === undefined
        ? { role: defaultKeyRole(conferenceId), extraScopes: [] }
        : parseRoleField(roleField, where);
    if (conferenceId === null && role !== 'admin') {
      throw new Error(
        `${where}: an operator key (*) reads across conferences, which only admin may; bind it to a conference`,
      );
    }
    keys.set(hash.toLowerCase(), {
      conferenceId,
      roles: expandRole(role),
      extraScopes,
      label: hash.slice(0, 8).toLowerCase(),
    });
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
