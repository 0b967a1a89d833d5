// `flextime start` (npm start): opens the database (embedded PGlite unless DATABASE_URL is set), migrates and seeds
// it when needed, starts the four subgraphs (4001–4004) and the gateway (4000) in this process, prints the URLs and
// shuts everything down cleanly on Ctrl-C / SIGTERM. Ports: GATEWAY_PORT, TEAM_AVAILABILITY_PORT, …; bind address: HOST.
import { type Logger, pino } from 'pino';
import { type Database, openDatabaseFromEnv } from '../../db/index.ts';
import { migrate } from '../../db/migrate.ts';
import {
  type AuthOptions,
  authOptionsFromEnv,
  hashApiKey,
  parseApiKeys,
  type RateLimitOptions,
} from '../../gateway/auth/index.ts';
import { type GatewayLimits, portFromEnv, type SubgraphName } from '../../gateway/config.ts';
import { registerRestRoutes } from '../../gateway/rest/index.ts';
import { createGatewayApp, type GatewayApp, type GatewayAppOptions } from '../../gateway/server.ts';
import { seedIfEmpty } from '../../seeding/index.ts';
import { type Background, startBackground } from '../../subgraphs/background.ts';
import { startSubgraph, subgraphs } from '../../subgraphs/index.ts';
import { type EventBus, eventBus } from '../../subgraphs/kit/events/index.ts';
import type { RunningSubgraph } from '../../subgraphs/kit/server.ts';
import { gatewayStateFromEnv } from './gateway-state.ts';
import { describeLocalAuth, loadOrCreateLocalAuth } from './local-auth.ts';

export interface StackOptions {
  db: Database;
  logger: Logger;
  host?: string;
  /** Ports by service (0 = ephemeral); default from env / 4000–4004. */
  ports?: Partial<Record<SubgraphName | 'gateway', number>>;
  limits?: Partial<GatewayLimits>;
  /** Serve the REST shim (/api/v1, /api/v2, /openapi.json) on the gateway; default true. */
  rest?: boolean;
  /** Credentials every door accepts; default from the environment (FLEXTIME_API_KEYS, FLEXTIME_JWT_SECRET). */
  auth?: AuthOptions;
  /** Secret of the gateway's statements to the subgraphs; default FLEXTIME_INTERNAL_SECRET. */
  internalSecret?: string;
  rateLimit?: RateLimitOptions;
  /** Automatic persisted queries' store (Redis when replicas share one); default in process. */
  persistedQueries?: GatewayAppOptions['persistedQueries'];
  /** Collect Node's default process metrics on the gateway's /metrics; default true. */
  defaultMetrics?: boolean;
  /** The bus generation progress is published on, followed by the SSE route; default the process's bus. */
  events?: EventBus;
}

export interface RunningStack {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  gateway: GatewayApp;
  subgraphs: RunningSubgraph[];
  /** Stops the gateway and the subgraphs (not the database). */
  stop(): Promise<void>;
}

/** Every service on an ephemeral loopback port (tests and benchmarks). */
export const EPHEMERAL_PORTS: Readonly<Record<SubgraphName | 'gateway', number>> = Object.freeze({
  gateway: 0,
  'team-availability': 0,
  'venue-management': 0,
  'constraint-validation': 0,
  'schedule-generation': 0,
});

/** Starts the four subgraphs and the gateway against an open database. */
export async function startStack(opts: StackOptions): Promise<RunningStack> {
  const host = opts.host ?? '127.0.0.1';
  const running: RunningSubgraph[] = [];
  let gateway: GatewayApp | undefined;
  const stop = async () => {
    await gateway?.close().catch((error) => opts.logger.error({ err: error }, 'gateway did not close cleanly'));
    opts.logger.debug('gateway closed');
    await Promise.all(
      running.map(async (s) => {
        await s.stop().catch((error) => opts.logger.error({ err: error, service: s.name }, 'subgraph did not stop'));
        opts.logger.debug({ service: s.name }, 'subgraph stopped');
      }),
    );
  };
  try {
    for (const def of subgraphs) {
      const port = opts.ports?.[def.name] ?? portFromEnv(def.name);
      running.push(
        await startSubgraph(def, { db: opts.db, port, host, logger: opts.logger, internalSecret: opts.internalSecret }),
      );
    }
    const subgraphUrls = Object.fromEntries(running.map((s) => [s.name, s.url])) as Record<SubgraphName, string>;
    gateway = await createGatewayApp({
      subgraphUrls,
      logger: opts.logger.child({ service: 'gateway' }),
      limits: opts.limits,
      defaultMetrics: opts.defaultMetrics,
      auth: opts.auth,
      internalSecret: opts.internalSecret,
      rateLimit: opts.rateLimit,
      persistedQueries: opts.persistedQueries,
    });
    if (opts.rest ?? true) {
      await registerRestRoutes(gateway.app, {
        execute: gateway.execute,
        logger: opts.logger.child({ service: 'rest' }),
        events: opts.events ?? eventBus(),
      });
    }
    const gatewayUrl = await gateway.listen({ port: opts.ports?.gateway ?? portFromEnv('gateway'), host });
    return { gatewayUrl, subgraphUrls, gateway, subgraphs: running, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Migrates and seeds (first run only) the database. */
export async function prepareDatabase(db: Database, logger: Logger): Promise<void> {
  const migrated = await migrate(db, { log: logger.child({ step: 'migrate' }) });
  if (migrated.applied.length) logger.info({ applied: migrated.applied }, 'migrations applied');
  const seeded = await seedIfEmpty(db, { log: logger.child({ step: 'seed' }) });
  if (seeded) logger.info('Big 12 seed data loaded');
}

/**
 * Resolves on the first SIGINT/SIGTERM. A repeat more than 2 s later exits at once (a stuck shutdown); repeats within
 * 2 s are the same Ctrl-C delivered twice (the terminal signals the whole process group and tsx relays it too).
 */
export function waitForShutdownSignal(logger: Logger): Promise<string> {
  return new Promise((resolve) => {
    let firstAt = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstAt) {
        if (Date.now() - firstAt < 2000) return;
        logger.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(130);
      }
      firstAt = Date.now();
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * Waits for `work` at most `ms`; logs and moves on when it does not settle in time (a shutdown step must never hang
 * the process: e.g. a subgraph's Apollo Server that also reacts to the signal on its own).
 */
export async function withDeadline(work: Promise<unknown>, ms: number, what: string, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), ms);
  });
  try {
    const outcome = await Promise.race([work.then(() => 'done' as const), expired]);
    if (outcome === 'expired') logger.warn({ step: what, ms }, 'shutdown step did not finish in time; continuing');
  } catch (error) {
    logger.error({ err: error, step: what }, 'shutdown step failed; continuing');
  } finally {
    clearTimeout(timer);
  }
}

/** After a clean shutdown nothing should keep the process alive; if something does, exit anyway. */
export function exitSoon(code: number): void {
  setTimeout(() => process.exit(code), 1000).unref();
}

export async function run(args: string[]): Promise<number | undefined> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(
      'usage: flextime start   — migrate + seed the database if needed, start 4 subgraphs and the gateway\n' +
        '  env: DATABASE_URL (else embedded PGlite in FLEXTIME_DATA_DIR or .flextime/pgdata), HOST, GATEWAY_PORT,\n' +
        '       TEAM_AVAILABILITY_PORT, VENUE_MANAGEMENT_PORT, CONSTRAINT_VALIDATION_PORT, SCHEDULE_GENERATION_PORT,\n' +
        '       SUBGRAPH_TIMEOUT_MS, GATEWAY_MAX_DEPTH, GATEWAY_MAX_COST, LOG_LEVEL,\n' +
        '       FLEXTIME_API_KEYS, FLEXTIME_JWT_*, FLEXTIME_RATE_LIMIT, FLEXTIME_INTERNAL_SECRET (generated per data\n' +
        '       directory outside production, with a local admin key printed on first start)',
    );
    return 0;
  }
  if (args.length) throw new Error(`unknown argument '${args[0]}' (usage: flextime start)`);
  const logger = pino({ name: 'flextime', level: process.env.LOG_LEVEL ?? 'info' });
  // A second `npm start` on the same data dir fails here with the lock holder's pid (one clear line, exit 1).
  const db = await openDatabaseFromEnv();
  let stack: RunningStack | undefined;
  let background: Background | undefined;
  const state = gatewayStateFromEnv(logger);
  try {
    logger.info({ database: db.kind }, 'database open');
    await prepareDatabase(db, logger);
    const local = loadOrCreateLocalAuth(process.env.FLEXTIME_DATA_DIR || '.flextime/pgdata');
    // the workers and event consumers of this process sign their own gateway calls with the same secret
    process.env.FLEXTIME_INTERNAL_SECRET = local.internalSecret;
    const auth = authOptionsFromEnv();
    const apiKeys = new Map(auth.apiKeys);
    if (local.adminKey)
      for (const [hash, entry] of parseApiKeys(`${hashApiKey(local.adminKey)}:*:admin`)) apiKeys.set(hash, entry);
    stack = await startStack({
      db,
      logger,
      host: process.env.HOST || '127.0.0.1',
      auth: { ...auth, apiKeys },
      internalSecret: local.internalSecret,
      rateLimit: state.rateLimit,
      persistedQueries: state.persistedQueries,
    });
    // Generation jobs and event consumers read other services' data through this process's own gateway.
    background = await startBackground({ db, logger, gatewayUrl: process.env.GATEWAY_URL || stack.gatewayUrl });
    const base = stack.gatewayUrl.replace(/\/graphql$/, '');
    const lines = [
      '',
      'FlexTime is running:',
      `  Workspace (web)     ${base}/   (sign in with the local admin key below)`,
      `  GraphQL (gateway)   ${stack.gatewayUrl}   (GraphiQL in the workspace: ${base}/#/graphiql)`,
      `  REST                ${base}/api/v1   ${base}/api/v2   docs ${base}/docs`,
      `  health / ready      ${base}/health   ${base}/ready   metrics ${base}/metrics`,
      ...describeLocalAuth(local),
      ...stack.subgraphs.map((s) => `  ${s.name.padEnd(22)}${s.url}   (answers only the gateway)`),
      '',
      'Press Ctrl-C to stop.',
      '',
    ];
    console.log(lines.join('\n'));
    const signal = await waitForShutdownSignal(logger);
    logger.info({ signal }, 'shutting down');
    exitSoon(0);
    return 0;
  } finally {
    if (background) await withDeadline(background.stop(), 5000, 'stop jobs and event consumers', logger);
    if (stack) await withDeadline(stack.stop(), 5000, 'stop services', logger);
    await withDeadline(state.close(), 2000, 'close shared state', logger);
    await withDeadline(db.close(), 5000, 'close database', logger);
    logger.info('stopped');
  }
}
