// Authorization by role, as declared in the subgraph's SDL with federation's `@authenticated` and
// `@requiresScopes(scopes: [[…]])` (on a field, or on a type for all its fields) and enforced here, in the subgraph:
// Apollo Gateway carries the directives into the supergraph but does not enforce them. Each resolver of a field with
// a rule is wrapped so the rule is checked before the resolver runs; a principal that does not meet it gets FORBIDDEN
// naming the field and the roles that may use it.
import {
  type ConstDirectiveNode,
  type DocumentNode,
  defaultFieldResolver,
  GraphQLError,
  type GraphQLObjectType,
  type GraphQLSchema,
  Kind,
  parse,
  type ValueNode,
} from 'graphql';
import type { SubgraphPrincipal } from './auth.ts';

/** Alternatives, each a set of scopes that must all be held (federation's `scopes: [[A, B], [C]]` = A and B, or C). */
export type ScopeRule = readonly (readonly string[])[];

export interface FieldRule {
  authenticated: boolean;
  /** Every rule must be met (a type's and its field's). */
  scopes: ScopeRule[];
}

function stringLists(value: ValueNode): string[][] {
  if (value.kind !== Kind.LIST) throw new Error('@requiresScopes(scopes:) must be a list of lists of strings');
  return value.values.map((inner) => {
    if (inner.kind !== Kind.LIST) throw new Error('@requiresScopes(scopes:) must be a list of lists of strings');
    return inner.values.map((v) => {
      if (v.kind !== Kind.STRING) throw new Error('@requiresScopes(scopes:) must be a list of lists of strings');
      return v.value;
    });
  });
}

function ruleOf(directives: readonly ConstDirectiveNode[] | undefined): FieldRule | null {
  let found = false;
  const scopes: ScopeRule[] = [];
  for (const d of directives ?? []) {
    if (d.name.value === 'authenticated') found = true;
    if (d.name.value === 'requiresScopes') {
      const arg = d.arguments?.find((a) => a.name.value === 'scopes');
      if (!arg) throw new Error('@requiresScopes needs scopes:');
      scopes.push(stringLists(arg.value));
      found = true;
    }
  }
  return found ? { authenticated: true, scopes } : null;
}

function merge(a: FieldRule | null, b: FieldRule | null): FieldRule | null {
  if (!a) return b;
  if (!b) return a;
  return { authenticated: true, scopes: [...a.scopes, ...b.scopes] };
}

/** `Type.field` → its rule (the type's directives and the field's together), from the SDL. */
export function authorizationRules(typeDefs: string | DocumentNode): Map<string, FieldRule> {
  const doc = typeof typeDefs === 'string' ? parse(typeDefs) : typeDefs;
  const rules = new Map<string, FieldRule>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const typeRule = ruleOf(def.directives);
    for (const field of def.fields ?? []) {
      const rule = merge(typeRule, ruleOf(field.directives));
      if (rule) rules.set(`${def.name.value}.${field.name.value}`, rule);
    }
  }
  return rules;
}

export function allows(rule: FieldRule, scopes: readonly string[]): boolean {
  return rule.scopes.every((alternatives) => alternatives.some((all) => all.every((s) => scopes.includes(s))));
}

function describe(rule: FieldRule): string {
  return rule.scopes.map((alts) => alts.map((all) => all.join(' and ')).join(' or ')).join('; and ');
}

/** Wraps the resolver of every field that has a rule; returns the schema. */
export function enforceAuthorization(schema: GraphQLSchema, rules: Map<string, FieldRule>): GraphQLSchema {
  for (const [coordinate, rule] of rules) {
    const [typeName, fieldName] = coordinate.split('.');
    const type = schema.getType(typeName);
    // Duck-typed (see guardArguments in server.ts): @apollo/subgraph may hold another copy of graphql.
    if (type?.constructor.name !== 'GraphQLObjectType') continue;
    const field = (type as GraphQLObjectType).getFields()[fieldName];
    if (!field) continue;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context, info) => {
      const principal = (context as { principal?: SubgraphPrincipal | null }).principal;
      if (!principal) {
        throw new GraphQLError(`${coordinate} needs an authenticated caller`, {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      if (!allows(rule, principal.scopes)) {
        throw new GraphQLError(`Not allowed: ${coordinate} needs the role ${describe(rule)}`, {
          extensions: { code: 'FORBIDDEN', field: coordinate, requiredScopes: rule.scopes },
        });
      }
      return resolve(source, args, context, info);
    };
  }
  return schema;
}
