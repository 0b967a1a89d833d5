// Sports sharing arenas: a schedule generated around fixed ones (generation parameter `aroundSchedules`, e.g. women's
// basketball around the stored men's schedule). Every day an arena hosts a game of a fixed schedule is unavailable
// to this generation's home games there — a hard rule of its own, read through the gateway like all other data.
import type { ConstraintSpec } from '../../../scheduling/index.ts';
import { type GatewayCallOptions, gatewayRequest, type RefTeam } from '../../kit/gateway-client.ts';

const FIXED_GAMES = `query FlextimeFixedSchedule($id: ID!) {
  schedule(id: $id) { id conference { id } games { date venue { id } home { homeVenue { id } } } }
}`;

type FixedSchedule = {
  schedule: {
    id: string;
    conference: { id: string } | null;
    games: Array<{ date: string; venue: { id: string } | null; home: { homeVenue: { id: string } | null } }>;
  } | null;
};

/**
 * Arena-days (venue id, date) used by the games of the given stored schedules, and the schedules that cannot be
 * used: missing (deleted since the generation was recorded, or not visible to its conference) or of another
 * conference (checked when the generation is recorded too: start.ts).
 */
export async function arenaDaysOf(
  scheduleIds: ReadonlyArray<number | string>,
  conferenceId: number,
  gw: GatewayCallOptions,
): Promise<{ days: Array<{ venueId: number; date: string }>; refused: string[] }> {
  const days = new Map<string, { venueId: number; date: string }>();
  const refused: string[] = [];
  for (const id of scheduleIds) {
    const data = await gatewayRequest<FixedSchedule>(FIXED_GAMES, { id: String(id) }, gw);
    if (!data.schedule) {
      refused.push(`no schedule ${id}`);
      continue;
    }
    if (data.schedule.conference?.id !== String(conferenceId)) {
      refused.push(`schedule ${id} is of conference ${data.schedule.conference?.id ?? '(none)'}, not ${conferenceId}`);
      continue;
    }
    for (const g of data.schedule.games) {
      const venue = g.venue?.id ?? g.home.homeVenue?.id;
      if (venue === undefined) continue; // a game at no known arena books none
      days.set(`${venue}:${g.date}`, { venueId: Number(venue), date: g.date });
    }
  }
  return { days: [...days.values()], refused };
}

/** The hard rule keeping this schedule's home games off the arena-days of the fixed schedules. */
export function sharedArenaConstraint(
  scheduleIds: ReadonlyArray<number | string>,
  days: ReadonlyArray<{ venueId: number; date: string }>,
  teams: readonly RefTeam[],
): ConstraintSpec {
  const ours = new Set(teams.map((t) => t.venueId).filter((v): v is number => v !== null));
  return {
    id: 'shared-arenas',
    name: `Arenas used by schedule ${scheduleIds.join(', ')}`,
    type: 'venue_unavailability',
    severity: 'hard',
    params: {
      periods: days
        .filter((d) => ours.has(d.venueId))
        .map((d) => ({ venue: `venue:${d.venueId}`, from: d.date, to: d.date })),
    },
  };
}
