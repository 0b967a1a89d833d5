// `flextime hive-gateway`: Hive Gateway (@graphql-hive/gateway-runtime, a development dependency: install it where
// this runs) serving gateway/supergraph.graphql on GATEWAY_PORT, in place of `flextime serve gateway`. It
// authenticates callers with the same credentials (FLEXTIME_API_KEYS, FLEXTIME_JWT_*), rate-limits them (in Redis
// with REDIS_URL) and signs each subgraph call with FLEXTIME_INTERNAL_SECRET (see gateway/hive.ts). Subgraph URLs:
// TEAM_AVAILABILITY_URL, … as for the FlexTime gateway. REST: run `flextime serve gateway` with GATEWAY_URL set to
// this process's /graphql.
import { createServer } from 'node:http';
import { pino } from 'pino';
import { authOptionsFromEnv } from '../../gateway/auth/index.ts';
import { readSupergraphSdl } from '../../gateway/composition.ts';
import { portFromEnv, SUBGRAPH_NAMES } from '../../gateway/config.ts';
import { gatewayStateFromEnv } from './gateway-state.ts';
import { exitSoon, waitForShutdownSignal, withDeadline } from './start.ts';

export async function run(args: string[]): Promise<number | undefined> {
  if (args.length) throw new Error(`unexpected argument '${args[0]}' (usage: flextime hive-gateway)`);
  const logger = pino({ name: 'flextime', level: process.env.LOG_LEVEL ?? 'info' });
  const { createHiveGateway, subgraphUrlOverrides } = await import('../../gateway/hive.ts');
  const state = gatewayStateFromEnv(logger);
  const runtime = createHiveGateway({
    supergraphSdl: readSupergraphSdl(),
    subgraphUrls: subgraphUrlOverrides(SUBGRAPH_NAMES),
    auth: authOptionsFromEnv(),
    internalSecret: process.env.FLEXTIME_INTERNAL_SECRET ?? '',
    rateLimit: state.rateLimit,
  });
  const server = createServer(runtime);
  const host = process.env.HOST || '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(portFromEnv('gateway'), host, resolve));
  const address = server.address();
  console.log(`hive-gateway: http://${host}:${typeof address === 'object' && address ? address.port : ''}/graphql`);
  const signal = await waitForShutdownSignal(logger);
  logger.info({ signal }, 'shutting down');
  server.closeAllConnections();
  await withDeadline(
    Promise.all([new Promise((r) => server.close(r)), runtime.dispose(), state.close()]),
    4000,
    'close hive gateway',
    logger,
  );
  exitSoon(0);
  return 0;
}
