// v2 venue-management venues: venues, their day-by-day availability over a range and their booking conflicts.
import { assertTenant } from '../auth.ts';
import { notFound } from '../errors.ts';
import type { VenueFieldsFragment } from '../generated/v2-operations.ts';
import { assertMaxDays, assertRange, envelope, gqlId, intId, refId } from '../mappers.ts';
import type { RouteContext, RouteSpec } from '../route.ts';
import { arr, body, date, id, int, list, nullable, obj, pageQuery, str } from '../schemas.ts';
import { mapVenueCoordinates, mapVenueSite, venueCoordinateProperties, venueSiteProperties } from '../venues.ts';

const VM = '/api/v2/venue-management';

export const venueSchema = obj(
  {
    venue_id: int('Venue id'),
    ...venueSiteProperties,
    timezone: nullable(str('IANA time zone')),
    ...venueCoordinateProperties,
    institution_id: nullable(int('Institution id')),
    conference_id: nullable(int('Conference id')),
    is_active: { type: 'boolean' },
  },
  ['venue_id', 'name', 'venue_type', 'is_active'],
);

export function mapVenue(v: VenueFieldsFragment) {
  return {
    venue_id: intId(v.id),
    ...mapVenueSite(v),
    timezone: v.timezone ?? null,
    ...mapVenueCoordinates(v),
    institution_id: refId(v.institution),
    conference_id: refId(v.conference),
    is_active: v.isActive,
  };
}

const dayAvailability = obj(
  {
    date: date('Day'),
    available: { type: 'boolean' },
    reasons: arr(str('Why not (closed that weekday, unavailability period, booking conflict)')),
  },
  ['date', 'available', 'reasons'],
);

const availabilitySchema = obj(
  {
    venue_id: int('Venue id'),
    venue_name: str('Venue name'),
    start_date: date('First day checked'),
    end_date: date('Last day checked'),
    available: { type: 'boolean', description: 'Every day of the range is free' },
    available_dates: arr(date('A free day')),
    unavailable: arr(obj({ date: date('Day'), reasons: arr(str('Why not')) }, ['date', 'reasons'])),
    days: arr(dayAvailability),
  },
  ['venue_id', 'start_date', 'end_date', 'available', 'available_dates', 'unavailable', 'days'],
);

const MAX_AVAILABILITY_DAYS = 366;

async function availability(ctx: RouteContext, from: string, to: string, fromField: string, toField: string) {
  assertRange(from, to, fromField, toField);
  assertMaxDays(from, to, MAX_AVAILABILITY_DAYS, toField);
  const data = await ctx.run('v2/VenueAvailability', { id: String(ctx.params.id), from, to });
  if (!data.venue) throw notFound('Venue', ctx.params.id);
  const days = data.venue.availability.map((d) => ({ date: d.date, available: d.available, reasons: d.reasons }));
  return {
    venue_id: intId(data.venue.id),
    venue_name: data.venue.name,
    start_date: from,
    end_date: to,
    available: days.every((d) => d.available),
    available_dates: days.filter((d) => d.available).map((d) => d.date),
    unavailable: days.filter((d) => !d.available).map((d) => ({ date: d.date, reasons: d.reasons })),
    days,
  };
}

const conflictSchema = obj(
  {
    conflict_id: int('Conflict id'),
    venue_id: int('Venue id'),
    conflict_date: date('Day'),
    start_time: nullable(str('HH:MM[:SS]')),
    end_time: nullable(str('HH:MM[:SS]')),
    conflict_type: str('double_booking, maintenance, …'),
    description: nullable(str('What clashes')),
    related_game_id: nullable(int('Game id in schedule-generation')),
    resolution_status: str('open | resolved | ignored'),
    created_at: str('Created (ISO 8601)', { format: 'date-time' }),
    resolved_at: nullable(str('Resolved (ISO 8601)', { format: 'date-time' })),
  },
  ['conflict_id', 'venue_id', 'conflict_date', 'conflict_type', 'resolution_status'],
);

const venueIdParams = obj({ id: id('Venue id') }, ['id']);

export const venueRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${VM}/venues`,
    operations: ['v2/ListVenues'],
    tags: ['venue-management'],
    summary: 'Venues',
    querystring: obj({
      ...pageQuery,
      sport_id: id('Only this sport'),
      conference_id: id('Only this conference (must be the credential’s own)'),
      institution_id: id('Only this institution'),
      venue_type: str('Only this type (arena, stadium, …)', { maxLength: 40 }),
    }),
    responses: { 200: list(venueSchema) },
    async handler(ctx) {
      const q = ctx.query;
      assertTenant(ctx.principal, q.conference_id);
      const data = await ctx.run('v2/ListVenues', {
        page: q.page,
        limit: q.limit,
        sportId: gqlId(q.sport_id),
        conferenceId: gqlId(q.conference_id),
        institutionId: gqlId(q.institution_id),
        type: q.venue_type,
      });
      return { body: envelope(data.venues, mapVenue) };
    },
  },
  {
    method: 'GET',
    url: `${VM}/venues/:id/availability`,
    operations: ['v2/VenueAvailability'],
    tags: ['venue-management'],
    summary: 'Day-by-day availability of a venue over [from, to] (≤ 366 days)',
    params: venueIdParams,
    querystring: obj({ from: date('First day'), to: date('Last day') }, ['from', 'to']),
    responses: { 200: availabilitySchema },
    async handler(ctx) {
      return { body: await availability(ctx, String(ctx.query.from), String(ctx.query.to), 'from', 'to') };
    },
  },
  {
    method: 'POST',
    url: `${VM}/venues/:id/availability`,
    operations: ['v2/VenueAvailability'],
    tags: ['venue-management'],
    summary: 'Check a date range: which days are free, and why the others are not',
    params: venueIdParams,
    body: body({ start_date: date('First day'), end_date: date('Last day (≤ 366 days)') }, ['start_date', 'end_date']),
    responses: { 200: availabilitySchema },
    async handler(ctx) {
      const b = ctx.body;
      return {
        body: await availability(ctx, String(b.start_date), String(b.end_date), 'start_date', 'end_date'),
      };
    },
  },
  {
    method: 'GET',
    url: `${VM}/venues/:id/conflicts`,
    operations: ['v2/VenueConflicts'],
    tags: ['venue-management'],
    summary: 'Booking conflicts of a venue',
    params: venueIdParams,
    querystring: obj({
      ...pageQuery,
      status: str('open | resolved | ignored', { enum: ['open', 'resolved', 'ignored'] }),
      from: date('Only conflicts on or after this day'),
      to: date('Only conflicts on or before this day'),
    }),
    responses: { 200: list(conflictSchema) },
    async handler(ctx) {
      const q = ctx.query;
      assertRange(q.from, q.to, 'from', 'to');
      const data = await ctx.run('v2/VenueConflicts', {
        id: String(ctx.params.id),
        page: q.page,
        limit: q.limit,
        status: q.status,
        from: q.from,
        to: q.to,
      });
      if (!data.venue) throw notFound('Venue', ctx.params.id);
      const venueId = intId(data.venue.id);
      return {
        body: envelope(data.venueConflicts, (c) => ({
          conflict_id: intId(c.id),
          venue_id: venueId,
          conflict_date: c.date,
          start_time: c.startTime ?? null,
          end_time: c.endTime ?? null,
          conflict_type: c.conflictType,
          description: c.description ?? null,
          related_game_id: intId(c.relatedGameId),
          resolution_status: c.resolutionStatus,
          created_at: c.createdAt,
          resolved_at: c.resolvedAt ?? null,
        })),
      };
    },
  },
];
