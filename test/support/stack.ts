// A whole FlexTime stack for end-to-end tests: a migrated + seeded database (PGlite, or a scratch database on
// DATABASE_URL's server), the four subgraphs and the gateway (with the REST shim) on ephemeral loopback ports.
import { pino } from 'pino';
import { type RunningStack, startStack } from '../../bin/commands/start.ts';
import type { QueryEvent } from '../../db/index.ts';
import type { GatewayLimits, SubgraphName } from '../../gateway/config.ts';
import { seed } from '../../seeding/index.ts';
import { startSubgraph, subgraphs } from '../../subgraphs/index.ts';
import { createTestDatabase, type DbKind, type TestDatabase } from './db.ts';

export interface TestStack {
  kind: DbKind;
  /** http://127.0.0.1:<port>/graphql */
  gatewayUrl: string;
  /** http://127.0.0.1:<port> (REST, /health, /ready, /metrics) */
  baseUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  stack: RunningStack;
  database: TestDatabase;
  /** SQL statements issued by the services since the stack started. */
  queries: QueryEvent[];
  /** Stops one subgraph (as if its process died); the gateway keeps its URL. */
  stopSubgraph(name: SubgraphName): Promise<void>;
  /** Starts a stopped subgraph again on the same port. */
  restartSubgraph(name: SubgraphName): Promise<void>;
  stop(): Promise<void>;
}

export interface TestStackOptions {
  kind?: DbKind;
  limits?: Partial<GatewayLimits>;
  /** Load the Big 12 seed data (default true). */
  seed?: boolean;
  rest?: boolean;
}

export async function startTestStack(opts: TestStackOptions = {}): Promise<TestStack> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const queries: QueryEvent[] = [];
  const database = await createTestDatabase({ kind: opts.kind ?? 'pglite', onQuery: (e) => queries.push(e) });
  let stack: RunningStack;
  try {
    if (opts.seed ?? true) await seed(database.db, { log: logger });
    stack = await startStack({
      db: database.db,
      logger,
      ports: {
        gateway: 0,
        'team-availability': 0,
        'venue-management': 0,
        'constraint-validation': 0,
        'schedule-generation': 0,
      },
      limits: opts.limits,
      rest: opts.rest,
    });
  } catch (error) {
    await database.dispose();
    throw error;
  }
  queries.length = 0;
  const running = stack.subgraphs;
  return {
    kind: database.kind,
    gatewayUrl: stack.gatewayUrl,
    baseUrl: stack.gatewayUrl.replace(/\/graphql$/, ''),
    subgraphUrls: stack.subgraphUrls,
    stack,
    database,
    queries,
    async stopSubgraph(name) {
      const s = running.find((r) => r.name === name);
      if (!s) throw new Error(`no running subgraph '${name}'`);
      await s.stop();
    },
    async restartSubgraph(name) {
      const index = running.findIndex((r) => r.name === name);
      const def = subgraphs.find((d) => d.name === name);
      if (index < 0 || !def) throw new Error(`unknown subgraph '${name}'`);
      running[index] = await startSubgraph(def, { db: database.db, port: running[index].port, logger });
    },
    async stop() {
      await stack.stop();
      await database.dispose();
    },
  };
}
