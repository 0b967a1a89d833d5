// venue-management's data access: Drizzle only, as venue_management_service. Every function issues ONE statement.
import { and, asc, eq, exists, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { ServiceTx } from '../../db/index.ts';
import {
  conferences,
  sports,
  teams,
  venueAvailabilityRules,
  venueBookingConflicts,
  venueOperationalHours,
  venueProfiles,
  venueSportConfigurations,
  venues,
  venueUnavailabilityPeriods,
} from '../../db/schema/index.ts';
import type { Page, PagedRows } from '../kit/pagination.ts';
import type { ConferenceRow, SportRow } from '../kit/reference.ts';
import { jsonAgg, jsonRow, totalOver } from '../kit/sql.ts';

export type HoursRow = typeof venueOperationalHours.$inferSelect;
export type ConfigRow = typeof venueSportConfigurations.$inferSelect & { sport: SportRow };
export type RuleRow = typeof venueAvailabilityRules.$inferSelect;
export type UnavailabilityRow = typeof venueUnavailabilityPeriods.$inferSelect;
export type ConflictRow = typeof venueBookingConflicts.$inferSelect;
export type ProfileRow = typeof venueProfiles.$inferSelect;

export const VENUE_RELATIONS = ['hours', 'configs', 'rules', 'unavailability', 'conflicts'] as const;
export type VenueRelation = (typeof VENUE_RELATIONS)[number];

export interface VenueRow extends Omit<typeof venues.$inferSelect, never> {
  profile: ProfileRow | null;
  conference: ConferenceRow | null;
  hours?: HoursRow[];
  configs?: ConfigRow[];
  rules?: RuleRow[];
  unavailability?: UnavailabilityRow[];
  conflicts?: ConflictRow[];
}

const configSport = sql`(select ${jsonRow(sports)} from ${sports} where ${sports.sportId} = ${venueSportConfigurations.sportId})`;

function relationSubquery(rel: VenueRelation): SQL {
  switch (rel) {
    case 'hours':
      return jsonAgg(
        venueOperationalHours,
        eq(venueOperationalHours.venueId, venues.venueId),
        sql`${venueOperationalHours.dayOfWeek}`,
      );
    case 'configs':
      return jsonAgg(
        venueSportConfigurations,
        eq(venueSportConfigurations.venueId, venues.venueId),
        sql`${venueSportConfigurations.configId}`,
        { sport: configSport },
      );
    case 'rules':
      return jsonAgg(
        venueAvailabilityRules,
        and(eq(venueAvailabilityRules.venueId, venues.venueId), eq(venueAvailabilityRules.isActive, true))!,
        sql`${venueAvailabilityRules.priority} desc, ${venueAvailabilityRules.ruleId}`,
      );
    case 'unavailability':
      return jsonAgg(
        venueUnavailabilityPeriods,
        and(eq(venueUnavailabilityPeriods.venueId, venues.venueId), eq(venueUnavailabilityPeriods.isActive, true))!,
        sql`${venueUnavailabilityPeriods.startDate}, ${venueUnavailabilityPeriods.periodId}`,
      );
    case 'conflicts':
      return jsonAgg(
        venueBookingConflicts,
        eq(venueBookingConflicts.venueId, venues.venueId),
        sql`${venueBookingConflicts.conflictDate}, ${venueBookingConflicts.conflictId}`,
      );
  }
}

type Selected = {
  venue: typeof venues.$inferSelect;
  profile: ProfileRow | null;
  conference: ConferenceRow | null;
  total: number;
} & Partial<Record<VenueRelation, unknown[]>>;

function venueSelection(include: readonly VenueRelation[], withTotal: boolean) {
  const extra: Record<string, SQL> = {};
  for (const rel of include) extra[rel] = relationSubquery(rel);
  const base = { venue: venues, profile: venueProfiles, conference: conferences, ...extra };
  return withTotal ? { ...base, total: totalOver } : base;
}

function toVenueRow(r: Selected, include: readonly VenueRelation[]): VenueRow {
  const row: VenueRow = { ...r.venue, profile: r.profile, conference: r.conference };
  for (const rel of include) (row as unknown as Record<string, unknown>)[rel] = r[rel] ?? [];
  return row;
}

/** `withTotal` adds `count(*) over ()` (page queries only). */
function venueQuery(tx: ServiceTx, include: readonly VenueRelation[], withTotal = false) {
  return tx
    .select(venueSelection(include, withTotal))
    .from(venues)
    .leftJoin(venueProfiles, eq(venueProfiles.venueId, venues.venueId))
    .leftJoin(conferences, eq(conferences.conferenceId, venues.conferenceId));
}

export async function venuesByIds(
  tx: ServiceTx,
  ids: number[],
  include: readonly VenueRelation[],
): Promise<VenueRow[]> {
  const rows = (await venueQuery(tx, include).where(inArray(venues.venueId, ids))) as unknown as Selected[];
  return rows.map((r) => toVenueRow(r, include));
}

export interface VenueFilter {
  sportId?: number;
  sportCode?: string;
  conferenceId?: number;
  institutionId?: number;
  type?: string;
}

export async function listVenues(
  tx: ServiceTx,
  f: VenueFilter,
  page: Page,
  include: readonly VenueRelation[],
): Promise<PagedRows<VenueRow>> {
  const where: SQL[] = [];
  if (f.sportId || f.sportCode) {
    const conds: SQL[] = [eq(venueSportConfigurations.venueId, venues.venueId)];
    if (f.sportId) conds.push(eq(venueSportConfigurations.sportId, f.sportId));
    if (f.sportCode)
      conds.push(
        sql`${venueSportConfigurations.sportId} in (select ${sports.sportId} from ${sports} where lower(${sports.sportCode}) = lower(${f.sportCode}))`,
      );
    where.push(
      exists(
        tx
          .select({ one: sql`1` })
          .from(venueSportConfigurations)
          .where(and(...conds)),
      ),
    );
  }
  if (f.conferenceId) where.push(eq(venues.conferenceId, f.conferenceId));
  if (f.institutionId) where.push(eq(venues.institutionId, f.institutionId));
  if (f.type) where.push(eq(venueProfiles.venueType, f.type));
  const rows = (await venueQuery(tx, include, true)
    .where(and(...where))
    .orderBy(asc(venues.name), asc(venues.venueId))
    .limit(page.limit)
    .offset(page.offset)) as unknown as Selected[];
  return { rows: rows.map((r) => toVenueRow(r, include)), total: rows[0]?.total ?? null };
}

/**
 * The venues of each team's institution that are configured for the team's sport, primary first: one statement for
 * every team of a batch (shared_data.teams is readable by every service).
 */
export async function venuesOfTeams(
  tx: ServiceTx,
  teamIds: number[],
): Promise<(VenueRow & { teamId: number; isPrimary: boolean })[]> {
  const rows = await tx
    .select({
      teamId: teams.teamId,
      isPrimary: venueSportConfigurations.isPrimary,
      venue: venues,
      profile: venueProfiles,
      conference: conferences,
    })
    .from(teams)
    .innerJoin(venues, eq(venues.institutionId, teams.institutionId))
    .innerJoin(
      venueSportConfigurations,
      and(eq(venueSportConfigurations.venueId, venues.venueId), eq(venueSportConfigurations.sportId, teams.sportId)),
    )
    .leftJoin(venueProfiles, eq(venueProfiles.venueId, venues.venueId))
    .leftJoin(conferences, eq(conferences.conferenceId, venues.conferenceId))
    .where(inArray(teams.teamId, teamIds))
    .orderBy(asc(teams.teamId), sql`${venueSportConfigurations.isPrimary} desc`, asc(venues.venueId));
  return rows.map((r) => ({
    ...r.venue,
    profile: r.profile,
    conference: r.conference,
    teamId: r.teamId,
    isPrimary: r.isPrimary,
  }));
}

export const hoursByVenues = (tx: ServiceTx, ids: number[]) =>
  tx
    .select()
    .from(venueOperationalHours)
    .where(inArray(venueOperationalHours.venueId, ids))
    .orderBy(asc(venueOperationalHours.dayOfWeek));

export async function configsByVenues(tx: ServiceTx, ids: number[]): Promise<ConfigRow[]> {
  const rows = await tx
    .select({ config: venueSportConfigurations, sport: sports })
    .from(venueSportConfigurations)
    .innerJoin(sports, eq(sports.sportId, venueSportConfigurations.sportId))
    .where(inArray(venueSportConfigurations.venueId, ids))
    .orderBy(asc(venueSportConfigurations.configId));
  return rows.map((r) => ({ ...r.config, sport: r.sport }));
}

export const rulesByVenues = (tx: ServiceTx, ids: number[]) =>
  tx
    .select()
    .from(venueAvailabilityRules)
    .where(and(inArray(venueAvailabilityRules.venueId, ids), eq(venueAvailabilityRules.isActive, true)))
    .orderBy(sql`${venueAvailabilityRules.priority} desc`, asc(venueAvailabilityRules.ruleId));

export const unavailabilityByVenues = (tx: ServiceTx, ids: number[]) =>
  tx
    .select()
    .from(venueUnavailabilityPeriods)
    .where(and(inArray(venueUnavailabilityPeriods.venueId, ids), eq(venueUnavailabilityPeriods.isActive, true)))
    .orderBy(asc(venueUnavailabilityPeriods.startDate), asc(venueUnavailabilityPeriods.periodId));

export const conflictsByVenues = (tx: ServiceTx, ids: number[]) =>
  tx
    .select()
    .from(venueBookingConflicts)
    .where(inArray(venueBookingConflicts.venueId, ids))
    .orderBy(asc(venueBookingConflicts.conflictDate), asc(venueBookingConflicts.conflictId));

export interface ConflictFilter {
  venueId?: number;
  conferenceId?: number;
  status?: string;
  from?: string;
  to?: string;
}

export async function listConflicts(tx: ServiceTx, f: ConflictFilter, page: Page): Promise<PagedRows<ConflictRow>> {
  const where: SQL[] = [];
  if (f.venueId) where.push(eq(venueBookingConflicts.venueId, f.venueId));
  if (f.conferenceId) where.push(eq(venueBookingConflicts.conferenceId, f.conferenceId));
  if (f.status) where.push(eq(venueBookingConflicts.resolutionStatus, f.status));
  if (f.from) where.push(gte(venueBookingConflicts.conflictDate, f.from));
  if (f.to) where.push(lte(venueBookingConflicts.conflictDate, f.to));
  const rows = await tx
    .select({ row: venueBookingConflicts, total: totalOver })
    .from(venueBookingConflicts)
    .where(and(...where))
    .orderBy(asc(venueBookingConflicts.conflictDate), asc(venueBookingConflicts.conflictId))
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows.map((r) => r.row), total: rows[0]?.total ?? null };
}

export async function listUnavailability(
  tx: ServiceTx,
  f: Omit<ConflictFilter, 'status'>,
  page: Page,
): Promise<PagedRows<UnavailabilityRow>> {
  const where: SQL[] = [eq(venueUnavailabilityPeriods.isActive, true)];
  if (f.venueId) where.push(eq(venueUnavailabilityPeriods.venueId, f.venueId));
  if (f.conferenceId) where.push(eq(venueUnavailabilityPeriods.conferenceId, f.conferenceId));
  if (f.from) where.push(gte(venueUnavailabilityPeriods.endDate, f.from));
  if (f.to) where.push(lte(venueUnavailabilityPeriods.startDate, f.to));
  const rows = await tx
    .select({ row: venueUnavailabilityPeriods, total: totalOver })
    .from(venueUnavailabilityPeriods)
    .where(and(...where))
    .orderBy(asc(venueUnavailabilityPeriods.startDate), asc(venueUnavailabilityPeriods.periodId))
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows.map((r) => r.row), total: rows[0]?.total ?? null };
}

// ----- mutations

export async function venueIdentity(tx: ServiceTx, venueId: number) {
  const [row] = await tx
    .select({ venueId: venues.venueId, conferenceId: venues.conferenceId })
    .from(venues)
    .where(eq(venues.venueId, venueId));
  return row ?? null;
}

export async function unavailabilityById(tx: ServiceTx, id: number): Promise<UnavailabilityRow | null> {
  const [row] = await tx.select().from(venueUnavailabilityPeriods).where(eq(venueUnavailabilityPeriods.periodId, id));
  return row ?? null;
}

export async function insertUnavailability(
  tx: ServiceTx,
  values: typeof venueUnavailabilityPeriods.$inferInsert,
): Promise<UnavailabilityRow> {
  const [row] = await tx.insert(venueUnavailabilityPeriods).values(values).returning();
  return row!;
}

export async function updateUnavailability(
  tx: ServiceTx,
  id: number,
  values: Partial<typeof venueUnavailabilityPeriods.$inferInsert>,
): Promise<UnavailabilityRow | null> {
  if (Object.keys(values).length === 0) return unavailabilityById(tx, id);
  const [row] = await tx
    .update(venueUnavailabilityPeriods)
    .set(values)
    .where(eq(venueUnavailabilityPeriods.periodId, id))
    .returning();
  return row ?? null;
}

export async function deleteUnavailability(tx: ServiceTx, id: number): Promise<UnavailabilityRow | null> {
  const [row] = await tx
    .delete(venueUnavailabilityPeriods)
    .where(eq(venueUnavailabilityPeriods.periodId, id))
    .returning();
  return row ?? null;
}

export async function setConflictStatus(tx: ServiceTx, id: number, status: string): Promise<ConflictRow | null> {
  const [row] = await tx
    .update(venueBookingConflicts)
    .set({ resolutionStatus: status, resolvedAt: status === 'open' ? null : (sql`now()` as unknown as Date) })
    .where(eq(venueBookingConflicts.conflictId, id))
    .returning();
  return row ?? null;
}
