// web-app: the gateway serves the built workspace (web/dist) at / without a credential — the page and its hashed
// assets hold no data — with a same-origin Content-Security-Policy, immutable caching and pre-compressed assets,
// while the GraphQL door, the browser redirect to GraphiQL and unknown paths behave as before; without a build, / says how to make one.
import { existsSync, readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApp, type GatewayApp } from '../../gateway/server.ts';
import { registerWebApp, WEB_DIST } from '../../gateway/web.ts';
import { INTERNAL_SECRET, testAuth } from '../support/auth.ts';

describe('the workspace served by the gateway', () => {
  let gw: GatewayApp;
  beforeAll(async () => {
    expect(existsSync(`${WEB_DIST}index.html`), 'web/dist is missing: run npm run build:web').toBe(true);
    gw = await createGatewayApp({
      logger: pino({ level: 'silent' }),
      auth: testAuth(),
      internalSecret: INTERNAL_SECRET,
      defaultMetrics: false,
      subgraphUrls: {
        'team-availability': 'http://127.0.0.1:9/graphql',
        'venue-management': 'http://127.0.0.1:9/graphql',
        'constraint-validation': 'http://127.0.0.1:9/graphql',
        'schedule-generation': 'http://127.0.0.1:9/graphql',
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('answers / with the page, without a credential, under a same-origin CSP', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(readFileSync(`${WEB_DIST}index.html`, 'utf8'));
    expect(res.body).not.toMatch(/https?:\/\//); // no CDN: every script and style from this origin
  });

  it('serves the hashed script pre-compressed and cached for good', async () => {
    const page = (await gw.app.inject({ method: 'GET', url: '/' })).body;
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    const res = await gw.app.inject({ method: 'GET', url: script!, headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toMatch(/immutable/);
    expect(res.rawPayload.length).toBeLessThan(250 * 1024);
  });

  it('keeps every other door: /graphql needs a credential, a browser there goes to GraphiQL, unknown paths are refused', async () => {
    const graphql = await gw.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ sports { id } }' } });
    expect(graphql.statusCode).toBe(401);
    const ide = await gw.app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });
    expect(ide.statusCode).toBe(302);
    expect(ide.headers.location).toBe('/#/graphiql');
    for (const url of ['/assets/../package.json', '/package.json', '/web/src/main.tsx', '/assets/nothing.js']) {
      const res = await gw.app.inject({ method: 'GET', url });
      expect([401, 404], url).toContain(res.statusCode);
    }
  });

  it('says how to build the workspace when web/dist is missing', async () => {
    const app = Fastify();
    await registerWebApp(app, '/nonexistent-web-dist');
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toMatch(/npm run build:web/);
    await app.close();
  });
});
