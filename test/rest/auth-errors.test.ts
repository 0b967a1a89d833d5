// Unit level: credential parsing and verification (API keys stored hashed, JWT via jose) and the mapping of
// GraphQL / gateway errors onto the legacy statuses. The HTTP-level auth matrix lives in contract.test.ts.
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  type AuthOptions,
  assertCanWrite,
  assertTenant,
  authenticate,
  authOptionsFromEnv,
  hashApiKey,
  parseApiKeys,
} from '../../gateway/rest/auth.ts';
import { fromGraphQLErrors, RestError, toRestError } from '../../gateway/rest/errors.ts';

const SECRET = 'test-secret-that-is-long-enough-for-hs256!';

function sign(claims: Record<string, unknown>, opts: { exp?: string | number; secret?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setSubject('user-1')
    .setExpirationTime(opts.exp ?? '5m')
    .sign(new TextEncoder().encode(opts.secret ?? SECRET));
}

async function status(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p;
    return { status: 200, code: 'OK' };
  } catch (err) {
    expect(err).toBeInstanceOf(RestError);
    return { status: (err as RestError).status, code: (err as RestError).code };
  }
}

describe('API keys', () => {
  it('are configured as sha256 hashes bound to a conference (or * for every conference)', () => {
    const keys = parseApiKeys(`${hashApiKey('alpha')}:1, ${hashApiKey('beta')}:*`);
    expect(keys.get(hashApiKey('alpha'))?.conferenceId).toBe(1);
    expect(keys.get(hashApiKey('beta'))?.conferenceId).toBeNull();
    expect(parseApiKeys('').size).toBe(0);
  });

  it('reject malformed configuration with a clear message and never echo a raw key', () => {
    expect(() => parseApiKeys('plaintext-key:1')).toThrow(/sha256/);
    expect(() => parseApiKeys(`${hashApiKey('a')}:zero`)).toThrow(/conference/);
    expect(() => parseApiKeys(`${hashApiKey('a')}`)).toThrow(/sha256/);
  });

  it('authenticate: good key → tenant, unknown or empty key → 401', async () => {
    const opts: AuthOptions = { apiKeys: parseApiKeys(`${hashApiKey('alpha')}:7`), jwt: null };
    const p = await authenticate({ 'x-api-key': 'alpha' }, opts);
    expect(p).toMatchObject({ kind: 'api-key', conferenceId: 7 });
    expect(await status(authenticate({ 'x-api-key': 'nope' }, opts))).toEqual({ status: 401, code: 'INVALID_API_KEY' });
    expect(await status(authenticate({ 'x-api-key': '' }, opts))).toEqual({ status: 401, code: 'INVALID_API_KEY' });
    expect(await status(authenticate({}, opts))).toEqual({ status: 401, code: 'AUTH_REQUIRED' });
  });
});

describe('JWT bearer tokens', () => {
  const opts = authOptionsFromEnv({ FLEXTIME_JWT_SECRET: SECRET });

  it('a valid token carries its conference claim as the tenant', async () => {
    const token = await sign({ conference_id: 3 });
    const p = await authenticate({ authorization: `Bearer ${token}` }, opts);
    expect(p).toMatchObject({ kind: 'jwt', subject: 'user-1', conferenceId: 3, scopes: null });
  });

  it('expired, wrongly signed, malformed or unsigned tokens → 401', async () => {
    const expired = await sign({ conference_id: 3 }, { exp: Math.floor(Date.now() / 1000) - 60 });
    expect(await status(authenticate({ authorization: `Bearer ${expired}` }, opts))).toEqual({
      status: 401,
      code: 'TOKEN_EXPIRED',
    });
    const forged = await sign({ conference_id: 3 }, { secret: 'another-secret-another-secret-another!' });
    expect(await status(authenticate({ authorization: `Bearer ${forged}` }, opts))).toEqual({
      status: 401,
      code: 'INVALID_TOKEN',
    });
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ conference_id: 3 })).toString('base64url');
    expect(await status(authenticate({ authorization: `Bearer ${header}.${body}.` }, opts))).toMatchObject({
      status: 401,
    });
    expect(await status(authenticate({ authorization: 'Basic abc' }, opts))).toMatchObject({ status: 401 });
    expect(await status(authenticate({ authorization: 'Bearer not-a-jwt' }, opts))).toMatchObject({ status: 401 });
  });

  it('a token without a conference claim is refused (403), scopes limit writes', async () => {
    expect(await status(authenticate({ authorization: `Bearer ${await sign({})}` }, opts))).toEqual({
      status: 403,
      code: 'TENANT_REQUIRED',
    });
    const reader = await authenticate(
      { authorization: `Bearer ${await sign({ conference_id: 1, scope: 'read' })}` },
      opts,
    );
    expect(() => assertCanWrite(reader)).toThrow(RestError);
    const writer = await authenticate(
      { authorization: `Bearer ${await sign({ conference_id: 1, scope: 'read write' })}` },
      opts,
    );
    expect(() => assertCanWrite(writer)).not.toThrow();
  });

  it('bearer tokens are refused when no JWT key is configured', async () => {
    const token = await sign({ conference_id: 3 });
    const none: AuthOptions = { apiKeys: new Map(), jwt: null };
    expect(await status(authenticate({ authorization: `Bearer ${token}` }, none))).toMatchObject({ status: 401 });
  });

  it('RS256 with a public key from the environment', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const env = { FLEXTIME_JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
    const rs = authOptionsFromEnv(env);
    const token = await new SignJWT({ conference_id: '5' })
      .setProtectedHeader({ alg: 'RS256' })
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await authenticate({ authorization: `Bearer ${token}` }, rs)).toMatchObject({ conferenceId: 5 });
    // An HS256 token signed with the public key as the secret (algorithm confusion) is refused.
    const confused = await sign({ conference_id: 5 }, { secret: env.FLEXTIME_JWT_PUBLIC_KEY });
    expect(await status(authenticate({ authorization: `Bearer ${confused}` }, rs))).toMatchObject({ status: 401 });
    expect(() => authOptionsFromEnv({ FLEXTIME_JWT_SECRET: 'short' })).toThrow(/32 characters/);
  });

  it('a credential bound to conference A may not name conference B', async () => {
    const p = await authenticate({ authorization: `Bearer ${await sign({ conference_id: 1 })}` }, opts);
    expect(() => assertTenant(p, 2)).toThrow(/conference 2/);
    expect(() => assertTenant(p, 1)).not.toThrow();
    expect(() => assertTenant({ ...p, conferenceId: null }, 2)).not.toThrow();
  });
});

describe('GraphQL errors → legacy statuses', () => {
  const cases: Array<[Record<string, unknown>, string, number]> = [
    [{ code: 'BAD_USER_INPUT', argumentName: 'limit' }, 'Invalid argument', 400],
    [{ code: 'UNAUTHENTICATED' }, 'no', 401],
    [{ code: 'FORBIDDEN' }, 'no', 403],
    [{ code: 'NOT_FOUND' }, 'Schedule 9 not found', 404],
    [{ code: 'CONFLICT' }, 'exists', 409],
    [{ code: 'BAD_USER_INPUT', argumentName: 'input.seasonId' }, 'team 1 already has a profile for season 2', 409],
    [{ code: 'UNPROCESSABLE_ENTITY' }, 'bad', 422],
    [{ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'venue-management' }, 'down', 502],
    [{ code: 'SUBGRAPH_BAD_RESPONSE', serviceName: 'venue-management' }, 'HTTP 500', 502],
    [{ code: 'SUBGRAPH_TIMEOUT', serviceName: 'venue-management' }, 'slow', 504],
    [{ code: 'INTERNAL_SERVER_ERROR' }, 'Cannot read properties of undefined', 502],
    [{ code: 'SERVICE_UNAVAILABLE' }, 'db down', 503],
    [{}, 'request timed out', 504],
    [{ code: 'SOMETHING_NEW' }, 'who knows', 502],
  ];
  for (const [extensions, message, expected] of cases) {
    it(`${extensions.code ?? 'no code'} → ${expected}`, () => {
      const err = fromGraphQLErrors([{ message, extensions }]);
      expect(err.status).toBe(expected);
      const body = err.toBody();
      expect(Object.keys(body).sort()).toEqual(['code', 'details', 'error', 'message']);
      if (expected >= 500) expect(body.message).not.toContain(message);
    });
  }

  it('the offending argument comes back snake_case in details.field', () => {
    const err = fromGraphQLErrors([
      { message: 'Invalid argument "sportId"', extensions: { code: 'BAD_USER_INPUT', argumentName: 'sportId' } },
    ]);
    expect(err.details).toMatchObject({ field: 'sport_id' });
  });

  it('a caller error wins over a server error when both occur', () => {
    const err = fromGraphQLErrors([
      { message: 'x', extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName: 'a' } },
      { message: 'y', extensions: { code: 'BAD_USER_INPUT', argumentName: 'from' } },
    ]);
    expect(err.status).toBe(400);
  });

  it('unknown thrown errors never become a 500 with a stack', () => {
    const err = toRestError(new TypeError('boom at /srv/app.js:1'));
    expect(err.status).toBe(502);
    expect(JSON.stringify(err.toBody())).not.toContain('boom');
  });
});
