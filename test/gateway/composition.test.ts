// The committed supergraph is what the four committed subgraph SDLs compose to, without errors or hints.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { subgraphSources } from '../../bin/commands/compose.ts';
import { composeSupergraph, SUPERGRAPH_FILE } from '../../gateway/composition.ts';

describe('supergraph composition', () => {
  const sources = subgraphSources();
  const { supergraphSdl, hints } = composeSupergraph(sources);

  it('composes the four subgraphs without hints', () => {
    // Hints are printed by `npm run compose`; the committed SDLs should leave none worth fixing.
    expect(hints).toEqual([]);
    for (const name of ['team-availability', 'venue-management', 'constraint-validation', 'schedule-generation']) {
      expect(supergraphSdl).toContain(`name: "${name}"`);
    }
  });

  it('matches the committed gateway/supergraph.graphql (run `npm run compose` when this fails)', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(supergraphSdl);
  });

  it('puts each entity under its owner as DESIGN.md §3 says', () => {
    expect(supergraphSdl).toMatch(/type Team[^{]*@join__type\(graph: TEAM_AVAILABILITY, key: "id"\)/);
    expect(supergraphSdl).toMatch(/type Venue[^{]*@join__type\(graph: VENUE_MANAGEMENT, key: "id"\)/);
    expect(supergraphSdl).toMatch(/type Schedule[^{]*@join__type\(graph: SCHEDULE_GENERATION, key: "id"\)/);
    expect(supergraphSdl).toMatch(/type Game[^{]*@join__type\(graph: SCHEDULE_GENERATION, key: "id"\)/);
  });

  it('throws one error listing every composition error', () => {
    const broken = [
      {
        name: 'a',
        url: 'http://127.0.0.1:1/graphql',
        typeDefs:
          'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\ntype Query { x: Int }',
      },
      {
        name: 'b',
        url: 'http://127.0.0.1:2/graphql',
        typeDefs:
          'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\ntype Query { x: String }',
      },
    ];
    expect(() => composeSupergraph(broken)).toThrow(/composition failed with \d+ error\(s\):\n {2}- \w+: .*Query\.x/s);
    expect(() => composeSupergraph([{ ...broken[0], typeDefs: 'type {' }])).toThrow(
      /subgraph 'a': schema does not parse/,
    );
  });
});
