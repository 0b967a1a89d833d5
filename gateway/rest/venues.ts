// The venue fields v1 and v2 answer alike (the venue-management columns the monolith had too): the site (name, type,
// capacity, surface, indoor, address) and the coordinates. Each version wraps them with its own ids and extras, in
// its own key order, so they come as two groups.
import { int, type JsonSchema, nullable, num, str } from './schemas.ts';

export const venueSiteProperties: Record<string, JsonSchema> = {
  name: str('Name'),
  venue_type: str('arena, stadium, field, …'),
  capacity: nullable(int('Seats')),
  surface: nullable(str('Surface')),
  is_indoor: { type: 'boolean' },
  address: nullable(str('Street address')),
  city: nullable(str('City')),
  state: nullable(str('State')),
};

export const venueCoordinateProperties: Record<string, JsonSchema> = {
  latitude: nullable(num('Latitude')),
  longitude: nullable(num('Longitude')),
};

/** The venue fields both versions select (v1 ListVenues, v2 VenueFields). */
export interface VenueSite {
  name: string;
  type: string;
  capacity: number | null;
  surface: string | null;
  isIndoor: boolean;
  address: string | null;
  city: string | null;
  state: string | null;
  latitude: number | null;
  longitude: number | null;
}

export function mapVenueSite(v: VenueSite) {
  return {
    name: v.name,
    venue_type: v.type,
    capacity: v.capacity ?? null,
    surface: v.surface ?? null,
    is_indoor: v.isIndoor,
    address: v.address ?? null,
    city: v.city ?? null,
    state: v.state ?? null,
  };
}

export function mapVenueCoordinates(v: VenueSite) {
  return { latitude: v.latitude ?? null, longitude: v.longitude ?? null };
}
