// team.blackouts.changed: every committed blackout change is announced by team-availability, the service that owns
// blackouts (team, season, conference, the date range before ∪ after): the availability cache is invalidated at once
// and the consumers re-evaluate the affected schedules and refresh the views.
import { eq } from 'drizzle-orm';
import { teamBlackoutDates } from '../../db/schema/team-availability.ts';
import type { BaseContext } from '../kit/context.ts';
import { EVENT_TYPES } from '../kit/events/index.ts';

type AnnounceContext = Pick<BaseContext, 'run' | 'announce'>;
type AnyResolver = (parent: unknown, args: Record<string, unknown>, ctx: AnnounceContext, info: unknown) => unknown;
interface BlackoutLike {
  blackoutId: number;
  teamId: number;
  seasonId: number | null;
  conferenceId: number | null;
  startDate: string;
  endDate: string;
}

async function blackoutById(ctx: AnnounceContext, id: unknown): Promise<BlackoutLike | undefined> {
  const key = Number(id);
  if (!Number.isInteger(key) || key <= 0 || key > 2_147_483_647) return undefined;
  const [row] = await ctx.run((tx) => tx.select().from(teamBlackoutDates).where(eq(teamBlackoutDates.blackoutId, key)));
  return row;
}

function blackoutPayload(before: BlackoutLike | undefined, after: BlackoutLike | undefined, change: string) {
  const rows = [before, after].filter((r): r is BlackoutLike => r !== undefined);
  if (rows.length === 0) return null;
  return {
    change,
    blackoutId: rows[0].blackoutId,
    teamId: rows[0].teamId,
    seasonId: rows.at(-1)?.seasonId ?? null,
    conferenceId: rows[0].conferenceId,
    from: rows.map((r) => r.startDate).sort()[0],
    to: rows
      .map((r) => r.endDate)
      .sort()
      .at(-1),
  };
}

/**
 * Wraps team-availability's blackout mutations so every committed change is announced as `team.blackouts.changed`
 * (team, season, conference, the date range before ∪ after): the availability cache is invalidated at once and the
 * consumers re-evaluate the affected schedules and refresh the views.
 */
export function withBlackoutAnnouncements<R extends Record<string, object>>(resolvers: R): R {
  const mutation = resolvers.Mutation as Record<string, AnyResolver> | undefined;
  if (!mutation) return resolvers;
  const wrapped: Record<string, AnyResolver> = { ...mutation };
  const { createBlackout, updateBlackout, deleteBlackout } = mutation;
  if (createBlackout) {
    wrapped.createBlackout = async (parent, args, ctx, info) => {
      const row = (await createBlackout(parent, args, ctx, info)) as BlackoutLike;
      const payload = blackoutPayload(undefined, row, 'created');
      if (payload) await ctx.announce(EVENT_TYPES.teamBlackoutsChanged, payload);
      return row;
    };
  }
  if (updateBlackout) {
    wrapped.updateBlackout = async (parent, args, ctx, info) => {
      const before = await blackoutById(ctx, args.id);
      const row = (await updateBlackout(parent, args, ctx, info)) as BlackoutLike | null;
      const payload = row ? blackoutPayload(before, row, 'updated') : null;
      if (payload) await ctx.announce(EVENT_TYPES.teamBlackoutsChanged, payload);
      return row;
    };
  }
  if (deleteBlackout) {
    wrapped.deleteBlackout = async (parent, args, ctx, info) => {
      const before = await blackoutById(ctx, args.id);
      const deleted = await deleteBlackout(parent, args, ctx, info);
      const payload = deleted === true ? blackoutPayload(before, undefined, 'deleted') : null;
      if (payload) await ctx.announce(EVENT_TYPES.teamBlackoutsChanged, payload);
      return deleted;
    };
  }
  return { ...resolvers, Mutation: wrapped };
}
