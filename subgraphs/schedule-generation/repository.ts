// schedule-generation's data access: Drizzle only, as schedule_generation_service. Every function issues ONE statement.
import { and, asc, desc, eq, exists, getTableColumns, gte, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { ServiceTx } from '../../db/index.ts';
import {
  algorithmConfigurations,
  conferences,
  games,
  institutions,
  optimizationObjectives,
  scheduleGenerationJobs,
  scheduleGenerationRequests,
  schedules,
  scheduleVersions,
  seasons,
  sports,
  teams,
  venues,
} from '../../db/schema/index.ts';
import type { Page, PagedRows } from '../kit/pagination.ts';
import type { ConferenceRow, SeasonRow, SportRow } from '../kit/reference.ts';
import { jsonAgg, totalOver } from '../kit/sql.ts';

/**
 * A game with its teams' names. Game.home/away provide Team.name (@provides) so the gateway needs no further
 * team-availability round for a game's opponents; every read below selects the names in its one statement (team
 * rows are shared_data, readable by every service). Rows written by a mutation come without them (see `teamNames`).
 */
export type GameRow = typeof games.$inferSelect & { homeName?: string; awayName?: string };
export type VersionRow = typeof scheduleVersions.$inferSelect;
export type AlgorithmRow = typeof algorithmConfigurations.$inferSelect;
export type ObjectiveRow = typeof optimizationObjectives.$inferSelect;
export type RequestRow = typeof scheduleGenerationRequests.$inferSelect;
export type JobRow = typeof scheduleGenerationJobs.$inferSelect;

export const SCHEDULE_RELATIONS = ['games', 'versions', 'gameCount'] as const;
export type ScheduleRelation = (typeof SCHEDULE_RELATIONS)[number];

export interface ScheduleRow extends Omit<typeof schedules.$inferSelect, never> {
  sport: SportRow;
  season: SeasonRow;
  conference: ConferenceRow | null;
  games?: GameRow[];
  versions?: VersionRow[];
  gameCount?: number;
}

/** The games a schedule shows: those of its current version, or every game when it has no current version. */
const currentGames = (
  scheduleId: SQL | typeof schedules.scheduleId,
  currentVersionId: SQL | typeof schedules.currentVersionId,
) =>
  sql`${games.scheduleId} = ${scheduleId} and (${currentVersionId} is null or ${games.versionId} = ${currentVersionId})`;

const teamName = (teamId: typeof games.homeTeamId | typeof games.awayTeamId) =>
  sql<string>`(select ${teams.name} from ${teams} where ${teams.teamId} = ${teamId})`;
const gameTeamNames = { homeName: teamName(games.homeTeamId), awayName: teamName(games.awayTeamId) };
const gameColumns = { ...getTableColumns(games), ...gameTeamNames };

const gameOrder = sql`${games.gameDate}, ${games.slot} nulls last, ${games.startTime} nulls last, ${games.gameId}`;

function relationSubquery(rel: ScheduleRelation): SQL {
  switch (rel) {
    case 'games':
      return jsonAgg(games, currentGames(schedules.scheduleId, schedules.currentVersionId), gameOrder, gameTeamNames);
    case 'versions':
      return jsonAgg(
        scheduleVersions,
        eq(scheduleVersions.scheduleId, schedules.scheduleId),
        sql`${scheduleVersions.versionNumber}`,
      );
    case 'gameCount':
      return sql`(select count(*)::int from ${games} where ${currentGames(schedules.scheduleId, schedules.currentVersionId)})`;
  }
}

type Selected = {
  schedule: typeof schedules.$inferSelect;
  sport: SportRow;
  season: SeasonRow;
  conference: ConferenceRow | null;
  total: number;
} & Partial<Record<ScheduleRelation, unknown>>;

/** `withTotal` adds `count(*) over ()` (page queries only). */
function scheduleQuery(tx: ServiceTx, include: readonly ScheduleRelation[], withTotal = false) {
  const extra: Record<string, SQL> = withTotal ? { total: totalOver } : {};
  for (const rel of include) extra[rel] = relationSubquery(rel);
  return tx
    .select({
      schedule: schedules,
      sport: sports,
      season: seasons,
      conference: conferences,
      ...extra,
    })
    .from(schedules)
    .innerJoin(sports, eq(sports.sportId, schedules.sportId))
    .innerJoin(seasons, eq(seasons.seasonId, schedules.seasonId))
    .leftJoin(conferences, eq(conferences.conferenceId, schedules.conferenceId));
}

function toScheduleRow(r: Selected, include: readonly ScheduleRelation[]): ScheduleRow {
  const row: ScheduleRow = { ...r.schedule, sport: r.sport, season: r.season, conference: r.conference };
  for (const rel of include)
    (row as unknown as Record<string, unknown>)[rel] = r[rel] ?? (rel === 'gameCount' ? 0 : []);
  return row;
}

export async function schedulesByIds(
  tx: ServiceTx,
  ids: number[],
  include: readonly ScheduleRelation[],
): Promise<ScheduleRow[]> {
  const rows = (await scheduleQuery(tx, include).where(inArray(schedules.scheduleId, ids))) as unknown as Selected[];
  return rows.map((r) => toScheduleRow(r, include));
}

export interface ScheduleFilter {
  sportId?: number;
  sportCode?: string;
  seasonId?: number;
  conferenceId?: number;
  status?: ScheduleRow['status'];
}

export async function listSchedules(
  tx: ServiceTx,
  f: ScheduleFilter,
  page: Page,
  include: readonly ScheduleRelation[],
): Promise<PagedRows<ScheduleRow>> {
  const where: SQL[] = [];
  if (f.sportId) where.push(eq(schedules.sportId, f.sportId));
  if (f.sportCode) where.push(sql`lower(${sports.sportCode}) = lower(${f.sportCode})`);
  if (f.seasonId) where.push(eq(schedules.seasonId, f.seasonId));
  if (f.conferenceId) where.push(eq(schedules.conferenceId, f.conferenceId));
  if (f.status) where.push(eq(schedules.status, f.status));
  const rows = (await scheduleQuery(tx, include, true)
    .where(and(...where))
    .orderBy(desc(schedules.createdAt), desc(schedules.scheduleId))
    .limit(page.limit)
    .offset(page.offset)) as unknown as Selected[];
  return { rows: rows.map((r) => toScheduleRow(r, include)), total: rows[0]?.total ?? null };
}

export const gamesByIds = (tx: ServiceTx, ids: number[]): Promise<GameRow[]> =>
  tx.select(gameColumns).from(games).where(inArray(games.gameId, ids));

/** Team names by id, for games written by a mutation (their rows carry no names). */
export const teamNames = (tx: ServiceTx, ids: number[]) =>
  tx.select({ teamId: teams.teamId, name: teams.name }).from(teams).where(inArray(teams.teamId, ids));

/** Current-version games of each schedule (one statement for a batch of schedules). */
export const gamesBySchedules = (tx: ServiceTx, scheduleIds: number[]): Promise<GameRow[]> =>
  tx
    .select({ game: gameColumns })
    .from(games)
    .innerJoin(schedules, eq(schedules.scheduleId, games.scheduleId))
    .where(
      and(
        inArray(games.scheduleId, scheduleIds),
        sql`(${schedules.currentVersionId} is null or ${games.versionId} = ${schedules.currentVersionId})`,
      ),
    )
    .orderBy(gameOrder)
    .then((rows) => rows.map((r) => r.game));

export const gamesByVersions = (tx: ServiceTx, versionIds: number[]): Promise<GameRow[]> =>
  tx.select(gameColumns).from(games).where(inArray(games.versionId, versionIds)).orderBy(gameOrder);

export interface GameWindow {
  scheduleId?: number;
  from?: string;
  to?: string;
  first?: number;
}

/**
 * A game its schedule shows: one of the schedule's current version, or any when the schedule has none. Older
 * versions' games (an optimisation stores a new version) stay reachable through Schedule.games(versionId) only.
 */
const shownGame = sql`exists (select 1 from ${schedules} where ${schedules.scheduleId} = ${games.scheduleId}
  and (${schedules.currentVersionId} is null or ${games.versionId} = ${schedules.currentVersionId}))`;

function windowConds(w: GameWindow): SQL[] {
  const conds: SQL[] = [shownGame];
  if (w.scheduleId) conds.push(eq(games.scheduleId, w.scheduleId));
  if (w.from) conds.push(gte(games.gameDate, w.from));
  if (w.to) conds.push(lte(games.gameDate, w.to));
  return conds;
}

/**
 * Each team's games (home or away) within the window, at most `first` per team: ONE statement for all teams. Per team
 * a lateral subquery picks its games through the (home|away)_team_id indexes and stops at `first`: joining teams to
 * games on `home = team or away = team` made Postgres's generic plan (statements are prepared) re-check every game
 * against the id list of every team, ≈ 20 ms for 16 teams and 240 games instead of < 1 ms.
 */
export async function gamesOfTeams(
  tx: ServiceTx,
  teamIds: number[],
  w: GameWindow,
): Promise<(GameRow & { forId: number })[]> {
  const picked = tx
    .select({
      gameId: sql<number>`${games.gameId}`.as('picked_game_id'),
      rn: sql<number>`row_number() over (order by ${gameOrder})`.as('picked_rn'),
    })
    .from(games)
    .where(and(or(eq(games.homeTeamId, teams.teamId), eq(games.awayTeamId, teams.teamId)), ...windowConds(w)))
    .orderBy(gameOrder)
    .$dynamic();
  if (w.first) picked.limit(w.first);
  const pickedGames = picked.as('picked');
  const ranked = tx
    .select({
      forId: sql<number>`${teams.teamId}`.as('for_id'),
      gameId: sql<number>`${pickedGames.gameId}`.as('ranked_game_id'),
      rn: sql<number>`${pickedGames.rn}`.as('rn'),
    })
    .from(teams)
    .innerJoinLateral(pickedGames, sql`true`)
    .where(inArray(teams.teamId, teamIds))
    .as('ranked');
  const rows = await tx
    .select({ forId: ranked.forId, game: gameColumns })
    .from(ranked)
    .innerJoin(games, eq(games.gameId, ranked.gameId))
    .orderBy(ranked.forId, ranked.rn);
  return rows.map((r) => ({ ...r.game, forId: r.forId }));
}

/** Each venue's games within the window, at most `first` per venue: ONE statement for all venues. */
export async function gamesOfVenues(
  tx: ServiceTx,
  venueIds: number[],
  w: GameWindow,
): Promise<(GameRow & { forId: number })[]> {
  const ranked = tx
    .select({
      forId: sql<number>`${venues.venueId}`.as('for_id'),
      gameId: sql<number>`${games.gameId}`.as('ranked_game_id'),
      rn: sql<number>`row_number() over (partition by ${venues.venueId} order by ${gameOrder})`.as('rn'),
    })
    .from(venues)
    .innerJoin(games, eq(games.venueId, venues.venueId))
    .where(and(inArray(venues.venueId, venueIds), ...windowConds(w)))
    .as('ranked');
  const rows = await tx
    .select({ forId: ranked.forId, game: gameColumns })
    .from(ranked)
    .innerJoin(games, eq(games.gameId, ranked.gameId))
    .where(w.first ? lte(ranked.rn, w.first) : undefined)
    .orderBy(ranked.forId, ranked.rn);
  return rows.map((r) => ({ ...r.game, forId: r.forId }));
}

export interface GameFilter {
  scheduleId?: number;
  teamId?: number;
  venueId?: number;
  from?: string;
  to?: string;
  sportId?: number;
  seasonId?: number;
  conferenceId?: number;
}

export async function listGames(tx: ServiceTx, f: GameFilter, page: Page): Promise<PagedRows<GameRow>> {
  const where: SQL[] = windowConds(f);
  if (f.teamId) where.push(or(eq(games.homeTeamId, f.teamId), eq(games.awayTeamId, f.teamId))!);
  if (f.venueId) where.push(eq(games.venueId, f.venueId));
  if (f.conferenceId) where.push(eq(games.conferenceId, f.conferenceId));
  if (f.sportId || f.seasonId) {
    const conds: SQL[] = [eq(schedules.scheduleId, games.scheduleId)];
    if (f.sportId) conds.push(eq(schedules.sportId, f.sportId));
    if (f.seasonId) conds.push(eq(schedules.seasonId, f.seasonId));
    where.push(
      exists(
        tx
          .select({ one: sql`1` })
          .from(schedules)
          .where(and(...conds)),
      ),
    );
  }
  const rows = await tx
    .select({ row: gameColumns, total: totalOver })
    .from(games)
    .where(and(...where))
    .orderBy(gameOrder)
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows.map((r) => r.row), total: rows[0]?.total ?? null };
}

export const versionsBySchedules = (tx: ServiceTx, ids: number[]) =>
  tx
    .select()
    .from(scheduleVersions)
    .where(inArray(scheduleVersions.scheduleId, ids))
    .orderBy(asc(scheduleVersions.versionNumber));

export const versionsByIds = (tx: ServiceTx, ids: number[]) =>
  tx.select().from(scheduleVersions).where(inArray(scheduleVersions.versionId, ids));

export const algorithmsByIds = (tx: ServiceTx, ids: number[]) =>
  tx.select().from(algorithmConfigurations).where(inArray(algorithmConfigurations.algorithmId, ids));

/** Each team's campus coordinates (its institution's; shared_data, readable by every service). */
export const campusesOf = (tx: ServiceTx, teamIds: number[]) =>
  tx
    .select({ teamId: teams.teamId, latitude: institutions.latitude, longitude: institutions.longitude })
    .from(teams)
    .innerJoin(institutions, eq(institutions.institutionId, teams.institutionId))
    .where(inArray(teams.teamId, teamIds));

/** The default active algorithm (the one a generation that names none runs). */
export const defaultAlgorithm = (tx: ServiceTx): Promise<AlgorithmRow | undefined> =>
  tx
    .select()
    .from(algorithmConfigurations)
    .where(and(eq(algorithmConfigurations.isDefault, true), eq(algorithmConfigurations.isActive, true)))
    .orderBy(asc(algorithmConfigurations.algorithmId))
    .limit(1)
    .then((rows) => rows[0]);

export const listAlgorithms = (tx: ServiceTx, activeOnly: boolean) =>
  tx
    .select()
    .from(algorithmConfigurations)
    .where(activeOnly ? eq(algorithmConfigurations.isActive, true) : undefined)
    .orderBy(desc(algorithmConfigurations.isDefault), asc(algorithmConfigurations.algorithmName));

export const listObjectives = (tx: ServiceTx) =>
  tx.select().from(optimizationObjectives).orderBy(asc(optimizationObjectives.objectiveName));

export const requestsByIds = (tx: ServiceTx, ids: number[]) =>
  tx.select().from(scheduleGenerationRequests).where(inArray(scheduleGenerationRequests.requestId, ids));

export const jobsByRequests = (tx: ServiceTx, ids: number[]) =>
  tx
    .select()
    .from(scheduleGenerationJobs)
    .where(inArray(scheduleGenerationJobs.requestId, ids))
    .orderBy(asc(scheduleGenerationJobs.createdAt), asc(scheduleGenerationJobs.jobId));

export async function listRequests(
  tx: ServiceTx,
  f: { status?: string; sportId?: number; seasonId?: number; conferenceId?: number },
  page: Page,
): Promise<PagedRows<RequestRow>> {
  const where: SQL[] = [];
  if (f.status) where.push(eq(scheduleGenerationRequests.status, f.status));
  if (f.sportId) where.push(eq(scheduleGenerationRequests.sportId, f.sportId));
  if (f.seasonId) where.push(eq(scheduleGenerationRequests.seasonId, f.seasonId));
  if (f.conferenceId) where.push(eq(scheduleGenerationRequests.conferenceId, f.conferenceId));
  const rows = await tx
    .select({ row: scheduleGenerationRequests, total: totalOver })
    .from(scheduleGenerationRequests)
    .where(and(...where))
    .orderBy(desc(scheduleGenerationRequests.createdAt), desc(scheduleGenerationRequests.requestId))
    .limit(page.limit)
    .offset(page.offset);
  return { rows: rows.map((r) => r.row), total: rows[0]?.total ?? null };
}

// ----- existence checks for mutations (shared_data is readable by every service)

export async function existingIds(
  tx: ServiceTx,
  kind: 'sport' | 'season' | 'conference' | 'team' | 'venue' | 'algorithm' | 'schedule',
  ids: number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  let rows: { id: number }[];
  switch (kind) {
    case 'sport':
      rows = await tx.select({ id: sports.sportId }).from(sports).where(inArray(sports.sportId, ids));
      break;
    case 'season':
      rows = await tx.select({ id: seasons.seasonId }).from(seasons).where(inArray(seasons.seasonId, ids));
      break;
    case 'conference':
      rows = await tx
        .select({ id: conferences.conferenceId })
        .from(conferences)
        .where(inArray(conferences.conferenceId, ids));
      break;
    case 'team':
      rows = await tx.select({ id: teams.teamId }).from(teams).where(inArray(teams.teamId, ids));
      break;
    case 'venue':
      rows = await tx.select({ id: venues.venueId }).from(venues).where(inArray(venues.venueId, ids));
      break;
    case 'algorithm':
      rows = await tx
        .select({ id: algorithmConfigurations.algorithmId })
        .from(algorithmConfigurations)
        .where(inArray(algorithmConfigurations.algorithmId, ids));
      break;
    case 'schedule':
      rows = await tx.select({ id: schedules.scheduleId }).from(schedules).where(inArray(schedules.scheduleId, ids));
      break;
  }
  return new Set(rows.map((r) => r.id));
}

export async function insertSchedule(tx: ServiceTx, values: typeof schedules.$inferInsert): Promise<number> {
  const [row] = await tx.insert(schedules).values(values).returning({ id: schedules.scheduleId });
  return row!.id;
}

export async function scheduleById(tx: ServiceTx, id: number) {
  const [row] = await tx.select().from(schedules).where(eq(schedules.scheduleId, id));
  return row ?? null;
}

export async function updateSchedule(
  tx: ServiceTx,
  id: number,
  values: Partial<typeof schedules.$inferInsert>,
): Promise<boolean> {
  const rows = await tx
    .update(schedules)
    .set({ ...values, updatedAt: sql`now()` as unknown as Date })
    .where(eq(schedules.scheduleId, id))
    .returning({ id: schedules.scheduleId });
  return rows.length > 0;
}

export async function deleteSchedule(tx: ServiceTx, id: number): Promise<boolean> {
  const rows = await tx.delete(schedules).where(eq(schedules.scheduleId, id)).returning({ id: schedules.scheduleId });
  return rows.length > 0;
}

export async function insertGame(tx: ServiceTx, values: typeof games.$inferInsert): Promise<GameRow> {
  const [row] = await tx.insert(games).values(values).returning();
  return row!;
}

export async function updateGame(
  tx: ServiceTx,
  id: number,
  values: Partial<typeof games.$inferInsert>,
): Promise<GameRow | null> {
  const [row] = await tx
    .update(games)
    .set({ ...values, updatedAt: sql`now()` as unknown as Date })
    .where(eq(games.gameId, id))
    .returning();
  return row ?? null;
}

export async function deleteGame(tx: ServiceTx, id: number): Promise<boolean> {
  const rows = await tx.delete(games).where(eq(games.gameId, id)).returning({ id: games.gameId });
  return rows.length > 0;
}

export async function insertRequest(
  tx: ServiceTx,
  values: typeof scheduleGenerationRequests.$inferInsert,
): Promise<RequestRow> {
  const [row] = await tx.insert(scheduleGenerationRequests).values(values).returning();
  return row!;
}
