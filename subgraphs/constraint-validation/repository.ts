// constraint-validation's data access: Drizzle only, as constraint_validation_service. Every function issues ONE statement.
import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { ServiceTx } from '../../db/index.ts';
import {
  constraintCategories,
  constraintEnforcementPolicies,
  constraintProfiles,
  constraintTemplates,
  constraintViolationLogs,
  scheduleConstraintEvaluations,
  teams,
} from '../../db/schema/index.ts';
import type { Page, PagedRows } from '../kit/pagination.ts';

export type CategoryRow = typeof constraintCategories.$inferSelect;
export type TemplateRow = typeof constraintTemplates.$inferSelect;
export type ProfileRow = typeof constraintProfiles.$inferSelect;
export type PolicyRow = typeof constraintEnforcementPolicies.$inferSelect;
export type EvaluationRow = typeof scheduleConstraintEvaluations.$inferSelect;
export type ViolationRow = typeof constraintViolationLogs.$inferSelect;

const totalOver = sql<number>`(count(*) over ())::int`;

export const categoriesByIds = (tx: ServiceTx, ids: number[]) =>
  tx.select().from(constraintCategories).where(inArray(constraintCategories.categoryId, ids));

export async function listCategories(tx: ServiceTx, page: Page): Promise<PagedRows<CategoryRow>> {
  const rows = await tx
    .select({ row: constraintCategories, total: totalOver })
    .from(constraintCategories)
    .orderBy(desc(constraintCategories.priority), asc(constraintCategories.categoryId))
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows.map((r) => r.row), total: rows[0]?.total ?? null };
}

export const templatesByIds = (tx: ServiceTx, ids: number[]) =>
  tx.select().from(constraintTemplates).where(inArray(constraintTemplates.templateId, ids));

export const templatesByCategories = (tx: ServiceTx, ids: number[]) =>
  tx
    .select()
    .from(constraintTemplates)
    .where(and(inArray(constraintTemplates.categoryId, ids), eq(constraintTemplates.isActive, true)))
    .orderBy(asc(constraintTemplates.templateName));

export interface TemplateFilter {
  categoryId?: number;
  type?: TemplateRow['constraintType'];
  sportId?: number;
  conferenceId?: number;
  activeOnly: boolean;
}

export async function listTemplates(tx: ServiceTx, f: TemplateFilter, page: Page): Promise<PagedRows<TemplateRow>> {
  const where: SQL[] = [];
  if (f.categoryId) where.push(eq(constraintTemplates.categoryId, f.categoryId));
  if (f.type) where.push(eq(constraintTemplates.constraintType, f.type));
  if (f.sportId) where.push(or(eq(constraintTemplates.sportId, f.sportId), isNull(constraintTemplates.sportId))!);
  if (f.conferenceId)
    where.push(or(eq(constraintTemplates.conferenceId, f.conferenceId), isNull(constraintTemplates.conferenceId))!);
  if (f.activeOnly) where.push(eq(constraintTemplates.isActive, true));
  const rows = await tx
    .select({ row: constraintTemplates, total: totalOver })
    .from(constraintTemplates)
    .innerJoin(constraintCategories, eq(constraintCategories.categoryId, constraintTemplates.categoryId))
    .where(and(...where))
    .orderBy(desc(constraintCategories.priority), asc(constraintTemplates.templateName))
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows.map((r) => r.row), total: rows[0]?.total ?? null };
}

export const profilesByIds = (tx: ServiceTx, ids: number[]) =>
  tx.select().from(constraintProfiles).where(inArray(constraintProfiles.profileId, ids));

export interface ProfileFilter {
  sportId?: number;
  seasonId?: number;
  conferenceId?: number;
  teamId?: number;
}

export async function listProfiles(tx: ServiceTx, f: ProfileFilter, page: Page): Promise<PagedRows<ProfileRow>> {
  const where: SQL[] = [];
  if (f.sportId) where.push(eq(constraintProfiles.sportId, f.sportId));
  if (f.seasonId) where.push(eq(constraintProfiles.seasonId, f.seasonId));
  if (f.conferenceId) where.push(eq(constraintProfiles.conferenceId, f.conferenceId));
  if (f.teamId) where.push(eq(constraintProfiles.teamId, f.teamId));
  const rows = await tx
    .select({ row: constraintProfiles, total: totalOver })
    .from(constraintProfiles)
    .where(and(...where))
    .orderBy(asc(constraintProfiles.profileName), asc(constraintProfiles.profileId))
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows.map((r) => r.row), total: rows[0]?.total ?? null };
}

export const policiesByProfiles = (tx: ServiceTx, ids: number[]) =>
  tx
    .select()
    .from(constraintEnforcementPolicies)
    .where(and(inArray(constraintEnforcementPolicies.profileId, ids), eq(constraintEnforcementPolicies.isActive, true)))
    .orderBy(asc(constraintEnforcementPolicies.policyId));

/**
 * For each team (and season, when given): its own active profile, else the default profile of its sport and
 * conference (most specific first). One statement for a batch of teams.
 */
export async function constraintProfilesOfTeams(
  tx: ServiceTx,
  teamIds: number[],
  seasonId: number | undefined,
): Promise<(ProfileRow & { forTeamId: number })[]> {
  const seasonCond = seasonId
    ? or(eq(constraintProfiles.seasonId, seasonId), isNull(constraintProfiles.seasonId))!
    : sql`true`;
  const rows = await tx
    .selectDistinctOn([teams.teamId], { forTeamId: teams.teamId, profile: constraintProfiles })
    .from(teams)
    .innerJoin(
      constraintProfiles,
      and(
        eq(constraintProfiles.isActive, true),
        seasonCond,
        or(
          eq(constraintProfiles.teamId, teams.teamId),
          and(
            isNull(constraintProfiles.teamId),
            eq(constraintProfiles.isDefault, true),
            or(eq(constraintProfiles.sportId, teams.sportId), isNull(constraintProfiles.sportId)),
            or(eq(constraintProfiles.conferenceId, teams.conferenceId), isNull(constraintProfiles.conferenceId)),
          ),
        ),
      ),
    )
    .where(inArray(teams.teamId, teamIds))
    .orderBy(
      teams.teamId,
      sql`${constraintProfiles.teamId} is null`,
      sql`${constraintProfiles.seasonId} is null`,
      sql`${constraintProfiles.sportId} is null`,
      sql`${constraintProfiles.conferenceId} is null`,
      desc(constraintProfiles.profileId),
    );
  return rows.map((r) => ({ ...r.profile, forTeamId: r.forTeamId }));
}

/**
 * The latest stored evaluation per (schedule, constraint), i.e. those of the most recent run, each with its template
 * (joined in the same statement, so a schedule's evaluation costs one statement).
 */
export async function latestEvaluationsBySchedules(
  tx: ServiceTx,
  scheduleIds: number[],
): Promise<(EvaluationRow & { template: TemplateRow })[]> {
  const rows = await tx
    .selectDistinctOn([scheduleConstraintEvaluations.scheduleId, scheduleConstraintEvaluations.constraintId], {
      evaluation: scheduleConstraintEvaluations,
      template: constraintTemplates,
    })
    .from(scheduleConstraintEvaluations)
    .innerJoin(constraintTemplates, eq(constraintTemplates.templateId, scheduleConstraintEvaluations.constraintId))
    .where(inArray(scheduleConstraintEvaluations.scheduleId, scheduleIds))
    .orderBy(
      scheduleConstraintEvaluations.scheduleId,
      scheduleConstraintEvaluations.constraintId,
      desc(scheduleConstraintEvaluations.evaluatedAt),
      desc(scheduleConstraintEvaluations.evaluationId),
    );
  return rows.map((r) => ({ ...r.evaluation, template: r.template }));
}

/** Logged violations, newest first, each with its template (left-joined in the same statement). */
export async function violationsBySchedules(
  tx: ServiceTx,
  scheduleIds: number[],
): Promise<(ViolationRow & { template: TemplateRow | null })[]> {
  const rows = await tx
    .select({ violation: constraintViolationLogs, template: constraintTemplates })
    .from(constraintViolationLogs)
    .leftJoin(constraintTemplates, eq(constraintTemplates.templateId, constraintViolationLogs.constraintId))
    .where(inArray(constraintViolationLogs.scheduleId, scheduleIds))
    .orderBy(desc(constraintViolationLogs.loggedAt), desc(constraintViolationLogs.violationId));
  return rows.map((r) => ({ ...r.violation, template: r.template }));
}
