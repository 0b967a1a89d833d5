import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput } from '../kit/errors.ts';
import { announceChange } from '../kit/events/announce.ts';
import { idArg, idOf, toKey } from '../kit/ids.ts';
import { selectedAt } from '../kit/loaders.ts';
import { type PageArgs, paged, parsePage } from '../kit/pagination.ts';
import { referenceResolvers } from '../kit/reference.ts';
import { DateScalar, DateTimeScalar, JSONScalar } from '../kit/scalars.ts';
import { listConference } from '../kit/tenant.ts';
import type { Resolvers } from '../kit/types.ts';
import type { Context } from './loaders.ts';
import * as repo from './repository.ts';

type Args = Record<string, unknown>;

export const MAX_AVAILABILITY_DAYS = 366;
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The venue relations selected at `path` (availability needs hours, unavailability and conflicts). */
function venueIncludes(info: GraphQLResolveInfo, path: string[] = [], typeName?: string): repo.VenueRelation[] {
  const fields = selectedAt(info, path, typeName);
  const out = new Set<repo.VenueRelation>();
  if (fields.has('hours')) out.add('hours');
  if (fields.has('sportConfigurations')) out.add('configs');
  if (fields.has('availabilityRules')) out.add('rules');
  if (fields.has('unavailability')) out.add('unavailability');
  if (fields.has('conflicts')) out.add('conflicts');
  if (fields.has('availability')) for (const rel of ['hours', 'unavailability', 'conflicts'] as const) out.add(rel);
  return [...out];
}

function checkRange(...args: [unknown, unknown] | [string, unknown, string, unknown]) {
  const [fromName, from, toName, to] = args.length === 2 ? ['from', args[0], 'to', args[1]] : args;
  if (typeof from === 'string' && typeof to === 'string' && to < from)
    throw badUserInput(toName, `must not be before ${fromName} (${from})`);
}

const overlaps = (start: string, end: string, from?: unknown, to?: unknown) =>
  (typeof from !== 'string' || end >= from) && (typeof to !== 'string' || start <= to);

function days(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Day-by-day availability with reasons: weekly hours, unavailability periods, open booking conflicts. */
export function computeAvailability(
  from: string,
  to: string,
  hours: repo.HoursRow[],
  periods: repo.UnavailabilityRow[],
  conflicts: repo.ConflictRow[],
): { date: string; available: boolean; reasons: string[] }[] {
  return days(from, to).map((date) => {
    const reasons: string[] = [];
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (hours.length > 0) {
      const h = hours.find((x) => x.dayOfWeek === dow);
      if (!h) reasons.push(`closed on ${DAY_NAMES[dow]}s`);
      else if (!h.allowsGames) reasons.push(`no games on ${DAY_NAMES[dow]}s`);
    }
    for (const p of periods) {
      if (String(p.startDate) <= date && date <= String(p.endDate)) {
        const when = p.startTime ? ` (${p.startTime}–${p.endTime ?? ''})` : '';
        reasons.push(`${p.unavailabilityType}${p.reason ? `: ${p.reason}` : ''}${when}`);
      }
    }
    for (const c of conflicts) {
      if (String(c.conflictDate) === date && c.resolutionStatus === 'open') {
        reasons.push(`booking conflict (${c.conflictType})${c.description ? `: ${c.description}` : ''}`);
      }
    }
    return { date, available: reasons.length === 0, reasons };
  });
}

const UNAVAILABILITY_TYPES = ['maintenance', 'event', 'renovation', 'concert', 'tournament', 'other'];
const CONFLICT_STATUSES = ['open', 'resolved', 'ignored'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

function checkUnavailabilityInput(input: Args) {
  for (const k of ['startTime', 'endTime'])
    if (input[k] !== undefined && input[k] !== null && !TIME.test(String(input[k])))
      throw badUserInput(`input.${k}`, 'must be HH:MM or HH:MM:SS');
  if (
    input.unavailabilityType !== undefined &&
    input.unavailabilityType !== null &&
    !UNAVAILABILITY_TYPES.includes(String(input.unavailabilityType))
  )
    throw badUserInput('input.unavailabilityType', `must be one of ${UNAVAILABILITY_TYPES.join(', ')}`);
}

/** `venue.unavailability.changed` for the consumers (re-evaluation, views, caches): venue, conference, date range. */
async function announce(ctx: Context, change: string, rows: repo.UnavailabilityRow[]) {
  const first = rows[0];
  if (!first) return;
  await announceChange(
    'venue.unavailability.changed',
    {
      change,
      periodId: first.periodId,
      venueId: first.venueId,
      conferenceId: first.conferenceId,
      from: rows.map((r) => String(r.startDate)).sort()[0],
      to: rows
        .map((r) => String(r.endDate))
        .sort()
        .at(-1),
    },
    ctx.logger,
  );
}

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Sport: referenceResolvers.Sport,
  Conference: referenceResolvers.Conference,

  Query: {
    venues: (_: unknown, args: Args & PageArgs, ctx: Context, info: GraphQLResolveInfo) => {
      const page = parsePage(args);
      const filter: repo.VenueFilter = {
        sportId: idArg('sportId', args.sportId, true),
        sportCode: (args.sportCode as string | undefined) ?? undefined,
        // another conference's venues are not listed to a tenant (kit/tenant.ts)
        conferenceId: listConference(ctx.tenant, idArg('conferenceId', args.conferenceId, true)),
        institutionId: idArg('institutionId', args.institutionId, true),
        type: (args.type as string | undefined) ?? undefined,
      };
      const include = venueIncludes(info, ['nodes']);
      return paged(async (p) => {
        const result = await ctx.run((tx) => repo.listVenues(tx, filter, p, include));
        ctx.loaders.primeVenues(result.rows);
        return result;
      }, page);
    },
    venue: (_: unknown, args: Args, ctx: Context, info: GraphQLResolveInfo) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.venue(venueIncludes(info)).load(key);
    },
    venueConflicts: (_: unknown, args: Args & PageArgs, ctx: Context) => {
      const page = parsePage(args);
      checkRange(args.from, args.to);
      const filter: repo.ConflictFilter = {
        venueId: idArg('venueId', args.venueId, true),
        conferenceId: idArg('conferenceId', args.conferenceId, true),
        status: (args.status as string | undefined) ?? undefined,
        from: (args.from as string | undefined) ?? undefined,
        to: (args.to as string | undefined) ?? undefined,
      };
      return paged((p) => ctx.run((tx) => repo.listConflicts(tx, filter, p)), page);
    },
    venueUnavailability: (_: unknown, args: Args & PageArgs, ctx: Context) => {
      const page = parsePage(args);
      checkRange(args.from, args.to);
      const filter = {
        venueId: idArg('venueId', args.venueId, true),
        conferenceId: idArg('conferenceId', args.conferenceId, true),
        from: (args.from as string | undefined) ?? undefined,
        to: (args.to as string | undefined) ?? undefined,
      };
      return paged((p) => ctx.run((tx) => repo.listUnavailability(tx, filter, p)), page);
    },
  },

  Mutation: {
    createVenueUnavailability: async (_: unknown, { input }: { input: Args }, ctx: Context) => {
      const venueId = idArg('input.venueId', input.venueId);
      checkRange('input.startDate', input.startDate, 'input.endDate', input.endDate);
      checkUnavailabilityInput(input);
      const row = await ctx.run(async (tx) => {
        const venue = await repo.venueIdentity(tx, venueId);
        if (!venue) throw badUserInput('input.venueId', `no venue with id ${venueId}`);
        return repo.insertUnavailability(tx, {
          venueId,
          conferenceId: venue.conferenceId,
          startDate: input.startDate as string,
          endDate: input.endDate as string,
          startTime: (input.startTime as string | undefined) ?? null,
          endTime: (input.endTime as string | undefined) ?? null,
          unavailabilityType: String(input.unavailabilityType ?? 'maintenance'),
          reason: (input.reason as string | undefined) ?? null,
        });
      });
      await announce(ctx, 'created', [row]);
      return row;
    },
    updateVenueUnavailability: async (_: unknown, { id, input }: { id: unknown; input: Args }, ctx: Context) => {
      const key = toKey(id);
      if (key === null) return null;
      checkUnavailabilityInput(input);
      const result = await ctx.run(async (tx) => {
        const before = await repo.unavailabilityById(tx, key);
        if (!before) return null;
        const startDate = (input.startDate as string | undefined) ?? String(before.startDate);
        const endDate = (input.endDate as string | undefined) ?? String(before.endDate);
        checkRange('input.startDate', startDate, 'input.endDate', endDate);
        const values: Record<string, unknown> = {};
        for (const k of ['startDate', 'endDate', 'startTime', 'endTime', 'unavailabilityType', 'reason', 'isActive'])
          if (input[k] !== undefined) values[k] = input[k];
        const after = await repo.updateUnavailability(tx, key, values);
        return after ? { before, after } : null;
      });
      if (!result) return null;
      await announce(ctx, 'updated', [result.before, result.after]);
      return result.after;
    },
    deleteVenueUnavailability: async (_: unknown, { id }: { id: unknown }, ctx: Context) => {
      const key = toKey(id);
      if (key === null) return false;
      const deleted = await ctx.run((tx) => repo.deleteUnavailability(tx, key));
      if (deleted) await announce(ctx, 'deleted', [deleted]);
      return deleted !== null;
    },
    resolveBookingConflict: async (_: unknown, { id, status }: { id: unknown; status: unknown }, ctx: Context) => {
      if (!CONFLICT_STATUSES.includes(String(status)))
        throw badUserInput('status', `must be one of ${CONFLICT_STATUSES.join(', ')}`);
      const key = toKey(id);
      if (key === null) return null;
      const row = await ctx.run((tx) => repo.setConflictStatus(tx, key, String(status)));
      // an open conflict closes its arena-day to generation and validation: they must see the change at once
      if (row)
        await announceChange(
          'venue.unavailability.changed',
          {
            change: `booking conflict ${row.resolutionStatus}`,
            conflictId: row.conflictId,
            venueId: row.venueId,
            conferenceId: row.conferenceId,
            from: String(row.conflictDate),
            to: String(row.conflictDate),
          },
          ctx.logger,
        );
      return row;
    },
  },

  Team: {
    // Venue-management holds nothing of its own per team: the key is enough, relations load through DataLoaders.
    __resolveReference: (ref: { id: unknown }) => {
      const key = toKey(ref.id);
      return key === null ? null : { teamId: key };
    },
    id: (t: { teamId: number }) => idOf(t.teamId),
    homeVenue: async (t: { teamId: number }, _: Args, ctx: Context) => {
      const rows = await ctx.loaders.venuesOfTeam.load(t.teamId);
      return rows.find((v) => v.isPrimary) ?? rows[0] ?? null;
    },
    venues: (t: { teamId: number }, _: Args, ctx: Context) => ctx.loaders.venuesOfTeam.load(t.teamId),
  },

  Institution: {
    id: (i: { id: string }) => i.id,
  },

  Venue: {
    __resolveReference: (ref: { id: unknown }, ctx: Context, info: GraphQLResolveInfo) => {
      const key = toKey(ref.id);
      return key === null ? null : ctx.loaders.venue(venueIncludes(info, [], 'Venue')).load(key);
    },
    id: (v: repo.VenueRow) => idOf(v.venueId),
    type: (v: repo.VenueRow) => v.profile?.venueType ?? 'venue',
    capacity: (v: repo.VenueRow) => v.profile?.capacity ?? null,
    surface: (v: repo.VenueRow) => v.profile?.surface ?? null,
    isIndoor: (v: repo.VenueRow) => v.profile?.isIndoor ?? true,
    address: (v: repo.VenueRow) => v.profile?.address ?? null,
    city: (v: repo.VenueRow) => v.profile?.city ?? null,
    state: (v: repo.VenueRow) => v.profile?.state ?? null,
    timezone: (v: repo.VenueRow) => v.profile?.timezone ?? null,
    latitude: (v: repo.VenueRow) => v.profile?.latitude ?? null,
    longitude: (v: repo.VenueRow) => v.profile?.longitude ?? null,
    amenities: (v: repo.VenueRow) => v.profile?.amenities ?? {},
    isActive: (v: repo.VenueRow) => v.profile?.isActive ?? true,
    institution: (v: repo.VenueRow) => (v.institutionId ? { id: idOf(v.institutionId) } : null),
    hours: (v: repo.VenueRow, _: Args, ctx: Context) => ctx.loaders.hoursByVenue.load(v.venueId),
    sportConfigurations: (v: repo.VenueRow, _: Args, ctx: Context) => ctx.loaders.configsByVenue.load(v.venueId),
    availabilityRules: (v: repo.VenueRow, _: Args, ctx: Context) => ctx.loaders.rulesByVenue.load(v.venueId),
    unavailability: async (v: repo.VenueRow, args: Args, ctx: Context) => {
      checkRange(args.from, args.to);
      const rows = await ctx.loaders.unavailabilityByVenue.load(v.venueId);
      return rows.filter((p) => overlaps(String(p.startDate), String(p.endDate), args.from, args.to));
    },
    conflicts: async (v: repo.VenueRow, args: Args, ctx: Context) => {
      checkRange(args.from, args.to);
      const rows = await ctx.loaders.conflictsByVenue.load(v.venueId);
      return rows.filter(
        (c) =>
          (!args.status || c.resolutionStatus === args.status) &&
          overlaps(String(c.conflictDate), String(c.conflictDate), args.from, args.to),
      );
    },
    availability: async (v: repo.VenueRow, args: Args, ctx: Context) => {
      const from = args.from as string;
      const to = args.to as string;
      checkRange(from, to);
      const span = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
      if (span > MAX_AVAILABILITY_DAYS)
        throw badUserInput('to', `the range may span at most ${MAX_AVAILABILITY_DAYS} days`);
      const [hours, periods, conflicts] = await Promise.all([
        ctx.loaders.hoursByVenue.load(v.venueId),
        ctx.loaders.unavailabilityByVenue.load(v.venueId),
        ctx.loaders.conflictsByVenue.load(v.venueId),
      ]);
      return computeAvailability(from, to, hours, periods, conflicts);
    },
  },

  OperationalHours: { id: (h: repo.HoursRow) => idOf(h.hoursId) },
  VenueSportConfiguration: { id: (c: repo.ConfigRow) => idOf(c.configId) },
  VenueAvailabilityRule: {
    id: (r: repo.RuleRow) => idOf(r.ruleId),
    sport: (r: repo.RuleRow, _: Args, ctx: Context) => (r.sportId ? ctx.loaders.sport.load(r.sportId) : null),
  },
  UnavailabilityPeriod: {
    id: (p: repo.UnavailabilityRow) => idOf(p.periodId),
    venue: (p: repo.UnavailabilityRow, _: Args, ctx: Context) => ctx.loaders.venue().load(p.venueId),
  },
  BookingConflict: {
    id: (c: repo.ConflictRow) => idOf(c.conflictId),
    venue: (c: repo.ConflictRow, _: Args, ctx: Context) => ctx.loaders.venue().load(c.venueId),
    date: (c: repo.ConflictRow) => c.conflictDate,
    relatedGameId: (c: repo.ConflictRow) => (c.relatedGameId === null ? null : idOf(c.relatedGameId)),
  },
};
