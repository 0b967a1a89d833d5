// untrusted-document-in-production: with NODE_ENV=production /graphql runs only the documents of the persisted-documents
// manifest (the REST shim's operations and the workspace's, registered by `npm run compose`), sent whole or by id; an ad-hoc operation is
// refused with a clear error unless the principal holds the `dev` scope. The REST routes keep working. PGlite always;
// real Postgres when DATABASE_URL is set.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey, parseApiKeys } from '../../gateway/auth/index.ts';
import { MANIFEST_FILE, type PersistedManifest } from '../../gateway/auth/trusted-documents.ts';
import { loadOperations } from '../../gateway/rest/operations.ts';
import * as workspaceOperations from '../../web/src/gql/graphql.ts';
import { KEYS, testAuth } from '../support/auth.ts';
import { DB_KINDS } from '../support/db.ts';
import { type Json, startTestStack, type TestStack } from '../support/stack.ts';

const DEV_KEY = 'key-big12-viewer-dev-test';
const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as PersistedManifest;
const listTeams = manifest.operations.find((op) => op.name === 'v1/ListTeams');

describe('the persisted-documents manifest', () => {
  it('lists every REST operation exactly as the shim sends it, and the workspace’s (npm run compose keeps it current)', () => {
    const operations = [...loadOperations().values()].map((op) => op.source);
    const workspace = Object.values(workspaceOperations)
      .filter((d) => d instanceof String)
      .map(String);
    expect(workspace.length).toBeGreaterThan(0);
    expect(manifest.operations.map((op) => op.body).sort()).toEqual([...operations, ...workspace].sort());
    expect(listTeams).toBeDefined();
  });
});

describe.each(DB_KINDS)('untrusted-document-in-production on %s', (kind) => {
  let t: TestStack;

  async function post(body: Record<string, unknown>, key: string = KEYS.operator) {
    const res = await fetch(t.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  beforeAll(async () => {
    const base = testAuth();
    const apiKeys = new Map(base.apiKeys);
    for (const [hash, entry] of parseApiKeys(`${hashApiKey(DEV_KEY)}:1:viewer+dev`)) apiKeys.set(hash, entry);
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      t = await startTestStack({ kind, defaultMetrics: false, auth: { ...base, apiKeys } });
    } finally {
      process.env.NODE_ENV = previous;
    }
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('an ad-hoc operation is refused (400 QUERY_NOT_IN_SAFELIST), POST or GET, and reaches no subgraph', async () => {
    const adHoc = await post({ query: '{ teams { total nodes { name } } }' });
    expect(adHoc.status).toBe(400);
    expect(adHoc.body.data).toBeUndefined();
    expect(adHoc.body.errors[0].extensions.code).toBe('QUERY_NOT_IN_SAFELIST');
    expect(adHoc.body.errors[0].message).toMatch(/trusted documents/);
    // a listed document with one character changed is not listed
    const altered = await post({ query: `${listTeams?.body} `, variables: { limit: 1 } });
    expect(altered.status).toBe(400);
    const viaGet = await fetch(`${t.gatewayUrl}?query=${encodeURIComponent('{ teams { total } }')}`, {
      headers: { 'x-api-key': KEYS.operator, accept: 'application/json' },
    });
    expect(viaGet.status).toBe(400);
    expect(((await viaGet.json()) as Json).errors[0].extensions.code).toBe('QUERY_NOT_IN_SAFELIST');
  });

  it('a listed document runs, sent whole or by its id alone', async () => {
    const whole = await post({ query: listTeams?.body, variables: { limit: 2 } });
    expect(whole.status).toBe(200);
    expect(whole.body.data.teams.nodes).toHaveLength(2);
    const byId = await post({
      variables: { limit: 3 },
      extensions: { persistedQuery: { version: 1, sha256Hash: listTeams?.id } },
    });
    expect(byId.status).toBe(200);
    expect(byId.body.data.teams.nodes).toHaveLength(3);
  });

  it('the workspace’s operations run as the browser sends them', async () => {
    const schedules = await post(
      { query: String(workspaceOperations.SchedulesPageDocument), variables: { status: 'REVIEW' } },
      KEYS.big12Viewer,
    );
    expect(schedules.status).toBe(200);
    expect(schedules.body.data.sports.length).toBeGreaterThan(0);
  });

  it('a principal with the dev scope may run ad-hoc operations; the REST routes keep working', async () => {
    const dev = await post({ query: '{ teams(limit: 1) { total } }' }, DEV_KEY);
    expect(dev.status).toBe(200);
    expect(dev.body.data.teams.total).toBeGreaterThan(0);
    const rest = await t.request('GET', '/api/v1/teams', { key: KEYS.big12 });
    expect(rest.status).toBe(200);
  });
});
