// The HTTP edge of /graphql at the gateway and at a subgraph: malformed or oversize bodies and wrong content types are
// answered in GraphQL's error format with the right status (400, 413, 415) and these client errors are logged at info without a stack trace.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApp, type GatewayApp } from '../../gateway/server.ts';
import { startSubgraph, subgraphs } from '../../subgraphs/index.ts';
import type { RunningSubgraph } from '../../subgraphs/kit/server.ts';
import { INTERNAL_SECRET, testAuth } from '../support/auth.ts';
import { DB_KINDS } from '../support/db.ts';
import { graphqlHttp } from '../support/graphql-http.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

for (const kind of DB_KINDS) {
  describe(`GraphQL over HTTP: client errors (${kind})`, () => {
    let t: TestStack;
    let gateway: GatewayApp;
    let gatewayUrl: string;
    let subgraph: RunningSubgraph;
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      }),
    );

    beforeAll(async () => {
      t = await startTestStack({ kind, rest: false, defaultMetrics: false });
      // a gateway and a subgraph of our own, logging where the test can read it
      subgraph = await startSubgraph(subgraphs.find((d) => d.name === 'team-availability')!, {
        deps: t.deps,
        port: 0,
        logger,
        internalSecret: INTERNAL_SECRET,
      });
      gateway = await createGatewayApp({
        logger,
        subgraphUrls: { ...t.subgraphUrls, 'team-availability': subgraph.url },
        defaultMetrics: false,
        auth: testAuth(),
        internalSecret: INTERNAL_SECRET,
      });
      gatewayUrl = await gateway.listen({ port: 0 });
    }, 120_000);
    afterAll(async () => {
      await gateway?.close();
      await subgraph?.stop();
      await t?.stop();
    });

    const doors = () => [
      ['gateway', gatewayUrl],
      ['subgraph', subgraph.url],
    ];

    it('invalid JSON → 400 as a GraphQL error (BAD_REQUEST), not Fastify’s shape', async () => {
      for (const [door, url] of doors()) {
        const res = await graphqlHttp(url, { rawBody: '{"query": "{ __typename }"' });
        expect(res.status, door).toBe(400);
        expect(res.body.errors?.[0]?.extensions?.code, door).toBe('BAD_REQUEST');
        expect(res.body.errors[0].message).toMatch(/not valid JSON/);
        expect(res.body.statusCode, door).toBeUndefined();
      }
    });

    it('an oversize body → 413 as a GraphQL error', async () => {
      const rawBody = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2_000_000) } });
      for (const [door, url] of doors()) {
        const res = await graphqlHttp(url, { rawBody });
        expect(res.status, door).toBe(413);
        expect(res.body.errors?.[0]?.extensions?.code, door).toBe('PAYLOAD_TOO_LARGE');
      }
    });

    it('text/plain or no content type on POST → 415; application/json (with charset) is served', async () => {
      for (const [door, url] of doors()) {
        for (const contentType of ['text/plain', null, 'application/x-www-form-urlencoded']) {
          const res = await graphqlHttp(url, { rawBody: '{"query":"{ __typename }"}', contentType });
          expect(res.status, `${door} ${contentType}`).toBe(415);
          expect(res.body.errors?.[0]?.extensions?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
        }
        const ok = await graphqlHttp(url, {
          rawBody: '{"query":"{ __typename }"}',
          contentType: 'application/json; charset=utf-8',
        });
        expect(ok.status, door).toBe(200);
        expect(ok.body.data.__typename).toBe('Query');
      }
    });

    it('client errors are logged at info, without a stack trace', async () => {
      lines.length = 0;
      for (const [, url] of doors()) {
        await graphqlHttp(url, { rawBody: '{"query": ' });
        await graphqlHttp(url, { rawBody: '{}', contentType: 'text/plain' });
        await graphqlHttp(url, { body: { query: '{ team(id: "x") { id } }' } });
        await graphqlHttp(url, { body: { query: '{ nope }' } });
      }
      await new Promise((r) => setTimeout(r, 50));
      const aboutErrors = lines.filter((l) => /error|refused/i.test(String(l.msg)));
      expect(aboutErrors.length).toBeGreaterThan(0);
      for (const line of aboutErrors) {
        expect(line.level, JSON.stringify(line)).toBe(30);
        expect(JSON.stringify(line)).not.toMatch(/"stack"|\n\s+at /);
      }
      expect(lines.filter((l) => Number(l.level) >= 40)).toEqual([]);
    });
  });
}
