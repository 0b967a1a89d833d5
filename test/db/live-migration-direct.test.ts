// The live migrator is an operator's session tool: it holds a session-level advisory lock through a whole switch, which
// only dies with its holder on a direct connection. Under FLEXTIME_DB_POOLING=transaction (DATABASE_URL: PgBouncer) it
// and the backup of `live finish` go to DIRECT_DATABASE_URL and refuse without it; and a lock that some connection
// never lets go (one stranded on a pooled server connection) is named in an error instead of hanging every command.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openBackupTarget } from '../../db/backup/index.ts';
import { ApplyLockBusyError, applyBatch } from '../../db/live/apply.ts';
import { readColumnTypes } from '../../db/live/install.ts';
import { APPLY_LOCK_KEY } from '../../db/live/sql.ts';
import { startLive } from '../../db/live/start.ts';
import { readState } from '../../db/live/state.ts';
import { cutover } from '../../db/live/switch.ts';
import { migrate } from '../../db/migrate.ts';
import { runCli } from '../support/cli.ts';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/db.ts';

const onPostgres = DB_KINDS.includes('postgres');

describe.runIf(onPostgres)('the live migrator on a direct connection (postgres)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ kind: 'postgres', migrate: false, monolith: true });
    await migrate(t.db);
    await t.db.session((s) => startLive(s));
  }, 120_000);
  afterAll(() => t?.dispose());

  const pooledOnly = () => ({
    DATABASE_URL: t.url,
    DIRECT_DATABASE_URL: undefined,
    FLEXTIME_DB_POOLING: 'transaction',
    LOG_LEVEL: 'warn',
  });

  test('a live command under transaction pooling without DIRECT_DATABASE_URL refuses, naming it, and switches nothing', async () => {
    for (const command of ['cutover', 'follow']) {
      const r = await runCli(['migrate', 'live', command], pooledOnly());
      expect(r.code, `live ${command}`).toBe(1);
      expect(r.stderr).toMatch(/set DIRECT_DATABASE_URL to a connection that does not go through PgBouncer/);
    }
    expect((await t.db.session(readState))?.phase).toBe('monolith');
  }, 60_000);

  test("live finish's backup under transaction pooling is taken on DIRECT_DATABASE_URL, never through the pool", async () => {
    await expect(openBackupTarget({ DATABASE_URL: t.url, FLEXTIME_DB_POOLING: 'transaction' })).rejects.toThrow(
      /DIRECT_DATABASE_URL/,
    );
    const opened = await openBackupTarget({
      DATABASE_URL: t.url,
      DIRECT_DATABASE_URL: t.directUrl,
      FLEXTIME_DB_POOLING: 'transaction',
    });
    await opened.close();
    expect(opened.target).toEqual({ kind: 'postgres', url: t.directUrl });
  });

  test('an apply lock another connection never lets go fails the switch and the applier, naming its holder', async () => {
    const holder = postgres(t.directUrl!, { max: 1, onnotice: () => {}, fetch_types: false });
    try {
      const [{ pid }] = await holder.unsafe(`SELECT pg_advisory_lock(${APPLY_LOCK_KEY}), pg_backend_pid() AS pid`);
      const named = new RegExp(`held by backend ${pid} .*DIRECT_DATABASE_URL.*pg_terminate_backend`);
      await expect(
        t.db.session(async (s) => cutover(s, await readColumnTypes(s), { lockWaitMs: 300 })),
      ).rejects.toThrow(named);
      expect((await t.db.session(readState))?.phase).toBe('monolith'); // nothing fenced
      // an applier batch waits as long as its session's lock_timeout (30 s when it sets none), then names the holder
      const applied = t.db.session(async (s) => {
        await s.exec("SET lock_timeout = '300ms'");
        try {
          return await applyBatch(s, 'forward');
        } finally {
          await s.exec('RESET lock_timeout');
        }
      });
      await expect(applied).rejects.toThrow(ApplyLockBusyError);
      await expect(applied).rejects.toThrow(named);
    } finally {
      await holder.end();
    }
    // the holder's connection closed: its session lock went with it, and the switch goes through
    const done = await t.db.session(async (s) => cutover(s, await readColumnTypes(s), { lockWaitMs: 5000 }));
    expect(done.failed).toBeUndefined();
    expect((await t.db.session(readState))?.phase).toBe('services');
  }, 60_000);
});
