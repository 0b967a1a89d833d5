// Every REST route is a named GraphQL operation kept as a file; each file must parse, hold exactly one operation
// named like the file, validate against the API schema of the supergraph composed from the four subgraph SDLs,
// and be used by a route (no dead files, no route naming a missing file).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { composeServices } from '@apollo/composition';
import { buildSchema, type GraphQLSchema, Kind, parse, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../gateway/rest/index.ts';
import { FRAGMENTS_FILE, loadOperations, OPERATION_DIRS } from '../../gateway/rest/operations.ts';
import { subgraphSdl } from '../../subgraphs/kit/sdl.ts';

const cjsGraphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const SERVICES = ['team-availability', 'venue-management', 'constraint-validation', 'schedule-generation'];

let apiSchema: GraphQLSchema;

beforeAll(() => {
  const result = composeServices(
    SERVICES.map((name, i) => ({
      name,
      url: `http://127.0.0.1:${4001 + i}/graphql`,
      typeDefs: parse(subgraphSdl(new URL(`../../subgraphs/${name}/`, import.meta.url))),
    })),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  // Rebuilt from its SDL: composition runs on the CommonJS build of graphql, vitest loads the ESM one.
  apiSchema = buildSchema(cjsGraphql.printSchema(result.schema.toAPISchema().toGraphQLJSSchema()));
});

describe('REST operation files', () => {
  const operations = loadOperations();

  it('there is a v1 and a v2 set', () => {
    expect([...operations.values()].some((o) => o.version === 'v1')).toBe(true);
    expect([...operations.values()].some((o) => o.version === 'v2')).toBe(true);
  });

  for (const [key, op] of operations) {
    it(`${key} validates against the supergraph`, () => {
      const errors = validate(apiSchema, parse(op.source));
      expect(errors.map((e) => e.message)).toEqual([]);
    });
  }

  it('every route names existing files and every file is used', () => {
    const used = new Set(routes.flatMap((r) => r.operations));
    for (const name of used) expect(operations.has(name), `${name}.graphql exists`).toBe(true);
    for (const key of operations.keys()) expect(used.has(key), `${key} is used by a route`).toBe(true);
  });

  it('mutating routes run mutations, reading routes only queries', () => {
    for (const r of routes) {
      const types = r.operations.map((o) => operations.get(o)?.type);
      if (r.method === 'GET')
        expect(
          types.every((t) => t === 'query'),
          `${r.method} ${r.url}`,
        ).toBe(true);
    }
  });

  it('every shared fragment is used by an operation of its version, and each operation is one document', () => {
    for (const version of ['v1', 'v2'] as const) {
      const shared = parse(readFileSync(`${OPERATION_DIRS[version]}${FRAGMENTS_FILE}`, 'utf8')).definitions;
      const ops = [...operations.values()].filter((o) => o.version === version).map((o) => parse(o.source));
      for (const doc of ops) {
        expect(doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)).toHaveLength(1);
      }
      for (const f of shared) {
        expect(f.kind).toBe(Kind.FRAGMENT_DEFINITION);
        const name = f.kind === Kind.FRAGMENT_DEFINITION ? f.name.value : '';
        const users = ops.filter((doc) =>
          doc.definitions.some((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name),
        );
        expect(users.length, `${version} fragment ${name} is used`).toBeGreaterThan(0);
      }
    }
  });
});
