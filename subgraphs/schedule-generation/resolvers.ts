import { badUserInput } from '../kit/errors.ts';
import { idArg, idOf, toKey } from '../kit/ids.ts';
import { includesAt } from '../kit/loaders.ts';
import { paged, parsePage } from '../kit/pagination.ts';
import { loadRequired, referenceResolvers, refOrNull } from '../kit/reference.ts';
import { DateScalar, DateTimeScalar, JSONScalar } from '../kit/scalars.ts';
import { requiredConference } from '../kit/tenancy.ts';
import { compareMutations, compareTypeResolvers } from './compare-resolvers.ts';
import { fairnessFields, fairnessTypeResolvers } from './fairness-resolvers.ts';
import type {
  CreateGameInput,
  Resolvers,
  ScheduleStatusResolvers,
  TeamGamesArgs,
  UpdateGameInput,
  UpdateScheduleInput,
} from './generated/resolvers.ts';
import {
  generationJobFields,
  generationMutations,
  generationQueries,
  generationSharedArenaFields,
  generationTimeFields,
  versionChangeResolvers,
} from './generation/resolvers.ts';
import * as repo from './repository.ts';

type UpdateScheduleField = keyof UpdateScheduleInput;
type UpdateGameField = keyof UpdateGameInput;

const RELATIONS: Record<string, repo.ScheduleRelation> = {
  games: 'games',
  versions: 'versions',
  currentVersion: 'versions',
  gameCount: 'gameCount',
};

const STATUS: ScheduleStatusResolvers = {
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

function gameWindow(args: TeamGamesArgs): repo.GameWindow {
  checkRange('from', args.from, 'to', args.to);
  const first = args.first;
  if (first !== undefined && first !== null && (!Number.isInteger(first) || first < 1 || first > 1000))
    throw badUserInput('first', 'must be an integer between 1 and 1000');
  return {
    scheduleId: idArg('scheduleId', args.scheduleId, true),
    from: args.from ?? undefined,
    to: args.to ?? undefined,
    first: first ?? undefined,
  };
}

/** A schedule status as stored; enum defaults arrive as names (DRAFT), values as the database's (draft). */
function scheduleStatus(value: string): repo.ScheduleRow['status'] {
  const status = Object.values(STATUS).find((s) => s === value.toLowerCase());
  if (!status) throw badUserInput('input.status', `must be one of ${Object.keys(STATUS).join(', ')}`);
  return status;
}

function checkGameFields(input: CreateGameInput | UpdateGameInput) {
  if (input.startTime !== undefined && input.startTime !== null && !TIME.test(String(input.startTime)))
    throw badUserInput('input.startTime', 'must be HH:MM or HH:MM:SS');
  if (input.status !== undefined && input.status !== null && !GAME_STATUSES.includes(String(input.status)))
    throw badUserInput('input.status', `must be one of ${GAME_STATUSES.join(', ')}`);
  if (input.gameType !== undefined && input.gameType !== null && !GAME_TYPES.includes(String(input.gameType)))
    throw badUserInput('input.gameType', `must be one of ${GAME_TYPES.join(', ')}`);
  if (input.slot !== undefined && input.slot !== null && (!Number.isInteger(input.slot) || input.slot < 1))
    throw badUserInput('input.slot', 'must be an integer ≥ 1');
}

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  ScheduleStatus: STATUS,
  ...referenceResolvers,

  Query: {
    schedules: (_, args, ctx, info) => {
      const page = parsePage(args);
      const filter: repo.ScheduleFilter = {
        sportId: idArg('sportId', args.sportId, true),
        sportCode: args.sportCode ?? undefined,
        seasonId: idArg('seasonId', args.seasonId, true),
        conferenceId: idArg('conferenceId', args.conferenceId, true),
        status: args.status ?? undefined,
      };
      const include = includesAt(info, RELATIONS, ['nodes']);
      return paged(async (p) => {
        const result = await ctx.run((tx) => repo.listSchedules(tx, filter, p, include));
        ctx.loaders.primeSchedules(result.rows);
        return result;
      }, page);
    },
    schedule: (_, args, ctx, info) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.schedule(includesAt(info, RELATIONS)).load(key);
    },
    games: (_, args, ctx) => {
      const page = parsePage(args);
      checkRange('from', args.from, 'to', args.to);
      const filter: repo.GameFilter = {
        scheduleId: idArg('scheduleId', args.scheduleId, true),
        teamId: idArg('teamId', args.teamId, true),
        venueId: idArg('venueId', args.venueId, true),
        sportId: idArg('sportId', args.sportId, true),
        seasonId: idArg('seasonId', args.seasonId, true),
        conferenceId: idArg('conferenceId', args.conferenceId, true),
        from: args.from ?? undefined,
        to: args.to ?? undefined,
      };
      return paged((p) => ctx.run((tx) => repo.listGames(tx, filter, p)), page);
    },
    game: (_, args, ctx) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.game.load(key);
    },
    ...generationQueries,
    algorithms: (_, args, ctx) => ctx.run((tx) => repo.listAlgorithms(tx, args.activeOnly !== false)),
    optimizationObjectives: (_, __, ctx) => ctx.run((tx) => repo.listObjectives(tx)),
  },

  Mutation: {
    createSchedule: async (_, { input }, ctx) => {
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
          status: scheduleStatus(input.status ?? 'draft'),
          startDate: input.startDate ?? null,
          endDate: input.endDate ?? null,
          description: input.description ?? null,
          createdBy: input.createdBy ?? null,
        });
      });
      return loadRequired(ctx.loaders.schedule(), id, 'schedule');
    },
    updateSchedule: async (_, { id, input }, ctx) => {
      const key = toKey(id);
      if (key === null) return null;
      if (input.name !== undefined && input.name !== null && !String(input.name).trim())
        throw badUserInput('input.name', 'must not be empty');
      const found = await ctx.run(async (tx) => {
        const current = await repo.scheduleById(tx, key);
        if (!current) return false;
        const startDate = input.startDate ?? current.startDate;
        const endDate = input.endDate ?? current.endDate;
        checkRange('input.startDate', startDate, 'input.endDate', endDate);
        const values: Record<string, unknown> = {};
        const fields: UpdateScheduleField[] = ['name', 'status', 'startDate', 'endDate', 'description'];
        for (const k of fields)
          if (input[k] !== undefined && (input[k] !== null || k === 'description')) values[k] = input[k];
        if (typeof values.status === 'string') values.status = values.status.toLowerCase();
        if (typeof values.name === 'string') values.name = values.name.trim();
        return repo.updateSchedule(tx, key, values);
      });
      return found ? ctx.loaders.schedule().load(key) : null;
    },
    deleteSchedule: (_, { id }, ctx) => {
      const key = toKey(id);
      return key === null ? false : ctx.run((tx) => repo.deleteSchedule(tx, key));
    },
    createGame: (_, { input }, ctx) => {
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
          gameDate: input.date,
          startTime: input.startTime ?? null,
          slot: input.slot ?? null,
          gameType: input.gameType ?? 'conference',
          status: input.status ?? 'scheduled',
          isNeutralSite: input.isNeutralSite ?? false,
          broadcastNetwork: input.broadcastNetwork ?? null,
          notes: input.notes ?? null,
          locked: input.locked ?? false,
        });
      });
    },
    updateGame: (_, { id, input }, ctx) => {
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
        const fields: UpdateGameField[] = [
          'startTime',
          'slot',
          'gameType',
          'status',
          'isNeutralSite',
          'broadcastNetwork',
          'notes',
        ];
        for (const k of fields) if (input[k] !== undefined) values[k] = input[k];
        if (input.locked !== undefined && input.locked !== null) values.locked = input.locked;
        return repo.updateGame(tx, key, values);
      });
    },
    deleteGame: (_, { id }, ctx) => {
      const key = toKey(id);
      return key === null ? false : ctx.run((tx) => repo.deleteGame(tx, key));
    },
    ...generationMutations,
    ...compareMutations,
  },

  Schedule: {
    __resolveReference: (ref, ctx, info) => {
      const key = toKey(ref.id);
      return key === null ? null : ctx.loaders.schedule(includesAt(info, RELATIONS, [], 'Schedule')).load(key);
    },
    id: (s) => idOf(s.scheduleId),
    status: (s) => s.status,
    currentVersion: async (s, _, ctx) => {
      const versions = await ctx.loaders.versionsBySchedule.load(s.scheduleId);
      return versions.find((v) => v.versionId === s.currentVersionId) ?? versions.find((v) => v.isCurrent) ?? null;
    },
    versions: (s, _, ctx) => ctx.loaders.versionsBySchedule.load(s.scheduleId),
    games: (s, args, ctx) => {
      const versionId = idArg('versionId', args.versionId, true);
      if (versionId === undefined) return ctx.loaders.gamesBySchedule.load(s.scheduleId);
      return ctx.loaders.gamesByVersion
        .load(versionId)
        .then((rows) => rows.filter((g) => g.scheduleId === s.scheduleId));
    },
    gameCount: async (s, _, ctx) =>
      s.gameCount ??
      ctx.loaders.gameCounts.get(s.scheduleId) ??
      (await ctx.loaders.gamesBySchedule.load(s.scheduleId)).length,
    ...fairnessFields.Schedule,
  },

  ScheduleVersion: {
    id: (v) => idOf(v.versionId),
    algorithm: (v, _, ctx) => refOrNull(ctx.loaders.algorithm, v.algorithmId),
    previousVersion: (v, _, ctx) => refOrNull(ctx.loaders.version, v.previousVersionId),
    // read back as text on real Postgres (postgres.js without fetched types), as an object on PGlite
    changes: (v) => (typeof v.changes === 'string' ? JSON.parse(v.changes) : v.changes),
  },
  ...versionChangeResolvers,

  Game: {
    __resolveReference: (ref, ctx) => {
      const key = toKey(ref.id);
      return key === null ? null : ctx.loaders.game.load(key);
    },
    id: (g) => idOf(g.gameId),
    schedule: (g, _, ctx) => loadRequired(ctx.loaders.schedule(), g.scheduleId, 'schedule'),
    versionId: (g) => (g.versionId === null ? null : idOf(g.versionId)),
    date: (g) => g.gameDate,
    home: (g) => ({ teamId: g.homeTeamId, name: g.homeName }),
    away: (g) => ({ teamId: g.awayTeamId, name: g.awayName }),
    venue: (g) => (g.venueId === null ? null : { venueId: g.venueId }),
  },

  Team: {
    // Schedule-generation holds nothing of its own per team: the key suffices; games load through DataLoaders.
    __resolveReference: (ref) => {
      const key = toKey(ref.id);
      return key === null ? null : { teamId: key };
    },
    id: (t) => idOf(t.teamId),
    // Only asked for below a game's home/away (@provides): read rows carry it; a mutation's rows load it.
    name: async (t, _, ctx) => t.name ?? (await loadRequired(ctx.loaders.teamName, t.teamId, 'team')).name,
    games: (t, args, ctx) => ctx.loaders.gamesOf('team', gameWindow(args)).load(t.teamId),
    ...fairnessFields.Team,
  },

  Venue: {
    __resolveReference: (ref) => {
      const key = toKey(ref.id);
      return key === null ? null : { venueId: key };
    },
    id: (v) => idOf(v.venueId),
    games: (v, args, ctx) => ctx.loaders.gamesOf('venue', gameWindow(args)).load(v.venueId),
  },

  Algorithm: {
    id: (a) => idOf(a.algorithmId),
    name: (a) => a.algorithmName,
    type: (a) => a.algorithmType,
  },
  OptimizationObjective: {
    id: (o) => idOf(o.objectiveId),
    name: (o) => o.objectiveName,
  },
  GenerationRequest: {
    id: (r) => idOf(r.requestId),
    name: (r) => r.requestName,
    sport: (r, _, ctx) => loadRequired(ctx.loaders.sport, r.sportId, 'sport'),
    season: (r, _, ctx) => refOrNull(ctx.loaders.season, r.seasonId),
    conference: (r, _, ctx) => refOrNull(ctx.loaders.conference, r.conferenceId),
    algorithm: (r, _, ctx) => refOrNull(ctx.loaders.algorithm, r.algorithmId),
    parameters: (r) => r.generationParameters,
    objectives: (r) => r.primaryObjectives,
    schedule: (r, _, ctx) => refOrNull(ctx.loaders.schedule(), r.scheduleId),
    jobs: (r, _, ctx) => ctx.loaders.jobsByRequest.load(r.requestId),
    ...generationTimeFields,
    ...generationSharedArenaFields,
  },
  GenerationJob: {
    id: (j) => idOf(j.jobId),
    resultVersion: (j, _, ctx) => refOrNull(ctx.loaders.version, j.resultVersionId),
    ...generationJobFields,
  },
  ...compareTypeResolvers,
  ...fairnessTypeResolvers,
};
