// GraphQL resolvers of version comparison, merged into schedule-generation's map: Mutation.compareScheduleVersions,
// VersionComparison and its parts.
import { idArg, idOf } from '../kit/ids.ts';
import { type Comparison, compareVersions, type VersionMetrics } from './compare.ts';
import type { Context } from './loaders.ts';

type Args = Record<string, unknown>;

export const compareMutations = {
  compareScheduleVersions: (_: unknown, args: Args, ctx: Context) =>
    compareVersions(
      ctx.run,
      {
        versionAId: idArg('versionAId', args.versionAId),
        versionBId: idArg('versionBId', args.versionBId),
        conferenceId: ctx.tenant,
      },
      { tenant: ctx.tenant, requestId: ctx.requestId, service: 'schedule-generation', cache: ctx.cache },
    ),
};

export const compareTypeResolvers = {
  VersionComparison: {
    id: (c: Comparison) => idOf(c.comparisonId),
    schedule: (c: Comparison, _: Args, ctx: Context) =>
      c.scheduleId === null ? null : ctx.loaders.schedule().load(c.scheduleId),
    versionA: (c: Comparison, _: Args, ctx: Context) => ctx.loaders.version.load(c.versionAId),
    versionB: (c: Comparison, _: Args, ctx: Context) => ctx.loaders.version.load(c.versionBId),
    winner: (c: Comparison, _: Args, ctx: Context) =>
      c.winnerVersionId === null ? null : ctx.loaders.version.load(c.winnerVersionId),
  },
  VersionMetrics: {
    version: (m: VersionMetrics, _: Args, ctx: Context) => ctx.loaders.version.load(m.versionId),
    homeAwayBalance: (m: VersionMetrics) => m.balance,
  },
  TeamBalance: {
    team: (b: { teamId: number }) => ({ teamId: b.teamId }),
  },
};
