// What the v2 team-availability lists share: the filters of every list and the variables they become.
import { assertTenant } from '../auth.ts';
import { gqlId } from '../mappers.ts';
import type { RouteContext } from '../route.ts';
import { id } from '../schemas.ts';

export const TA = '/api/v2/team-availability';

/** Filters every list shares; `conference_id` other than the caller's own → 403. */
export const filters = {
  sport_id: id('Only this sport'),
  season_id: id('Only this season'),
  conference_id: id('Only this conference (must be the credential’s own)'),
};

export function pageVars(ctx: RouteContext) {
  assertTenant(ctx.principal, ctx.query.conference_id);
  return {
    page: ctx.query.page,
    limit: ctx.query.limit,
    sportId: gqlId(ctx.query.sport_id),
    seasonId: gqlId(ctx.query.season_id),
    conferenceId: gqlId(ctx.query.conference_id),
  };
}
