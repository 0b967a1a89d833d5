// GET /api/v1/venues: the monolith's venues rows, every page at once; the primary sport from the venue's sport
// configurations.
import { assertTenant } from '../auth.ts';
import type { ListVenuesQuery } from '../generated/v1-operations.ts';
import { allPages, gqlId, intId, refId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { arr, int, nullable, obj } from '../schemas.ts';
import { mapVenueCoordinates, mapVenueSite, venueCoordinateProperties, venueSiteProperties } from '../venues.ts';
import { byId, refQuery, V1 } from './legacy.ts';

type Venue = ListVenuesQuery['venues']['nodes'][number];

export const venueSchema = obj(
  {
    id: int('Venue id'),
    institution_id: nullable(int('Institution id')),
    ...venueSiteProperties,
    ...venueCoordinateProperties,
    amenities: { type: 'object', additionalProperties: true, description: 'Amenities (JSON)' },
    primary_sport_id: nullable(int('Main sport played there')),
    is_active: { type: 'boolean' },
  },
  ['id', 'name', 'venue_type', 'is_indoor', 'is_active'],
);

export function mapVenue(v: Venue) {
  const primary = v.sportConfigurations.find((c) => c.isPrimary);
  return {
    id: intId(v.id),
    institution_id: refId(v.institution),
    ...mapVenueSite(v),
    ...mapVenueCoordinates(v),
    amenities: v.amenities ?? {},
    primary_sport_id: primary ? refId(primary.sport) : null,
    is_active: v.isActive,
  };
}

export const venueRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${V1}/venues`,
    operations: ['v1/ListVenues'],
    tags: ['v1'],
    summary: 'Venues (legacy)',
    querystring: refQuery,
    responses: { 200: obj({ venues: arr(venueSchema) }, ['venues']) },
    async handler(ctx) {
      assertTenant(ctx.principal, ctx.query.conference_id);
      const { items } = await allPages(async (page) => {
        const data = await ctx.run('v1/ListVenues', {
          page,
          limit: 100,
          sportId: gqlId(ctx.query.sport_id),
          conferenceId: gqlId(ctx.query.conference_id),
        });
        return data.venues;
      });
      return { body: { venues: byId(items.map(mapVenue)) } };
    },
  },
];
