// `flextime serve <service>` (npm run start:<service>): runs ONE service in this process — a subgraph
// (team-availability, venue-management, constraint-validation, schedule-generation) or the gateway — which is what
// each docker-compose container runs. A subgraph logs in as its own role: <SCHEMA>_DATABASE_URL (e.g.
// TEAM_AVAILABILITY_DATABASE_URL) or DATABASE_URL. The gateway needs no database, only the subgraph URLs
// (TEAM_AVAILABILITY_URL, …). Port: <SERVICE>_PORT; bind address: HOST (default 127.0.0.1; 0.0.0.0 in containers).
// Through PgBouncer in transaction mode: FLEXTIME_DB_POOLING=transaction (README: "Running on more than one machine").
import { pino } from 'pino';
import { openDatabase, poolingFromEnv, serviceUrlEnvVar } from '../../db/index.ts';
import { InternalSigner, internalSecretFrom } from '../../gateway/auth/index.ts';
import { portFromEnv, SUBGRAPH_NAMES, type SubgraphName } from '../../gateway/config.ts';
import { httpExecutor } from '../../gateway/rest/executor.ts';
import { registerRestRoutes } from '../../gateway/rest/index.ts';
import { createGatewayApp } from '../../gateway/server.ts';
import { createProcessDependencies } from '../../subgraphs/dependencies.ts';
import { startSubgraph, subgraphs } from '../../subgraphs/index.ts';
import { createEventBus } from '../../subgraphs/kit/events/index.ts';
import { redisPrefix, redisUrlFromEnv } from '../../subgraphs/kit/events/redis.ts';
import { startTelemetry } from '../telemetry.ts';
import { gatewayStateFromEnv } from './gateway-state.ts';
import { exitSoon, waitForShutdownSignal, withDeadline } from './start.ts';

const USAGE = `usage: flextime serve <service>
  services: gateway, ${SUBGRAPH_NAMES.join(', ')}`;

export async function run(args: string[]): Promise<number | undefined> {
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  if (rest.length) throw new Error(`unexpected argument '${rest[0]}'\n${USAGE}`);
  const host = process.env.HOST || '127.0.0.1';
  const logger = pino({ name: 'flextime', level: process.env.LOG_LEVEL ?? 'info' });
  // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (service.name flextime-<service>); otherwise no SDK at all
  await startTelemetry(`flextime-${name}`);

  if (name === 'gateway') {
    const state = gatewayStateFromEnv(logger);
    // GATEWAY_URL: the REST shim's operations go to that supergraph endpoint over HTTP (another gateway replica, Hive
    // Gateway, Apollo Router) with the caller's credential, and are rate-limited there; unset, they run in this process.
    const remote = process.env.GATEWAY_URL
      ? httpExecutor(process.env.GATEWAY_URL, {
          signer: new InternalSigner(internalSecretFrom(process.env.FLEXTIME_INTERNAL_SECRET)),
        })
      : null;
    const gateway = await createGatewayApp({
      logger: logger.child({ service: 'gateway' }),
      rateLimit: state.rateLimit,
      persistedQueries: state.persistedQueries,
      restCountedRemotely: remote !== null,
    });
    // generation progress (SSE) reaches this process on Redis Streams (REDIS_URL), from workers anywhere: the
    // gateway's own bus, made here
    const events = createEventBus({ url: redisUrlFromEnv(), prefix: redisPrefix(), logger });
    await registerRestRoutes(gateway.app, {
      execute: remote?.execute ?? gateway.execute,
      logger: logger.child({ service: 'rest' }),
      events,
    });
    const url = await gateway.listen({ port: portFromEnv('gateway'), host });
    if (remote && sameEndpoint(process.env.GATEWAY_URL ?? '', url)) {
      await gateway.close();
      throw new Error(
        `GATEWAY_URL (${process.env.GATEWAY_URL}) is this gateway itself: REST requests would call themselves`,
      );
    }
    console.log(`gateway: ${url}  (subgraphs: ${Object.values(gateway.subgraphUrls).join(', ')})`);
    if (remote) console.log(`REST shim runs its operations at ${process.env.GATEWAY_URL}`);
    const signal = await waitForShutdownSignal(logger);
    logger.info({ signal }, 'shutting down');
    await withDeadline(gateway.close(), 4000, 'close gateway', logger);
    await withDeadline(
      Promise.all([remote?.close(), state.close(), events.close()]),
      2000,
      'close shared state',
      logger,
    );
    exitSoon(0);
    return 0;
  }

  if (!(SUBGRAPH_NAMES as readonly string[]).includes(name)) throw new Error(`unknown service '${name}'\n${USAGE}`);
  const def = subgraphs.find((s) => s.name === name);
  if (!def) throw new Error(`subgraph '${name}' is not registered in subgraphs/index.ts`);
  const ownUrl = process.env[serviceUrlEnvVar(def.name)] || undefined;
  // Least privilege: with only the service's own login URL, the whole process connects as that role.
  const db = await openDatabase({
    url: process.env.DATABASE_URL || ownUrl,
    dataDir: process.env.FLEXTIME_DATA_DIR || undefined,
    serviceUrls: ownUrl ? { [def.name]: ownUrl } : {},
    pooling: poolingFromEnv(process.env.FLEXTIME_DB_POOLING),
    directUrl: process.env.DIRECT_DATABASE_URL || undefined,
  });
  // This process's bus, cache and (schedule-generation only) jobs runtime, handed to the subgraph.
  const deps = createProcessDependencies(db, {
    redisUrl: redisUrlFromEnv() ?? null,
    prefix: redisPrefix(),
    logger,
    generation: def.name === 'schedule-generation' ? { logger, gatewayUrl: process.env.GATEWAY_URL } : false,
  });
  try {
    const running = await startSubgraph(def, { deps, port: portFromEnv(name as SubgraphName), host, logger });
    console.log(`${name}: ${running.url}`);
    const signal = await waitForShutdownSignal(logger);
    logger.info({ signal }, 'shutting down');
    await withDeadline(running.stop(), 4000, `stop ${name}`, logger);
    exitSoon(0);
    return 0;
  } finally {
    await withDeadline(deps.close(), 5000, 'stop generation jobs, event bus and cache', logger);
    await withDeadline(db.close(), 5000, 'close database', logger);
  }
}

/** Whether two GraphQL URLs name one endpoint (loopback spellings and the wildcard address treated as one). */
function sameEndpoint(a: string, b: string): boolean {
  const local = (h: string) => (['127.0.0.1', 'localhost', '0.0.0.0', '[::1]', '[::]'].includes(h) ? 'local' : h);
  const [x, y] = [new URL(a), new URL(b)];
  return local(x.hostname) === local(y.hostname) && x.port === y.port && x.pathname === y.pathname;
}
