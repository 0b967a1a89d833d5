// FlexTime as a multi-replica deployment on loopback: N processes of each subgraph and N gateway processes (each the
// real CLI, `flextime serve <service>`), one round-robin proxy in front of each service, sharing one PostgreSQL
// database and one Redis (under a key prefix of their own). The gateways reach each subgraph through its proxy; the
// subgraphs' workers reach the gateways through theirs — as behind a load balancer.
import type { ChildProcess } from 'node:child_process';
import { envPrefix, SUBGRAPH_NAMES, type SubgraphName } from '../../gateway/config.ts';
import { INTERNAL_SECRET, JWT_SECRET, testApiKeysEnv } from './auth.ts';
import { spawnCli } from './cli.ts';
import { type RoundRobinProxy, startRoundRobinProxy } from './round-robin-proxy.ts';
import { dropRedisKeys } from './stack.ts';

export type ServiceName = SubgraphName | 'gateway';

export interface ReplicaProcess {
  service: ServiceName;
  replica: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  child: ChildProcess;
  /** Output so far (for a failure message). */
  output(): string;
  /** Kills the process (SIGKILL: no draining, as a crash or a lost machine) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ReplicaDeployment {
  proxies: Record<ServiceName, RoundRobinProxy>;
  processes: ReplicaProcess[];
  /** The processes of one service, in replica order. */
  replicasOf(service: ServiceName): ReplicaProcess[];
  /** Through the gateways' load balancer: http://127.0.0.1:<port>/graphql */
  gatewayUrl: string;
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Redis key prefix of this deployment (deleted by stop()). */
  prefix: string;
  replicas?: number;
  /** Extra environment for every process (FLEXTIME_RATE_LIMIT …). */
  env?: Record<string, string>;
}

const LISTENING = /^(?:gateway|[a-z-]+): (http:\/\/[\d.]+:\d+)\/graphql/m;

function startProcess(service: ServiceName, replica: number, env: Record<string, string>): Promise<ReplicaProcess> {
  const child = spawnCli(['serve', service], { ...env, [`${envPrefix(service)}_PORT`]: '0', HOST: '127.0.0.1' });
  let out = '';
  let exited: Promise<void> | null = null;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${service}#${replica} did not start in 90 s:\n${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d;
      if (out.length > 200_000) out = out.slice(-100_000);
      const m = LISTENING.exec(out);
      if (!m || !out.includes(`${service}: `)) return;
      clearTimeout(timer);
      resolve({
        service,
        replica,
        origin: m[1],
        child,
        output: () => out,
        kill(signal = 'SIGKILL') {
          exited ??= (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : exit).then(() => {});
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${service}#${replica} exited (${code}) before listening:\n${out}`));
    });
  });
}

export async function startReplicaDeployment(opts: ReplicaOptions): Promise<ReplicaDeployment> {
  const n = opts.replicas ?? 2;
  const services: ServiceName[] = [...SUBGRAPH_NAMES, 'gateway'];
  const proxies = Object.fromEntries(
    await Promise.all(services.map(async (s) => [s, await startRoundRobinProxy()] as const)),
  ) as Record<ServiceName, RoundRobinProxy>;
  const gatewayUrl = `${proxies.gateway.origin}/graphql`;
  const common: Record<string, string> = {
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    FLEXTIME_REDIS_PREFIX: opts.prefix,
    FLEXTIME_INTERNAL_SECRET: INTERNAL_SECRET,
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  const processes: ReplicaProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await Promise.all(Object.values(proxies).map((p) => p.close()));
    await dropRedisKeys(opts.prefix, opts.redisUrl).catch(() => {});
  };
  try {
    // The subgraphs first (their workers call the gateways through the gateways' proxy, which waits for backends).
    for (const name of SUBGRAPH_NAMES) {
      const started = await Promise.all(
        Array.from({ length: n }, (_, i) => startProcess(name, i, { ...common, GATEWAY_URL: gatewayUrl })),
      );
      processes.push(...started);
      proxies[name].setBackends(started.map((p) => p.origin));
    }
    const subgraphUrls = Object.fromEntries(
      SUBGRAPH_NAMES.map((s) => [`${envPrefix(s)}_URL`, `${proxies[s].origin}/graphql`]),
    );
    const gateways = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        startProcess('gateway', i, {
          ...common,
          ...subgraphUrls,
          FLEXTIME_API_KEYS: testApiKeysEnv(),
          FLEXTIME_JWT_SECRET: JWT_SECRET,
        }),
      ),
    );
    processes.push(...gateways);
    proxies.gateway.setBackends(gateways.map((p) => p.origin));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    proxies,
    processes,
    gatewayUrl,
    replicasOf: (service) => processes.filter((p) => p.service === service),
    stop,
  };
}
