// The subgraphs' side of the trust between FlexTime's own processes (the mirror of gateway/auth/internal.ts; the
// claim names are the contract between the two). A subgraph answers only requests carrying the gateway's signed,
// short-lived statement of the caller (`x-flextime-principal`, HS256 under FLEXTIME_INTERNAL_SECRET, issuer
// flextime-gateway, audience flextime-subgraphs); the tenant, roles and subject come from it and nothing else.
// The gateway reuses a principal's statement for half its life, so a verified statement is remembered (bounded, its
// expiry checked on every use): a map lookup per request instead of a WebCrypto round trip.
// Workers and event consumers call the gateway with a service credential of their own (signServiceCredential).
import type { FastifyInstance } from 'fastify';
import { jwtVerify, SignJWT } from 'jose';

/** Request headers as Node and Fastify hand them over. */
export type Headers = Record<string, string | string[] | undefined>;

export const STATEMENT_HEADER = 'x-flextime-principal';
const STATEMENT = { issuer: 'flextime-gateway', audience: 'flextime-subgraphs' } as const;
const SERVICE = { issuer: 'flextime-service', audience: 'flextime-gateway' } as const;
const SERVICE_CREDENTIAL_SECONDS = 60;

/** Who the gateway says is calling. */
export interface SubgraphPrincipal {
  kind: string;
  subject: string;
  /** The tenant (app.conference_id); null = operator, only ever an admin. */
  conferenceId: number | null;
  /** Roles expanded (admin → viewer, scheduler, admin) plus extra scopes (dev): what @requiresScopes checks. */
  scopes: readonly string[];
  requestId: string | undefined;
}

export function internalKey(secret: string | undefined = process.env.FLEXTIME_INTERNAL_SECRET): Uint8Array {
  if (!secret) {
    throw new Error(
      'FLEXTIME_INTERNAL_SECRET is not set: subgraphs accept only calls the gateway signed with it (npm start generates one per data directory)',
    );
  }
  if (secret.length < 32) throw new Error('FLEXTIME_INTERNAL_SECRET must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

/** Why a request was refused (the message the caller gets, UNAUTHENTICATED / 401). */
export class UnauthenticatedError extends Error {}

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const VERIFIED_CACHE_SIZE = 1000;

/** Statements one subgraph server has verified: token → principal and expiry (ms since the epoch). */
export type VerifiedStatements = Map<string, { principal: Omit<SubgraphPrincipal, 'requestId'>; expiresAt: number }>;

/** Verifies the gateway's statement on a request; throws UnauthenticatedError saying what is wrong. */
export async function verifyStatement(
  headers: Headers,
  key: Uint8Array,
  verified: VerifiedStatements = new Map(),
): Promise<SubgraphPrincipal> {
  const token = header(headers, STATEMENT_HEADER);
  if (!token)
    throw new UnauthenticatedError('This service answers only the gateway: no signed statement of the caller');
  const requestId = header(headers, 'x-request-id');
  const known = verified.get(token);
  if (known && known.expiresAt > Date.now()) return { ...known.principal, requestId };
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      ...STATEMENT,
      requiredClaims: ['sub', 'exp'],
    }));
  } catch {
    throw new UnauthenticatedError('The statement of the caller is not valid (bad signature, expired or malformed)');
  }
  const conf = payload.conf;
  const scopes = Array.isArray(payload.scopes) ? payload.scopes.filter((s): s is string => typeof s === 'string') : [];
  if (conf !== null && !(typeof conf === 'number' && Number.isSafeInteger(conf) && conf > 0)) {
    throw new UnauthenticatedError('The statement of the caller names no valid conference');
  }
  if (conf === null && !scopes.includes('admin')) {
    throw new UnauthenticatedError('Only an admin may act across conferences');
  }
  const principal = {
    kind: typeof payload.kind === 'string' ? payload.kind : 'unknown',
    subject: String(payload.sub),
    conferenceId: conf,
    scopes,
  };
  verified.set(token, { principal, expiresAt: Number(payload.exp) * 1000 });
  if (verified.size > VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
  return { ...principal, requestId };
}

declare module 'fastify' {
  interface FastifyRequest {
    subgraphPrincipal: SubgraphPrincipal | null;
  }
}

/**
 * Every /graphql request of this subgraph must carry a valid statement: otherwise 401 with a GraphQL error
 * UNAUTHENTICATED, before Apollo Server reads the body. /health and /ready stay open.
 */
export function requireGatewayStatement(app: FastifyInstance, key: Uint8Array): void {
  const verified: VerifiedStatements = new Map();
  app.decorateRequest('subgraphPrincipal', null);
  app.addHook('onRequest', async (request, reply) => {
    const path = (request.raw.url ?? '').split('?')[0];
    if (path !== '/graphql' || request.method === 'OPTIONS') return;
    try {
      request.subgraphPrincipal = await verifyStatement(request.headers, key, verified);
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      return reply
        .code(401)
        .type('application/json; charset=utf-8')
        .send({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });
}

/**
 * bench:federation's baseline only (StartOptions.benchmarkWithoutVerification): every caller is the same principal, of
 * `conferenceId` (null: the operator), so the baseline reads what the authenticated run reads.
 */
export function trustEveryCaller(app: FastifyInstance, conferenceId: number | null): void {
  const operator: SubgraphPrincipal = {
    kind: 'benchmark-baseline',
    subject: 'benchmark-baseline',
    conferenceId,
    scopes: ['viewer', 'scheduler', 'admin'],
    requestId: undefined,
  };
  app.decorateRequest('subgraphPrincipal', null);
  app.addHook('onRequest', async (request) => {
    request.subgraphPrincipal = operator;
  });
}

/**
 * A FlexTime service's own credential for calling the gateway (Authorization: Bearer …), acting for one conference
 * (scheduler: it reads and validates) or, with tenant null, across conferences (admin).
 */
export function signServiceCredential(service: string, tenant: number | null, key: Uint8Array): Promise<string> {
  const scopes = tenant === null ? ['viewer', 'scheduler', 'admin'] : ['viewer', 'scheduler'];
  return new SignJWT({ conf: tenant, scopes })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(SERVICE.issuer)
    .setAudience(SERVICE.audience)
    .setSubject(`service:${service}`)
    .setIssuedAt()
    .setExpirationTime(`${SERVICE_CREDENTIAL_SECONDS}s`)
    .sign(key);
}

/** A statement as the gateway would sign it: for tests and tools that call one subgraph directly. */
export function signStatement(
  principal: { subject: string; conferenceId: number | null; scopes: readonly string[] },
  key: Uint8Array,
  expiresIn = '60s',
): Promise<string> {
  return new SignJWT({
    conf: principal.conferenceId,
    scopes: [...principal.scopes],
    kind: 'direct',
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(STATEMENT.issuer)
    .setAudience(STATEMENT.audience)
    .setSubject(principal.subject)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}
