// The engine's Big 12 MBB fixture is the problem generation builds from the seeded database, not a second copy of
// the rules: rebuilt here from freshly seeded data through the stack (gateway → buildProblem), it must equal the
// committed scheduling/fixtures/big12-mbb.json. Fails when a seed file changes and `npm run gen:fixture` was not run.
import { describe, expect, it } from 'vitest';
import { engineFixtureFromSeeds } from '../../bin/commands/engine-fixture.ts';
import { big12MbbProblem } from '../../scheduling/index.ts';

describe('engine fixture', () => {
  // migrating, seeding and starting the stack in one test: minutes on a loaded 2-core machine
  it('scheduling/fixtures/big12-mbb.json equals the problem generation builds from the seeds', {
    timeout: 300_000,
  }, async () => {
    const fromSeeds = await engineFixtureFromSeeds();
    expect(big12MbbProblem()).toEqual(JSON.parse(JSON.stringify(fromSeeds)));
    // the facts of the issue, read from the committed fixture
    const fixture = big12MbbProblem();
    expect(fixture.candidateDates?.[0]).toBe('2026-01-02');
    expect(fixture.candidateDates?.at(-1)).toBe('2026-03-07');
    expect(fixture.teams.find((t) => t.id === 'WVU')?.venue).toBe('Hope Coliseum');
    // the format: 18 games with 3 doubles built by the engine, its 9 home games checked in the walk
    expect(fixture.format).toEqual({ kind: 'partial_round_robin', doubles: 3 });
    const format = fixture.constraints.find((c) => c.id === "Men's basketball: 18-game conference format");
    expect(format).toMatchObject({ type: 'CA1', severity: 'hard', params: { mode: 'H', min: 9, max: 9 } });
    expect(fixture.constraints.find((c) => c.type === 'saturday_pairing')?.severity).toBe('soft');
  });
});
