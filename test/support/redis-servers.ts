// Throw-away Redis servers for the topology tests: a primary watched by a Sentinel, and a three-node Cluster, each on
// free loopback ports with a temporary directory, stopped (and the directory removed) by stop().
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REDIS_SERVER_AVAILABLE = await run('redis-server', ['--version']).then(
  () => true,
  () => false,
);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function ping(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await run('redis-cli', ['-p', String(port), 'ping']).then(
      (r) => r.stdout.trim() === 'PONG',
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis on port ${port} did not answer`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RedisServers {
  ports: number[];
  stop(): Promise<void>;
}

function start(args: string[], dir: string): ChildProcess {
  return spawn('redis-server', args, { cwd: dir, stdio: 'ignore' });
}

async function stopAll(children: ChildProcess[], dir: string): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGKILL');
        }),
    ),
  );
  rmSync(dir, { recursive: true, force: true });
}

/** A primary and one Sentinel watching it under `name`; ports: [primary, sentinel]. */
export async function startSentinel(name: string): Promise<RedisServers> {
  const dir = mkdtempSync(join(tmpdir(), 'flextime-sentinel-'));
  const [primary, sentinel] = [await freePort(), await freePort()];
  const children = [start(['--port', String(primary), '--save', '', '--appendonly', 'no'], dir)];
  try {
    await ping(primary);
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(conf, `port ${sentinel}\nbind 127.0.0.1\nsentinel monitor ${name} 127.0.0.1 ${primary} 1\n`);
    children.push(start([conf, '--sentinel'], dir));
    await ping(sentinel);
  } catch (error) {
    await stopAll(children, dir);
    throw error;
  }
  return { ports: [primary, sentinel], stop: () => stopAll(children, dir) };
}

/** A Cluster of three primaries (no replicas), every slot assigned; ports: the nodes'. */
export async function startCluster(): Promise<RedisServers> {
  const dir = mkdtempSync(join(tmpdir(), 'flextime-cluster-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  try {
    for (const port of ports) {
      children.push(
        start(
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--save',
            '',
            '--appendonly',
            'no',
            '--dir',
            dir,
          ],
          dir,
        ),
      );
    }
    for (const port of ports) await ping(port);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const info = await run('redis-cli', ['-p', String(ports[0]), 'cluster', 'info']);
      if (info.stdout.includes('cluster_state:ok')) break;
      if (Date.now() > deadline) throw new Error(`cluster did not become ready:\n${info.stdout}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stopAll(children, dir);
    throw error;
  }
  return { ports, stop: () => stopAll(children, dir) };
}
