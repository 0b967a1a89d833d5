// Depth and cost of operations, as the limits plugin measures them before any subgraph is called.
import { buildASTSchema, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from '../../gateway/plugins/execution/limits.ts';

const schema = buildASTSchema(
  parse(`
    type Query { team(id: ID!): Team teams(limit: Int): TeamConnection! }
    type TeamConnection { nodes: [Team!]! total: Int! }
    type Team { id: ID! name: String! rival: Team games(first: Int): [Game!]! blackouts: [Blackout!]! }
    type Game { id: ID! home: Team! away: Team! }
    type Blackout { startDate: String! }
  `),
);

function measure(source: string, variables: Record<string, unknown> = {}) {
  const doc = parse(source);
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return measureOperation(schema, operation, fragments, variables, 10);
}

describe('measureOperation', () => {
  it('counts depth through fields, inline fragments and named fragments (introspection fields excluded)', () => {
    expect(measure('{ team(id: 1) { name } }').depth).toBe(2);
    expect(measure('{ team(id: 1) { rival { ...R } } } fragment R on Team { rival { name } }').depth).toBe(4);
    expect(measure('{ team(id: 1) { ... on Team { rival { name } } } }').depth).toBe(3);
    expect(measure('{ __schema { types { fields { type { ofType { name } } } } } }').depth).toBe(0);
  });

  it('multiplies object fields by list sizes from arguments, literal or variable, else the default', () => {
    // team 1 + rival 1
    expect(measure('{ team(id: 1) { rival { name } } }').cost).toBe(2);
    // teams(limit: 50): 50; nodes take the connection's size (50); each node's games (default 10) → 500, home → 500
    expect(measure('{ teams(limit: 50) { nodes { games { home { name } } } } }').cost).toBe(50 + 50 + 500 + 500);
    expect(measure('query ($n: Int) { teams(limit: $n) { nodes { name } } }', { n: 3 }).cost).toBe(6);
    // a list without a size argument under a plain object: the default size
    expect(measure('{ team(id: 1) { blackouts { startDate } } }').cost).toBe(1 + 10);
    expect(measure('{ team(id: 1) { games(first: 2) { away { name } } } }').cost).toBe(1 + 2 + 2);
  });

  it('does not loop on fragment cycles', () => {
    const m = measure('{ team(id: 1) { ...A } } fragment A on Team { rival { ...A } }');
    expect(m.depth).toBeGreaterThan(0);
  });
});
