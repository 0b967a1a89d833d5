// Credentials for the test suites. Helpers authenticate by default so suites that are not about authentication keep
// calling /graphql, REST and the subgraphs as before: a request with no credential of its own goes as the operator
// (admin) key, and one that names `x-conference-id` goes with a scheduler credential of that conference (the header
// itself is dropped by the gateway). Suites about authentication pass credentials explicitly.
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import {
  type AuthOptions,
  expandRole,
  hashApiKey,
  InternalSigner,
  internalSecretFrom,
  MemoryRateLimitStore,
  type Principal,
  parseApiKeys,
  type Role,
  registerAuthentication,
} from '../../gateway/auth/index.ts';
import { internalKey, STATEMENT_HEADER, signStatement } from '../../subgraphs/kit/auth.ts';

/** The secret the test gateways sign subgraph calls with (the environment's, when set). */
export const INTERNAL_SECRET = process.env.FLEXTIME_INTERNAL_SECRET || 'test-internal-secret-0123456789abcdef-0123';
// services in the test process (workers, event consumers) sign their gateway calls with it too
process.env.FLEXTIME_INTERNAL_SECRET = INTERNAL_SECRET;

export const JWT_SECRET = 'rest-test-secret-0123456789abcdef-0123456789';

/**
 * Keys the test stacks accept: Big 12 (conference 1) and Mountain West (2) in the old format (scheduler), the
 * operator (* = admin), and one Big 12 key per role.
 */
export const KEYS = {
  big12: 'key-big12-test',
  mw: 'key-mw-test',
  operator: 'key-operator-test',
  big12Viewer: 'key-big12-viewer-test',
  big12Scheduler: 'key-big12-scheduler-test',
  big12Admin: 'key-big12-admin-test',
} as const;

/** Credentials of the test stacks: KEYS and HS256 JWTs signed with JWT_SECRET (claim conference_id). */
/** KEYS as FLEXTIME_API_KEYS (for test processes that read their credentials from the environment). */
export function testApiKeysEnv(): string {
  return [
    `${hashApiKey(KEYS.big12)}:1`,
    `${hashApiKey(KEYS.mw)}:2`,
    `${hashApiKey(KEYS.operator)}:*`,
    `${hashApiKey(KEYS.big12Viewer)}:1:viewer`,
    `${hashApiKey(KEYS.big12Scheduler)}:1:scheduler`,
    `${hashApiKey(KEYS.big12Admin)}:1:admin`,
  ].join(',');
}

export function testAuth(): AuthOptions {
  return {
    apiKeys: parseApiKeys(testApiKeysEnv()),
    jwt: { key: new TextEncoder().encode(JWT_SECRET), algorithms: ['HS256'], conferenceClaim: 'conference_id' },
  };
}

/** The gateway's front door on a bare Fastify app (for suites that mount the REST routes on their own app). */
export function registerTestDoor(app: FastifyInstance, auth: AuthOptions = testAuth()): void {
  registerAuthentication(app, {
    auth,
    internal: new InternalSigner(internalSecretFrom(INTERNAL_SECRET)),
    rateLimit: { limit: 0, windowMs: 60_000, store: new MemoryRateLimitStore() },
  });
}

/** A user JWT as the test stacks accept it. */
export function userToken(claims: Record<string, unknown>, expiresIn: string | number = '5m'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setSubject('test-user')
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(JWT_SECRET));
}

const hasCredential = (h: Record<string, string>) =>
  Object.keys(h).some((k) => ['x-api-key', 'authorization'].includes(k.toLowerCase()));

/**
 * Headers for a gateway request from a helper: unchanged when they carry a credential; otherwise the operator key,
 * or — when they name `x-conference-id` — a scheduler token of that conference.
 */
export async function withCredentials(headers: Record<string, string> = {}): Promise<Record<string, string>> {
  if (hasCredential(headers)) return headers;
  const conference = headers['x-conference-id'];
  if (conference === undefined) return { ...headers, 'x-api-key': KEYS.operator };
  const token = await userToken({
    conference_id: /^\d+$/.test(conference) ? Number(conference) : conference,
    roles: ['scheduler'],
  });
  return { ...headers, authorization: `Bearer ${token}` };
}

export const ADMIN_SCOPES = ['viewer', 'scheduler', 'admin'];
export const SCHEDULER_SCOPES = ['viewer', 'scheduler'];

/** The gateway's statement for a direct subgraph call: a conference's scheduler, or the operator (admin). */
export async function statementHeaders(
  conferenceId: number | null,
  scopes: readonly string[] = conferenceId === null ? ADMIN_SCOPES : SCHEDULER_SCOPES,
): Promise<Record<string, string>> {
  const statement = await signStatement({ subject: 'test', conferenceId, scopes }, internalKey(INTERNAL_SECRET));
  return { [STATEMENT_HEADER]: statement };
}

/**
 * Headers for a direct subgraph call from a helper: unchanged when they carry a statement (an empty one is removed:
 * the call goes without); otherwise a statement for the `x-conference-id` they name (scheduler), or the operator's.
 */
export async function withStatement(headers: Record<string, string> = {}): Promise<Record<string, string>> {
  if (STATEMENT_HEADER in headers) {
    const { [STATEMENT_HEADER]: given, ...rest } = headers;
    return given ? headers : rest;
  }
  const raw = headers['x-conference-id'];
  const conference = raw !== undefined && /^[1-9]\d*$/.test(raw) ? Number(raw) : null;
  return { ...headers, ...(await statementHeaders(conference)) };
}

/** A principal as the front door would make it, for in-process `execute()` calls. */
export function principalOf(
  conferenceId: number | null,
  role: Role = conferenceId === null ? 'admin' : 'scheduler',
): Principal {
  return {
    kind: 'api-key',
    subject: `test:${role}`,
    conferenceId,
    roles: expandRole(role),
    extraScopes: [],
    scopes: null,
  };
}

/** The operator (admin of every conference), for in-process calls that are not about authorization. */
export const OPERATOR: { principal: Principal } = { principal: principalOf(null) };

/** fetch with the operator key added (for tools such as graphql-http's audits that make their own requests). */
export const operatorFetch: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  if (!headers.has('x-api-key') && !headers.has('authorization')) headers.set('x-api-key', KEYS.operator);
  return fetch(input, { ...init, headers });
};
