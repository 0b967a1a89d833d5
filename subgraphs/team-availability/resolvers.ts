import { badUserInput } from '../kit/errors.ts';
import { idArg, idOf, toKey } from '../kit/ids.ts';
import { includesAt } from '../kit/loaders.ts';
import { paged, parsePage } from '../kit/pagination.ts';
import { loadRequired, referenceResolvers, refOrNull } from '../kit/reference.ts';
import { DateScalar, DateTimeScalar, JSONScalar } from '../kit/scalars.ts';
import { listConference } from '../kit/tenant.ts';
import type {
  BlackoutSeverityResolvers,
  QueryBlackoutsArgs,
  Resolvers,
  UpdateTeamProfileInput,
} from './generated/resolvers.ts';
import * as repo from './repository.ts';

/** The filters the team-scoped lists share (profiles have no date range). */
type TeamScopedArgs = Pick<QueryBlackoutsArgs, 'teamId' | 'sportId' | 'seasonId' | 'conferenceId'> &
  Partial<Pick<QueryBlackoutsArgs, 'from' | 'to'>>;
type ProfileIntField =
  | 'maxGamesPerWeek'
  | 'minRestDays'
  | 'maxConsecutiveHome'
  | 'maxConsecutiveAway'
  | 'homeGameTarget';

const RELATIONS: Record<string, repo.TeamRelation> = {
  blackouts: 'blackouts',
  windows: 'windows',
  preferences: 'preferences',
  profile: 'profiles',
  profiles: 'profiles',
  restRequirements: 'restRequirements',
  travelConstraints: 'travelConstraints',
};

const SEVERITY: BlackoutSeverityResolvers = { HARD: 'hard', SOFT: 'soft', PREFERENCE: 'preference' };
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

function teamScopedFilter(args: TeamScopedArgs): repo.TeamScopedFilter {
  checkRange(args.from, args.to);
  return {
    teamId: idArg('teamId', args.teamId, true),
    sportId: idArg('sportId', args.sportId, true),
    seasonId: idArg('seasonId', args.seasonId, true),
    conferenceId: idArg('conferenceId', args.conferenceId, true),
    from: args.from ?? undefined,
    to: args.to ?? undefined,
  };
}

function optionalInt(name: string, value: number | null | undefined, min: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || value < min) throw badUserInput(name, `must be an integer ≥ ${min}`);
  return value;
}

function profileValues(input: UpdateTeamProfileInput) {
  const values: Record<string, unknown> = {};
  if (input.preferredGameTimes !== undefined && input.preferredGameTimes !== null)
    values.preferredGameTimes = input.preferredGameTimes;
  const ints: [ProfileIntField, number][] = [
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
    teams: (_, args, ctx, info) => {
      const page = parsePage(args);
      const filter: repo.TeamFilter = {
        sportId: idArg('sportId', args.sportId, true),
        sportCode: args.sportCode ?? undefined,
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
    team: (_, args, ctx, info) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.team(includesAt(info, RELATIONS)).load(key);
    },
    institutions: (_, args, ctx) => {
      const page = parsePage(args);
      const conferenceId = idArg('conferenceId', args.conferenceId, true);
      return paged((p) => ctx.run((tx) => repo.listInstitutions(tx, { conferenceId }, p)), page);
    },
    institution: (_, args, ctx) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.institution.load(key);
    },
    sports: (_, __, ctx) => ctx.run((tx) => repo.allSports(tx)),
    seasons: (_, __, ctx) => ctx.run((tx) => repo.allSeasons(tx)),
    conferences: (_, __, ctx) => ctx.run((tx) => repo.allConferences(tx)),
    teamProfiles: (_, args, ctx) => {
      const page = parsePage(args);
      const filter = teamScopedFilter(args);
      return paged((p) => ctx.run((tx) => repo.listProfiles(tx, filter, p)), page);
    },
    teamProfile: (_, args, ctx) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.profile.load(key);
    },
    blackouts: (_, args, ctx) => {
      const page = parsePage(args);
      const filter = { ...teamScopedFilter(args), severity: args.severity ?? undefined };
      return paged((p) => ctx.run((tx) => repo.listBlackouts(tx, filter, p)), page);
    },
    blackout: async (_, args, ctx) => {
      const key = toKey(args.id);
      const row = key === null ? null : await ctx.loaders.blackout.load(key);
      return row?.isActive ? row : null;
    },
    availabilityWindows: (_, args, ctx) => {
      const page = parsePage(args);
      const filter = teamScopedFilter(args);
      return paged((p) => ctx.run((tx) => repo.listWindows(tx, filter, p)), page);
    },
    availabilityPreferences: (_, args, ctx) => {
      const page = parsePage(args);
      const filter = teamScopedFilter(args);
      return paged((p) => ctx.run((tx) => repo.listPreferences(tx, filter, p)), page);
    },
  },

  Mutation: {
    createBlackout: async (_, { input }, ctx) => {
      const teamId = idArg('input.teamId', input.teamId);
      const seasonId = idArg('input.seasonId', input.seasonId, true);
      const { startDate, endDate } = input;
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
          blackoutType: input.blackoutType ?? 'other',
          severity: String(input.severity ?? 'hard').toLowerCase(), // enum defaults arrive as names
          reason: input.reason ?? null,
        });
      });
    },
    updateBlackout: async (_, { id, input }, ctx) => {
      const key = toKey(id);
      if (key === null) return null;
      const seasonId = idArg('input.seasonId', input.seasonId, true);
      checkBlackoutType(input.blackoutType);
      return ctx.run(async (tx) => {
        const [current] = await repo.blackoutsByIds(tx, [key]);
        if (!current) return null;
        const startDate = input.startDate ?? current.startDate;
        const endDate = input.endDate ?? current.endDate;
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
    deleteBlackout: (_, { id }, ctx) => {
      const key = toKey(id);
      return key === null ? false : ctx.run((tx) => repo.deleteBlackout(tx, key));
    },
    createTeamProfile: async (_, { input }, ctx) => {
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
      return loadRequired(ctx.loaders.profile, id, 'team profile');
    },
    updateTeamProfile: async (_, { id, input }, ctx) => {
      const key = toKey(id);
      if (key === null) return null;
      const values = profileValues(input);
      const found = await ctx.run((tx) => repo.updateProfile(tx, key, values));
      return found ? ctx.loaders.profile.clear(key).load(key) : null;
    },
    deleteTeamProfile: (_, { id }, ctx) => {
      const key = toKey(id);
      return key === null ? false : ctx.run((tx) => repo.deleteProfile(tx, key));
    },
  },

  Team: {
    __resolveReference: (ref, ctx, info) => {
      const key = toKey(ref.id);
      return key === null ? null : ctx.loaders.team(includesAt(info, RELATIONS, [], 'Team')).load(key);
    },
    id: (t) => idOf(t.teamId),
    profile: async (t, args, ctx) => {
      const seasonId = idArg('seasonId', args.seasonId, true);
      const profiles = await ctx.loaders.profilesByTeam.load(t.teamId);
      if (seasonId !== undefined) return profiles.find((p) => p.seasonId === seasonId) ?? null;
      const current = profiles.find((p) => p.season.isCurrent);
      if (current) return current;
      return (
        [...profiles].sort((a, b) => String(b.season.startDate).localeCompare(String(a.season.startDate)))[0] ?? null
      );
    },
    profiles: (t, _, ctx) => ctx.loaders.profilesByTeam.load(t.teamId),
    blackouts: async (t, args, ctx) => {
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
    windows: async (t, args, ctx) => {
      checkRange(args.from, args.to);
      const seasonId = idArg('seasonId', args.seasonId, true);
      const rows = await ctx.loaders.windowsByTeam.load(t.teamId);
      return rows.filter(
        (w) =>
          inRange(String(w.startDate), String(w.endDate), args.from, args.to) &&
          (seasonId === undefined || w.seasonId === seasonId),
      );
    },
    preferences: async (t, args, ctx) => {
      const seasonId = idArg('seasonId', args.seasonId, true);
      const rows = await ctx.loaders.preferencesByTeam.load(t.teamId);
      return seasonId === undefined ? rows : rows.filter((p) => p.seasonId === seasonId);
    },
    restRequirements: (t, _, ctx) => ctx.loaders.restByTeam.load(t.teamId),
    travelConstraints: (t, _, ctx) => ctx.loaders.travelByTeam.load(t.teamId),
  },

  Institution: {
    __resolveReference: (ref, ctx) => {
      const key = toKey(ref.id);
      return key === null ? null : ctx.loaders.institution.load(key);
    },
    id: (i) => idOf(i.institutionId),
    conference: (i, _, ctx) => refOrNull(ctx.loaders.conference, i.conferenceId),
    teams: (i, _, ctx) => ctx.loaders.institutionTeams.load(i.institutionId),
  },

  TeamProfile: {
    id: (p) => idOf(p.profileId),
    team: (p, _, ctx) => loadRequired(ctx.loaders.team(), p.teamId, 'team'),
    sport: (p, _, ctx) => loadRequired(ctx.loaders.sport, p.sportId, 'sport'),
    conference: (p, _, ctx) => refOrNull(ctx.loaders.conference, p.conferenceId),
  },
  Blackout: {
    id: (b) => idOf(b.blackoutId),
    team: (b, _, ctx) => loadRequired(ctx.loaders.team(), b.teamId, 'team'),
    season: (b, _, ctx) => refOrNull(ctx.loaders.season, b.seasonId),
  },
  AvailabilityWindow: {
    id: (w) => idOf(w.windowId),
    team: (w, _, ctx) => loadRequired(ctx.loaders.team(), w.teamId, 'team'),
    season: (w, _, ctx) => refOrNull(ctx.loaders.season, w.seasonId),
  },
  AvailabilityPreference: {
    id: (p) => idOf(p.preferenceId),
    team: (p, _, ctx) => loadRequired(ctx.loaders.team(), p.teamId, 'team'),
    season: (p, _, ctx) => refOrNull(ctx.loaders.season, p.seasonId),
  },
  RestRequirement: {
    id: (r) => idOf(r.requirementId),
    season: (r, _, ctx) => refOrNull(ctx.loaders.season, r.seasonId),
  },
  TravelConstraint: {
    id: (r) => idOf(r.constraintId),
    season: (r, _, ctx) => refOrNull(ctx.loaders.season, r.seasonId),
  },
};
