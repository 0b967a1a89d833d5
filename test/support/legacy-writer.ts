// The legacy application for the live-migration tests: writes the monolith's games, schedules, blackouts and venue
// hours at a steady rate (inserts, updates, deletes; one autocommitted statement each), and records every write it
// saw succeed — plus writes made through the services, which the tests add to the same ledger. A write refused by
// the live migration's fence (SQLSTATE FT001) is recorded as refused, never as done; any other error fails the run.
//
// checkLedger() then reads the side that is live and returns every recorded write that is not there exactly as the
// ledger says (a row present with its last value, once; a deleted row absent).

export type Exec = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Legacy table → its service table, key column and the column each write stamps with a unique value. */
export const LEDGER_TABLES = {
  games: { service: 'schedule_generation.games', key: 'game_id', stamp: 'notes' },
  schedules: { service: 'schedule_generation.schedules', key: 'schedule_id', stamp: 'description' },
  team_blackouts: { service: 'team_availability.team_blackout_dates', key: 'blackout_id', stamp: 'reason' },
  venue_hours: { service: 'venue_management.venue_operational_hours', key: 'hours_id', stamp: 'close_time' },
} as const;
export type LedgerTable = keyof typeof LEDGER_TABLES;

export type Entry = { present: true; stamp: string } | { present: false };

export class Ledger {
  readonly rows = new Map<string, Entry>();
  writes = 0;
  refused = 0;
  record(table: LedgerTable, id: number, entry: Entry): void {
    this.rows.set(`${table}:${id}`, entry);
    this.writes++;
  }
  recordRefused(): void {
    this.refused++;
  }
  ids(table: LedgerTable, present = true): number[] {
    const out: number[] = [];
    for (const [k, e] of this.rows) {
      const [t, id] = k.split(':');
      if (t === table && e.present === present) out.push(Number(id));
    }
    return out;
  }
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the tests drive of the legacy application: in this process (LegacyWriter) or a child (legacy-writer-process.ts). */
export interface LegacyApplication {
  readonly ledger: Ledger;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
  paused<T>(fn: () => Promise<T>, intervalMs?: number): Promise<T>;
}

export class LegacyWriter implements LegacyApplication {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private counter = 0;
  failure: Error | null = null;

  constructor(
    private readonly exec: Exec,
    readonly ledger: Ledger,
    private readonly random: () => number,
  ) {}

  /** Writes every `intervalMs` until stop(). */
  start(intervalMs = 15): void {
    const tick = () => {
      this.inFlight = this.writeOnce().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, intervalMs);
      });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
    if (this.failure) throw this.failure;
  }

  /** Runs fn with the writer quiet (a check of the live side while the legacy application pauses), then resumes. */
  async paused<T>(fn: () => Promise<T>, intervalMs = 15): Promise<T> {
    await this.stop();
    try {
      return await fn();
    } finally {
      this.start(intervalMs);
    }
  }

  private pick<T>(items: T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.random() * items.length)];
  }

  private async one(table: LedgerTable, text: string, params: unknown[], stamp: string | null): Promise<void> {
    try {
      const rows = await this.exec(text, params);
      const id = rows[0]?.id;
      if (id === undefined) return; // the row was gone already: nothing written
      this.ledger.record(table, Number(id), stamp === null ? { present: false } : { present: true, stamp });
    } catch (error) {
      if ((error as { code?: string }).code === 'FT001') {
        this.ledger.recordRefused();
        return;
      }
      this.failure ??= error as Error;
    }
  }

  /** One random write. */
  async writeOnce(): Promise<void> {
    const token = `legacy-${++this.counter}-${Math.floor(this.random() * 1e9)}`;
    const r = this.random();
    const team = 1 + Math.floor(this.random() * 16);
    const other = 1 + ((team + Math.floor(this.random() * 15)) % 16);
    const day = `2026-02-${String(1 + Math.floor(this.random() * 27)).padStart(2, '0')}`;
    const { ledger } = this;
    if (r < 0.2) {
      await this.one(
        'games',
        `INSERT INTO public.games (schedule_id, home_team_id, away_team_id, venue_id, game_date, notes)
         VALUES (1, $1, $2, $1, $3, $4) RETURNING id`,
        [team, other, day, token],
        token,
      );
    } else if (r < 0.35) {
      const id = this.pick([...ledger.ids('games'), 1, 3, 5, 7, 9]);
      await this.one(
        'games',
        'UPDATE public.games SET notes = $2, tv_network = $3 WHERE id = $1 RETURNING id',
        [id, token, 'ESPN'],
        token,
      );
    } else if (r < 0.42) {
      const id = this.pick(ledger.ids('games').filter((g) => g > 18));
      if (id !== undefined) await this.one('games', 'DELETE FROM public.games WHERE id = $1 RETURNING id', [id], null);
    } else if (r < 0.5) {
      await this.one(
        'schedules',
        `INSERT INTO public.schedules (name, sport_id, season_id, conference_id, status, start_date, end_date, description)
         VALUES ($1::text, 1, 2, 1, 'draft', '2026-01-01', '2026-03-01', $1::text) RETURNING id`,
        [token],
        token,
      );
    } else if (r < 0.56) {
      const id = this.pick([...ledger.ids('schedules'), 1, 2]);
      await this.one(
        'schedules',
        'UPDATE public.schedules SET description = $2, updated_at = now() WHERE id = $1 RETURNING id',
        [id, token],
        token,
      );
    } else if (r < 0.6) {
      // only schedules this writer made: they never hold games
      const id = this.pick(ledger.ids('schedules').filter((s) => s > 2));
      if (id !== undefined)
        await this.one('schedules', 'DELETE FROM public.schedules WHERE id = $1 RETURNING id', [id], null);
    } else if (r < 0.72) {
      await this.one(
        'team_blackouts',
        `INSERT INTO public.team_blackouts (team_id, season_id, start_date, end_date, blackout_type, severity, reason)
         VALUES ($1, 2, $2, $2, 'academic', 'soft', $3) RETURNING id`,
        [team, day, token],
        token,
      );
    } else if (r < 0.8) {
      const id = this.pick([...ledger.ids('team_blackouts'), 1, 2, 3]);
      await this.one(
        'team_blackouts',
        'UPDATE public.team_blackouts SET reason = $2 WHERE id = $1 RETURNING id',
        [id, token],
        token,
      );
    } else if (r < 0.86) {
      const id = this.pick(ledger.ids('team_blackouts').filter((b) => b > 10));
      if (id !== undefined)
        await this.one('team_blackouts', 'DELETE FROM public.team_blackouts WHERE id = $1 RETURNING id', [id], null);
    } else {
      // venue hours: a new closing time on one of the 112 rows (stamped by the time itself)
      const id = 1 + Math.floor(this.random() * 112);
      const close = `23:${String(Math.floor(this.random() * 60)).padStart(2, '0')}:${String(this.counter % 60).padStart(2, '0')}`;
      await this.one(
        'venue_hours',
        'UPDATE public.venue_hours SET close_time = $2 WHERE id = $1 RETURNING id',
        [id, close],
        close,
      );
    }
  }
}

/** Every ledger entry that the live side does not hold exactly as recorded (empty: no write lost or doubled). */
export async function checkLedger(exec: Exec, ledger: Ledger, side: 'monolith' | 'services'): Promise<string[]> {
  const problems: string[] = [];
  for (const [table, spec] of Object.entries(LEDGER_TABLES) as [LedgerTable, (typeof LEDGER_TABLES)[LedgerTable]][]) {
    const relation = side === 'monolith' ? `public.${table}` : spec.service;
    const key = side === 'monolith' ? 'id' : spec.key;
    const ids = [...ledger.ids(table, true), ...ledger.ids(table, false)];
    if (ids.length === 0) continue;
    const rows = await exec(
      `SELECT ${key}::int AS id, ${spec.stamp}::text AS stamp FROM ${relation} WHERE ${key} = ANY(string_to_array($1::text, ',')::int[])`,
      [ids.join(',')],
    );
    const found = new Map(rows.map((r) => [Number(r.id), String(r.stamp)]));
    const stamps = new Map<string, number>();
    if (table !== 'venue_hours') {
      const tokens = ledger
        .ids(table, true)
        .map((id) => (ledger.rows.get(`${table}:${id}`) as { stamp: string }).stamp);
      for (const r of await exec(
        `SELECT ${spec.stamp}::text AS stamp, count(*)::int AS n FROM ${relation} WHERE ${spec.stamp} = ANY(string_to_array($1::text, ',')) GROUP BY 1`,
        [tokens.join(',')],
      )) {
        stamps.set(String(r.stamp), Number(r.n));
      }
    }
    for (const id of ids) {
      const entry = ledger.rows.get(`${table}:${id}`)!;
      const have = found.get(id);
      if (!entry.present) {
        if (have !== undefined) problems.push(`${side} ${table} ${id}: deleted, still there`);
      } else if (have === undefined) {
        problems.push(`${side} ${table} ${id}: missing (expected ${entry.stamp})`);
      } else if (have !== entry.stamp) {
        problems.push(`${side} ${table} ${id}: ${have}, expected ${entry.stamp}`);
      } else if (table !== 'venue_hours' && stamps.get(entry.stamp) !== 1) {
        problems.push(`${side} ${table} ${id}: ${entry.stamp} held by ${stamps.get(entry.stamp)} rows`);
      }
    }
  }
  return problems;
}
