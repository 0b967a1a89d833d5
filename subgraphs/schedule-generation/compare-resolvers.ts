// GraphQL resolvers of version comparison, merged into schedule-generation's map: Mutation.compareScheduleVersions,
// VersionComparison and its parts.
import { idArg, idOf } from '../kit/ids.ts';
import { loadRequired } from '../kit/reference.ts';
import { compareVersions } from './compare.ts';
import type { MutationResolvers, Resolvers } from './generated/resolvers.ts';

export const compareMutations: MutationResolvers = {
  compareScheduleVersions: (_, args, ctx) =>
    compareVersions(
      ctx.run,
      {
        versionAId: idArg('versionAId', args.versionAId),
        versionBId: idArg('versionBId', args.versionBId),
        conferenceId: ctx.tenant,
      },
      { tenant: ctx.tenant, requestId: ctx.requestId, service: 'schedule-generation' },
    ),
};

export const compareTypeResolvers: Resolvers = {
  VersionComparison: {
    id: (c) => idOf(c.comparisonId),
    schedule: (c, _, ctx) => (c.scheduleId === null ? null : ctx.loaders.schedule().load(c.scheduleId)),
    versionA: (c, _, ctx) => loadRequired(ctx.loaders.version, c.versionAId, 'version'),
    versionB: (c, _, ctx) => loadRequired(ctx.loaders.version, c.versionBId, 'version'),
    winner: (c, _, ctx) => (c.winnerVersionId === null ? null : ctx.loaders.version.load(c.winnerVersionId)),
  },
  VersionMetrics: {
    version: (m, _, ctx) => loadRequired(ctx.loaders.version, m.versionId, 'version'),
    homeAwayBalance: (m) => m.balance,
  },
  TeamBalance: {
    team: (b) => ({ teamId: b.teamId }),
  },
};
