// constraint-validation's own data for validate: the constraint profile with its policies and templates (cached,
// namespace `templates`), and the stored results (schedule_constraint_evaluations, constraint_violation_logs).
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { ServiceTx } from '../../../db/index.ts';
import {
  constraintEnforcementPolicies,
  constraintProfiles,
  constraintTemplates,
  constraintViolationLogs,
  scheduleConstraintEvaluations,
} from '../../../db/schema/constraint-validation.ts';
import { CACHE_NAMESPACES, type Cache } from '../../kit/cache/index.ts';
import type { PolicyInput } from '../../kit/engine-constraints.ts';

export interface ProfileBundle {
  profile: { id: number; name: string; sportId: number | null; seasonId: number | null; conferenceId: number | null };
  /** The profile's policies, then the team profiles' policies (teamId set). */
  policies: PolicyInput[];
  /** template id → constraint type as stored (hard/soft) */
  templateTypes: Record<number, string>;
}

type Run = <T>(fn: (tx: ServiceTx) => Promise<T>) => Promise<T>;

async function policiesOf(tx: ServiceTx, profileIds: number[]) {
  if (profileIds.length === 0) return [];
  return tx
    .select({
      profileId: constraintEnforcementPolicies.profileId,
      level: constraintEnforcementPolicies.enforcementLevel,
      weight: constraintEnforcementPolicies.weight,
      parameters: constraintEnforcementPolicies.parameters,
      templateId: constraintTemplates.templateId,
      templateName: constraintTemplates.templateName,
      logic: constraintTemplates.validationLogic,
      constraintType: constraintTemplates.constraintType,
    })
    .from(constraintEnforcementPolicies)
    .innerJoin(constraintTemplates, eq(constraintTemplates.templateId, constraintEnforcementPolicies.templateId))
    .where(
      and(
        inArray(constraintEnforcementPolicies.profileId, profileIds),
        eq(constraintEnforcementPolicies.isActive, true),
        eq(constraintTemplates.isActive, true),
      ),
    )
    .orderBy(constraintEnforcementPolicies.policyId);
}

/**
 * The profile to validate against: `profileId` when given, else the default profile of the sport (season,
 * conference; the most specific first) — with the team profiles of that sport and season. Null when none exists.
 */
export async function loadProfileBundle(
  cache: Cache,
  run: Run,
  filter: { profileId?: number; sportId?: number; seasonId?: number | null; conferenceId?: number | null },
  tenant: number | null,
): Promise<ProfileBundle | null> {
  const key = JSON.stringify([
    filter.profileId ?? null,
    filter.sportId ?? null,
    filter.seasonId ?? null,
    filter.conferenceId ?? null,
    tenant,
  ]);
  return cache.getOrLoad(CACHE_NAMESPACES.templates, key, () =>
    run(async (tx) => {
      let profile: typeof constraintProfiles.$inferSelect | undefined;
      if (filter.profileId !== undefined) {
        [profile] = await tx
          .select()
          .from(constraintProfiles)
          .where(eq(constraintProfiles.profileId, filter.profileId));
      } else if (filter.sportId !== undefined) {
        [profile] = await tx
          .select()
          .from(constraintProfiles)
          .where(
            and(
              eq(constraintProfiles.isActive, true),
              isNull(constraintProfiles.teamId),
              eq(constraintProfiles.sportId, filter.sportId),
              filter.seasonId
                ? or(eq(constraintProfiles.seasonId, filter.seasonId), isNull(constraintProfiles.seasonId))
                : sql`true`,
              filter.conferenceId
                ? or(eq(constraintProfiles.conferenceId, filter.conferenceId), isNull(constraintProfiles.conferenceId))
                : sql`true`,
            ),
          )
          .orderBy(
            desc(constraintProfiles.isDefault),
            sql`${constraintProfiles.seasonId} is null`,
            sql`${constraintProfiles.conferenceId} is null`,
            desc(constraintProfiles.profileId),
          )
          .limit(1);
      }
      if (!profile) return null;
      const teamProfiles =
        profile.teamId === null && profile.sportId !== null
          ? await tx
              .select({ profileId: constraintProfiles.profileId, teamId: constraintProfiles.teamId })
              .from(constraintProfiles)
              .where(
                and(
                  eq(constraintProfiles.isActive, true),
                  eq(constraintProfiles.sportId, profile.sportId),
                  sql`${constraintProfiles.teamId} is not null`,
                  profile.seasonId
                    ? or(eq(constraintProfiles.seasonId, profile.seasonId), isNull(constraintProfiles.seasonId))
                    : sql`true`,
                ),
              )
          : [];
      const teamOf = new Map<number, number | null>(teamProfiles.map((t) => [t.profileId, t.teamId]));
      const rows = await policiesOf(tx, [profile.profileId, ...teamProfiles.map((t) => t.profileId)]);
      const templateTypes: Record<number, string> = {};
      const policies: PolicyInput[] = rows.map((r) => {
        templateTypes[r.templateId] = r.constraintType;
        return {
          templateId: r.templateId,
          templateName: r.templateName,
          logic: (r.logic ?? {}) as Record<string, unknown>,
          level: r.level,
          weight: r.weight,
          parameters: (r.parameters ?? {}) as Record<string, unknown>,
          teamId: r.profileId === profile.profileId ? (profile.teamId ?? null) : (teamOf.get(r.profileId ?? 0) ?? null),
        };
      });
      return {
        profile: {
          id: profile.profileId,
          name: profile.profileName,
          sportId: profile.sportId,
          seasonId: profile.seasonId,
          conferenceId: profile.conferenceId,
        },
        policies,
        templateTypes,
      };
    }),
  );
}

export interface StoredResult {
  templateId: number;
  status: 'passed' | 'failed' | 'warning';
  violationCount: number;
  score: number;
  details: Record<string, unknown>;
  severity: 'hard' | 'soft';
  violations: Array<{ message: string; gameIds: number[]; details: Record<string, unknown> }>;
}

/**
 * Stores one evaluation run in one transaction: a row per constraint in schedule_constraint_evaluations and a row
 * per violation in constraint_violation_logs; violations logged by earlier runs of the schedule are marked resolved
 * (the latest run is the truth). Returns the evaluation ids.
 */
export async function storeEvaluation(
  tx: ServiceTx,
  input: { scheduleId: number; versionId: number | null; conferenceId: number | null; results: StoredResult[] },
): Promise<number[]> {
  await tx
    .update(constraintViolationLogs)
    .set({ isResolved: true })
    .where(
      and(eq(constraintViolationLogs.scheduleId, input.scheduleId), eq(constraintViolationLogs.isResolved, false)),
    );
  if (input.results.length === 0) return [];
  const now = new Date();
  const inserted = await tx
    .insert(scheduleConstraintEvaluations)
    .values(
      input.results.map((r) => ({
        constraintId: r.templateId,
        scheduleId: input.scheduleId,
        versionId: input.versionId,
        conferenceId: input.conferenceId,
        validationStatus: r.status,
        violationCount: r.violationCount,
        score: r.score,
        details: r.details,
        evaluatedAt: now,
      })),
    )
    .returning({ id: scheduleConstraintEvaluations.evaluationId });
  const logs = input.results.flatMap((r, i) =>
    r.violations.map((v) => ({
      evaluationId: inserted[i].id,
      scheduleId: input.scheduleId,
      constraintId: r.templateId,
      conferenceId: input.conferenceId,
      gameId: v.gameIds[0] ?? null,
      severity: r.severity,
      message: v.message,
      details: { ...v.details, gameIds: v.gameIds },
      loggedAt: now,
    })),
  );
  for (let i = 0; i < logs.length; i += 500) await tx.insert(constraintViolationLogs).values(logs.slice(i, i + 500));
  return inserted.map((r) => r.id);
}

/** Schedules with a stored evaluation (the candidates for re-evaluation after an availability change). */
export async function evaluatedSchedules(
  tx: ServiceTx,
): Promise<Array<{ scheduleId: number; conferenceId: number | null }>> {
  return tx
    .selectDistinctOn([scheduleConstraintEvaluations.scheduleId], {
      scheduleId: scheduleConstraintEvaluations.scheduleId,
      conferenceId: scheduleConstraintEvaluations.conferenceId,
    })
    .from(scheduleConstraintEvaluations)
    .orderBy(scheduleConstraintEvaluations.scheduleId);
}
