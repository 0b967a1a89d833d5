// The live migration end to end, under a legacy writer that keeps inserting, updating and deleting games, schedules,
// blackouts and venue hours: start (capture + backfill) → cutover → writes through REST v1 and GraphQL → rollback →
// writes on the monolith → cutover → finish (on PostgreSQL the writer is a child process). After each phase `live verify` finds no difference and every write the
// ledger recorded is on the live side exactly once (checked by the ledger's own queries, not by verify).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBackup } from '../../db/backup/index.ts';
import type { AdminSession } from '../../db/index.ts';
import { catchUp } from '../../db/live/apply.ts';
import { finishLive } from '../../db/live/finish.ts';
import { readColumnTypes } from '../../db/live/install.ts';
import { startLive } from '../../db/live/start.ts';
import { cutover, rollback } from '../../db/live/switch.ts';
import { verifyLive } from '../../db/live/verify.ts';
import { DB_KINDS } from '../support/db.ts';
import {
  checkLedger,
  type Exec,
  Ledger,
  type LegacyApplication,
  LegacyWriter,
  prng,
} from '../support/legacy-writer.ts';
import { LegacyWriterProcess } from '../support/legacy-writer-process.ts';
import { REST_SUITE, startTestStack, type TestStack } from '../support/stack.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const kind of DB_KINDS) {
  describe(`live migration under a legacy writer (${kind})`, () => {
    let stack: TestStack;
    let exec: Exec;
    let closeWriterConnection = async () => {};
    const backupDir = mkdtempSync(join(tmpdir(), 'flextime-live-backup-'));

    beforeAll(async () => {
      stack = await startTestStack({ kind, ...REST_SUITE, redisPrefix: 'live' });
      if (kind === 'postgres') {
        // the legacy application has connections of its own
        const sql = postgres(stack.database.url!, { max: 2, onnotice: () => {}, fetch_types: false });
        exec = async (text, params = []) => [...(await sql.unsafe(text, params as never[]))];
        closeWriterConnection = () => sql.end();
      } else {
        exec = (text, params) => stack.db.session((s) => s.query(text, params));
      }
    }, 120_000);
    afterAll(async () => {
      await closeWriterConnection();
      await stack?.stop();
      rmSync(backupDir, { recursive: true, force: true });
    });

    const migrator = <T>(fn: (s: AdminSession) => Promise<T>) => stack.db.session(fn);

    async function expectConsistent(side: 'monolith' | 'services', ledger: Ledger) {
      const v = await migrator(async (s) => {
        await catchUp(s);
        return verifyLive(s, await readColumnTypes(s));
      });
      expect(v.tables.filter((t) => !t.equal)).toEqual([]);
      expect(await checkLedger(exec, ledger, side)).toEqual([]);
    }

    async function writeThroughServices(ledger: Ledger, token: string) {
      const created = await stack.request('POST', '/api/v1/schedules', {
        body: {
          name: `svc ${token}`,
          sport_id: 1,
          conference_id: 1,
          year: 2025,
          start_date: '2026-01-05',
          end_date: '2026-02-20',
          description: `${token}-s`,
        },
      });
      expect(created.status).toBe(201);
      ledger.record('schedules', Number(created.body.id), { present: true, stamp: `${token}-s` });
      const updated = await stack.request('PUT', '/api/v1/schedules/2', { body: { description: `${token}-u` } });
      expect(updated.status).toBe(200);
      ledger.record('schedules', 2, { present: true, stamp: `${token}-u` });
      const doomed = await stack.request('POST', '/api/v1/schedules', {
        body: { name: `doomed ${token}`, sport_id: 1, conference_id: 1, year: 2025, description: `${token}-d` },
      });
      expect((await stack.request('DELETE', `/api/v1/schedules/${doomed.body.id}`)).status).toBe(204);
      ledger.record('schedules', Number(doomed.body.id), { present: false });

      const game = await stack.gql<{ createGame: { id: string } }>(
        'mutation($input: CreateGameInput!) { createGame(input: $input) { id } }',
        { input: { scheduleId: '1', homeTeamId: '4', awayTeamId: '9', date: '2026-02-10', notes: `${token}-g` } },
      );
      ledger.record('games', Number(game.data.createGame.id), { present: true, stamp: `${token}-g` });
      await stack.gql(`mutation { updateGame(id: "3", input: { notes: "${token}-gu" }) { id } }`);
      ledger.record('games', 3, { present: true, stamp: `${token}-gu` });
      const gone = await stack.gql<{ createGame: { id: string } }>(
        'mutation($input: CreateGameInput!) { createGame(input: $input) { id } }',
        { input: { scheduleId: '1', homeTeamId: '5', awayTeamId: '6', date: '2026-02-11', notes: `${token}-gd` } },
      );
      await stack.gql(`mutation { deleteGame(id: "${gone.data.createGame.id}") }`);
      ledger.record('games', Number(gone.data.createGame.id), { present: false });

      const blackout = await stack.gql<{ createBlackout: { id: string } }>(
        'mutation($input: CreateBlackoutInput!) { createBlackout(input: $input) { id } }',
        { input: { teamId: '3', seasonId: '2', startDate: '2026-02-14', endDate: '2026-02-15', reason: `${token}-b` } },
      );
      ledger.record('team_blackouts', Number(blackout.data.createBlackout.id), { present: true, stamp: `${token}-b` });
      await stack.gql(`mutation { updateBlackout(id: "2", input: { reason: "${token}-bu" }) { id } }`);
      ledger.record('team_blackouts', 2, { present: true, stamp: `${token}-bu` });
      await stack.gql(`mutation { deleteBlackout(id: "${blackout.data.createBlackout.id}") }`);
      ledger.record('team_blackouts', Number(blackout.data.createBlackout.id), { present: false });
    }

    test('moves to the services and back and forth again with no write lost or doubled', async () => {
      const ledger = new Ledger();
      // on PostgreSQL the legacy application is a process of its own (reporting each write it saw succeed)
      const writer: LegacyApplication =
        kind === 'postgres'
          ? new LegacyWriterProcess(stack.database.url!, ledger, 8)
          : new LegacyWriter(exec, ledger, prng(7));
      writer.start(10);
      try {
        await sleep(200);
        const started = await migrator((s) => startLive(s, { batchRows: 40, drainEveryBatches: 2 }));
        expect(started.copied).toBeGreaterThan(250);
        await sleep(300);
        await writer.paused(() => expectConsistent('monolith', ledger), 10);
        // the change log's lag per direction is in public.microservice_health while the migration runs
        const health = await exec('SELECT * FROM public.microservice_health');
        expect(health.map((h) => h.service_name)).toEqual([
          'team-availability',
          'venue-management',
          'constraint-validation',
          'schedule-generation',
        ]);
        for (const h of health) {
          expect(h.live_migration_phase).toBe('monolith');
          expect(Number(h.forward_lag_rows)).toBeGreaterThanOrEqual(0);
          expect(Number(h.forward_lag_seconds)).toBeGreaterThanOrEqual(0);
          expect(Number(h.reverse_lag_rows)).toBe(0);
          expect(h.status).toBe('healthy');
        }

        // before the cutover the services are fenced: a write through them is refused, through every door
        const early = await stack.gql(
          'mutation { updateBlackout(id: "1", input: { reason: "too early" }) { id } }',
          {},
          { allowErrors: true },
        );
        expect(early.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
        expect(early.errors?.[0]?.message).toMatch(/live migration/);
        const earlyRest = await stack.request('PUT', '/api/v1/schedules/1', { body: { description: 'too early' } });
        expect(earlyRest.status).toBe(503);

        const first = await migrator(async (s) => cutover(s, await readColumnTypes(s)));
        expect(first.failed).toBeUndefined();
        expect(first.pauseMs).toBeLessThan(5000);
        const refusedBefore = ledger.refused;
        await sleep(200);
        expect(ledger.refused).toBeGreaterThan(refusedBefore); // the legacy writer is fenced out now
        await writeThroughServices(ledger, 'svc1');
        await expectConsistent('services', ledger);

        const back = await migrator(async (s) => rollback(s, await readColumnTypes(s)));
        expect(back.failed).toBeUndefined();
        // the writes made through the services are in the monolith
        await writer.paused(() => expectConsistent('monolith', ledger), 10);
        const writesBefore = ledger.writes;
        await sleep(400);
        expect(ledger.writes).toBeGreaterThan(writesBefore); // the legacy writer writes again

        const again = await migrator(async (s) => cutover(s, await readColumnTypes(s)));
        expect(again.failed).toBeUndefined();
        await writeThroughServices(ledger, 'svc2');
        await writer.stop();
        await expectConsistent('services', ledger);
        const status = await migrator((s) => s.query<{ status: string }>('SELECT status FROM get_migration_status()'));
        expect(status.map((r) => r.status)).toContain('live:services');

        const finished = await migrator((s) =>
          finishLive(s, {
            backup: async () => {
              if (kind === 'postgres') {
                const m = await createBackup(
                  { kind: 'postgres', url: stack.database.directUrl! }, // pg_dump: never through PgBouncer
                  { schema: 'public', dir: backupDir },
                );
                return m.directory;
              }
              const file = join(backupDir, 'pgdata.tar');
              writeFileSync(file, Buffer.from(await (await stack.db.dumpDataDir!()).arrayBuffer()));
              return file;
            },
          }),
        );
        expect(finished.backup).toContain(backupDir);
        const leftovers = await exec(
          "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'flextime_live%' UNION ALL SELECT nspname FROM pg_namespace WHERE nspname = 'flextime_live'",
        );
        expect(leftovers).toEqual([]);
        // microservice_health is 001's again (views_refreshed_at its last column, no live columns)
        const [after] = await exec('SELECT * FROM public.microservice_health');
        expect(Object.keys(after).at(-1)).toBe('views_refreshed_at');
        expect(Object.keys(after)).not.toContain('live_migration_phase');
        expect(await checkLedger(exec, ledger, 'services')).toEqual([]);
        // the monolith, kept (no --drop-monolith), still holds every write up to the finish
        expect(await checkLedger(exec, ledger, 'monolith')).toEqual([]);
      } finally {
        await writer.stop().catch(() => {});
      }
    }, 180_000);
  });
}
