// Connecting: a DATABASE_URL pointing at nothing, with a wrong password, or not a postgres:// URL → one
// clear line on stderr and a non-zero exit (no stack trace); the embedded data directory is locked against
// a second process and a stale lock (dead pid) is taken over.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  DatabaseConnectionError,
  openDatabase,
  openDatabaseFromEnv,
  redactUrl,
  rows,
} from '../../db/index.ts';
import { runCli } from '../support/cli.ts';
import { closedPort, startWrongPasswordServer } from '../support/fake-postgres.ts';

function expectOneClearLine(stderr: string, ...fragments: string[]) {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^flextime migrate: /);
  for (const f of fragments) expect(lines[0]).toContain(f);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('DATABASE_URL that does not work', () => {
  let fake: Awaited<ReturnType<typeof startWrongPasswordServer>>;
  beforeAll(async () => {
    fake = await startWrongPasswordServer();
  });
  afterAll(() => fake?.close());

  it('pointing at nothing: one clear line, exit 1', { timeout: 60_000 }, async () => {
    const port = await closedPort();
    const r = await runCli(['migrate'], { DATABASE_URL: `postgres://flextime@127.0.0.1:${port}/flextime` });
    expect(r.code).toBe(1);
    expectOneClearLine(r.stderr, 'cannot connect to PostgreSQL', `127.0.0.1:${port}`, 'ECONNREFUSED');
  });

  it('with a wrong password: one clear line naming the cause, password not echoed, exit 1', {
    timeout: 60_000,
  }, async () => {
    const r = await runCli(['migrate', 'status'], {
      DATABASE_URL: `postgres://flextime:hunter2-wrong@127.0.0.1:${fake.port}/flextime`,
    });
    expect(r.code).toBe(1);
    expectOneClearLine(r.stderr, 'password authentication failed for user "flextime"');
    expect(r.stderr).not.toContain('hunter2');
  });

  it('not a postgres:// URL: one clear line, exit 1', { timeout: 60_000 }, async () => {
    const r = await runCli(['migrate'], { DATABASE_URL: 'mysql://root:secret@localhost/flextime' });
    expect(r.code).toBe(1);
    expectOneClearLine(r.stderr, 'DATABASE_URL must start with postgres://');
    expect(r.stderr).not.toContain('secret');
  });

  it('openDatabase rejects with a DatabaseConnectionError', async () => {
    const port = await closedPort();
    await expect(openDatabase({ url: `postgres://u:p@127.0.0.1:${port}/x` })).rejects.toBeInstanceOf(
      DatabaseConnectionError,
    );
  });

  it('redacts passwords from URLs in messages', () => {
    expect(redactUrl('postgres://user:s3cret@db.example:5432/app')).toBe('postgres://user@db.example:5432/app');
    expect(redactUrl('postgres://db.example/app')).toBe('postgres://db.example/app');
  });
});

describe('embedded data directory lock', () => {
  const root = mkdtempSync(join(tmpdir(), 'flextime-lock-'));
  const dataDir = join(root, 'pgdata');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a second lock of a directory in use fails with a clear message; release frees it', () => {
    const release = acquireDataDirLock(dataDir);
    try {
      expect(readFileSync(`${dataDir}.lock`, 'utf8').trim()).toBe(String(process.pid));
      let error: unknown;
      try {
        acquireDataDirLock(dataDir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DatabaseConnectionError);
      expect((error as Error).message).toContain(`already in use by process ${process.pid}`);
    } finally {
      release();
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    acquireDataDirLock(dataDir)();
  });

  it('a lock left by a dead process is taken over', () => {
    writeFileSync(`${dataDir}.lock`, '2147483646\n');
    const release = acquireDataDirLock(dataDir);
    expect(readFileSync(`${dataDir}.lock`, 'utf8').trim()).toBe(String(process.pid));
    release();
  });

  it('openDatabaseFromEnv opens embedded PGlite in FLEXTIME_DATA_DIR when DATABASE_URL is unset', async () => {
    const db = await openDatabaseFromEnv({ FLEXTIME_DATA_DIR: 'memory://' });
    try {
      expect(db.kind).toBe('pglite');
      const [r] = await db.admin((tx) => rows<{ one: number }>(tx, sql`select 1 as one`));
      expect(r.one).toBe(1);
    } finally {
      await db.close();
    }
  });
});
