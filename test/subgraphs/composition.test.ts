// The four SDLs compose without errors or hints, and entity ownership is exactly DESIGN.md §3.
import { composeServices } from '@apollo/composition';
import { type ObjectTypeDefinitionNode, parse, type StringValueNode, type ValueNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subgraphs } from '../../subgraphs/index.ts';

const composed = composeServices(
  subgraphs.map((d, i) => ({ name: d.name, url: `http://127.0.0.1:${4001 + i}/graphql`, typeDefs: parse(d.typeDefs) })),
);

const GRAPH: Record<string, string> = {
  TEAM_AVAILABILITY: 'team-availability',
  VENUE_MANAGEMENT: 'venue-management',
  CONSTRAINT_VALIDATION: 'constraint-validation',
  SCHEDULE_GENERATION: 'schedule-generation',
};

const arg = (args: readonly { name: { value: string }; value: ValueNode }[] | undefined, name: string) =>
  args?.find((a) => a.name.value === name)?.value;

/** Which subgraphs resolve each field of a supergraph type (from @join__field, else the type's @join__type). */
function owners(typeName: string): Record<string, string[]> {
  const doc = parse(composed.supergraphSdl!);
  const type = doc.definitions.find(
    (d): d is ObjectTypeDefinitionNode => d.kind === 'ObjectTypeDefinition' && d.name.value === typeName,
  );
  if (!type) throw new Error(`no type ${typeName}`);
  const typeGraphs = (type.directives ?? [])
    .filter((d) => d.name.value === 'join__type')
    .map((d) => GRAPH[(arg(d.arguments, 'graph') as { value: string }).value]!);
  const out: Record<string, string[]> = {};
  for (const f of type.fields ?? []) {
    const joins = (f.directives ?? []).filter((d) => d.name.value === 'join__field');
    out[f.name.value] = joins.length
      ? joins
          .filter((d) => (arg(d.arguments, 'external') as { value?: boolean } | undefined)?.value !== true)
          .map((d) => GRAPH[(arg(d.arguments, 'graph') as { value: string }).value]!)
          .sort()
      : [...typeGraphs].sort();
  }
  return out;
}

describe('supergraph composition of the four subgraphs', () => {
  it('composes without errors or hints', () => {
    expect(composed.errors).toBeUndefined();
    expect((composed.hints ?? []).map((h) => h.message)).toEqual([]);
  });

  it('declares Federation 2.7 in every subgraph', () => {
    for (const d of subgraphs)
      expect(d.typeDefs).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7"/);
  });

  it('gives each entity field the owner of DESIGN.md §3', () => {
    const team = owners('Team');
    for (const f of ['name', 'abbreviation', 'institution', 'sport', 'profile', 'blackouts', 'windows'])
      expect(team[f], `Team.${f}`).toEqual(['team-availability']);
    expect(team.homeVenue).toEqual(['venue-management']);
    expect(team.venues).toEqual(['venue-management']);
    expect(team.games).toEqual(['schedule-generation']);
    expect(team.constraintProfile).toEqual(['constraint-validation']);

    const venue = owners('Venue');
    for (const f of ['name', 'type', 'capacity', 'hours', 'availability', 'conflicts'])
      expect(venue[f], `Venue.${f}`).toEqual(['venue-management']);
    expect(venue.games).toEqual(['schedule-generation']);

    const schedule = owners('Schedule');
    for (const f of ['name', 'sport', 'season', 'status', 'versions', 'games'])
      expect(schedule[f], `Schedule.${f}`).toEqual(['schedule-generation']);
    expect(schedule.evaluation).toEqual(['constraint-validation']);
    expect(schedule.violations).toEqual(['constraint-validation']);

    const game = owners('Game');
    for (const f of ['date', 'slot', 'home', 'away', 'venue'])
      expect(game[f], `Game.${f}`).toEqual(['schedule-generation']);
  });

  it('keys every entity by id', () => {
    const doc = parse(composed.supergraphSdl!);
    for (const name of ['Team', 'Venue', 'Schedule', 'Game']) {
      const type = doc.definitions.find(
        (d): d is ObjectTypeDefinitionNode => d.kind === 'ObjectTypeDefinition' && d.name.value === name,
      )!;
      const keys = (type.directives ?? [])
        .filter((d) => d.name.value === 'join__type')
        .map((d) => (arg(d.arguments, 'key') as StringValueNode | undefined)?.value);
      expect(keys.length, name).toBeGreaterThan(0);
      expect(new Set(keys), name).toEqual(new Set(['id']));
    }
  });
});
