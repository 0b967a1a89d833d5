// Announcing a committed change: the cache namespaces it makes stale are invalidated at once (so the caller's next
// read sees the change: read-your-writes), then the event is published for every other consumer (re-evaluation,
// materialized views, caches of other processes). Publishing never fails the caller: the change is committed.
import { eq } from 'drizzle-orm';
import type pino from 'pino';
import type { ServiceTx } from '../../../db/index.ts';
import { teamBlackoutDates } from '../../../db/schema/team-availability.ts';
import { cache, INVALIDATED_BY } from '../cache/index.ts';
import { publishEvent } from './index.ts';

export async function announceChange(
  type: string,
  payload: Record<string, unknown>,
  logger?: pino.Logger,
): Promise<void> {
  const namespaces = INVALIDATED_BY[type] ?? [];
  if (namespaces.length > 0) {
    try {
      await cache().invalidate(...namespaces);
    } catch (error) {
      logger?.warn({ err: error, event: type }, 'could not invalidate the cache');
    }
  }
  await publishEvent(type, payload, logger);
}

type AnyResolver = (parent: unknown, args: Record<string, unknown>, ctx: AnnounceContext, info: unknown) => unknown;
interface AnnounceContext {
  run<T>(fn: (tx: ServiceTx) => Promise<T>): Promise<T>;
  logger?: pino.Logger;
}
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
      if (payload) await announceChange('team.blackouts.changed', payload, ctx.logger);
      return row;
    };
  }
  if (updateBlackout) {
    wrapped.updateBlackout = async (parent, args, ctx, info) => {
      const before = await blackoutById(ctx, args.id);
      const row = (await updateBlackout(parent, args, ctx, info)) as BlackoutLike | null;
      const payload = row ? blackoutPayload(before, row, 'updated') : null;
      if (payload) await announceChange('team.blackouts.changed', payload, ctx.logger);
      return row;
    };
  }
  if (deleteBlackout) {
    wrapped.deleteBlackout = async (parent, args, ctx, info) => {
      const before = await blackoutById(ctx, args.id);
      const deleted = await deleteBlackout(parent, args, ctx, info);
      const payload = deleted === true ? blackoutPayload(before, undefined, 'deleted') : null;
      if (payload) await announceChange('team.blackouts.changed', payload, ctx.logger);
      return deleted;
    };
  }
  return { ...resolvers, Mutation: wrapped };
}
