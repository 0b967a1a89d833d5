// GraphQL resolvers of the figures schedulers compare: Schedule.fairness, Team.travel (fairness.ts computes them from
// the schedule's games and the teams' campus coordinates).
import { idArg, toKey } from '../kit/ids.ts';
import { type FairnessGame, scheduleFairness, teamFairness } from './fairness.ts';
import type { Resolvers, ScheduleResolvers, TeamResolvers } from './generated/resolvers.ts';
import type { Context } from './loaders.ts';
import type * as repo from './repository.ts';

/** Campuses of the teams of these games, and of `teamId` (a team without games still has a home). */
async function campuses(games: readonly FairnessGame[], ctx: Context, teamId?: number) {
  const ids = [
    ...new Set([...(teamId === undefined ? [] : [teamId]), ...games.flatMap((g) => [g.homeTeamId, g.awayTeamId])]),
  ];
  const rows = await ctx.loaders.campus.loadMany(ids);
  return new Map(rows.flatMap((r) => (r && !(r instanceof Error) ? [[r.teamId, r] as const] : [])));
}

async function scheduleGames(s: repo.ScheduleRow, versionId: number | undefined, ctx: Context) {
  if (versionId === undefined) return ctx.loaders.gamesBySchedule.load(s.scheduleId);
  return (await ctx.loaders.gamesByVersion.load(versionId)).filter((g) => g.scheduleId === s.scheduleId);
}

export const fairnessFields: { Schedule: ScheduleResolvers; Team: TeamResolvers } = {
  Schedule: {
    fairness: async (s, args, ctx) => {
      const games = await scheduleGames(s, idArg('versionId', args.versionId, true), ctx);
      const teams = scheduleFairness(games, await campuses(games, ctx));
      const miles = teams.map((t) => t.travelMiles);
      return {
        teams,
        totalTravelMiles: miles.some((m) => m === null) ? null : miles.reduce<number>((a, m) => a + (m ?? 0), 0),
        maxHomeAwayImbalance: Math.max(0, ...teams.map((t) => Math.abs(t.home - t.away))),
      };
    },
  },
  Team: {
    travel: async (t, args, ctx) => {
      const key = toKey(args.scheduleId);
      const schedule = key === null ? null : await ctx.loaders.schedule().load(key);
      if (!schedule) return null;
      const games = await ctx.loaders.gamesBySchedule.load(schedule.scheduleId);
      const own = games.filter((g) => g.homeTeamId === t.teamId || g.awayTeamId === t.teamId);
      const figures = teamFairness(t.teamId, own, await campuses(own, ctx, t.teamId));
      return { teamId: t.teamId, schedule, miles: figures.travelMiles, trips: figures.trips };
    },
  },
};

export const fairnessTypeResolvers: Resolvers = {
  TeamFairness: {
    team: (f) => ({ teamId: f.teamId }),
  },
  TeamTravel: {
    team: (t) => ({ teamId: t.teamId }),
  },
  RoadTrip: {
    games: async (r, _, ctx) => {
      const rows = await ctx.loaders.game.loadMany(r.gameIds);
      return rows.filter((g): g is repo.GameRow => g !== null && !(g instanceof Error));
    },
    hosts: (r) => r.hostIds.map((teamId) => ({ teamId })),
  },
};
