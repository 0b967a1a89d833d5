// GET /api/v1/teams: the monolith's teams rows (public.teams) with the institution's name, every page at once.
import { assertTenant } from '../auth.ts';
import type { ListTeamsQuery } from '../generated/v1-operations.ts';
import { allPages, gqlId, intId, refId } from '../mappers.ts';
import type { RouteSpec } from '../route.ts';
import { arr, int, nullable, obj, str } from '../schemas.ts';
import { byId, refQuery, V1 } from './legacy.ts';

type Team = ListTeamsQuery['teams']['nodes'][number];

export const teamSchema = obj(
  {
    id: int('Team id'),
    institution_id: int('Institution id'),
    sport_id: int('Sport id'),
    conference_id: nullable(int('Conference id')),
    name: str('Name'),
    abbreviation: str('Abbreviation'),
    is_active: { type: 'boolean' },
    institution_name: str('Institution name'),
  },
  ['id', 'institution_id', 'sport_id', 'name', 'abbreviation', 'is_active'],
);

export function mapTeam(t: Team) {
  return {
    id: intId(t.id),
    institution_id: intId(t.institution.id),
    sport_id: refId(t.sport),
    conference_id: refId(t.conference),
    name: t.name,
    abbreviation: t.abbreviation,
    is_active: t.isActive,
    institution_name: t.institution.name,
  };
}

export const teamRoutes: RouteSpec[] = [
  {
    method: 'GET',
    url: `${V1}/teams`,
    operations: ['v1/ListTeams'],
    tags: ['v1'],
    summary: 'Teams (legacy)',
    querystring: refQuery,
    responses: { 200: obj({ teams: arr(teamSchema) }, ['teams']) },
    async handler(ctx) {
      assertTenant(ctx.principal, ctx.query.conference_id);
      const { items } = await allPages(async (page) => {
        const data = await ctx.run('v1/ListTeams', {
          page,
          limit: 100,
          sportId: gqlId(ctx.query.sport_id),
          conferenceId: gqlId(ctx.query.conference_id),
        });
        return data.teams;
      });
      return { body: { teams: byId(items.map(mapTeam)) } };
    },
  },
];
