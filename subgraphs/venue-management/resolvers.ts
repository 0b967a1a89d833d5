import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput } from '../kit/errors.ts';
import { announceChange } from '../kit/events/announce.ts';
import { idArg, idOf, toKey } from '../kit/ids.ts';
import { selectedAt } from '../kit/loaders.ts';
import { paged, parsePage } from '../kit/pagination.ts';
import { loadRequired, referenceResolvers } from '../kit/reference.ts';
import { DateScalar, DateTimeScalar, JSONScalar } from '../kit/scalars.ts';
import { listConference } from '../kit/tenant.ts';
import type { Resolvers, UpdateUnavailabilityInput } from './generated/resolvers.ts';
import type { Context } from './loaders.ts';
import * as repo from './repository.ts';

type UnavailabilityField = keyof UpdateUnavailabilityInput;

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

function checkUnavailabilityInput(input: UpdateUnavailabilityInput) {
  for (const k of ['startTime', 'endTime'] satisfies UnavailabilityField[])
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
    venues: (_, args, ctx, info) => {
      const page = parsePage(args);
      const filter: repo.VenueFilter = {
        sportId: idArg('sportId', args.sportId, true),
        sportCode: args.sportCode ?? undefined,
        // another conference's venues are not listed to a tenant (kit/tenant.ts)
        conferenceId: listConference(ctx.tenant, idArg('conferenceId', args.conferenceId, true)),
        institutionId: idArg('institutionId', args.institutionId, true),
        type: args.type ?? undefined,
      };
      const include = venueIncludes(info, ['nodes']);
      return paged(async (p) => {
        const result = await ctx.run((tx) => repo.listVenues(tx, filter, p, include));
        ctx.loaders.primeVenues(result.rows);
        return result;
      }, page);
    },
    venue: (_, args, ctx, info) => {
      const key = toKey(args.id);
      return key === null ? null : ctx.loaders.venue(venueIncludes(info)).load(key);
    },
    venueConflicts: (_, args, ctx) => {
      const page = parsePage(args);
      checkRange(args.from, args.to);
      const filter: repo.ConflictFilter = {
        venueId: idArg('venueId', args.venueId, true),
        conferenceId: idArg('conferenceId', args.conferenceId, true),
        status: args.status ?? undefined,
        from: args.from ?? undefined,
        to: args.to ?? undefined,
      };
      return paged((p) => ctx.run((tx) => repo.listConflicts(tx, filter, p)), page);
    },
    venueUnavailability: (_, args, ctx) => {
      const page = parsePage(args);
      checkRange(args.from, args.to);
      const filter = {
        venueId: idArg('venueId', args.venueId, true),
        conferenceId: idArg('conferenceId', args.conferenceId, true),
        from: args.from ?? undefined,
        to: args.to ?? undefined,
      };
      return paged((p) => ctx.run((tx) => repo.listUnavailability(tx, filter, p)), page);
    },
  },

  Mutation: {
    createVenueUnavailability: async (_, { input }, ctx) => {
      const venueId = idArg('input.venueId', input.venueId);
      checkRange('input.startDate', input.startDate, 'input.endDate', input.endDate);
      checkUnavailabilityInput(input);
      const row = await ctx.run(async (tx) => {
        const venue = await repo.venueIdentity(tx, venueId);
        if (!venue) throw badUserInput('input.venueId', `no venue with id ${venueId}`);
        return repo.insertUnavailability(tx, {
          venueId,
          conferenceId: venue.conferenceId,
          startDate: input.startDate,
          endDate: input.endDate,
          startTime: input.startTime ?? null,
          endTime: input.endTime ?? null,
          unavailabilityType: String(input.unavailabilityType ?? 'maintenance'),
          reason: input.reason ?? null,
        });
      });
      await announce(ctx, 'created', [row]);
      return row;
    },
    updateVenueUnavailability: async (_, { id, input }, ctx) => {
      const key = toKey(id);
      if (key === null) return null;
      checkUnavailabilityInput(input);
      const result = await ctx.run(async (tx) => {
        const before = await repo.unavailabilityById(tx, key);
        if (!before) return null;
        const startDate = input.startDate ?? String(before.startDate);
        const endDate = input.endDate ?? String(before.endDate);
        checkRange('input.startDate', startDate, 'input.endDate', endDate);
        const values: Record<string, unknown> = {};
        const fields: UnavailabilityField[] = [
          'startDate',
          'endDate',
          'startTime',
          'endTime',
          'unavailabilityType',
          'reason',
          'isActive',
        ];
        for (const k of fields) if (input[k] !== undefined) values[k] = input[k];
        const after = await repo.updateUnavailability(tx, key, values);
        return after ? { before, after } : null;
      });
      if (!result) return null;
      await announce(ctx, 'updated', [result.before, result.after]);
      return result.after;
    },
    deleteVenueUnavailability: async (_, { id }, ctx) => {
      const key = toKey(id);
      if (key === null) return false;
      const deleted = await ctx.run((tx) => repo.deleteUnavailability(tx, key));
      if (deleted) await announce(ctx, 'deleted', [deleted]);
      return deleted !== null;
    },
    resolveBookingConflict: async (_, { id, status }, ctx) => {
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
    __resolveReference: (ref) => {
      const key = toKey(ref.id);
      return key === null ? null : { teamId: key };
    },
    id: (t) => idOf(t.teamId),
    homeVenue: async (t, _, ctx) => {
      const rows = await ctx.loaders.venuesOfTeam.load(t.teamId);
      return rows.find((v) => v.isPrimary) ?? rows[0] ?? null;
    },
    venues: (t, _, ctx) => ctx.loaders.venuesOfTeam.load(t.teamId),
  },

  Institution: {
    id: (i) => i.id,
  },

  Venue: {
    __resolveReference: (ref, ctx, info) => {
      const key = toKey(ref.id);
      return key === null ? null : ctx.loaders.venue(venueIncludes(info, [], 'Venue')).load(key);
    },
    id: (v) => idOf(v.venueId),
    type: (v) => v.profile?.venueType ?? 'venue',
    capacity: (v) => v.profile?.capacity ?? null,
    surface: (v) => v.profile?.surface ?? null,
    isIndoor: (v) => v.profile?.isIndoor ?? true,
    address: (v) => v.profile?.address ?? null,
    city: (v) => v.profile?.city ?? null,
    state: (v) => v.profile?.state ?? null,
    timezone: (v) => v.profile?.timezone ?? null,
    latitude: (v) => v.profile?.latitude ?? null,
    longitude: (v) => v.profile?.longitude ?? null,
    amenities: (v) => v.profile?.amenities ?? {},
    isActive: (v) => v.profile?.isActive ?? true,
    institution: (v) => (v.institutionId ? { id: idOf(v.institutionId) } : null),
    hours: (v, _, ctx) => ctx.loaders.hoursByVenue.load(v.venueId),
    sportConfigurations: (v, _, ctx) => ctx.loaders.configsByVenue.load(v.venueId),
    availabilityRules: (v, _, ctx) => ctx.loaders.rulesByVenue.load(v.venueId),
    unavailability: async (v, args, ctx) => {
      checkRange(args.from, args.to);
      const rows = await ctx.loaders.unavailabilityByVenue.load(v.venueId);
      return rows.filter((p) => overlaps(String(p.startDate), String(p.endDate), args.from, args.to));
    },
    conflicts: async (v, args, ctx) => {
      checkRange(args.from, args.to);
      const rows = await ctx.loaders.conflictsByVenue.load(v.venueId);
      return rows.filter(
        (c) =>
          (!args.status || c.resolutionStatus === args.status) &&
          overlaps(String(c.conflictDate), String(c.conflictDate), args.from, args.to),
      );
    },
    availability: async (v, args, ctx) => {
      const { from, to } = args;
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

  OperationalHours: { id: (h) => idOf(h.hoursId) },
  VenueSportConfiguration: { id: (c) => idOf(c.configId) },
  VenueAvailabilityRule: {
    id: (r) => idOf(r.ruleId),
    sport: (r, _, ctx) => (r.sportId ? ctx.loaders.sport.load(r.sportId) : null),
  },
  UnavailabilityPeriod: {
    id: (p) => idOf(p.periodId),
    venue: (p, _, ctx) => loadRequired(ctx.loaders.venue(), p.venueId, 'venue'),
  },
  BookingConflict: {
    id: (c) => idOf(c.conflictId),
    venue: (c, _, ctx) => loadRequired(ctx.loaders.venue(), c.venueId, 'venue'),
    date: (c) => c.conflictDate,
    relatedGameId: (c) => (c.relatedGameId === null ? null : idOf(c.relatedGameId)),
  },
};
