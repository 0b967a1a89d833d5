// Schema compatibility (gateway/schema-compatibility.ts, `npm run schema:diff`): a removal is breaking unless it was
// @deprecated first; additions are safe; the command skips a ref git does not know (shallow clone, first commit).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { schemaChanges } from '../../gateway/schema-compatibility.ts';

const BEFORE = `
  type Query { team(id: ID!): Team, teams: [Team!]! }
  type Team { id: ID!, name: String!, code: String, legacyCode: String @deprecated(reason: "use code"), old: Old @deprecated(reason: "gone") }
  type Old { x: Int }
  enum Severity { HARD SOFT LEGACY @deprecated(reason: "use SOFT") }
  type Blackout { severity: Severity }
  extend type Query { blackout: Blackout }
`;

const breaking = async (before: string, after: string, kind: 'supergraph' | 'subgraph' = 'supergraph') =>
  (await schemaChanges(before, after, kind)).filter((c) => c.level === 'breaking');

describe('schema compatibility', () => {
  it('a field removed without @deprecated first is breaking', async () => {
    const after = BEFORE.replace('code: String, ', '');
    const found = await breaking(BEFORE, after);
    expect(found.map((c) => c.path)).toEqual(['Team.code']);
    expect(found[0].message).toMatch(/code/);
  });

  it('a field, enum value and type removed after @deprecated are not breaking', async () => {
    const after = BEFORE.replace(/, legacyCode: String @deprecated\(reason: "use code"\)/, '')
      .replace(/, old: Old @deprecated\(reason: "gone"\)/, '')
      .replace('type Old { x: Int }', '')
      .replace(' LEGACY @deprecated(reason: "use SOFT")', '');
    expect(await breaking(BEFORE, after)).toEqual([]);
    const changes = await schemaChanges(BEFORE, after, 'supergraph');
    expect(
      changes
        .filter((c) => c.afterDeprecation)
        .map((c) => c.path)
        .sort(),
    ).toEqual(['Old', 'Severity.LEGACY', 'Team.legacyCode', 'Team.old']);
  });

  it('additions are safe: a new field, a new optional argument, a new type', async () => {
    const after = BEFORE.replace('teams: [Team!]!', 'teams(limit: Int): [Team!]!, venues: [Venue!]!').concat(
      '\n type Venue { id: ID!, capacity: Int }',
    );
    const changes = await schemaChanges(BEFORE, after, 'supergraph');
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.level !== 'breaking')).toBe(true);
  });

  it('a changed type or a new required argument is breaking, deprecated or not', async () => {
    const retyped = BEFORE.replace('legacyCode: String', 'legacyCode: Int');
    expect((await breaking(BEFORE, retyped)).map((c) => c.path)).toEqual(['Team.legacyCode']);
    const required = BEFORE.replace('teams: [Team!]!', 'teams(conference: ID!): [Team!]!');
    expect((await breaking(BEFORE, required)).map((c) => c.type)).toEqual(['FIELD_ARGUMENT_ADDED']);
  });

  it('reads a Federation subgraph SDL (@key, @link) as a subgraph', async () => {
    const subgraph = (extra: string) => `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Query { team(id: ID!): Team }
      type Team @key(fields: "id") { id: ID! ${extra} }`;
    expect(await breaking(subgraph('name: String'), subgraph(''), 'subgraph')).toHaveLength(1);
    expect(await breaking(subgraph('name: String @deprecated'), subgraph(''), 'subgraph')).toEqual([]);
  });

  it('`schema:diff` skips a ref git does not know, and finds no change against HEAD in a clean tree', () => {
    const run = (ref: string) =>
      execFileSync(process.execPath, ['--import', 'tsx', 'bin/flextime.ts', 'schema-diff', ref], { encoding: 'utf8' });
    expect(run('no-such-ref-anywhere')).toMatch(/git does not know no-such-ref-anywhere.*skipped/);
    expect(run('HEAD')).toMatch(/^supergraph: \d+ change\(s\) since HEAD/m);
  });
});
