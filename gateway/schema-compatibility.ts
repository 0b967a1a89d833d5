// Schema compatibility, as the deployment process asks: the changes between two versions of a schema (the composed
// supergraph, or a subgraph's SDL) by GraphQL Inspector, each safe, dangerous or breaking. A removal is not breaking
// when what it removes was @deprecated before (the contract: deprecate first, remove later); a type removed with it is
// not breaking when every field that returned or took it was deprecated (or removed with it).
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type Change, ChangeType, CriticalityLevel, diff } from '@graphql-inspector/core';
import {
  buildASTSchema,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isWrappingType,
  parse,
} from 'graphql';

export type SchemaKind = 'supergraph' | 'subgraph';
export type ChangeLevel = 'breaking' | 'dangerous' | 'safe';

export interface SchemaChange {
  level: ChangeLevel;
  type: string;
  /** Where, e.g. `Team.name` (absent for schema-wide changes). */
  path?: string;
  message: string;
  /** A removal of something deprecated earlier: the step after @deprecated, allowed. */
  afterDeprecation?: boolean;
}

function build(sdl: string, kind: SchemaKind): GraphQLSchema {
  const document = parse(sdl);
  // a subgraph's SDL uses Federation's directives, which buildSubgraphSchema knows; the supergraph defines its own
  return kind === 'subgraph'
    ? buildSubgraphSchema({ typeDefs: document })
    : buildASTSchema(document, { assumeValidSDL: true });
}

const isDeprecated = (element: { deprecationReason?: string | null } | undefined) =>
  element?.deprecationReason !== undefined && element?.deprecationReason !== null;

/** The field, enum value or input field a path names in `schema` (`Type.member`). */
function memberAt(schema: GraphQLSchema, path: string): { deprecationReason?: string | null } | undefined {
  const [typeName, member] = path.split('.');
  const type = schema.getType(typeName);
  if (!member) return undefined;
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) return type.getFields()[member];
  if (isEnumType(type)) return type.getValue(member) ?? undefined;
  return undefined;
}

function namedTypeOf(type: GraphQLType): string {
  let t = type;
  while (isWrappingType(t)) t = t.ofType;
  return t.name;
}

/** Every field (and argument) of `schema` outside `removed` types that returns or takes `target`, with its deprecation. */
function referencesTo(schema: GraphQLSchema, target: string, removed: Set<string>): Array<{ deprecated: boolean }> {
  const out: Array<{ deprecated: boolean }> = [];
  for (const type of Object.values(schema.getTypeMap()) as GraphQLNamedType[]) {
    if (type.name.startsWith('__') || removed.has(type.name)) continue;
    if (!(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      const fieldDeprecated = isDeprecated(field);
      if (namedTypeOf(field.type) === target) out.push({ deprecated: fieldDeprecated });
      for (const arg of 'args' in field ? field.args : []) {
        if (namedTypeOf(arg.type) === target) out.push({ deprecated: fieldDeprecated || isDeprecated(arg) });
      }
    }
  }
  return out;
}

const REMOVALS: ReadonlySet<string> = new Set([
  ChangeType.FieldRemoved,
  ChangeType.EnumValueRemoved,
  ChangeType.InputFieldRemoved,
]);

function levelOf(change: Change): ChangeLevel {
  switch (change.criticality.level) {
    case CriticalityLevel.Breaking:
      return 'breaking';
    case CriticalityLevel.Dangerous:
      return 'dangerous';
    default:
      return 'safe';
  }
}

/** The changes from `oldSdl` to `newSdl`, breaking ones first. */
export async function schemaChanges(oldSdl: string, newSdl: string, kind: SchemaKind): Promise<SchemaChange[]> {
  const before = build(oldSdl, kind);
  const after = build(newSdl, kind);
  const changes = await diff(before, after);
  const removedTypes = new Set(
    changes.filter((c) => c.type === ChangeType.TypeRemoved && c.path).map((c) => String(c.path)),
  );
  const out = changes.map((change): SchemaChange => {
    const base: SchemaChange = {
      level: levelOf(change),
      type: change.type,
      path: change.path,
      message: change.message,
    };
    if (base.level !== 'breaking' || !change.path) return base;
    if (REMOVALS.has(change.type) && isDeprecated(memberAt(before, change.path)))
      return { ...base, level: 'dangerous', afterDeprecation: true };
    if (change.type === ChangeType.TypeRemoved) {
      const references = referencesTo(before, change.path, removedTypes);
      if (references.length > 0 && references.every((r) => r.deprecated))
        return { ...base, level: 'dangerous', afterDeprecation: true };
    }
    return base;
  });
  const order: Record<ChangeLevel, number> = { breaking: 0, dangerous: 1, safe: 2 };
  return out.sort((a, b) => order[a.level] - order[b.level]);
}

/** One line per change, for people: `✖ breaking  Field 'Team.code' was removed`. */
export function formatChanges(changes: readonly SchemaChange[]): string[] {
  const mark: Record<ChangeLevel, string> = { breaking: '✖ breaking ', dangerous: '⚠ dangerous', safe: '✓ safe     ' };
  return changes.map((c) => `  ${mark[c.level]}  ${c.message}${c.afterDeprecation ? ' (deprecated before)' : ''}`);
}
