// role-matrix: every Mutation field and every admin-only Query field of the COMPOSED supergraph, run through the
// gateway as a viewer, a scheduler and an admin of the Big 12. A field without an authorization rule in the supergraph
// fails the test (so a new field cannot ship without one); a role the rule excludes must get FORBIDDEN from the
// subgraph that owns the field, a role it admits must never. The expected verdict is computed here from the directive,
// independently of the enforcing code. PGlite always; real Postgres when DATABASE_URL is set.
import {
  buildASTSchema,
  type ConstDirectiveNode,
  type FieldDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  type ObjectTypeDefinitionNode,
  parse,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSupergraphSdl } from '../../gateway/composition.ts';
import { KEYS } from '../support/auth.ts';
import { DB_KINDS } from '../support/db.ts';
import { type Json, startTestStack, type TestStack } from '../support/stack.ts';

const ROLE_SCOPES = {
  viewer: ['viewer'],
  scheduler: ['viewer', 'scheduler'],
  admin: ['viewer', 'scheduler', 'admin'],
} as const;
type RoleName = keyof typeof ROLE_SCOPES;
const ROLE_KEYS: Record<RoleName, string> = {
  viewer: KEYS.big12Viewer,
  scheduler: KEYS.big12Scheduler,
  admin: KEYS.big12Admin,
};

const sdl = readSupergraphSdl();
const doc = parse(sdl);
const schema: GraphQLSchema = buildASTSchema(doc, { assumeValidSDL: true });
const typeNode = (name: string) =>
  doc.definitions.find(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === name,
  );

/** `@requiresScopes(scopes: [[…]])` → its alternatives; `@authenticated` → [] (any principal); none → null. */
function ruleOf(directives: readonly ConstDirectiveNode[] | undefined): string[][] | null {
  let rule: string[][] | null = null;
  for (const d of directives ?? []) {
    if (d.name.value === 'authenticated') rule ??= [];
    if (d.name.value === 'requiresScopes') {
      const value = d.arguments?.find((a) => a.name.value === 'scopes')?.value;
      if (value?.kind !== Kind.LIST) throw new Error('@requiresScopes without scopes');
      rule = value.values.map((inner) =>
        inner.kind === Kind.LIST ? inner.values.map((v) => (v.kind === Kind.STRING ? v.value : '?')) : [],
      );
    }
  }
  return rule;
}

const allowed = (rule: string[][], role: RoleName) =>
  rule.length === 0 ||
  rule.some((all) => all.every((scope) => (ROLE_SCOPES[role] as readonly string[]).includes(scope)));

interface Entry {
  coordinate: string;
  operation: 'mutation' | 'query';
  field: FieldDefinitionNode;
  rule: string[][] | null;
}

function entries(typeName: 'Mutation' | 'Query'): Entry[] {
  const node = typeNode(typeName);
  if (!node) throw new Error(`no ${typeName} in the supergraph`);
  const typeRule = ruleOf(node.directives);
  return (node.fields ?? []).map((field) => ({
    coordinate: `${typeName}.${field.name.value}`,
    operation: typeName === 'Mutation' ? 'mutation' : 'query',
    field,
    rule: ruleOf(field.directives) ?? typeRule,
  }));
}

const mutations = entries('Mutation');
const queries = entries('Query');
const adminOnlyQueries = queries.filter((q) => q.rule && q.rule.length > 0 && !allowed(q.rule, 'scheduler'));

/** A value the argument's type accepts (required input fields only): the resolver may refuse it, validation must not. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = sample(f.type);
    }
    return out;
  }
  if (isScalarType(type)) {
    const values: Record<string, unknown> = {
      ID: '987654',
      Int: 1,
      Float: 1,
      String: 'role-matrix',
      Boolean: false,
      Date: '2026-01-05',
      DateTime: '2026-01-05T00:00:00Z',
      JSON: {},
    };
    return type.name in values ? values[type.name] : 'role-matrix';
  }
  throw new Error(`no sample for ${String(type)}`);
}

/** One operation selecting only `entry`'s field, every required argument a variable with a sample value. */
function operationFor(entry: Entry): { query: string; variables: Record<string, unknown> } {
  const field = (entry.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType())?.getFields()[
    entry.field.name.value
  ];
  if (!field) throw new Error(`${entry.coordinate} missing from the built schema`);
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const defs = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  const query = `${entry.operation} RoleMatrix${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
  return { query, variables: Object.fromEntries(required.map((a) => [a.name, sample(a.type)])) };
}

describe('every field has an authorization rule in the composed supergraph', () => {
  it('each Mutation field carries @requiresScopes', () => {
    expect(mutations.length).toBeGreaterThan(10);
    expect(mutations.filter((m) => !m.rule || m.rule.length === 0).map((m) => m.coordinate)).toEqual([]);
  });
  it('each Query field carries @authenticated or @requiresScopes (its own or its type’s)', () => {
    expect(queries.filter((q) => !q.rule).map((q) => q.coordinate)).toEqual([]);
  });
});

describe.each(DB_KINDS)('role-matrix on %s', (kind) => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ kind, seed: true, defaultMetrics: false });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const cases = [...mutations, ...adminOnlyQueries].flatMap((entry) =>
    (Object.keys(ROLE_SCOPES) as RoleName[]).map((role) => ({ entry, role })),
  );
  it.each(cases.map((c) => [c.entry.coordinate, c.role, c] as const))('%s as %s', async (_c, _r, { entry, role }) => {
    expect(entry.rule, `${entry.coordinate} has no rule`).not.toBeNull();
    const { query, variables } = operationFor(entry);
    const res = await fetch(t.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': ROLE_KEYS[role] },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Json;
    const codes: string[] = (body.errors ?? []).map((e: Json) => e.extensions?.code);
    expect(codes, JSON.stringify(body.errors)).not.toContain('GRAPHQL_VALIDATION_FAILED');
    expect(codes).not.toContain('UNAUTHENTICATED');
    if (allowed(entry.rule ?? [], role)) {
      expect(codes, `${role} must be allowed ${entry.coordinate}: ${JSON.stringify(body.errors)}`).not.toContain(
        'FORBIDDEN',
      );
    } else {
      expect(codes, `${role} must be refused ${entry.coordinate}`).toContain('FORBIDDEN');
      expect(body.data?.[entry.field.name.value] ?? null).toBeNull();
    }
  });

  it('the REST write routes refuse a viewer (403) and admit a scheduler', async () => {
    const body = { name: 'role-matrix', sport_id: 1, year: 2025, conference_id: 1 };
    const viewer = await t.request('POST', '/api/v1/schedules', { key: KEYS.big12Viewer, body });
    expect(viewer.status).toBe(403);
    expect(viewer.body.code).toBe('FORBIDDEN');
    const scheduler = await t.request('POST', '/api/v1/schedules', { key: KEYS.big12Scheduler, body });
    expect(scheduler.status).not.toBe(403);
    expect(scheduler.status).toBeLessThan(500);
  });
});
