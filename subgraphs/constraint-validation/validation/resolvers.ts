// GraphQL resolvers of validate (Mutation.validateSchedule and the report types), merged into the subgraph's map.
import { idArg } from '../../kit/ids.ts';
import { refOrNull } from '../../kit/reference.ts';
import type { Context } from '../loaders.ts';
import { type CheckResult, type ValidationReport, type ViolationGame, validate } from './validate.ts';

type Args = Record<string, unknown>;

export const validationResolvers = {
  Mutation: {
    validateSchedule: (_: unknown, { input }: { input: Args }, ctx: Context) => {
      const games = Array.isArray(input.games)
        ? (input.games as Args[]).map((g, i) => ({
            id: idArg(`input.games[${i}].id`, g.id, true) ?? null,
            homeTeamId: idArg(`input.games[${i}].homeTeamId`, g.homeTeamId),
            awayTeamId: idArg(`input.games[${i}].awayTeamId`, g.awayTeamId),
            venueId: idArg(`input.games[${i}].venueId`, g.venueId, true) ?? null,
            date: String(g.date),
            slot: (g.slot as number | null | undefined) ?? null,
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
          cache: ctx.cache,
          gateway: { requestId: ctx.requestId, service: 'constraint-validation' },
        },
      );
    },
  },
  ValidationReport: {
    schedule: (r: ValidationReport) => (r.scheduleId === null ? null : { scheduleId: r.scheduleId }),
    versionId: (r: ValidationReport) => (r.versionId === null ? null : String(r.versionId)),
    profile: (r: ValidationReport, _: Args, ctx: Context) => ctx.loaders.profile.load(r.profileId),
  },
  ConstraintCheck: {
    template: (c: CheckResult, _: Args, ctx: Context) => refOrNull(ctx.loaders.template, c.templateId || null),
    violationCount: (c: CheckResult) => c.violations.length,
  },
  ViolationDetail: {
    teams: (v: CheckResult['violations'][number]) => v.teamIds.map((teamId) => ({ teamId })),
  },
  ViolationGame: {
    game: (g: ViolationGame) => (g.gameId === null ? null : { id: String(g.gameId) }),
    home: (g: ViolationGame) => ({ teamId: g.homeTeamId }),
    away: (g: ViolationGame) => ({ teamId: g.awayTeamId }),
  },
};
