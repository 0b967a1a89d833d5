// Unit level of the front door: key entries with roles (and the old format's default), the per-principal rate limit
// (429 + Retry-After), npm start's local credentials, the bounded APQ cache.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { describeLocalAuth, loadOrCreateLocalAuth } from '../../bin/commands/local-auth.ts';
import {
  hashApiKey,
  InternalSigner,
  internalSecretFrom,
  MemoryRateLimitStore,
  parseApiKeys,
  registerAuthentication,
} from '../../gateway/auth/index.ts';
import {
  apqCache,
  MANIFEST_FILE,
  type PersistedManifest,
  TrustedDocuments,
} from '../../gateway/auth/trusted-documents.ts';
import { signServiceCredential } from '../../subgraphs/kit/auth.ts';
import { INTERNAL_SECRET } from '../support/auth.ts';

describe('API key entries', () => {
  it('carry a role; the old format defaults to scheduler (conference) or admin (*)', () => {
    const keys = parseApiKeys(
      [
        `${hashApiKey('a')}:1`,
        `${hashApiKey('b')}:*`,
        `${hashApiKey('c')}:3:viewer`,
        `${hashApiKey('d')}:3:admin+dev`,
      ].join(','),
    );
    expect(keys.get(hashApiKey('a'))).toMatchObject({ conferenceId: 1, roles: ['viewer', 'scheduler'] });
    expect(keys.get(hashApiKey('b'))).toMatchObject({ conferenceId: null, roles: ['viewer', 'scheduler', 'admin'] });
    expect(keys.get(hashApiKey('c'))).toMatchObject({ conferenceId: 3, roles: ['viewer'], extraScopes: [] });
    expect(keys.get(hashApiKey('d'))).toMatchObject({ roles: ['viewer', 'scheduler', 'admin'], extraScopes: ['dev'] });
  });

  it('refuse an unknown role, an unknown scope, and an operator key that is not admin', () => {
    expect(() => parseApiKeys(`${hashApiKey('a')}:1:owner`)).toThrow(/viewer, scheduler or admin/);
    expect(() => parseApiKeys(`${hashApiKey('a')}:1:viewer+root`)).toThrow(/\+dev/);
    expect(() => parseApiKeys(`${hashApiKey('a')}:*:viewer`)).toThrow(/only admin/);
  });
});

describe('rate-limited: one principal over its limit gets 429 with Retry-After', () => {
  const app = Fastify();
  registerAuthentication(app, {
    auth: { apiKeys: parseApiKeys(`${hashApiKey('k1')}:1,${hashApiKey('k2')}:2`), jwt: null },
    internal: new InternalSigner(internalSecretFrom(INTERNAL_SECRET)),
    rateLimit: { limit: 2, windowMs: 60_000, store: new MemoryRateLimitStore() },
  });
  app.get('/api/v1/ping', async () => ({ ok: true }));
  app.post('/graphql', async () => ({ data: { ok: true } }));
  afterAll(() => app.close());

  it('REST: the third request in the window → 429 in the legacy shape; another principal is not affected', async () => {
    const hit = (key: string) => app.inject({ method: 'GET', url: '/api/v1/ping', headers: { 'x-api-key': key } });
    expect((await hit('k1')).statusCode).toBe(200);
    expect((await hit('k1')).statusCode).toBe(200);
    const limited = await hit('k1');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', error: 'Too Many Requests' });
    expect((await hit('k2')).statusCode).toBe(200);
    const graphql = await app.inject({ method: 'POST', url: '/graphql', headers: { 'x-api-key': 'k1' }, payload: {} });
    expect(graphql.statusCode).toBe(429);
    expect(graphql.json().errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('the in-memory store is bounded: windows of the oldest principals are dropped first', async () => {
    const store = new MemoryRateLimitStore(3);
    for (const key of ['a', 'b', 'c', 'd']) await store.hit(key, 1, 60_000);
    expect((await store.hit('a', 1, 60_000)).allowed).toBe(true); // 'a' was evicted, so it starts afresh
    expect((await store.hit('d', 1, 60_000)).allowed).toBe(false);
  });
});

describe('npm start’s local credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flextime-local-auth-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the first start creates a local admin key and internal secret in the data directory; later starts reuse them', () => {
    const first = loadOrCreateLocalAuth(dir, {});
    expect(first.created).toBe(true);
    expect(first.adminKey).toMatch(/^ftk_local_/);
    expect(first.internalSecret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(first.file as string).mode & 0o777).toBe(0o600);
    const second = loadOrCreateLocalAuth(dir, {});
    expect(second).toMatchObject({ created: false, adminKey: first.adminKey, internalSecret: first.internalSecret });
    // printed once, with a sign-in link for the workspace; a later start says only where the key is
    const printed = describeLocalAuth(first, 'http://127.0.0.1:4000').join('\n');
    expect(printed).toContain(first.adminKey);
    expect(printed).toContain(`http://127.0.0.1:4000/#key=${first.adminKey}`);
    const again = describeLocalAuth(second, 'http://127.0.0.1:4000').join('\n');
    expect(again).not.toContain(first.adminKey as string);
    expect(again).toContain(first.file as string);
  });

  it('production has no default credential and needs FLEXTIME_INTERNAL_SECRET from the environment', () => {
    expect(() => loadOrCreateLocalAuth(dir, { NODE_ENV: 'production' })).toThrow(/FLEXTIME_INTERNAL_SECRET/);
    const prod = loadOrCreateLocalAuth(dir, { NODE_ENV: 'production', FLEXTIME_INTERNAL_SECRET: INTERNAL_SECRET });
    expect(prod).toMatchObject({ adminKey: null, file: null, internalSecret: INTERNAL_SECRET });
  });
});

describe('automatic persisted queries', () => {
  it('live in a bounded LRU: the least recently used documents are evicted', async () => {
    const cache = apqCache(10_000);
    const doc = (i: number) => `query Q${i} { teams { nodes { id name ${'abbreviation '.repeat(40)} } } }`;
    for (let i = 0; i < 100; i++) await cache.set(`apq:${i}`, doc(i));
    expect(await cache.get('apq:0')).toBeUndefined();
    expect(await cache.get('apq:99')).toBe(doc(99));
  });
});

// The REST shim in front of another gateway (GATEWAY_URL) sends this for a calendar link, which has no header: it must
// not grant more than the link (one conference, read-only) nor be minted for any other caller.
describe('the service credential vouching for a calendar link', () => {
  const signer = new InternalSigner(internalSecretFrom(INTERNAL_SECRET));
  const link = {
    kind: 'calendar' as const,
    subject: 'calendar:7',
    conferenceId: 1,
    roles: ['viewer' as const],
    extraScopes: [],
    scopes: null,
    calendarFeed: { subscriptionId: 7, scheduleId: 3, teamId: 5 },
  };

  it("is a viewer of the link's conference only, and is refused for a caller with a credential of its own", async () => {
    const vouched = await signer.verifyService(await signer.serviceCredentialFor(link));
    expect(vouched).toMatchObject({
      kind: 'service',
      subject: 'service:calendar:7',
      conferenceId: 1,
      roles: ['viewer'],
    });
    expect(() => signer.serviceCredentialFor({ ...link, kind: 'api-key' })).toThrow(/calendar link/);
    expect(() => signer.serviceCredentialFor({ ...link, conferenceId: null })).toThrow(/calendar link/);
  });

  it("runs only the manifest's documents in production (no dev scope), where FlexTime's own workers keep theirs", async () => {
    const vouched = await signer.verifyService(await signer.serviceCredentialFor(link));
    expect(vouched.extraScopes).toEqual([]);
    const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as PersistedManifest;
    const trusted = new TrustedDocuments(manifest);
    const feed = manifest.operations.find((op) => op.name === 'v2/CalendarFeed')?.body;
    expect(feed).toBeDefined();
    expect(trusted.check({ query: feed }, vouched)).toEqual({ ok: true });
    const adHoc = trusted.check({ query: '{ teams { id name } }' }, vouched);
    expect(adHoc).toMatchObject({ ok: false, message: expect.stringMatching(/trusted documents/) });

    const worker = await signer.verifyService(
      await signServiceCredential('schedule-generation', 1, internalSecretFrom(INTERNAL_SECRET)),
    );
    expect(worker.extraScopes).toEqual(['dev']);
    expect(trusted.check({ query: '{ teams { id name } }' }, worker)).toEqual({ ok: true });
  });
});
