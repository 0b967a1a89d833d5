#!/usr/bin/env node
// The composition root's command line: `flextime <command> [args]`. Each command lives in
// bin/commands/<command>.ts and exports `run(args: string[]): Promise<number | undefined>`.
import { existsSync } from 'node:fs';
import { surviveConnectionLossRejections } from '../db/index.ts';

const [command, ...args] = process.argv.slice(2);
const commandFile = command ? new URL(`./commands/${command}.ts`, import.meta.url) : null;

if (!command || !commandFile || !/^[a-z-]+$/.test(command) || !existsSync(commandFile)) {
  console.error(
    `flextime: unknown command '${command ?? ''}'. Commands: start, serve, hive-gateway, migrate, seed, compose, codegen, backup, rollback, refresh-views, audit`,
  );
  process.exit(2);
}

surviveConnectionLossRejections(() =>
  console.error(
    JSON.stringify({ level: 40, time: Date.now(), name: 'flextime', msg: 'database connection lost during setup' }),
  ),
);

try {
  const { run } = (await import(commandFile.href)) as { run: (args: string[]) => Promise<number | undefined> };
  const code = await run(args);
  if (code !== undefined) process.exitCode = code;
} catch (error) {
  // One clear line, never a stack trace, for operator-facing failures.
  console.error(`flextime ${command}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
