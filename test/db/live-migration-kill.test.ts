// The live migration killed at random points — in the backfill, the change-log apply, the cutover and the rollback —
// and run again, under a legacy writer: the same result as an uninterrupted run (verify clean, every recorded write on
// the live side exactly once). Real PostgreSQL: the migrator is the CLI in a child process, SIGKILLed. PGlite (one
// process): the migrator is interrupted in-process between two of its statements (before one runs, or after it ran
// and before its answer is used), which is where a kill can leave it.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AdminSession } from '../../db/index.ts';
import { catchUp } from '../../db/live/apply.ts';
import { readColumnTypes, uninstall } from '../../db/live/install.ts';
import { startLive } from '../../db/live/start.ts';
import { cutover, rollback } from '../../db/live/switch.ts';
import { verifyLive } from '../../db/live/verify.ts';
import { migrate } from '../../db/migrate.ts';
import { generateMonolith } from '../../seeding/monolith.ts';
import { runCli, spawnCli } from '../support/cli.ts';
import { createTestDatabase, DB_KINDS, databaseEnv, type TestDatabase } from '../support/db.ts';
import { checkLedger, type Exec, Ledger, LegacyWriter, prng } from '../support/legacy-writer.ts';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const PHASES = ['start', 'cutover', 'rollback'] as const;
type Phase = (typeof PHASES)[number];

class Interrupted extends Error {}

/** A session that dies at its `at`-th statement: before sending it (even at) or after its answer (odd at). */
function interrupting(s: AdminSession, at: number): AdminSession {
  let n = 0;
  const around = async <T>(run: () => Promise<T>): Promise<T> => {
    n++;
    if (n === at && at % 2 === 0) throw new Interrupted(`interrupted before statement ${n}`);
    const result = await run();
    if (n === at) throw new Interrupted(`interrupted after statement ${n}`);
    return result;
  };
  return {
    query: (text, params) => around(() => s.query(text, params)),
    exec: (script) => around(() => s.exec(script)),
  };
}

async function runPhase(s: AdminSession, phase: Phase): Promise<void> {
  if (phase === 'start') await startLive(s, { batchRows: 25, drainEveryBatches: 2 });
  else {
    const r = await (phase === 'cutover' ? cutover : rollback)(s, await readColumnTypes(s));
    expect(r.failed).toBeUndefined();
  }
}

/** Service-side writes while the services are live (the owner's SQL fires the same triggers as the services' roles). */
async function writeServices(exec: Exec, ledger: Ledger, token: string): Promise<void> {
  const [g] = await exec(
    `INSERT INTO schedule_generation.games (schedule_id, version_id, conference_id, home_team_id, away_team_id, game_date, notes)
     VALUES (1, 1, 1, 2, 3, '2026-02-20', $1) RETURNING game_id AS id`,
    [token],
  );
  ledger.record('games', Number(g.id), { present: true, stamp: token });
  await exec('UPDATE team_availability.team_blackout_dates SET reason = $1 WHERE blackout_id = 4', [`${token}-b`]);
  ledger.record('team_blackouts', 4, { present: true, stamp: `${token}-b` });
}

for (const kind of DB_KINDS)
  describe(`live migration killed at random points and rerun (${kind})`, () => {
    let t: TestDatabase;
    let exec: Exec;
    let close = async () => {};
    // the in-process migrator's session: PGlite's, or one dedicated connection on PostgreSQL
    let session: <T>(fn: (s: AdminSession) => Promise<T>) => Promise<T> = (fn) => t.db.session(fn);

    beforeAll(async () => {
      t = await createTestDatabase({ kind, migrate: false, monolith: true });
      if (kind === 'postgres') await generateMonolith(t.db, { scale: 0.001 });
      await migrate(t.db);
      if (kind === 'postgres') {
        // the legacy application's writes go as DATABASE_URL does (through PgBouncer in transaction pooling: the
        // fences are checked by triggers, not by session state); the in-process migrator holds a session-level
        // advisory lock through a switch, so its one connection is direct, as db.session()'s is
        const sql = postgres(t.url!, { max: 2, onnotice: () => {}, fetch_types: false });
        const own = postgres(t.directUrl!, { max: 1, onnotice: () => {}, fetch_types: false });
        exec = async (text, params = []) => [...(await sql.unsafe(text, params as never[]))];
        const s: AdminSession = {
          query: async <R>(text: string, params: unknown[] = []) =>
            [...(await own.unsafe(text, params as never[]))] as R[],
          exec: async (script: string) => {
            await own.unsafe(script).simple();
          },
        };
        session = (fn) => fn(s);
        close = async () => {
          await sql.end();
          await own.end();
        };
      } else {
        exec = (text, params) => t.db.session((s) => s.query(text, params));
      }
    }, 300_000);
    afterAll(async () => {
      await close();
      await t?.dispose();
    });

    async function consistent(side: 'monolith' | 'services', ledger: Ledger): Promise<void> {
      const v = await session(async (s) => {
        await catchUp(s);
        return verifyLive(s, await readColumnTypes(s));
      });
      expect(v.tables.filter((x) => !x.equal)).toEqual([]);
      expect(await checkLedger(exec, ledger, side)).toEqual([]);
    }

    /** Kills the phase once (in-process on PGlite, SIGKILL of the CLI on PostgreSQL), then runs it to the end. */
    async function killThenRerun(phase: Phase, random: () => number): Promise<string> {
      if (kind === 'pglite') {
        const at = 1 + Math.floor(random() * (phase === 'start' ? 120 : 30));
        const outcome = await session((s) => runPhase(interrupting(s, at), phase)).then(
          () => 'completed',
          (e) => {
            if (!(e instanceof Interrupted)) throw e;
            return e.message;
          },
        );
        await session((s) => runPhase(s, phase));
        return outcome;
      }
      // a real SIGKILL of the CLI, at a random statement: the CLI stalls there (FLEXTIME_LIVE_STALL_AT) and is killed
      const at = 1 + Math.floor(random() * (phase === 'start' ? 120 : 30));
      const env = { ...databaseEnv(t), LOG_LEVEL: 'warn' };
      const args = ['migrate', 'live', phase, ...(phase === 'start' ? ['--batch-rows', '25'] : [])];
      const child = spawnCli(args, { ...env, FLEXTIME_LIVE_STALL_AT: String(at) });
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      child.stderr?.on('data', (d) => {
        if (String(d).includes('stalled before statement')) child.kill('SIGKILL');
      });
      const code = await exited;
      const rerun = await runCli(args, env);
      expect(rerun.code, rerun.stderr).toBe(0);
      return code === null ? `SIGKILL before statement ${at}` : 'completed';
    }

    test(`every phase, killed once per seed (${SEEDS.length} seeds), ends as an uninterrupted run`, async () => {
      const outcomes: string[] = [];
      for (const seed of SEEDS) {
        const random = prng(seed);
        const ledger = new Ledger();
        const writer = new LegacyWriter(exec, ledger, prng(100 + seed));
        writer.start(10);
        try {
          // which phase is killed for this seed (all three on PGlite, where a kill costs nothing)
          const killed = kind === 'pglite' ? PHASES : [PHASES[seed % 3]];
          for (const phase of PHASES) {
            const outcome = killed.includes(phase)
              ? await killThenRerun(phase, random)
              : await session((s) => runPhase(s, phase)).then(() => 'not killed');
            outcomes.push(`seed ${seed} ${phase}: ${outcome}`);
            if (process.env.LIVE_KILL_TRACE) console.log(outcomes.at(-1));
            const side = phase === 'cutover' ? 'services' : 'monolith';
            if (side === 'services') {
              await writeServices(exec, ledger, `svc-${seed}`);
              await consistent('services', ledger);
            } else {
              await writer.paused(() => consistent('monolith', ledger), 10);
            }
          }
        } finally {
          await writer.stop();
        }
        // reset for the next seed: capture removed, the service tables keep their rows (the next backfill upserts)
        await session(async (s) => {
          await uninstall(s);
          await s.exec('DELETE FROM public.live_migration_state');
        });
      }
      console.log(outcomes.join('\n'));
      // a SIGKILL lands mid-run in most seeds; a CLI that finished before its kill time counts as a plain run
      const landed = outcomes.filter((o) => /interrupted|SIGKILL/.test(o)).length;
      expect(landed).toBeGreaterThanOrEqual(kind === 'pglite' ? SEEDS.length : SEEDS.length - 3);
    }, 900_000);
  });
