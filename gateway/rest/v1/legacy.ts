// What the v1 resource files share: the prefix, and the monolith's habits (rows listed by id, ISO timestamps,
// reference lists filtered by sport and conference).
import { id, int, type JsonSchema, obj, str } from '../schemas.ts';

export const V1 = '/api/v1';

export const namedRef = (what: string): JsonSchema =>
  obj({ id: int(`${what} id`), name: str(`${what} name`) }, ['id', 'name']);
export const timestamp = (what: string): JsonSchema => str(`${what} (ISO 8601)`, { format: 'date-time' });

/** The monolith listed rows by id; the subgraphs order by name, so v1 restores the legacy order. */
export function byId<T extends { id: number | null }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

/** Query of the reference lists (teams, venues). */
export const refQuery = obj({
  sport_id: id('Only this sport'),
  conference_id: id('Only this conference (must be the credential’s own)'),
});

/** Path of the routes under /schedules/{id}. */
export const scheduleIdParams = obj({ id: id('Schedule id') }, ['id']);
