// constraint-validation's event consumers (group `constraint-validation`):
//   schedule.generated              → evaluate the new version and store the run;
//   team.blackouts.changed          → re-evaluate the stored schedules with games of that team (in the changed range);
//   venue.unavailability.changed    → re-evaluate the stored schedules with games at that venue (in the range).
// Handlers are idempotent: a re-evaluation stores a new run that supersedes the earlier ones (their violations are
// marked resolved), so an event handled twice leaves the same latest evaluation.
import type pino from 'pino';
import type { Database } from '../../../db/index.ts';
import type { Cache } from '../../kit/cache/index.ts';
import { EVENT_TYPES, type EventBus, type FlexEvent, type Subscription } from '../../kit/events/index.ts';
import { type GatewayCallOptions, gatewayRequest } from '../../kit/gateway-client.ts';
import { validate } from './validate.ts';

const AFFECTED = `query FlextimeAffectedSchedules($teamId: ID, $venueId: ID, $from: Date, $to: Date, $page: Int) {
  games(teamId: $teamId, venueId: $venueId, from: $from, to: $to, page: $page, limit: 100) {
    totalPages
    nodes { schedule { id conference { id } } }
  }
}`;

type AffectedData = {
  games: { totalPages: number; nodes: Array<{ schedule: { id: string; conference: { id: string } | null } }> };
};

const num = (v: unknown): number | null => (v === undefined || v === null || v === '' ? null : Number(v));

/** Schedules with games of a team or at a venue within [from, to], with their conference. */
export async function affectedSchedules(
  filter: { teamId?: number | null; venueId?: number | null; from?: string | null; to?: string | null },
  gw: GatewayCallOptions,
): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>();
  let page = 1;
  for (;;) {
    const data = await gatewayRequest<AffectedData>(
      AFFECTED,
      {
        teamId: filter.teamId ? String(filter.teamId) : null,
        venueId: filter.venueId ? String(filter.venueId) : null,
        from: filter.from ?? null,
        to: filter.to ?? null,
        page,
      },
      gw,
    );
    for (const g of data.games.nodes)
      out.set(Number(g.schedule.id), g.schedule.conference ? Number(g.schedule.conference.id) : null);
    if (page >= data.games.totalPages) break;
    page++;
  }
  return out;
}

export interface ValidationConsumerOptions {
  db: Database;
  bus: EventBus;
  cache: Cache;
  logger?: pino.Logger;
  gatewayUrl?: string;
  /** Called after each handled event (tests, metrics). */
  onHandled?: (event: FlexEvent, reevaluated: number[]) => void;
}

export async function startValidationConsumers(opts: ValidationConsumerOptions): Promise<Subscription> {
  const { bus } = opts;
  const cv = opts.db.service('constraint-validation');
  const evaluate = async (scheduleId: number, versionId: number | null, tenant: number | null) => {
    await validate(
      { scheduleId, versionId: versionId ?? undefined, store: true },
      {
        run: (fn) => cv.run(fn, { tenant }),
        tenant,
        cache: opts.cache,
        gateway: { url: opts.gatewayUrl, requestId: `event-evaluation-${scheduleId}` },
      },
    );
  };
  return bus.subscribe({
    group: 'constraint-validation',
    types: [EVENT_TYPES.scheduleGenerated, EVENT_TYPES.teamBlackoutsChanged, EVENT_TYPES.venueUnavailabilityChanged],
    logger: opts.logger,
    handler: async (event) => {
      const p = event.payload;
      const done: number[] = [];
      if (event.type === EVENT_TYPES.scheduleGenerated) {
        const scheduleId = num(p.scheduleId);
        if (scheduleId !== null) {
          await evaluate(scheduleId, num(p.versionId), num(p.conferenceId));
          done.push(scheduleId);
        }
      } else {
        const teamId = event.type === EVENT_TYPES.teamBlackoutsChanged ? num(p.teamId) : null;
        const venueId = event.type === EVENT_TYPES.venueUnavailabilityChanged ? num(p.venueId) : null;
        if (teamId !== null || venueId !== null) {
          const schedules = await affectedSchedules(
            { teamId, venueId, from: (p.from as string) ?? null, to: (p.to as string) ?? null },
            { url: opts.gatewayUrl, tenant: num(p.conferenceId) },
          );
          for (const [scheduleId, conferenceId] of schedules) {
            await evaluate(scheduleId, null, conferenceId);
            done.push(scheduleId);
          }
        }
      }
      opts.logger?.info({ event: event.type, id: event.id, reevaluated: done }, 'event handled');
      opts.onHandled?.(event, done);
    },
  });
}
