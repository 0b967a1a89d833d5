// The workspace suites' data: the seeded Big 12 men's basketball season's schedule — generated through the GraphQL
// API when none exists yet — with a stored evaluation, so the grid has games and violations to show.
import type { TestStack } from './stack.ts';
import { waitFor } from './stack.ts';

export interface MbbSchedule {
  id: string;
  gameCount: number;
}

const FIND = `query {
  schedules(sportCode: "MBB", limit: 50) { nodes { id gameCount season { isCurrent } } }
}`;
const GENERATE = `mutation($input: CreateGenerationRequestInput!) { generateSchedule(input: $input) { id } }`;
const STATUS = `query($id: ID!) { generationRequest(id: $id) { status errorMessage schedule { id gameCount } } }`;
const VALIDATE = `mutation($id: ID!) { validateSchedule(input: { scheduleId: $id, store: true }) { stored totalViolations } }`;

export async function ensureMbbSchedule(stack: TestStack, seconds = 3): Promise<MbbSchedule> {
  const schedule = await findOrGenerate(stack, seconds);
  await stack.gql(VALIDATE, { id: schedule.id });
  return schedule;
}

async function findOrGenerate(stack: TestStack, seconds: number): Promise<MbbSchedule> {
  const found = await stack.gql<{ schedules: { nodes: Array<MbbSchedule & { season: { isCurrent: boolean } }> } }>(
    FIND,
  );
  const existing = found.data.schedules.nodes.find((s) => s.gameCount > 0 && s.season.isCurrent);
  if (existing) return { id: existing.id, gameCount: existing.gameCount };

  const team = await stack.gql<{ teams: { nodes: Array<{ sport: { id: string }; conference: { id: string } }> } }>(
    '{ teams(sportCode: "MBB", limit: 1) { nodes { sport { id } conference { id } } } }',
  );
  const seasons = await stack.gql<{ seasons: Array<{ id: string; isCurrent: boolean }> }>(
    '{ seasons { id isCurrent } }',
  );
  const { sport, conference } = team.data.teams.nodes[0];
  const season = seasons.data.seasons.find((s) => s.isCurrent)!;
  const created = await stack.gql<{ generateSchedule: { id: string } }>(GENERATE, {
    input: {
      name: 'Big 12 MBB (workspace test)',
      sportId: sport.id,
      seasonId: season.id,
      conferenceId: conference.id,
      parameters: { seconds, seed: 1 },
    },
  });
  type Status = { status: string; errorMessage: string | null; schedule: MbbSchedule | null };
  const done = await waitFor(
    async () => {
      const r = await stack.gql<{ generationRequest: Status }>(STATUS, { id: created.data.generateSchedule.id });
      const s = r.data.generationRequest;
      return ['completed', 'failed', 'cancelled'].includes(s.status) ? s : undefined;
    },
    120_000,
    'the MBB schedule to be generated',
  );
  if (done.status !== 'completed' || !done.schedule) throw new Error(`generation ${done.status}: ${done.errorMessage}`);
  return done.schedule;
}
