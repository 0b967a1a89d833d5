import { idArg, idOf, toKey } from '../kit/ids.ts';
import { type PageArgs, paged, parsePage } from '../kit/pagination.ts';
import { referenceResolvers, refOrNull } from '../kit/reference.ts';
import { DateScalar, DateTimeScalar, JSONScalar } from '../kit/scalars.ts';
import type { Resolvers } from '../kit/types.ts';
import type { Context } from './loaders.ts';
import * as repo from './repository.ts';
import { validationResolvers } from './validation/resolvers.ts';

type Args = Record<string, unknown>;

const CONSTRAINT_TYPE = { HARD: 'hard', SOFT: 'soft' };
const SEVERITY = { HARD: 'hard', SOFT: 'soft', INFO: 'info' };

/** Summary of the stored per-constraint results of a schedule (latest run per constraint). */
export function summarise(rows: repo.EvaluationRow[], templates: (repo.TemplateRow | null)[]) {
  if (rows.length === 0) return null;
  let hard = 0;
  let soft = 0;
  let score: number | null = null;
  rows.forEach((r, i) => {
    const type = templates[i]?.constraintType ?? 'hard';
    if (type === 'hard') hard += r.violationCount;
    else soft += r.violationCount;
    if (r.score !== null) score = (score ?? 0) + r.score;
  });
  const statuses = new Set(rows.map((r) => r.validationStatus));
  const status = statuses.has('error')
    ? 'error'
    : statuses.has('failed')
      ? 'failed'
      : statuses.has('pending')
        ? 'pending'
        : statuses.has('warning')
          ? 'warning'
          : 'passed';
  const latest = rows.reduce((a, b) => (new Date(a.evaluatedAt) >= new Date(b.evaluatedAt) ? a : b));
  return {
    status,
    evaluatedAt: latest.evaluatedAt,
    versionId: latest.versionId === null ? null : idOf(latest.versionId),
    totalViolations: hard + soft,
    hardViolations: hard,
    softViolations: soft,
    score,
    results: rows,
  };
}

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  ConstraintType: CONSTRAINT_TYPE,
  ViolationSeverity: SEVERITY,
  ...referenceResolvers,

  Query: {
    constraintCategories: (_: unknown, args: PageArgs, ctx: Context) =>
      paged((p) => ctx.run((tx) => repo.listCategories(tx, p)), parsePage(args)),
    constraintCategory: (_: unknown, args: Args, ctx: Context) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.category.load(key);
    },
    constraintTemplates: (_: unknown, args: Args & PageArgs, ctx: Context) => {
      const page = parsePage(args);
      const filter: repo.TemplateFilter = {
        categoryId: idArg('categoryId', args.categoryId, true),
        type: (args.type as string | undefined) ?? undefined,
        sportId: idArg('sportId', args.sportId, true),
        conferenceId: idArg('conferenceId', args.conferenceId, true),
        activeOnly: args.activeOnly !== false,
      };
      return paged((p) => ctx.run((tx) => repo.listTemplates(tx, filter, p)), page);
    },
    constraintTemplate: (_: unknown, args: Args, ctx: Context) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.template.load(key);
    },
    constraintProfiles: (_: unknown, args: Args & PageArgs, ctx: Context) => {
      const page = parsePage(args);
      const filter: repo.ProfileFilter = {
        sportId: idArg('sportId', args.sportId, true),
        seasonId: idArg('seasonId', args.seasonId, true),
        conferenceId: idArg('conferenceId', args.conferenceId, true),
        teamId: idArg('teamId', args.teamId, true),
      };
      return paged((p) => ctx.run((tx) => repo.listProfiles(tx, filter, p)), page);
    },
    constraintProfile: (_: unknown, args: Args, ctx: Context) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.profile.load(key);
    },
  },

  Team: {
    __resolveReference: (ref: { id: unknown }) => {
      const key = toKey(ref.id);
      return key === null ? null : { teamId: key };
    },
    id: (t: { teamId: number }) => idOf(t.teamId),
    constraintProfile: (t: { teamId: number }, args: Args, ctx: Context) =>
      ctx.loaders.teamProfile(idArg('seasonId', args.seasonId, true)).load(t.teamId),
  },

  Schedule: {
    __resolveReference: (ref: { id: unknown }) => {
      const key = toKey(ref.id);
      return key === null ? null : { scheduleId: key };
    },
    id: (s: { scheduleId: number }) => idOf(s.scheduleId),
    evaluation: async (s: { scheduleId: number }, _: Args, ctx: Context) => {
      const rows = await ctx.loaders.evaluationsBySchedule.load(s.scheduleId);
      for (const r of rows) ctx.loaders.template.prime(r.template.templateId, r.template);
      return summarise(
        rows,
        rows.map((r) => r.template),
      );
    },
    violations: async (s: { scheduleId: number }, args: Args, ctx: Context) => {
      const rows = await ctx.loaders.violationsBySchedule.load(s.scheduleId);
      for (const r of rows) if (r.template) ctx.loaders.template.prime(r.template.templateId, r.template);
      return rows.filter(
        (v) =>
          (!args.severity || v.severity === args.severity) &&
          (typeof args.resolved !== 'boolean' || v.isResolved === args.resolved),
      );
    },
  },

  Game: {
    id: (g: { id: string }) => g.id,
  },

  ConstraintCategory: {
    id: (c: repo.CategoryRow) => idOf(c.categoryId),
    name: (c: repo.CategoryRow) => c.categoryName,
    templates: (c: repo.CategoryRow, _: Args, ctx: Context) => ctx.loaders.templatesByCategory.load(c.categoryId),
  },
  ConstraintTemplate: {
    id: (t: repo.TemplateRow) => idOf(t.templateId),
    name: (t: repo.TemplateRow) => t.templateName,
    type: (t: repo.TemplateRow) => t.constraintType,
    category: (t: repo.TemplateRow, _: Args, ctx: Context) => ctx.loaders.category.load(t.categoryId),
    sport: (t: repo.TemplateRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.sport, t.sportId),
    conference: (t: repo.TemplateRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.conference, t.conferenceId),
  },
  ConstraintProfile: {
    id: (p: repo.ProfileRow) => idOf(p.profileId),
    name: (p: repo.ProfileRow) => p.profileName,
    sport: (p: repo.ProfileRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.sport, p.sportId),
    season: (p: repo.ProfileRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.season, p.seasonId),
    conference: (p: repo.ProfileRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.conference, p.conferenceId),
    team: (p: repo.ProfileRow) => (p.teamId === null ? null : { teamId: p.teamId }),
    policies: (p: repo.ProfileRow, _: Args, ctx: Context) => ctx.loaders.policiesByProfile.load(p.profileId),
  },
  EnforcementPolicy: {
    id: (p: repo.PolicyRow) => idOf(p.policyId),
    template: (p: repo.PolicyRow, _: Args, ctx: Context) => ctx.loaders.template.load(p.templateId),
  },
  ConstraintEvaluation: {
    id: (e: repo.EvaluationRow) => idOf(e.evaluationId),
    template: (e: repo.EvaluationRow, _: Args, ctx: Context) => ctx.loaders.template.load(e.constraintId),
    versionId: (e: repo.EvaluationRow) => (e.versionId === null ? null : idOf(e.versionId)),
    status: (e: repo.EvaluationRow) => e.validationStatus,
  },
  ConstraintViolation: {
    id: (v: repo.ViolationRow) => idOf(v.violationId),
    template: (v: repo.ViolationRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.template, v.constraintId),
    game: (v: repo.ViolationRow) => (v.gameId === null ? null : { id: idOf(v.gameId) }),
  },
  // validate (issue 8): Mutation.validateSchedule and its report types
  ...validationResolvers,
};
