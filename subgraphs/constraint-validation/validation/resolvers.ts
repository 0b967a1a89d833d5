// GraphQL resolvers of validate (Mutation.validateSchedule and the report types), merged into the subgraph's map.
import { idArg } from '../../kit/ids.ts';
import { refOrNull } from '../../kit/reference.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { validate } from './validate.ts';

export const validationResolvers: Resolvers = {
  Mutation: {
    validateSchedule: (_, { input }, ctx) => {
      const games = input.games
        ? input.games.map((g, i) => ({
            id: idArg(`input.games[${i}].id`, g.id, true) ?? null,
            homeTeamId: idArg(`input.games[${i}].homeTeamId`, g.homeTeamId),
            awayTeamId: idArg(`input.games[${i}].awayTeamId`, g.awayTeamId),
            venueId: idArg(`input.games[${i}].venueId`, g.venueId, true) ?? null,
            date: String(g.date),
            slot: g.slot ?? null,
          }))
        : undefined;
      return validate(
        {
          scheduleId: idArg('input.scheduleId', input.scheduleId, true),
          versionId: idArg('input.versionId', input.versionId, true),
          games,
          profileId: idArg('input.profileId', input.profileId, true),
          sportId: idArg('input.sportId', input.sportId, true),
          seasonId: idArg('input.seasonId', input.seasonId, true),
          conferenceId: idArg('input.conferenceId', input.conferenceId, true),
          store: typeof input.store === 'boolean' ? input.store : undefined,
        },
        {
          run: ctx.run,
          tenant: ctx.tenant,
          gateway: { requestId: ctx.requestId, service: 'constraint-validation' },
        },
      );
    },
  },
  ValidationReport: {
    schedule: (r) => (r.scheduleId === null ? null : { scheduleId: r.scheduleId }),
    versionId: (r) => (r.versionId === null ? null : String(r.versionId)),
    profile: (r, _, ctx) => ctx.loaders.profile.load(r.profileId),
  },
  ConstraintCheck: {
    template: (c, _, ctx) => refOrNull(ctx.loaders.template, c.templateId || null),
    violationCount: (c) => c.violations.length,
  },
  ViolationDetail: {
    teams: (v) => v.teamIds.map((teamId) => ({ teamId })),
  },
  ViolationGame: {
    game: (g) => (g.gameId === null ? null : { id: String(g.gameId) }),
    home: (g) => ({ teamId: g.homeTeamId }),
    away: (g) => ({ teamId: g.awayTeamId }),
  },
};
