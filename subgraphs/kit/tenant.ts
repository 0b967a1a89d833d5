// Which conference a list is scoped to. Teams and venues are shared reference rows (no RLS): a tenant's lists hold
// its own conference's only. Another conference's teams and venues reach a tenant solely through the games that
// reference them (Game.home, Game.away, Game.venue resolve by key) — an opponent it plays — and by id.
import { GraphQLError } from 'graphql';

/**
 * The conference filter of a list for `tenant` (null = operator: whatever was asked). A tenant naming another
 * conference is refused (FORBIDDEN naming the argument), not answered with an empty list.
 */
export function listConference(
  tenant: number | null,
  requested: number | undefined,
  argumentName = 'conferenceId',
): number | undefined {
  if (tenant === null) return requested;
  if (requested !== undefined && requested !== tenant) {
    throw new GraphQLError(`${argumentName}: this credential lists conference ${tenant} only, not ${requested}`, {
      extensions: { code: 'FORBIDDEN', argumentName },
    });
  }
  return tenant;
}
