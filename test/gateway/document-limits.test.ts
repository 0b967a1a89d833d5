// Limits checked before parsing (bytes, tokens, aliases, directives, depth) at the gateway and at every subgraph
// called directly: an over-limit document is refused with a GraphQL error and HTTP 400 before Apollo parses it.
import { readdirSync, readFileSync } from 'node:fs';
import { buildASTSchema, getIntrospectionQuery, Kind, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureOperation } from '../../gateway/plugins/execution/limits.ts';
import { checkDocument, DEFAULT_DOCUMENT_LIMITS, subgraphDocumentLimits } from '../../subgraphs/kit/document-limits.ts';
import { DB_KINDS } from '../support/db.ts';
import { graphqlHttp } from '../support/graphql-http.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const LIMITS = DEFAULT_DOCUMENT_LIMITS;
const SUBGRAPH_LIMITS = subgraphDocumentLimits(LIMITS);

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}:__typename`).join(' ')} }`;
const tokens = (n: number) => `{ ${'__typename '.repeat(1)}${'a '.repeat(n)}}`;
const nested = (depth: number) => `{ ${'team(id: 1) { '.repeat(depth - 1)}name${' }'.repeat(depth - 1)} }`;
const directives = (n: number) => `{ __typename ${'@include(if: true) '.repeat(n)}}`;

describe('checkDocument (before parsing)', () => {
  const schema = buildASTSchema(
    parse(
      'type Query { team(id: ID): Team } type Team { name: String rival: Team games: [Game] } type Game { home: Team }',
    ),
  );
  const depthOf = (source: string) => {
    const doc = parse(source);
    const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    const fragments = Object.fromEntries(
      doc.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
    );
    return op?.kind === Kind.OPERATION_DEFINITION ? measureOperation(schema, op, fragments).depth : 0;
  };

  it('counts depth as the gateway does: fields, not inline fragments; named fragments inlined', () => {
    const samples = [
      '{ team(id: 1) { name } }',
      '{ team(id: 1) { rival { ...R } } } fragment R on Team { rival { name } }',
      '{ team(id: 1) { ... on Team { rival { name } } } }',
      'query Q($id: ID = 1) @skip(if: false) { a: team(id: $id) { b: games { home { ... @include(if: true) { name } } } } }',
      'fragment A on Team { rival { ...B } } fragment B on Team { games { home { name } } } { team { ...A ...B } }',
    ];
    for (const source of samples) {
      const limit = depthOf(source);
      expect(checkDocument(source, { ...LIMITS, maxDepth: limit }), source).toBeNull();
      expect(checkDocument(source, { ...LIMITS, maxDepth: limit - 1 })?.reason, source).toBe('depth');
    }
  });

  it('accepts the IDE introspection query and every REST operation of the shim', () => {
    expect(checkDocument(getIntrospectionQuery(), LIMITS)).toBeNull();
    for (const version of ['v1', 'v2']) {
      const dir = new URL(`../../gateway/rest/${version}/`, import.meta.url);
      const fragments = readFileSync(new URL('fragments.graphql', dir), 'utf8');
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
        const source = `${readFileSync(new URL(file, dir), 'utf8')}\n${fragments}`;
        expect(checkDocument(source, LIMITS), `${version}/${file}`).toBeNull();
      }
    }
  });

  it('alias-bomb: stops at the first alias over the limit, before reaching a syntax error further on', () => {
    const refused = checkDocument(`${aliases(1000)} {{{ not graphql`, LIMITS);
    expect(refused?.reason).toBe('aliases');
    expect(refused?.extensions.code).toBe('TOO_MANY_ALIASES');
    expect(checkDocument(aliases(LIMITS.maxAliases), LIMITS)).toBeNull();
    // arguments, variables and object values use colons too: those are not aliases
    expect(
      checkDocument(`query ($a: Int) { team(id: 1, x: { y: 2 }) { name } }`, { ...LIMITS, maxAliases: 0 }),
    ).toBeNull();
  });

  it('token-bomb, directives and bytes', () => {
    expect(checkDocument(tokens(LIMITS.maxTokens), LIMITS)?.reason).toBe('tokens');
    expect(checkDocument(tokens(LIMITS.maxTokens - 4), LIMITS)).toBeNull();
    expect(checkDocument(directives(LIMITS.maxDirectives + 1), LIMITS)?.extensions.code).toBe('TOO_MANY_DIRECTIVES');
    expect(checkDocument(directives(LIMITS.maxDirectives), LIMITS)).toBeNull();
    const big = `{ __typename } # ${'x'.repeat(LIMITS.maxBytes)}`;
    expect(checkDocument(big, LIMITS)?.extensions.code).toBe('QUERY_TOO_LARGE');
    // multi-byte characters count as bytes
    expect(checkDocument(`{ __typename } # ${'é'.repeat(LIMITS.maxBytes / 2)}`, LIMITS)?.reason).toBe('bytes');
  });
});

for (const kind of DB_KINDS) {
  describe(`limits before parsing, at every door (${kind})`, () => {
    let t: TestStack;
    const doors = () => [
      { door: 'gateway', url: t.gatewayUrl, limits: LIMITS },
      ...Object.entries(t.subgraphUrls).map(([door, url]) => ({ door, url, limits: SUBGRAPH_LIMITS })),
    ];

    beforeAll(async () => {
      t = await startTestStack({ kind, rest: false, defaultMetrics: false });
    }, 120_000);
    afterAll(() => t?.stop());

    async function expectRefused(url: string, query: string, code: string, method: 'GET' | 'POST' = 'POST') {
      const started = performance.now();
      const res = await graphqlHttp(url, { method, body: { query } });
      expect(res.status, `${url}: ${res.text.slice(0, 200)}`).toBe(400);
      expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(res.body.data).toBeUndefined();
      return performance.now() - started;
    }

    it('alias-bomb: 1,000 aliases of a cheap field are refused by the gateway and by each subgraph', async () => {
      for (const { url, limits } of doors()) {
        await expectRefused(url, aliases(Math.max(1000, limits.maxAliases + 1)), 'TOO_MANY_ALIASES');
        await expectRefused(url, aliases(limits.maxAliases + 1), 'TOO_MANY_ALIASES', 'GET');
      }
      const accepted = await graphqlHttp(t.gatewayUrl, { body: { query: aliases(LIMITS.maxAliases) } });
      expect(accepted.status).toBe(200);
      expect(Object.keys(accepted.body.data)).toHaveLength(LIMITS.maxAliases);
    });

    it('token-bomb: a short query of too many tokens is refused at every door', async () => {
      for (const { url, limits } of doors()) await expectRefused(url, tokens(limits.maxTokens), 'TOO_MANY_TOKENS');
    });

    it('oversize-query: over the byte limit → 400 QUERY_TOO_LARGE; a 900 KB body → 413 unread, in milliseconds', async () => {
      for (const { url, limits } of doors()) {
        await expectRefused(url, `{ __typename } # ${'x'.repeat(limits.maxBytes)}`, 'QUERY_TOO_LARGE');
        const started = performance.now();
        const res = await graphqlHttp(url, { body: { query: `{ ${'__typename '.repeat(900_000 / 11)}}` } });
        expect(performance.now() - started).toBeLessThan(500);
        expect(res.status).toBe(413);
        expect(res.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
      }
    });

    it('deep-query: depth over the limit through named fragments is refused before parsing', async () => {
      for (const { url, limits } of doors()) {
        const deep = `{ ...F0 } ${Array.from({ length: limits.maxDepth }, (_, i) => `fragment F${i} on Query { team(id: 1) { ${i + 1 < limits.maxDepth ? `__typename` : 'name'} } }`).join(' ')}`;
        // F0…F(n-1) each one level; chained through spreads they reach depth maxDepth + 1
        const chained = deep.replace(/__typename/g, (_m, offset: number) => {
          const i = Number(/F(\d+) on Query[^F]*$/.exec(deep.slice(0, offset))?.[1]);
          return `...F${i + 1}`;
        });
        await expectRefused(url, chained, 'QUERY_TOO_DEEP');
        await expectRefused(url, nested(limits.maxDepth + 1), 'QUERY_TOO_DEEP');
      }
      const ok = await graphqlHttp(t.gatewayUrl, { body: { query: nested(LIMITS.maxDepth) } });
      expect(ok.body.errors?.[0]?.extensions?.code).not.toBe('QUERY_TOO_DEEP');
    });

    it('directives over the limit are refused; refusals are counted in /metrics', async () => {
      for (const { url, limits } of doors()) {
        await expectRefused(url, directives(limits.maxDirectives + 1), 'TOO_MANY_DIRECTIVES');
      }
      const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/flextime_gateway_rejected_operations_total\{reason="aliases"\} [1-9]/);
      expect(metrics).toMatch(/flextime_gateway_rejected_operations_total\{reason="bytes"\} [1-9]/);
    });
  });
}
