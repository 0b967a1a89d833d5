// team-availability's data access: Drizzle only, as team_availability_service. Every function issues ONE statement.
import { and, asc, eq, exists, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ServiceTx } from '../../db/index.ts';
import {
  conferences,
  institutions,
  seasons,
  sports,
  teamAvailabilityPreferences,
  teamAvailabilityWindows,
  teamBlackoutDates,
  teamRestRequirements,
  teamSchedulingProfiles,
  teams,
  teamTravelConstraints,
} from '../../db/schema/index.ts';
import type { Page } from '../kit/pagination.ts';
import type { ConferenceRow, SeasonRow, SportRow } from '../kit/reference.ts';
import { jsonAgg, jsonRow, totalOver } from '../kit/sql.ts';

export type InstitutionRow = typeof institutions.$inferSelect;
export type BlackoutRow = typeof teamBlackoutDates.$inferSelect;
export type WindowRow = typeof teamAvailabilityWindows.$inferSelect;
export type PreferenceRow = typeof teamAvailabilityPreferences.$inferSelect;
export type RestRow = typeof teamRestRequirements.$inferSelect;
export type TravelRow = typeof teamTravelConstraints.$inferSelect;
export type ProfileRow = typeof teamSchedulingProfiles.$inferSelect & { season: SeasonRow };

/** Child relations a team query can bring along in the same statement (look-ahead). */
export const TEAM_RELATIONS = [
  'blackouts',
  'windows',
  'preferences',
  'profiles',
  'restRequirements',
  'travelConstraints',
] as const;
export type TeamRelation = (typeof TEAM_RELATIONS)[number];

export interface TeamRow extends Omit<typeof teams.$inferSelect, never> {
  sport: SportRow;
  institution: InstitutionRow;
  conference: ConferenceRow | null;
  blackouts?: BlackoutRow[];
  windows?: WindowRow[];
  preferences?: PreferenceRow[];
  profiles?: ProfileRow[];
  restRequirements?: RestRow[];
  travelConstraints?: TravelRow[];
}

const activeBlackouts = (teamId: SQL | typeof teams.teamId) =>
  and(eq(teamBlackoutDates.teamId, teamId), eq(teamBlackoutDates.isActive, true))!;

const profileSeason = sql`(select ${jsonRow(seasons)} from ${seasons} where ${seasons.seasonId} = ${teamSchedulingProfiles.seasonId})`;

function relationSubquery(rel: TeamRelation): SQL {
  switch (rel) {
    case 'blackouts':
      return jsonAgg(
        teamBlackoutDates,
        activeBlackouts(teams.teamId),
        sql`${teamBlackoutDates.startDate}, ${teamBlackoutDates.blackoutId}`,
      );
    case 'windows':
      return jsonAgg(
        teamAvailabilityWindows,
        eq(teamAvailabilityWindows.teamId, teams.teamId),
        sql`${teamAvailabilityWindows.startDate}, ${teamAvailabilityWindows.windowId}`,
      );
    case 'preferences':
      return jsonAgg(
        teamAvailabilityPreferences,
        and(eq(teamAvailabilityPreferences.teamId, teams.teamId), eq(teamAvailabilityPreferences.isActive, true))!,
        sql`${teamAvailabilityPreferences.preferenceId}`,
      );
    case 'profiles':
      return jsonAgg(
        teamSchedulingProfiles,
        eq(teamSchedulingProfiles.teamId, teams.teamId),
        sql`${teamSchedulingProfiles.seasonId}`,
        {
          season: profileSeason,
        },
      );
    case 'restRequirements':
      return jsonAgg(
        teamRestRequirements,
        eq(teamRestRequirements.teamId, teams.teamId),
        sql`${teamRestRequirements.requirementId}`,
      );
    case 'travelConstraints':
      return jsonAgg(
        teamTravelConstraints,
        eq(teamTravelConstraints.teamId, teams.teamId),
        sql`${teamTravelConstraints.constraintId}`,
      );
  }
}

function teamSelection(include: readonly TeamRelation[], withTotal: boolean) {
  const extra: Record<string, SQL> = {};
  for (const rel of include) extra[rel] = relationSubquery(rel);
  const base = { team: teams, sport: sports, institution: institutions, conference: conferences, ...extra };
  return withTotal ? { ...base, total: totalOver } : base;
}

type Selected = {
  team: typeof teams.$inferSelect;
  sport: SportRow;
  institution: InstitutionRow;
  conference: ConferenceRow | null;
  total: number;
} & Partial<Record<TeamRelation, unknown[]>>;

function toTeamRow(r: Selected, include: readonly TeamRelation[]): TeamRow {
  const row: TeamRow = { ...r.team, sport: r.sport, institution: r.institution, conference: r.conference };
  for (const rel of include) (row as unknown as Record<string, unknown>)[rel] = r[rel] ?? [];
  return row;
}

/** `withTotal` adds `count(*) over ()` (page queries only: a window costs a sort of the whole result). */
function teamQuery(tx: ServiceTx, include: readonly TeamRelation[], withTotal = false) {
  return tx
    .select(teamSelection(include, withTotal))
    .from(teams)
    .innerJoin(sports, eq(sports.sportId, teams.sportId))
    .innerJoin(institutions, eq(institutions.institutionId, teams.institutionId))
    .leftJoin(conferences, eq(conferences.conferenceId, teams.conferenceId));
}

export async function teamsByIds(tx: ServiceTx, ids: number[], include: readonly TeamRelation[]): Promise<TeamRow[]> {
  const rows = (await teamQuery(tx, include).where(inArray(teams.teamId, ids))) as unknown as Selected[];
  return rows.map((r) => toTeamRow(r, include));
}

export interface TeamFilter {
  sportId?: number;
  sportCode?: string;
  seasonId?: number;
  conferenceId?: number;
  institutionId?: number;
}

export async function listTeams(
  tx: ServiceTx,
  f: TeamFilter,
  page: Page,
  include: readonly TeamRelation[],
): Promise<{ rows: TeamRow[]; total: number | null }> {
  const where: SQL[] = [];
  if (f.sportId) where.push(eq(teams.sportId, f.sportId));
  if (f.sportCode) where.push(sql`lower(${sports.sportCode}) = lower(${f.sportCode})`);
  if (f.conferenceId) where.push(eq(teams.conferenceId, f.conferenceId));
  if (f.institutionId) where.push(eq(teams.institutionId, f.institutionId));
  if (f.seasonId)
    where.push(
      exists(
        tx
          .select({ one: sql`1` })
          .from(teamSchedulingProfiles)
          .where(and(eq(teamSchedulingProfiles.teamId, teams.teamId), eq(teamSchedulingProfiles.seasonId, f.seasonId))),
      ),
    );
  const rows = (await teamQuery(tx, include, true)
    .where(and(...where))
    .orderBy(asc(institutions.name), asc(sports.sportName), asc(teams.teamId))
    .limit(page.limit)
    .offset(page.offset)) as unknown as Selected[];
  return { rows: rows.map((r) => toTeamRow(r, include)), total: rows[0]?.total ?? null };
}

// ----- institutions

export async function institutionsByIds(tx: ServiceTx, ids: number[]): Promise<InstitutionRow[]> {
  return tx.select().from(institutions).where(inArray(institutions.institutionId, ids));
}

export async function listInstitutions(tx: ServiceTx, f: { conferenceId?: number }, page: Page) {
  const rows = await tx
    .select({ institution: institutions, total: totalOver })
    .from(institutions)
    .where(f.conferenceId ? eq(institutions.conferenceId, f.conferenceId) : undefined)
    .orderBy(asc(institutions.name))
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows.map((r) => r.institution), total: rows[0]?.total ?? null };
}

export async function teamsByInstitution(tx: ServiceTx, institutionIds: number[]): Promise<TeamRow[]> {
  const rows = (await teamQuery(tx, [])
    .where(inArray(teams.institutionId, institutionIds))
    .orderBy(asc(sports.sportName))) as unknown as Selected[];
  return rows.map((r) => toTeamRow(r, []));
}

// ----- reference lists

export const allSports = (tx: ServiceTx) => tx.select().from(sports).orderBy(asc(sports.sportName));
export const allSeasons = (tx: ServiceTx) => tx.select().from(seasons).orderBy(asc(seasons.startDate));
export const allConferences = (tx: ServiceTx) => tx.select().from(conferences).orderBy(asc(conferences.name));

// ----- per-team relations (one statement for all teams of a batch)

export const blackoutsByTeams = (tx: ServiceTx, teamIds: number[]) =>
  tx
    .select()
    .from(teamBlackoutDates)
    .where(and(inArray(teamBlackoutDates.teamId, teamIds), eq(teamBlackoutDates.isActive, true)))
    .orderBy(asc(teamBlackoutDates.startDate), asc(teamBlackoutDates.blackoutId));

export const windowsByTeams = (tx: ServiceTx, teamIds: number[]) =>
  tx
    .select()
    .from(teamAvailabilityWindows)
    .where(inArray(teamAvailabilityWindows.teamId, teamIds))
    .orderBy(asc(teamAvailabilityWindows.startDate), asc(teamAvailabilityWindows.windowId));

export const preferencesByTeams = (tx: ServiceTx, teamIds: number[]) =>
  tx
    .select()
    .from(teamAvailabilityPreferences)
    .where(and(inArray(teamAvailabilityPreferences.teamId, teamIds), eq(teamAvailabilityPreferences.isActive, true)))
    .orderBy(asc(teamAvailabilityPreferences.preferenceId));

export const restByTeams = (tx: ServiceTx, teamIds: number[]) =>
  tx
    .select()
    .from(teamRestRequirements)
    .where(inArray(teamRestRequirements.teamId, teamIds))
    .orderBy(asc(teamRestRequirements.requirementId));

export const travelByTeams = (tx: ServiceTx, teamIds: number[]) =>
  tx
    .select()
    .from(teamTravelConstraints)
    .where(inArray(teamTravelConstraints.teamId, teamIds))
    .orderBy(asc(teamTravelConstraints.constraintId));

async function profilesWhere(tx: ServiceTx, where: SQL | undefined): Promise<ProfileRow[]> {
  const rows = await tx
    .select({ profile: teamSchedulingProfiles, season: seasons })
    .from(teamSchedulingProfiles)
    .innerJoin(seasons, eq(seasons.seasonId, teamSchedulingProfiles.seasonId))
    .where(where)
    .orderBy(asc(teamSchedulingProfiles.seasonId));
  return rows.map((r) => ({ ...r.profile, season: r.season }));
}

export const profilesByTeams = (tx: ServiceTx, teamIds: number[]) =>
  profilesWhere(tx, inArray(teamSchedulingProfiles.teamId, teamIds));
export const profilesByIds = (tx: ServiceTx, ids: number[]) =>
  profilesWhere(tx, inArray(teamSchedulingProfiles.profileId, ids));
export const blackoutsByIds = (tx: ServiceTx, ids: number[]) =>
  tx.select().from(teamBlackoutDates).where(inArray(teamBlackoutDates.blackoutId, ids));

// ----- paginated lists of team-scoped rows

export interface TeamScopedFilter {
  teamId?: number;
  sportId?: number;
  seasonId?: number;
  conferenceId?: number;
  from?: string;
  to?: string;
}

function teamScope(table: { teamId: AnyPgColumn; seasonId: AnyPgColumn }, f: TeamScopedFilter, tx: ServiceTx): SQL[] {
  const where: SQL[] = [];
  if (f.teamId) where.push(eq(table.teamId, f.teamId));
  if (f.seasonId) where.push(eq(table.seasonId, f.seasonId));
  if (f.sportId || f.conferenceId) {
    const conds: SQL[] = [eq(teams.teamId, table.teamId)];
    if (f.sportId) conds.push(eq(teams.sportId, f.sportId));
    if (f.conferenceId) conds.push(eq(teams.conferenceId, f.conferenceId));
    where.push(
      exists(
        tx
          .select({ one: sql`1` })
          .from(teams)
          .where(and(...conds)),
      ),
    );
  }
  return where;
}

export async function listBlackouts(tx: ServiceTx, f: TeamScopedFilter & { severity?: string }, page: Page) {
  const where = teamScope(teamBlackoutDates, f, tx);
  where.push(eq(teamBlackoutDates.isActive, true));
  if (f.severity) where.push(eq(teamBlackoutDates.severity, f.severity));
  if (f.from) where.push(gte(teamBlackoutDates.endDate, f.from));
  if (f.to) where.push(lte(teamBlackoutDates.startDate, f.to));
  const rows = await tx
    .select({ row: teamBlackoutDates, total: totalOver })
    .from(teamBlackoutDates)
    .where(and(...where))
    .orderBy(asc(teamBlackoutDates.startDate), asc(teamBlackoutDates.blackoutId))
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows.map((r) => r.row), total: rows[0]?.total ?? null };
}

export async function listWindows(tx: ServiceTx, f: TeamScopedFilter, page: Page) {
  const where = teamScope(teamAvailabilityWindows, f, tx);
  if (f.from) where.push(gte(teamAvailabilityWindows.endDate, f.from));
  if (f.to) where.push(lte(teamAvailabilityWindows.startDate, f.to));
  const rows = await tx
    .select({ row: teamAvailabilityWindows, total: totalOver })
    .from(teamAvailabilityWindows)
    .where(and(...where))
    .orderBy(asc(teamAvailabilityWindows.startDate), asc(teamAvailabilityWindows.windowId))
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows.map((r) => r.row), total: rows[0]?.total ?? null };
}

export async function listPreferences(tx: ServiceTx, f: TeamScopedFilter, page: Page) {
  const where = teamScope(teamAvailabilityPreferences, f, tx);
  where.push(eq(teamAvailabilityPreferences.isActive, true));
  const rows = await tx
    .select({ row: teamAvailabilityPreferences, total: totalOver })
    .from(teamAvailabilityPreferences)
    .where(and(...where))
    .orderBy(asc(teamAvailabilityPreferences.preferenceId))
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows.map((r) => r.row), total: rows[0]?.total ?? null };
}

export async function listProfiles(tx: ServiceTx, f: TeamScopedFilter, page: Page) {
  const where: SQL[] = [];
  if (f.teamId) where.push(eq(teamSchedulingProfiles.teamId, f.teamId));
  if (f.seasonId) where.push(eq(teamSchedulingProfiles.seasonId, f.seasonId));
  if (f.sportId) where.push(eq(teamSchedulingProfiles.sportId, f.sportId));
  if (f.conferenceId) where.push(eq(teamSchedulingProfiles.conferenceId, f.conferenceId));
  const rows = await tx
    .select({ profile: teamSchedulingProfiles, season: seasons, total: totalOver })
    .from(teamSchedulingProfiles)
    .innerJoin(seasons, eq(seasons.seasonId, teamSchedulingProfiles.seasonId))
    .where(and(...where))
    .orderBy(asc(teamSchedulingProfiles.teamId), asc(teamSchedulingProfiles.seasonId))
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows.map((r) => ({ ...r.profile, season: r.season })), total: rows[0]?.total ?? null };
}

// ----- mutations

export async function teamExists(tx: ServiceTx, teamId: number) {
  const [row] = await tx
    .select({ teamId: teams.teamId, conferenceId: teams.conferenceId, sportId: teams.sportId })
    .from(teams)
    .where(eq(teams.teamId, teamId));
  return row ?? null;
}

export async function seasonExists(tx: ServiceTx, seasonId: number): Promise<boolean> {
  const [row] = await tx.select({ id: seasons.seasonId }).from(seasons).where(eq(seasons.seasonId, seasonId));
  return !!row;
}

export async function insertBlackout(
  tx: ServiceTx,
  values: typeof teamBlackoutDates.$inferInsert,
): Promise<BlackoutRow> {
  const [row] = await tx.insert(teamBlackoutDates).values(values).returning();
  return row!;
}

export async function updateBlackout(
  tx: ServiceTx,
  id: number,
  values: Partial<typeof teamBlackoutDates.$inferInsert>,
): Promise<BlackoutRow | null> {
  if (Object.keys(values).length === 0) return (await blackoutsByIds(tx, [id]))[0] ?? null;
  const [row] = await tx.update(teamBlackoutDates).set(values).where(eq(teamBlackoutDates.blackoutId, id)).returning();
  return row ?? null;
}

export async function deleteBlackout(tx: ServiceTx, id: number): Promise<boolean> {
  const rows = await tx
    .delete(teamBlackoutDates)
    .where(eq(teamBlackoutDates.blackoutId, id))
    .returning({ id: teamBlackoutDates.blackoutId });
  return rows.length > 0;
}

export async function insertProfile(
  tx: ServiceTx,
  values: typeof teamSchedulingProfiles.$inferInsert,
): Promise<number> {
  const [row] = await tx
    .insert(teamSchedulingProfiles)
    .values(values)
    .returning({ id: teamSchedulingProfiles.profileId });
  return row!.id;
}

export async function profileExistsFor(tx: ServiceTx, teamId: number, seasonId: number): Promise<boolean> {
  const [row] = await tx
    .select({ id: teamSchedulingProfiles.profileId })
    .from(teamSchedulingProfiles)
    .where(and(eq(teamSchedulingProfiles.teamId, teamId), eq(teamSchedulingProfiles.seasonId, seasonId)));
  return !!row;
}

export async function updateProfile(
  tx: ServiceTx,
  id: number,
  values: Partial<typeof teamSchedulingProfiles.$inferInsert>,
): Promise<boolean> {
  const rows = await tx
    .update(teamSchedulingProfiles)
    .set({ ...values, updatedAt: sql`now()` as unknown as Date })
    .where(eq(teamSchedulingProfiles.profileId, id))
    .returning({ id: teamSchedulingProfiles.profileId });
  return rows.length > 0;
}

export async function deleteProfile(tx: ServiceTx, id: number): Promise<boolean> {
  const rows = await tx
    .delete(teamSchedulingProfiles)
    .where(eq(teamSchedulingProfiles.profileId, id))
    .returning({ id: teamSchedulingProfiles.profileId });
  return rows.length > 0;
}
