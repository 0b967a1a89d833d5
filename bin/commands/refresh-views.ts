// `flextime refresh-views [--schema <name>] [--status]`: REFRESH MATERIALIZED VIEW CONCURRENTLY for every
// service view (readers are not blocked), recording each refresh in public.materialized_view_refreshes;
// `--status` prints when each view was last refreshed.
import { pino } from 'pino';
import { openDatabaseFromEnv } from '../../db/index.ts';
import { lastRefreshes, refreshMaterializedViews } from '../../seeding/refresh-views.ts';
import { parseCommandOptions } from './options.ts';

const USAGE = 'usage: flextime refresh-views [--schema <name>] [--status]';

export async function run(args: string[]): Promise<number | undefined> {
  const values = parseCommandOptions(args, { schema: { type: 'string' }, status: { type: 'boolean' } }, USAGE);
  if (!values) return 0;
  const log = pino({ name: 'refresh-views', level: process.env.LOG_LEVEL ?? 'info' });
  const db = await openDatabaseFromEnv();
  try {
    if (!values.status) {
      const results = await refreshMaterializedViews(db, { schema: values.schema, log });
      for (const r of results) {
        console.log(`${r.schema}.${r.view}: ${r.rows} rows, ${r.ms} ms${r.concurrent ? ' (concurrently)' : ''}`);
      }
    }
    for (const r of await lastRefreshes(db)) {
      console.log(`${r.schema}.${r.view}: last refreshed ${r.lastRefreshedAt ?? 'never (by flextime)'}`);
    }
    return 0;
  } finally {
    await db.close();
  }
}
