// The engine's Big 12 MBB fixture is the problem generation builds from the seeded database, not a second copy of
// the rules: rebuilt here from freshly seeded data through the stack (gateway → buildProblem), it must equal the
// committed scheduling/fixtures/big12-mbb.json. Fails when a seed file changes and `npm run gen:fixture` was not run.
import { describe, expect, it } from 'vitest';
import { engineFixtureFromSeeds } from '../../bin/commands/engine-fixture.ts';
import { big12MbbProblem } from '../../scheduling/index.ts';

describe('engine fixture', () => {
  it('scheduling/fixtures/big12-mbb.json equals the problem generation builds from the seeds', async () => {
    const fromSeeds = await engineFixtureFromSeeds();
    expect(big12MbbProblem()).toEqual(JSON.parse(JSON.stringify(fromSeeds)));
    // the facts of the issue, read from the committed fixture
    const fixture = big12MbbProblem();
    expect(fixture.candidateDates?.[0]).toBe('2026-01-02');
    expect(fixture.candidateDates?.at(-1)).toBe('2026-03-07');
    expect(fixture.teams.find((t) => t.id === 'WVU')?.venue).toBe('Hope Coliseum');
    const format = fixture.constraints.find((c) => c.type === 'round_robin_format');
    expect(format).toMatchObject({
      severity: 'hard',
      params: { gamesPerTeam: 18, doubles: 3, minHome: 9, maxHome: 9 },
    });
    expect(fixture.constraints.find((c) => c.type === 'saturday_pairing')?.severity).toBe('soft');
  });
});
