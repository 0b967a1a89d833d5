// The gateway's side of the trust between FlexTime's own processes, both HS256 JWTs under one secret
// (FLEXTIME_INTERNAL_SECRET) told apart by issuer and audience, so neither can be replayed as the other:
// - the statement: the gateway tells a subgraph who the caller is (subject, conference, scopes), on every subgraph
//   fetch, in the `x-flextime-principal` header, valid for STATEMENT_SECONDS. It names no request (the request id
//   travels as x-request-id, for logs), so one statement serves a principal's requests for half its life: signing
//   (and, in the subgraphs, verifying) costs a map lookup per request instead of a WebCrypto round trip;
// - the service credential: a worker or event consumer (subgraphs/kit/auth.ts signs it) calls the gateway as
//   `service:<name>` for one conference (Authorization: Bearer …).
// subgraphs/kit/auth.ts holds the mirror image; the claim names below are the contract between the two.
import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { verifyCalendarToken } from './calendar-token.ts';
import type { Principal } from './principal.ts';
import { effectiveScopes } from './principal.ts';
import { DEV_SCOPE, expandRole, highestRole } from './roles.ts';

export const STATEMENT_HEADER = 'x-flextime-principal';
export const STATEMENT_ISSUER = 'flextime-gateway';
export const STATEMENT_AUDIENCE = 'flextime-subgraphs';
export const SERVICE_ISSUER = 'flextime-service';
export const SERVICE_AUDIENCE = 'flextime-gateway';
const STATEMENT_SECONDS = 60;
/**
 * The claim that marks a service credential vouching for a caller outside FlexTime (a calendar link): it runs only the
 * manifest's trusted documents, like that caller would, never ad-hoc ones.
 */
const TRUSTED_DOCUMENTS_ONLY_CLAIM = 'trusted_documents_only';
/** A cached statement is handed out while it has at least this long left to live. */
const STATEMENT_REUSE_SECONDS = 30;
/** Principals whose statements are kept (the least recently signed are dropped first). */
const STATEMENT_CACHE_SIZE = 1000;

/** The secret's minimum length (HS256: at least 256 bits of key material). */
export const MIN_INTERNAL_SECRET_LENGTH = 32;

export function internalSecretFrom(value: string | undefined, where = 'FLEXTIME_INTERNAL_SECRET'): Uint8Array {
  if (!value) {
    throw new Error(
      `${where} is not set: the gateway signs every subgraph call with it (npm start generates one per data directory)`,
    );
  }
  if (value.length < MIN_INTERNAL_SECRET_LENGTH) throw new Error(`${where} must be at least 32 characters`);
  return new TextEncoder().encode(value);
}

export class InternalSigner {
  private readonly statements = new Map<string, { token: Promise<string>; reuseUntil: number }>();

  constructor(private readonly key: Uint8Array) {}

  /** A short-lived statement of `principal` for the subgraphs (the same one for STATEMENT_REUSE_SECONDS). */
  statement(principal: Principal): Promise<string> {
    const scopes = effectiveScopes(principal);
    const cacheKey = [principal.kind, principal.subject, principal.conferenceId ?? '*', scopes.join(' ')].join(
      '\u0000',
    );
    const now = Date.now();
    const cached = this.statements.get(cacheKey);
    if (cached && cached.reuseUntil > now) return cached.token;
    const token = new SignJWT({ conf: principal.conferenceId, scopes, kind: principal.kind })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(STATEMENT_ISSUER)
      .setAudience(STATEMENT_AUDIENCE)
      .setSubject(principal.subject)
      .setIssuedAt()
      .setExpirationTime(`${STATEMENT_SECONDS}s`)
      .sign(this.key);
    this.statements.delete(cacheKey);
    this.statements.set(cacheKey, { token, reuseUntil: now + STATEMENT_REUSE_SECONDS * 1000 });
    if (this.statements.size > STATEMENT_CACHE_SIZE)
      this.statements.delete(this.statements.keys().next().value as string);
    token.catch(() => this.statements.delete(cacheKey));
    return token;
  }

  /** Whether a bearer token claims to be a FlexTime service credential (checked properly by verifyService). */
  static looksLikeService(token: string): boolean {
    try {
      return decodeJwt(token).iss === SERVICE_ISSUER;
    } catch {
      return false;
    }
  }

  /** Verifies a calendar link's token (calendar-token.ts); throws when it is tampered with, expired or foreign. */
  calendarFeed(token: string): Principal {
    return verifyCalendarToken(token, this.key);
  }

  /**
   * A read-only service credential (what verifyService accepts, 60 s) acting for a caller that has no credential another
   * gateway accepts: a calendar link's principal, whose token opens the feed path of this process only. The REST shim
   * sends it to the gateway at GATEWAY_URL in place of the caller's headers. It gets no `dev` scope there: in
   * production it runs the feed's listed operation and nothing else.
   */
  serviceCredentialFor(principal: Principal): Promise<string> {
    if (principal.kind !== 'calendar' || principal.conferenceId === null)
      throw new Error('only a calendar link of one conference is vouched for by a service credential');
    return new SignJWT({ conf: principal.conferenceId, scopes: ['viewer'], [TRUSTED_DOCUMENTS_ONLY_CLAIM]: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(SERVICE_ISSUER)
      .setAudience(SERVICE_AUDIENCE)
      .setSubject(`service:${principal.subject}`)
      .setIssuedAt()
      .setExpirationTime(`${STATEMENT_SECONDS}s`)
      .sign(this.key);
  }

  /** Verifies a service credential; throws (jose's errors) when it is not one of ours, expired or malformed. */
  async verifyService(token: string): Promise<Principal> {
    const { payload } = await jwtVerify(token, this.key, {
      algorithms: ['HS256'],
      issuer: SERVICE_ISSUER,
      audience: SERVICE_AUDIENCE,
      requiredClaims: ['sub', 'exp'],
    });
    const scopes = Array.isArray(payload.scopes)
      ? payload.scopes.filter((s): s is string => typeof s === 'string')
      : [];
    const role = highestRole(scopes);
    const conf = payload.conf;
    if (!role || !String(payload.sub).startsWith('service:')) throw new Error('service credential without a role');
    if (conf !== null && !(typeof conf === 'number' && Number.isSafeInteger(conf) && conf > 0)) {
      throw new Error('service credential with an invalid conference');
    }
    if (conf === null && role !== 'admin') throw new Error('an operator service credential must be admin');
    return {
      kind: 'service',
      subject: String(payload.sub),
      conferenceId: conf,
      roles: expandRole(role),
      // FlexTime's own services run their own documents (not in the REST manifest) even in production; a credential
      // vouching for an outside caller does not.
      extraScopes: payload[TRUSTED_DOCUMENTS_ONLY_CLAIM] === true ? [] : [DEV_SCOPE],
      scopes: null,
    };
  }
}
