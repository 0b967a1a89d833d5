import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput } from '../kit/errors.ts';
import { idArg, idOf, toKey } from '../kit/ids.ts';
import { includesAt } from '../kit/loaders.ts';
import { type PageArgs, paged, parsePage } from '../kit/pagination.ts';
import { referenceResolvers, refOrNull } from '../kit/reference.ts';
import { DateScalar, DateTimeScalar, JSONScalar } from '../kit/scalars.ts';
import { listConference } from '../kit/tenant.ts';
import type { Resolvers } from '../kit/types.ts';
import type { Context } from './loaders.ts';
import * as repo from './repository.ts';

type Args = Record<string, unknown>;

const RELATIONS: Record<string, repo.TeamRelation> = {
  blackouts: 'blackouts',
  windows: 'windows',
  preferences: 'preferences',
  profile: 'profiles',
  profiles: 'profiles',
  restRequirements: 'restRequirements',
  travelConstraints: 'travelConstraints',
};

const SEVERITY = { HARD: 'hard', SOFT: 'soft', PREFERENCE: 'preference' } as const;
const BLACKOUT_TYPES = ['academic', 'exam', 'holiday', 'religious', 'facility', 'travel', 'graduation', 'other'];

function checkBlackoutType(value: unknown) {
  if (value !== undefined && value !== null && !BLACKOUT_TYPES.includes(String(value)))
    throw badUserInput('input.blackoutType', `must be one of ${BLACKOUT_TYPES.join(', ')}`);
}

function inRange(start: string, end: string, from?: unknown, to?: unknown): boolean {
  return (typeof from !== 'string' || end >= from) && (typeof to !== 'string' || start <= to);
}

function checkRange(from: unknown, to: unknown) {
  if (typeof from === 'string' && typeof to === 'string' && to < from)
    throw badUserInput('to', `must not be before from (${from})`);
}

function teamScopedFilter(args: Args): repo.TeamScopedFilter {
  checkRange(args.from, args.to);
  return {
    teamId: idArg('teamId', args.teamId, true),
    sportId: idArg('sportId', args.sportId, true),
    seasonId: idArg('seasonId', args.seasonId, true),
    conferenceId: idArg('conferenceId', args.conferenceId, true),
    from: (args.from as string | undefined) ?? undefined,
    to: (args.to as string | undefined) ?? undefined,
  };
}

function optionalInt(name: string, value: unknown, min: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || (value as number) < min) throw badUserInput(name, `must be an integer ≥ ${min}`);
  return value as number;
}

function profileValues(input: Args) {
  const values: Record<string, unknown> = {};
  if (input.preferredGameTimes !== undefined && input.preferredGameTimes !== null)
    values.preferredGameTimes = input.preferredGameTimes;
  const ints: [string, number][] = [
    ['maxGamesPerWeek', 1],
    ['minRestDays', 0],
    ['maxConsecutiveHome', 1],
    ['maxConsecutiveAway', 1],
    ['homeGameTarget', 0],
  ];
  for (const [name, min] of ints) {
    const v = optionalInt(`input.${name}`, input[name], min);
    if (v !== undefined) values[name] = v;
  }
  if (input.notes !== undefined) values.notes = input.notes;
  if (typeof input.isActive === 'boolean') values.isActive = input.isActive;
  return values;
}

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  BlackoutSeverity: SEVERITY,
  ...referenceResolvers,

  Query: {
    teams: (_: unknown, args: Args & PageArgs, ctx: Context, info: GraphQLResolveInfo) => {
      const page = parsePage(args);
      const filter: repo.TeamFilter = {
        sportId: idArg('sportId', args.sportId, true),
        sportCode: (args.sportCode as string | undefined) ?? undefined,
        seasonId: idArg('seasonId', args.seasonId, true),
        // another conference's teams are not listed to a tenant (kit/tenant.ts)
        conferenceId: listConference(ctx.tenant, idArg('conferenceId', args.conferenceId, true)),
        institutionId: idArg('institutionId', args.institutionId, true),
      };
      const include = includesAt(info, RELATIONS, ['nodes']);
      return paged(async (p) => {
        const result = await ctx.run((tx) => repo.listTeams(tx, filter, p, include));
        ctx.loaders.primeTeams(result.rows);
        return result;
      }, page);
    },
    team: (_: unknown, args: Args, ctx: Context, info: GraphQLResolveInfo) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.team(includesAt(info, RELATIONS)).load(key);
    },
    institutions: (_: unknown, args: Args & PageArgs, ctx: Context) => {
      const page = parsePage(args);
      const conferenceId = idArg('conferenceId', args.conferenceId, true);
      return paged((p) => ctx.run((tx) => repo.listInstitutions(tx, { conferenceId }, p)), page);
    },
    institution: (_: unknown, args: Args, ctx: Context) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.institution.load(key);
    },
    sports: (_: unknown, __: Args, ctx: Context) => ctx.run((tx) => repo.allSports(tx)),
    seasons: (_: unknown, __: Args, ctx: Context) => ctx.run((tx) => repo.allSeasons(tx)),
    conferences: (_: unknown, __: Args, ctx: Context) => ctx.run((tx) => repo.allConferences(tx)),
    teamProfiles: (_: unknown, args: Args & PageArgs, ctx: Context) => {
      const page = parsePage(args);
      const filter = teamScopedFilter(args);
      return paged((p) => ctx.run((tx) => repo.listProfiles(tx, filter, p)), page);
    },
    teamProfile: (_: unknown, args: Args, ctx: Context) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.profile.load(key);
    },
    blackouts: (_: unknown, args: Args & PageArgs, ctx: Context) => {
      const page = parsePage(args);
      const filter = { ...teamScopedFilter(args), severity: args.severity as string | undefined };
      return paged((p) => ctx.run((tx) => repo.listBlackouts(tx, filter, p)), page);
    },
    blackout: async (_: unknown, args: Args, ctx: Context) => {
      const key = toKey(args.id);
      const row = key === null ? null : await ctx.loaders.blackout.load(key);
      return row?.isActive ? row : null;
    },
    availabilityWindows: (_: unknown, args: Args & PageArgs, ctx: Context) => {
      const page = parsePage(args);
      const filter = teamScopedFilter(args);
      return paged((p) => ctx.run((tx) => repo.listWindows(tx, filter, p)), page);
    },
    availabilityPreferences: (_: unknown, args: Args & PageArgs, ctx: Context) => {
      const page = parsePage(args);
      const filter = teamScopedFilter(args);
      return paged((p) => ctx.run((tx) => repo.listPreferences(tx, filter, p)), page);
    },
  },

  Mutation: {
    createBlackout: async (_: unknown, { input }: { input: Args }, ctx: Context) => {
      const teamId = idArg('input.teamId', input.teamId);
      const seasonId = idArg('input.seasonId', input.seasonId, true);
      const startDate = input.startDate as string;
      const endDate = input.endDate as string;
      checkBlackoutType(input.blackoutType);
      if (endDate < startDate) throw badUserInput('input.endDate', `must not be before startDate (${startDate})`);
      return ctx.run(async (tx) => {
        const team = await repo.teamExists(tx, teamId);
        if (!team) throw badUserInput('input.teamId', `no team with id ${teamId}`);
        if (seasonId !== undefined && !(await repo.seasonExists(tx, seasonId)))
          throw badUserInput('input.seasonId', `no season with id ${seasonId}`);
        return repo.insertBlackout(tx, {
          teamId,
          seasonId: seasonId ?? null,
          conferenceId: team.conferenceId,
          startDate,
          endDate,
          blackoutType: (input.blackoutType as string | undefined) ?? 'other',
          severity: String(input.severity ?? 'hard').toLowerCase(), // enum defaults arrive as names
          reason: (input.reason as string | undefined) ?? null,
        });
      });
    },
    updateBlackout: async (_: unknown, { id, input }: { id: unknown; input: Args }, ctx: Context) => {
      const key = toKey(id);
      if (key === null) return null;
      const seasonId = idArg('input.seasonId', input.seasonId, true);
      checkBlackoutType(input.blackoutType);
      return ctx.run(async (tx) => {
        const [current] = await repo.blackoutsByIds(tx, [key]);
        if (!current) return null;
        const startDate = (input.startDate as string | undefined) ?? current.startDate;
        const endDate = (input.endDate as string | undefined) ?? current.endDate;
        if (endDate < startDate) throw badUserInput('input.endDate', `must not be before startDate (${startDate})`);
        if (seasonId !== undefined && !(await repo.seasonExists(tx, seasonId)))
          throw badUserInput('input.seasonId', `no season with id ${seasonId}`);
        const values: Record<string, unknown> = {};
        if (seasonId !== undefined) values.seasonId = seasonId;
        if (input.startDate) values.startDate = input.startDate;
        if (input.endDate) values.endDate = input.endDate;
        if (input.blackoutType) values.blackoutType = input.blackoutType;
        if (input.severity) values.severity = String(input.severity).toLowerCase();
        if (input.reason !== undefined) values.reason = input.reason;
        if (typeof input.isActive === 'boolean') values.isActive = input.isActive;
        return repo.updateBlackout(tx, key, values);
      });
    },
    deleteBlackout: (_: unknown, { id }: { id: unknown }, ctx: Context) => {
      const key = toKey(id);
      return key === null ? false : ctx.run((tx) => repo.deleteBlackout(tx, key));
    },
    createTeamProfile: async (_: unknown, { input }: { input: Args }, ctx: Context) => {
      const teamId = idArg('input.teamId', input.teamId);
      const seasonId = idArg('input.seasonId', input.seasonId);
      const values = profileValues(input);
      const id = await ctx.run(async (tx) => {
        const team = await repo.teamExists(tx, teamId);
        if (!team) throw badUserInput('input.teamId', `no team with id ${teamId}`);
        if (!(await repo.seasonExists(tx, seasonId)))
          throw badUserInput('input.seasonId', `no season with id ${seasonId}`);
        if (await repo.profileExistsFor(tx, teamId, seasonId))
          throw badUserInput('input.seasonId', `team ${teamId} already has a profile for season ${seasonId}`);
        return repo.insertProfile(tx, {
          ...values,
          teamId,
          seasonId,
          sportId: team.sportId,
          conferenceId: team.conferenceId,
        });
      });
      return ctx.loaders.profile.load(id);
    },
    updateTeamProfile: async (_: unknown, { id, input }: { id: unknown; input: Args }, ctx: Context) => {
      const key = toKey(id);
      if (key === null) return null;
      const values = profileValues(input);
      const found = await ctx.run((tx) => repo.updateProfile(tx, key, values));
      return found ? ctx.loaders.profile.clear(key).load(key) : null;
    },
    deleteTeamProfile: (_: unknown, { id }: { id: unknown }, ctx: Context) => {
      const key = toKey(id);
      return key === null ? false : ctx.run((tx) => repo.deleteProfile(tx, key));
    },
  },

  Team: {
    __resolveReference: (ref: { id: unknown }, ctx: Context, info: GraphQLResolveInfo) => {
      const key = toKey(ref.id);
      return key === null ? null : ctx.loaders.team(includesAt(info, RELATIONS, [], 'Team')).load(key);
    },
    id: (t: repo.TeamRow) => idOf(t.teamId),
    profile: async (t: repo.TeamRow, args: Args, ctx: Context) => {
      const seasonId = idArg('seasonId', args.seasonId, true);
      const profiles = await ctx.loaders.profilesByTeam.load(t.teamId);
      if (seasonId !== undefined) return profiles.find((p) => p.seasonId === seasonId) ?? null;
      const current = profiles.find((p) => p.season.isCurrent);
      if (current) return current;
      return (
        [...profiles].sort((a, b) => String(b.season.startDate).localeCompare(String(a.season.startDate)))[0] ?? null
      );
    },
    profiles: (t: repo.TeamRow, _: Args, ctx: Context) => ctx.loaders.profilesByTeam.load(t.teamId),
    blackouts: async (t: repo.TeamRow, args: Args, ctx: Context) => {
      checkRange(args.from, args.to);
      const seasonId = idArg('seasonId', args.seasonId, true);
      const rows = await ctx.loaders.blackoutsByTeam.load(t.teamId);
      return rows.filter(
        (b) =>
          inRange(String(b.startDate), String(b.endDate), args.from, args.to) &&
          (seasonId === undefined || b.seasonId === seasonId) &&
          (!args.severity || b.severity === args.severity),
      );
    },
    windows: async (t: repo.TeamRow, args: Args, ctx: Context) => {
      checkRange(args.from, args.to);
      const seasonId = idArg('seasonId', args.seasonId, true);
      const rows = await ctx.loaders.windowsByTeam.load(t.teamId);
      return rows.filter(
        (w) =>
          inRange(String(w.startDate), String(w.endDate), args.from, args.to) &&
          (seasonId === undefined || w.seasonId === seasonId),
      );
    },
    preferences: async (t: repo.TeamRow, args: Args, ctx: Context) => {
      const seasonId = idArg('seasonId', args.seasonId, true);
      const rows = await ctx.loaders.preferencesByTeam.load(t.teamId);
      return seasonId === undefined ? rows : rows.filter((p) => p.seasonId === seasonId);
    },
    restRequirements: (t: repo.TeamRow, _: Args, ctx: Context) => ctx.loaders.restByTeam.load(t.teamId),
    travelConstraints: (t: repo.TeamRow, _: Args, ctx: Context) => ctx.loaders.travelByTeam.load(t.teamId),
  },

  Institution: {
    __resolveReference: (ref: { id: unknown }, ctx: Context) => {
      const key = toKey(ref.id);
      return key === null ? null : ctx.loaders.institution.load(key);
    },
    id: (i: repo.InstitutionRow) => idOf(i.institutionId),
    conference: (i: repo.InstitutionRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.conference, i.conferenceId),
    teams: (i: repo.InstitutionRow, _: Args, ctx: Context) => ctx.loaders.institutionTeams.load(i.institutionId),
  },

  TeamProfile: {
    id: (p: repo.ProfileRow) => idOf(p.profileId),
    team: (p: repo.ProfileRow, _: Args, ctx: Context) => ctx.loaders.team().load(p.teamId),
    sport: (p: repo.ProfileRow, _: Args, ctx: Context) => ctx.loaders.sport.load(p.sportId),
    conference: (p: repo.ProfileRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.conference, p.conferenceId),
  },
  Blackout: {
    id: (b: repo.BlackoutRow) => idOf(b.blackoutId),
    team: (b: repo.BlackoutRow, _: Args, ctx: Context) => ctx.loaders.team().load(b.teamId),
    season: (b: repo.BlackoutRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.season, b.seasonId),
  },
  AvailabilityWindow: {
    id: (w: repo.WindowRow) => idOf(w.windowId),
    team: (w: repo.WindowRow, _: Args, ctx: Context) => ctx.loaders.team().load(w.teamId),
    season: (w: repo.WindowRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.season, w.seasonId),
  },
  AvailabilityPreference: {
    id: (p: repo.PreferenceRow) => idOf(p.preferenceId),
    team: (p: repo.PreferenceRow, _: Args, ctx: Context) => ctx.loaders.team().load(p.teamId),
    season: (p: repo.PreferenceRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.season, p.seasonId),
  },
  RestRequirement: {
    id: (r: repo.RestRow) => idOf(r.requirementId),
    season: (r: repo.RestRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.season, r.seasonId),
  },
  TravelConstraint: {
    id: (r: repo.TravelRow) => idOf(r.constraintId),
    season: (r: repo.TravelRow, _: Args, ctx: Context) => refOrNull(ctx.loaders.season, r.seasonId),
  },
};
