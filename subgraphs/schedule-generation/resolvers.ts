import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput } from '../kit/errors.ts';
import { idArg, idOf, toKey } from '../kit/ids.ts';
import { includesAt } from '../kit/loaders.ts';
import { type PageArgs, paged, parsePage } from '../kit/pagination.ts';
import { referenceResolvers, refOrNull } from '../kit/reference.ts';
import { DateScalar, DateTimeScalar, JSONScalar } from '../kit/scalars.ts';
import { requiredConference } from '../kit/tenancy.ts';
import type { Resolvers } from '../kit/types.ts';
import { calendarFields, calendarMutations, calendarQueries, calendarTypeResolvers } from './calendar-resolvers.ts';
import { compareMutations, compareTypeResolvers } from './compare-resolvers.ts';
import { fairnessFields, fairnessTypeResolvers } from './fairness-resolvers.ts';
import {
  generationJobFields,
  generationMutations,
  generationQueries,
  generationTimeFields,
  versionChangeResolvers,
} from './generation/resolvers.ts';
import type { Context } from './loaders.ts';
import * as repo from './repository.ts';

type Args = Record<string, unknown>;
/** A game's home or away team: its key, and its name when the game's statement selected it. */
type GameTeam = { teamId: number; name?: string };

const RELATIONS: Record<string, repo.ScheduleRelation> = {
  games: 'games',
  versions: 'versions',
  currentVersion: 'versions',
  gameCount: 'gameCount',
};

const STATUS = {
  DRAFT: 'draft',
  GENERATING: 'generating',
  REVIEW: 'review',
  PUBLISHED: 'published',
  ARCHIVED: 'archived',
};
const GAME_STATUSES = ['scheduled', 'tentative', 'confirmed', 'postponed', 'cancelled', 'completed'];
const GAME_TYPES = ['conference', 'non_conference', 'tournament', 'exhibition'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

function checkRange(fromName: string, from: unknown, toName: string, to: unknown) {
  if (typeof from === 'string' && typeof to === 'string' && to < from)
    throw badUserInput(toName, `must not be before ${fromName} (${from})`);
}

function gameWindow(args: Args): repo.GameWindow {
  checkRange('from', args.from, 'to', args.to);
  const first = args.first as number | null | undefined;
  if (first !== undefined && first !== null && (!Number.isInteger(first) || first < 1 || first > 1000))
    throw badUserInput('first', 'must be an integer between 1 and 1000');
  return {
    scheduleId: idArg('scheduleId', args.scheduleId, true),
    from: (args.from as string | undefined) ?? undefined,
    to: (args.to as string | undefined) ?? undefined,
    first: first ?? undefined,
  };
}

function checkGameFields(input: Args) {
  if (input.startTime !== undefined && input.startTime !== null && !TIME.test(String(input.startTime)))
    throw badUserInput('input.startTime', 'must be HH:MM or HH:MM:SS');
  if (input.status !== undefined && input.status !== null && !GAME_STATUSES.includes(String(input.status)))
    throw badUserInput('input.status', `must be one of ${GAME_STATUSES.join(', ')}`);
  if (input.gameType !== undefined && input.gameType !== null && !GAME_TYPES.includes(String(input.gameType)))
    throw badUserInput('input.gameType', `must be one of ${GAME_TYPES.join(', ')}`);
  if (input.slot !== undefined && input.slot !== null && (!Number.isInteger(input.slot) || (input.slot as number) < 1))
    throw badUserInput('input.slot', 'must be an integer ≥ 1');
}

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  ScheduleStatus: STATUS,
  ...referenceResolvers,

  Query: {
    schedules: (_: unknown, args: Args & PageArgs, ctx: Context, info: GraphQLResolveInfo) => {
      const page = parsePage(args);
      const filter: repo.ScheduleFilter = {
        sportId: idArg('sportId', args.sportId, true),
        sportCode: (args.sportCode as string | undefined) ?? undefined,
        seasonId: idArg('seasonId', args.seasonId, true),
        conferenceId: idArg('conferenceId', args.conferenceId, true),
        status: (args.status as string | undefined) ?? undefined,
      };
      const include = includesAt(info, RELATIONS, ['nodes']);
      return paged(async (p) => {
        const result = await ctx.run((tx) => repo.listSchedules(tx, filter, p, include));
        ctx.loaders.primeSchedules(result.rows);
        return result;
      }, page);
    },
    schedule: (_: unknown, args: Args, ctx: Context, info: GraphQLResolveInfo) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.schedule(includesAt(info, RELATIONS)).load(key);
    },
    games: (_: unknown, args: Args & PageArgs, ctx: Context) => {
      const page = parsePage(args);
      checkRange('from', args.from, 'to', args.to);
      const filter: repo.GameFilter = {
        scheduleId: idArg('scheduleId', args.scheduleId, true),
        teamId: idArg('teamId', args.teamId, true),
        venueId: idArg('venueId', args.venueId, true),
        sportId: idArg('sportId', args.sportId, true),
        seasonId: idArg('seasonId', args.seasonId, true),
        conferenceId: idArg('conferenceId', args.conferenceId, true),
        from: (args.from as string | undefined) ?? undefined,
        to: (args.to as string | undefined) ?? undefined,
      };
      return paged((p) => ctx.run((tx) => repo.listGames(tx, filter, p)), page);
    },
    game: (_: unknown, args: Args, ctx: Context) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.game.load(key);
    },
    ...generationQueries,
    ...calendarQueries,
    algorithms: (_: unknown, args: Args, ctx: Context) =>
      ctx.run((tx) => repo.listAlgorithms(tx, args.activeOnly !== false)),
    optimizationObjectives: (_: unknown, __: Args, ctx: Context) => ctx.run((tx) => repo.listObjectives(tx)),
  },

  Mutation: {
    createSchedule: async (_: unknown, { input }: { input: Args }, ctx: Context) => {
      const sportId = idArg('input.sportId', input.sportId);
      const seasonId = idArg('input.seasonId', input.seasonId);
      const conferenceId = requiredConference(input, ctx, 'schedule');
      const name = String(input.name ?? '').trim();
      if (!name) throw badUserInput('input.name', 'must not be empty');
      checkRange('input.startDate', input.startDate, 'input.endDate', input.endDate);
      const id = await ctx.run(async (tx) => {
        if (!(await repo.existingIds(tx, 'sport', [sportId])).size)
          throw badUserInput('input.sportId', `no sport with id ${sportId}`);
        if (!(await repo.existingIds(tx, 'season', [seasonId])).size)
          throw badUserInput('input.seasonId', `no season with id ${seasonId}`);
        if (!(await repo.existingIds(tx, 'conference', [conferenceId])).size)
          throw badUserInput('input.conferenceId', `no conference with id ${conferenceId}`);
        return repo.insertSchedule(tx, {
          name,
          sportId,
          seasonId,
          conferenceId,
          status: String(input.status ?? 'draft').toLowerCase(), // enum defaults arrive as names
          startDate: (input.startDate as string | undefined) ?? null,
          endDate: (input.endDate as string | undefined) ?? null,
          description: (input.description as string | undefined) ?? null,
          createdBy: (input.createdBy as string | undefined) ?? null,
        });
      });
      return ctx.loaders.schedule().load(id);
    },
    updateSchedule: async (_: unknown, { id, input }: { id: unknown; input: Args }, ctx: Context) => {
      const key = toKey(id);
      if (key === null) return null;
      if (input.name !== undefined && input.name !== null && !String(input.name).trim())
        throw badUserInput('input.name', 'must not be empty');
      const found = await ctx.run(async (tx) => {
        const current = await repo.scheduleById(tx, key);
        if (!current) return false;
        const startDate = (input.startDate as string | undefined) ?? current.startDate;
        const endDate = (input.endDate as string | undefined) ?? current.endDate;
        checkRange('input.startDate', startDate, 'input.endDate', endDate);
        const values: Record<string, unknown> = {};
        for (const k of ['name', 'status', 'startDate', 'endDate', 'description'])
          if (input[k] !== undefined && (input[k] !== null || k === 'description')) values[k] = input[k];
        if (typeof values.status === 'string') values.status = values.status.toLowerCase();
        if (typeof values.name === 'string') values.name = values.name.trim();
        return repo.updateSchedule(tx, key, values);
      });
      return found ? ctx.loaders.schedule().load(key) : null;
    },
    deleteSchedule: (_: unknown, { id }: { id: unknown }, ctx: Context) => {
      const key = toKey(id);
      return key === null ? false : ctx.run((tx) => repo.deleteSchedule(tx, key));
    },
    createGame: (_: unknown, { input }: { input: Args }, ctx: Context) => {
      const scheduleId = idArg('input.scheduleId', input.scheduleId);
      const homeTeamId = idArg('input.homeTeamId', input.homeTeamId);
      const awayTeamId = idArg('input.awayTeamId', input.awayTeamId);
      const venueId = idArg('input.venueId', input.venueId, true);
      if (homeTeamId === awayTeamId) throw badUserInput('input.awayTeamId', 'a team cannot play itself');
      checkGameFields(input);
      return ctx.run(async (tx) => {
        const schedule = await repo.scheduleById(tx, scheduleId);
        if (!schedule) throw badUserInput('input.scheduleId', `no schedule with id ${scheduleId}`);
        const found = await repo.existingIds(tx, 'team', [homeTeamId, awayTeamId]);
        if (!found.has(homeTeamId)) throw badUserInput('input.homeTeamId', `no team with id ${homeTeamId}`);
        if (!found.has(awayTeamId)) throw badUserInput('input.awayTeamId', `no team with id ${awayTeamId}`);
        if (venueId !== undefined && !(await repo.existingIds(tx, 'venue', [venueId])).size)
          throw badUserInput('input.venueId', `no venue with id ${venueId}`);
        return repo.insertGame(tx, {
          scheduleId,
          versionId: schedule.currentVersionId,
          conferenceId: schedule.conferenceId,
          homeTeamId,
          awayTeamId,
          venueId: venueId ?? null,
          gameDate: input.date as string,
          startTime: (input.startTime as string | undefined) ?? null,
          slot: (input.slot as number | undefined) ?? null,
          gameType: (input.gameType as string | undefined) ?? 'conference',
          status: (input.status as string | undefined) ?? 'scheduled',
          isNeutralSite: (input.isNeutralSite as boolean | undefined) ?? false,
          broadcastNetwork: (input.broadcastNetwork as string | undefined) ?? null,
          notes: (input.notes as string | undefined) ?? null,
          locked: (input.locked as boolean | undefined) ?? false,
        });
      });
    },
    updateGame: (_: unknown, { id, input }: { id: unknown; input: Args }, ctx: Context) => {
      const key = toKey(id);
      if (key === null) return null;
      const homeTeamId = idArg('input.homeTeamId', input.homeTeamId, true);
      const awayTeamId = idArg('input.awayTeamId', input.awayTeamId, true);
      const venueId = idArg('input.venueId', input.venueId, true);
      checkGameFields(input);
      return ctx.run(async (tx) => {
        const [current] = await repo.gamesByIds(tx, [key]);
        if (!current) return null;
        const home = homeTeamId ?? current.homeTeamId;
        const away = awayTeamId ?? current.awayTeamId;
        if (home === away) throw badUserInput('input.awayTeamId', 'a team cannot play itself');
        const teamsFound = await repo.existingIds(tx, 'team', [home, away]);
        if (!teamsFound.has(home)) throw badUserInput('input.homeTeamId', `no team with id ${home}`);
        if (!teamsFound.has(away)) throw badUserInput('input.awayTeamId', `no team with id ${away}`);
        if (venueId !== undefined && !(await repo.existingIds(tx, 'venue', [venueId])).size)
          throw badUserInput('input.venueId', `no venue with id ${venueId}`);
        const values: Record<string, unknown> = {};
        if (homeTeamId !== undefined) values.homeTeamId = homeTeamId;
        if (awayTeamId !== undefined) values.awayTeamId = awayTeamId;
        if (venueId !== undefined) values.venueId = venueId;
        if (input.date) values.gameDate = input.date;
        for (const k of ['startTime', 'slot', 'gameType', 'status', 'isNeutralSite', 'broadcastNetwork', 'notes'])
          if (input[k] !== undefined) values[k] = input[k];
        if (input.locked !== undefined && input.locked !== null) values.locked = input.locked;
        return repo.updateGame(tx, key, values);
      });
    },
    deleteGame: (_: unknown, { id }: { id: unknown }, ctx: Context) => {
      const key = toKey(id);
      return key === null ? false : ctx.run((tx) => repo.deleteGame(tx, key));
    },
    ...generationMutations,
    ...compareMutations,
    ...calendarMutations,
  },

  Schedule: {
    __resolveReference: (ref: { id: unknown }, ctx: Context, info: GraphQLResolveInfo) => {
      const key = toKey(ref.id);
      return key === null ? null : ctx.loaders.schedule(includesAt(info, RELATIONS, [], 'Schedule')).load(key);
    },
    id: (s: repo.ScheduleRow) => idOf(s.scheduleId),
    status: (s: repo.ScheduleRow) => s.status,
    currentVersion: async (s: repo.ScheduleRow, _: Args, ctx: Context) => {
      const versions = await ctx.loaders.versionsBySchedule.load(s.scheduleId);
      return versions.find((v) => v.versionId === s.currentVersionId) ?? versions.find((v) => v.isCurrent) ?? null;
    },
    versions: (s: repo.ScheduleRow, _: Args, ctx: Context) => ctx.loaders.versionsBySchedule.load(s.scheduleId),
    games: (s: repo.ScheduleRow, args: Args, ctx: Context) => {
      const versionId = idArg('versionId', args.versionId, true);
      if (versionId === undefined) return ctx.loaders.gamesBySchedule.load(s.scheduleId);
      return ctx.loaders.gamesByVersion
        .load(versionId)
        .then((rows) => rows.filter((g) => g.scheduleId === s.scheduleId));
    },
    gameCount: async (s: repo.ScheduleRow, _: Args, ctx: Context) =>
      s.gameCount ??
      ctx.loaders.gameCounts.get(s.scheduleId) ??
      (await ctx.loaders.gamesBySchedule.load(s.scheduleId)).length,
    ...fairnessFields.Schedule,
    ...calendarFields.Schedule,
  },

  ScheduleVersion: {
    id: (v: repo.VersionRow) => idOf(v.versionId),
    algorithm: (v: repo.VersionRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.algorithm, v.algorithmId),
    previousVersion: (v: repo.VersionRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.version, v.previousVersionId),
    // read back as text on real Postgres (postgres.js without fetched types), as an object on PGlite
    changes: (v: repo.VersionRow) => (typeof v.changes === 'string' ? JSON.parse(v.changes) : v.changes),
  },
  ...versionChangeResolvers,

  Game: {
    __resolveReference: (ref: { id: unknown }, ctx: Context) => {
      const key = toKey(ref.id);
      return key === null ? null : ctx.loaders.game.load(key);
    },
    id: (g: repo.GameRow) => idOf(g.gameId),
    schedule: (g: repo.GameRow, _: Args, ctx: Context) => ctx.loaders.schedule().load(g.scheduleId),
    versionId: (g: repo.GameRow) => (g.versionId === null ? null : idOf(g.versionId)),
    date: (g: repo.GameRow) => g.gameDate,
    home: (g: repo.GameRow): GameTeam => ({ teamId: g.homeTeamId, name: g.homeName }),
    away: (g: repo.GameRow): GameTeam => ({ teamId: g.awayTeamId, name: g.awayName }),
    venue: (g: repo.GameRow) => (g.venueId === null ? null : { venueId: g.venueId }),
  },

  Team: {
    // Schedule-generation holds nothing of its own per team: the key suffices; games load through DataLoaders.
    __resolveReference: (ref: { id: unknown }) => {
      const key = toKey(ref.id);
      return key === null ? null : { teamId: key };
    },
    id: (t: { teamId: number }) => idOf(t.teamId),
    // Only asked for below a game's home/away (@provides): read rows carry it; a mutation's rows load it.
    name: async (t: GameTeam, _: Args, ctx: Context) => t.name ?? (await ctx.loaders.teamName.load(t.teamId))?.name,
    games: (t: { teamId: number }, args: Args, ctx: Context) =>
      ctx.loaders.gamesOf('team', gameWindow(args)).load(t.teamId),
    ...fairnessFields.Team,
  },

  Venue: {
    __resolveReference: (ref: { id: unknown }) => {
      const key = toKey(ref.id);
      return key === null ? null : { venueId: key };
    },
    id: (v: { venueId: number }) => idOf(v.venueId),
    games: (v: { venueId: number }, args: Args, ctx: Context) =>
      ctx.loaders.gamesOf('venue', gameWindow(args)).load(v.venueId),
  },

  Algorithm: {
    id: (a: repo.AlgorithmRow) => idOf(a.algorithmId),
    name: (a: repo.AlgorithmRow) => a.algorithmName,
    type: (a: repo.AlgorithmRow) => a.algorithmType,
  },
  OptimizationObjective: {
    id: (o: repo.ObjectiveRow) => idOf(o.objectiveId),
    name: (o: repo.ObjectiveRow) => o.objectiveName,
  },
  GenerationRequest: {
    id: (r: repo.RequestRow) => idOf(r.requestId),
    name: (r: repo.RequestRow) => r.requestName,
    sport: (r: repo.RequestRow, _: Args, ctx: Context) => ctx.loaders.sport.load(r.sportId),
    season: (r: repo.RequestRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.season, r.seasonId),
    conference: (r: repo.RequestRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.conference, r.conferenceId),
    algorithm: (r: repo.RequestRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.algorithm, r.algorithmId),
    parameters: (r: repo.RequestRow) => r.generationParameters,
    objectives: (r: repo.RequestRow) => r.primaryObjectives,
    schedule: (r: repo.RequestRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.schedule(), r.scheduleId),
    jobs: (r: repo.RequestRow, _: Args, ctx: Context) => ctx.loaders.jobsByRequest.load(r.requestId),
    ...generationTimeFields,
  },
  GenerationJob: {
    id: (j: repo.JobRow) => idOf(j.jobId),
    resultVersion: (j: repo.JobRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.version, j.resultVersionId),
    ...generationJobFields,
  },
  ...compareTypeResolvers,
  ...fairnessTypeResolvers,
  ...calendarTypeResolvers,
};
