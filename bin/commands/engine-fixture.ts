// `flextime engine-fixture`: writes scheduling/fixtures/big12-mbb.json, the engine's Big 12 MBB 2025-26 problem, from
// the seeded database through the same path a generation job takes (bin's stack → gateway → buildProblem): the rules
// live once, in the seeded templates and profile, and the fixture is a copy of what generation reads, not a second
// set of rules. Database ids are relabelled with the schools' abbreviations and the venues' names so the file reads
// as the conference does; `test/seeding/engine-fixture.test.ts` fails when it no longer matches the seeds.
//   npm run gen:fixture            (an in-memory database, migrated and seeded; nothing else is touched)
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { pino } from 'pino';
import { openDatabase } from '../../db/index.ts';
import type { ConstraintSpec, ScheduleProblem } from '../../scheduling/index.ts';
import { createProcessDependencies } from '../../subgraphs/dependencies.ts';
import { MemoryCache } from '../../subgraphs/kit/cache/index.ts';
import { gatewayRequest } from '../../subgraphs/kit/gateway-client.ts';
import { buildProblem } from '../../subgraphs/schedule-generation/generation/build-problem.ts';
import { EPHEMERAL_PORTS, prepareDatabase, startStack } from './start.ts';

export const FIXTURE_FILE = new URL('../../scheduling/fixtures/big12-mbb.json', import.meta.url);

const SPORT_QUERY = `{ teams(sportCode: "MBB", limit: 1) { nodes { sport { id } conference { id } } } }`;

/** The MBB 2025-26 problem generation would build, relabelled (team ids → abbreviations, venue ids → names). */
export async function buildEngineFixture(gatewayUrl: string): Promise<ScheduleProblem> {
  const { teams } = await gatewayRequest<{ teams: { nodes: Array<Record<string, { id: string }>> } }>(
    SPORT_QUERY,
    {},
    { url: gatewayUrl, service: 'engine-fixture' },
  );
  const node = teams.nodes[0];
  const built = await buildProblem(
    {
      name: 'Big 12 MBB 2025-26',
      sportId: Number(node.sport.id),
      seasonId: 2,
      conferenceId: Number(node.conference.id),
    },
    {},
    { url: gatewayUrl, cache: new MemoryCache() },
  );
  const team = new Map(built.teams.map((t) => [String(t.id), t.abbreviation]));
  const venue = new Map(built.teams.map((t) => [`venue:${t.venueId}`, t.venueName ?? `venue:${t.venueId}`]));
  const relabel = (value: unknown, key: string): unknown => {
    if (Array.isArray(value)) return value.map((v) => relabel(v, key));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relabel(v, k)]));
    }
    if (typeof value !== 'string') return value;
    if (key === 'team' || key === 'teams') return team.get(value) ?? value;
    if (key === 'venue') return venue.get(value) ?? value;
    return value;
  };
  const byTeamThenDate = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    `${a.team ?? a.venue}${a.from}`.localeCompare(`${b.team ?? b.venue}${b.from}`);
  const constraints: ConstraintSpec[] = built.problem.constraints.map((c) => {
    const params = relabel(c.params ?? {}, '') as Record<string, unknown>;
    for (const list of ['blackouts', 'periods']) {
      if (Array.isArray(params[list])) (params[list] as Array<Record<string, unknown>>).sort(byTeamThenDate);
    }
    return { id: c.name ?? String(c.id), type: c.type, severity: c.severity, weight: c.weight, params };
  });
  return {
    name: built.problem.name,
    teams: built.problem.teams.map((t) => ({
      ...t,
      id: team.get(String(t.id)) ?? String(t.id),
      venue: venue.get(String(t.venue)) ?? t.venue,
    })),
    format: built.problem.format,
    candidateDates: built.problem.candidateDates,
    constraints,
  };
}

/** Migrates and seeds an in-memory database, starts the stack on it and builds the fixture. */
export async function engineFixtureFromSeeds(): Promise<ScheduleProblem> {
  const logger = pino({ level: 'warn' });
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await prepareDatabase(db, logger);
    // a throwaway stack: its gateway signs subgraph calls (and the builder signs its own) with a one-off secret
    process.env.FLEXTIME_INTERNAL_SECRET ||= randomBytes(32).toString('base64url');
    const internalSecret = process.env.FLEXTIME_INTERNAL_SECRET;
    const deps = createProcessDependencies(db, { logger, generation: false });
    const stack = await startStack({ deps, logger, ports: EPHEMERAL_PORTS, internalSecret });
    try {
      return await buildEngineFixture(stack.gatewayUrl);
    } finally {
      await stack.stop();
      await deps.close();
    }
  } finally {
    await db.close();
  }
}

export async function run(args: string[]): Promise<number | undefined> {
  if (args.length > 0) {
    console.log('usage: flextime engine-fixture   — rewrite scheduling/fixtures/big12-mbb.json from the seeds');
    return args[0] === '--help' || args[0] === '-h' ? 0 : 2;
  }
  const fixture = await engineFixtureFromSeeds();
  writeFileSync(FIXTURE_FILE, `${JSON.stringify(fixture, null, 1)}\n`);
  console.log(
    `wrote ${FIXTURE_FILE.pathname.split('/').slice(-3).join('/')}: ${fixture.constraints.length} constraints`,
  );
  return 0;
}
