// Last step of a generation job: store the result once, as a new current version of the schedule with its games
// and final metrics; the job and its request end completed. Idempotent (a job that already has its version is left
// alone), so a job run twice (a worker died after storing, before acknowledging) still yields exactly one version.
import { and, eq, max, sql } from 'drizzle-orm';
import type { ServiceTx } from '../../../db/index.ts';
import {
  games,
  scheduleGenerationJobs,
  scheduleGenerationRequests,
  scheduleOptimizationMetrics,
  schedules,
  scheduleVersions,
} from '../../../db/schema/schedule-generation.ts';
import type { RequestRow } from './job-rows.ts';

export interface GeneratedGame {
  homeTeamId: number;
  awayTeamId: number;
  venueId: number | null;
  date: string;
  slot: number;
  /** A locked game of the schedule optimised, kept as it was (and still locked). */
  locked?: boolean;
}

/**
 * Stores the result once: a new current version (source generated) with its games and final metrics, the schedule
 * back to review, the job and request completed. Returns the version id (the existing one on a duplicate run).
 */
export async function storeResult(
  tx: ServiceTx,
  input: {
    jobId: number;
    scheduleId: number;
    request: RequestRow;
    games: GeneratedGame[];
    score: number;
    hardViolations: number;
    softPenalty: number;
    metrics: Record<string, number>;
    notes: string;
    errorMessage?: string | null;
    /** generated (a new schedule, or an empty one filled) or optimized (from the schedule's current games). */
    source: 'generated' | 'optimized';
    /** The version the result was made from, and what changed against it (version-diff.ts). */
    previousVersionId: number | null;
    changes: unknown;
  },
): Promise<{ versionId: number; duplicate: boolean }> {
  const [job] = await tx
    .select()
    .from(scheduleGenerationJobs)
    .where(eq(scheduleGenerationJobs.jobId, input.jobId))
    .for('update');
  if (job?.resultVersionId) return { versionId: job.resultVersionId, duplicate: true };
  if (job && job.status === 'cancelled') return { versionId: 0, duplicate: true };
  const [{ n }] = await tx
    .select({ n: max(scheduleVersions.versionNumber) })
    .from(scheduleVersions)
    .where(eq(scheduleVersions.scheduleId, input.scheduleId));
  await tx
    .update(scheduleVersions)
    .set({ isCurrent: false })
    .where(and(eq(scheduleVersions.scheduleId, input.scheduleId), eq(scheduleVersions.isCurrent, true)));
  const [version] = await tx
    .insert(scheduleVersions)
    .values({
      scheduleId: input.scheduleId,
      versionNumber: (n ?? 0) + 1,
      conferenceId: input.request.conferenceId,
      source: input.source,
      algorithmId: input.request.algorithmId,
      previousVersionId: input.previousVersionId,
      // cast in SQL: stored as a jsonb object whichever driver binds the parameter
      changes: input.changes ? sql`${JSON.stringify(input.changes)}::jsonb` : null,
      requestId: input.request.requestId,
      score: input.score,
      hardViolations: input.hardViolations,
      softPenalty: input.softPenalty,
      isCurrent: true,
      notes: input.notes,
      createdBy: input.request.requestedBy,
    })
    .returning({ id: scheduleVersions.versionId });
  const rows = input.games.map((g) => ({
    scheduleId: input.scheduleId,
    versionId: version.id,
    conferenceId: input.request.conferenceId,
    homeTeamId: g.homeTeamId,
    awayTeamId: g.awayTeamId,
    venueId: g.venueId,
    gameDate: g.date,
    slot: g.slot,
    gameType: 'conference',
    status: 'scheduled',
    locked: g.locked ?? false,
  }));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(games).values(rows.slice(i, i + 500));
  await tx.insert(scheduleOptimizationMetrics).values(
    Object.entries(input.metrics).map(([metricName, metricValue]) => ({
      scheduleId: input.scheduleId,
      versionId: version.id,
      jobId: input.jobId,
      conferenceId: input.request.conferenceId,
      metricName,
      metricValue,
    })),
  );
  const now = new Date();
  const dates = input.games.map((g) => g.date).sort();
  await tx
    .update(schedules)
    .set({
      currentVersionId: version.id,
      // a new or draft schedule goes to review; one already in review, published or archived keeps its status
      status: sql`case when ${schedules.status} in ('draft', 'generating') then 'review' else ${schedules.status} end`,
      startDate: dates[0] ?? null,
      endDate: dates.at(-1) ?? null,
      updatedAt: now,
    })
    .where(eq(schedules.scheduleId, input.scheduleId));
  await tx
    .update(scheduleGenerationJobs)
    .set({ status: 'completed', progress: 100, resultVersionId: version.id, finishedAt: now, updatedAt: now })
    .where(eq(scheduleGenerationJobs.jobId, input.jobId));
  await tx
    .update(scheduleGenerationRequests)
    .set({ status: 'completed', errorMessage: input.errorMessage ?? null, completedAt: now, updatedAt: now })
    .where(eq(scheduleGenerationRequests.requestId, input.request.requestId));
  return { versionId: version.id, duplicate: false };
}
