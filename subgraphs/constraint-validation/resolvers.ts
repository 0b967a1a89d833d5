import { idArg, idOf, toKey } from '../kit/ids.ts';
import { paged, parsePage } from '../kit/pagination.ts';
import { loadRequired, referenceResolvers, refOrNull } from '../kit/reference.ts';
import { DateScalar, DateTimeScalar, JSONScalar } from '../kit/scalars.ts';
import type { ConstraintTypeResolvers, Resolvers, ViolationSeverityResolvers } from './generated/resolvers.ts';
import * as repo from './repository.ts';
import { validationResolvers } from './validation/resolvers.ts';

const CONSTRAINT_TYPE: ConstraintTypeResolvers = { HARD: 'hard', SOFT: 'soft' };
const SEVERITY: ViolationSeverityResolvers = { HARD: 'hard', SOFT: 'soft', INFO: 'info' };

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
    constraintCategories: (_, args, ctx) => paged((p) => ctx.run((tx) => repo.listCategories(tx, p)), parsePage(args)),
    constraintCategory: (_, args, ctx) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.category.load(key);
    },
    constraintTemplates: (_, args, ctx) => {
      const page = parsePage(args);
      const filter: repo.TemplateFilter = {
        categoryId: idArg('categoryId', args.categoryId, true),
        type: args.type ?? undefined,
        sportId: idArg('sportId', args.sportId, true),
        conferenceId: idArg('conferenceId', args.conferenceId, true),
        activeOnly: args.activeOnly !== false,
      };
      return paged((p) => ctx.run((tx) => repo.listTemplates(tx, filter, p)), page);
    },
    constraintTemplate: (_, args, ctx) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.template.load(key);
    },
    constraintProfiles: (_, args, ctx) => {
      const page = parsePage(args);
      const filter: repo.ProfileFilter = {
        sportId: idArg('sportId', args.sportId, true),
        seasonId: idArg('seasonId', args.seasonId, true),
        conferenceId: idArg('conferenceId', args.conferenceId, true),
        teamId: idArg('teamId', args.teamId, true),
      };
      return paged((p) => ctx.run((tx) => repo.listProfiles(tx, filter, p)), page);
    },
    constraintProfile: (_, args, ctx) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.profile.load(key);
    },
  },

  Team: {
    __resolveReference: (ref) => {
      const key = toKey(ref.id);
      return key === null ? null : { teamId: key };
    },
    id: (t) => idOf(t.teamId),
    constraintProfile: (t, args, ctx) => ctx.loaders.teamProfile(idArg('seasonId', args.seasonId, true)).load(t.teamId),
  },

  Schedule: {
    __resolveReference: (ref) => {
      const key = toKey(ref.id);
      return key === null ? null : { scheduleId: key };
    },
    id: (s) => idOf(s.scheduleId),
    evaluation: async (s, _, ctx) => {
      const rows = await ctx.loaders.evaluationsBySchedule.load(s.scheduleId);
      for (const r of rows) ctx.loaders.template.prime(r.template.templateId, r.template);
      return summarise(
        rows,
        rows.map((r) => r.template),
      );
    },
    violations: async (s, args, ctx) => {
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
    id: (g) => g.id,
  },

  ConstraintCategory: {
    id: (c) => idOf(c.categoryId),
    name: (c) => c.categoryName,
    templates: (c, _, ctx) => ctx.loaders.templatesByCategory.load(c.categoryId),
  },
  ConstraintTemplate: {
    id: (t) => idOf(t.templateId),
    name: (t) => t.templateName,
    type: (t) => t.constraintType,
    category: (t, _, ctx) => loadRequired(ctx.loaders.category, t.categoryId, 'constraint category'),
    sport: (t, _, ctx) => refOrNull(ctx.loaders.sport, t.sportId),
    conference: (t, _, ctx) => refOrNull(ctx.loaders.conference, t.conferenceId),
  },
  ConstraintProfile: {
    id: (p) => idOf(p.profileId),
    name: (p) => p.profileName,
    sport: (p, _, ctx) => refOrNull(ctx.loaders.sport, p.sportId),
    season: (p, _, ctx) => refOrNull(ctx.loaders.season, p.seasonId),
    conference: (p, _, ctx) => refOrNull(ctx.loaders.conference, p.conferenceId),
    team: (p) => (p.teamId === null ? null : { teamId: p.teamId }),
    policies: (p, _, ctx) => ctx.loaders.policiesByProfile.load(p.profileId),
  },
  EnforcementPolicy: {
    id: (p) => idOf(p.policyId),
    template: (p, _, ctx) => loadRequired(ctx.loaders.template, p.templateId, 'constraint template'),
  },
  ConstraintEvaluation: {
    id: (e) => idOf(e.evaluationId),
    template: (e, _, ctx) => loadRequired(ctx.loaders.template, e.constraintId, 'constraint template'),
    versionId: (e) => (e.versionId === null ? null : idOf(e.versionId)),
    status: (e) => e.validationStatus,
  },
  ConstraintViolation: {
    id: (v) => idOf(v.violationId),
    template: (v, _, ctx) => refOrNull(ctx.loaders.template, v.constraintId),
    game: (v) => (v.gameId === null ? null : { id: idOf(v.gameId) }),
  },
  // validate (issue 8): Mutation.validateSchedule and its report types
  ...validationResolvers,
};
