// One authentication for every door of the gateway: `X-API-Key`, `Authorization: Bearer <JWT>` (a user's token, or a
// FlexTime service's own credential). Missing, unknown, malformed, expired, wrong-issuer or wrong-audience → AuthError
// 401; a token that binds no conference (or an operator token that is not admin) → 403.
import { errors as joseErrors, jwtVerify } from 'jose';
import { CalendarTokenError } from './calendar-token.ts';
import { type AuthOptions, hashApiKey, type JwtOptions } from './credentials.ts';
import { InternalSigner } from './internal.ts';
import type { Principal } from './principal.ts';
import { DEV_SCOPE, expandRole, highestRole, isRole, type Role } from './roles.ts';

/** A failed authentication; each door answers it in its own shape (GraphQL UNAUTHENTICATED, legacy REST body). */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
    readonly code: string,
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

export type IncomingHeaders = Record<string, string | string[] | undefined>;

function header(headers: IncomingHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseConference(value: unknown): number | null | undefined {
  if (value === '*') return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^[1-9][0-9]{0,9}$/.test(value)) return Number(value);
  return undefined;
}

/** Legacy scope words and their roles (tokens minted before roles existed). */
const LEGACY_SCOPES: Record<string, Role> = { read: 'viewer', write: 'scheduler', 'flextime:write': 'scheduler' };

function words(claim: unknown): string[] | null {
  if (typeof claim === 'string') return claim.split(/\s+/).filter(Boolean);
  if (Array.isArray(claim)) return claim.filter((s): s is string => typeof s === 'string');
  return null;
}

/**
 * A JWT's role: the highest of its `roles`/`role` claim and its `scope`/`scopes` words (`viewer`, `scheduler`, `admin`,
 * `flextime:<role>`, legacy `read`/`write`). A token that states none is a viewer.
 */
function rolesOfToken(payload: Record<string, unknown>): {
  role: Role;
  extraScopes: string[];
  scopes: string[] | null;
} {
  const scopes = words(payload.scope ?? payload.scopes);
  const stated = [...(words(payload.roles ?? payload.role) ?? []), ...(scopes ?? [])].map((w) =>
    w.startsWith('flextime:') && isRole(w.slice(9)) ? w.slice(9) : (LEGACY_SCOPES[w] ?? w),
  );
  const extraScopes = stated.includes(DEV_SCOPE) ? [DEV_SCOPE] : [];
  return { role: highestRole(stated) ?? 'viewer', extraScopes, scopes };
}

async function verifyUserToken(token: string, jwt: JwtOptions): Promise<Principal> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, jwt.key, {
      algorithms: jwt.algorithms,
      issuer: jwt.issuer,
      audience: jwt.audience,
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired)
      throw new AuthError(401, 'Token expired', 'TOKEN_EXPIRED', { header: 'Authorization' });
    if (err instanceof joseErrors.JWTClaimValidationFailed) {
      // wrong issuer or audience: say which claim, never what was expected
      throw new AuthError(401, `Invalid token: '${err.claim}' claim rejected`, 'INVALID_TOKEN', {
        header: 'Authorization',
        claim: err.claim,
      });
    }
    throw new AuthError(401, 'Invalid token', 'INVALID_TOKEN', { header: 'Authorization' });
  }
  const conferenceId = parseConference(payload[jwt.conferenceClaim]);
  if (conferenceId === undefined) {
    throw new AuthError(
      403,
      `Token has no valid '${jwt.conferenceClaim}' claim binding it to a conference`,
      'TENANT_REQUIRED',
      {
        claim: jwt.conferenceClaim,
      },
    );
  }
  const { role, extraScopes, scopes } = rolesOfToken(payload);
  if (conferenceId === null && role !== 'admin') {
    throw new AuthError(403, 'A token for every conference (*) must carry the admin role', 'FORBIDDEN', {
      claim: jwt.conferenceClaim,
    });
  }
  return {
    kind: 'jwt',
    subject: typeof payload.sub === 'string' ? payload.sub : 'jwt',
    conferenceId,
    roles: expandRole(role),
    extraScopes,
    scopes,
  };
}

/** Resolves the caller from the request headers, or throws an AuthError. */
export async function authenticate(
  headers: IncomingHeaders,
  opts: AuthOptions,
  internal: InternalSigner | null = null,
): Promise<Principal> {
  const apiKey = header(headers, 'x-api-key');
  const authorization = header(headers, 'authorization');
  if (apiKey !== undefined) {
    const entry = apiKey ? opts.apiKeys.get(hashApiKey(apiKey.trim())) : undefined;
    if (!entry) throw new AuthError(401, 'Invalid API key', 'INVALID_API_KEY', { header: 'X-API-Key' });
    return {
      kind: 'api-key',
      subject: `key:${entry.label}`,
      conferenceId: entry.conferenceId,
      roles: entry.roles,
      extraScopes: entry.extraScopes,
      scopes: null,
    };
  }
  if (authorization !== undefined) {
    const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization);
    if (!m) {
      throw new AuthError(401, 'Authorization header must be "Bearer <token>"', 'INVALID_TOKEN', {
        header: 'Authorization',
      });
    }
    if (internal && InternalSigner.looksLikeService(m[1])) {
      try {
        return await internal.verifyService(m[1]);
      } catch (err) {
        const code = err instanceof joseErrors.JWTExpired ? 'TOKEN_EXPIRED' : 'INVALID_TOKEN';
        throw new AuthError(401, 'Invalid service credential', code, { header: 'Authorization' });
      }
    }
    if (!opts.jwt) throw new AuthError(401, 'Bearer tokens are not accepted by this server', 'INVALID_TOKEN');
    return verifyUserToken(m[1], opts.jwt);
  }
  throw new AuthError(401, 'Authentication required: send X-API-Key or Authorization: Bearer <token>', 'AUTH_REQUIRED');
}

/** A calendar link's token (the feed path only, see door.ts) → its read-only principal, or AuthError 401. */
export function authenticateCalendarFeed(token: string, internal: InternalSigner): Principal {
  try {
    return internal.calendarFeed(token);
  } catch (err) {
    if (err instanceof CalendarTokenError) throw new AuthError(401, err.message, err.code);
    throw err;
  }
}
