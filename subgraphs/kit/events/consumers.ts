// Event consumers shared by the services: cache invalidation (group `cache`) and the CONCURRENT refresh of the
// materialized views a change affects, each run by the service that owns the view (its own role owns the view).
import { sql } from 'drizzle-orm';
import type pino from 'pino';
import { Counter, register } from 'prom-client';
import type { Database, ServiceName } from '../../../db/index.ts';
import { type Cache, INVALIDATED_BY } from '../cache/index.ts';
import { EVENT_TYPES, type EventBus, type Subscription } from './index.ts';

/** The materialized views each event makes stale, with the service (role) that owns them. */
export const VIEWS_AFFECTED_BY: Record<string, Array<{ service: ServiceName; view: string }>> = {
  [EVENT_TYPES.teamBlackoutsChanged]: [
    { service: 'team-availability', view: 'team_availability.institutions_teams_view' },
  ],
  [EVENT_TYPES.venueUnavailabilityChanged]: [
    { service: 'venue-management', view: 'venue_management.venues_institutions_view' },
  ],
};

function refreshCounter(): Counter<'view'> {
  const name = 'flextime_matview_refreshes_total';
  return (
    (register.getSingleMetric(name) as Counter<'view'> | undefined) ??
    new Counter({ name, help: 'Materialized view refreshes run by event consumers', labelNames: ['view'] as const })
  );
}

/** Refreshes a view CONCURRENTLY (readers keep the old contents meanwhile) as the owning service's role. */
export async function refreshView(db: Database, service: ServiceName, view: string): Promise<void> {
  if (!/^[a-z_]+\.[a-z_]+$/.test(view)) throw new Error(`invalid view name ${view}`);
  await db.service(service).run(async (tx) => {
    await tx.execute(sql.raw(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${view}`));
  });
  refreshCounter().inc({ view });
}

/** One consumer group per view-owning service: `<service>:views`. */
export async function startViewRefreshConsumers(
  db: Database,
  opts: { bus: EventBus; logger?: pino.Logger },
): Promise<Subscription[]> {
  const { bus } = opts;
  const byService = new Map<ServiceName, Map<string, string[]>>();
  for (const [type, views] of Object.entries(VIEWS_AFFECTED_BY)) {
    for (const v of views) {
      const m = byService.get(v.service) ?? new Map<string, string[]>();
      m.set(type, [...(m.get(type) ?? []), v.view]);
      byService.set(v.service, m);
    }
  }
  const subs: Subscription[] = [];
  for (const [service, views] of byService) {
    subs.push(
      await bus.subscribe({
        group: `${service}:views`,
        types: [...views.keys()],
        logger: opts.logger,
        handler: async (event) => {
          for (const view of views.get(event.type) ?? []) {
            await refreshView(db, service, view);
            opts.logger?.debug({ view, event: event.type, id: event.id }, 'materialized view refreshed');
          }
        },
      }),
    );
  }
  return subs;
}

/** Group `cache`: drops the cache namespaces an event makes stale (the Redis cache is shared: once suffices). */
export async function startCacheInvalidationConsumer(opts: {
  bus: EventBus;
  cache: Cache;
  logger?: pino.Logger;
}): Promise<Subscription> {
  return opts.bus.subscribe({
    group: 'cache',
    types: Object.keys(INVALIDATED_BY),
    logger: opts.logger,
    handler: async (event) => {
      await opts.cache.invalidate(...(INVALIDATED_BY[event.type] ?? []));
    },
  });
}
