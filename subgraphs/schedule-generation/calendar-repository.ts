// Calendar subscriptions (012): the rows behind read-only calendar links. Drizzle only; the tenant's RLS applies.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ServiceTx } from '../../db/index.ts';
import { calendarSubscriptions } from '../../db/schema/schedule-generation.ts';

export type CalendarSubscriptionRow = typeof calendarSubscriptions.$inferSelect;

export async function insertCalendarSubscription(
  tx: ServiceTx,
  values: typeof calendarSubscriptions.$inferInsert,
): Promise<CalendarSubscriptionRow> {
  const [row] = await tx.insert(calendarSubscriptions).values(values).returning();
  return row!;
}

export async function calendarSubscriptionById(tx: ServiceTx, id: number): Promise<CalendarSubscriptionRow | null> {
  const [row] = await tx.select().from(calendarSubscriptions).where(eq(calendarSubscriptions.subscriptionId, id));
  return row ?? null;
}

export function calendarSubscriptionsOf(
  tx: ServiceTx,
  scheduleId: number,
  teamId: number | undefined,
): Promise<CalendarSubscriptionRow[]> {
  const bySchedule = eq(calendarSubscriptions.scheduleId, scheduleId);
  return tx
    .select()
    .from(calendarSubscriptions)
    .where(teamId === undefined ? bySchedule : and(bySchedule, eq(calendarSubscriptions.teamId, teamId)))
    .orderBy(desc(calendarSubscriptions.createdAt), desc(calendarSubscriptions.subscriptionId));
}

/** Revokes once: a second revocation keeps the first moment. Null when there is no such subscription. */
export async function revokeCalendarSubscription(tx: ServiceTx, id: number): Promise<CalendarSubscriptionRow | null> {
  await tx
    .update(calendarSubscriptions)
    .set({ revokedAt: new Date() })
    .where(and(eq(calendarSubscriptions.subscriptionId, id), isNull(calendarSubscriptions.revokedAt)));
  return calendarSubscriptionById(tx, id);
}
