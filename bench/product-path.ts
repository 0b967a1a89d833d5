// The path a user takes, for the benches: a migrated and seeded database, the four subgraphs and the gateway (bin's
// startStack, ephemeral ports), generation jobs posted to REST v2 and polled, the stored schedule read back through
// GraphQL, validateSchedule through REST v2. Checks are recomputed by test/support/big12-rules.ts, not the engine.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { EPHEMERAL_PORTS, prepareDatabase, startStack } from '../bin/commands/start.ts';
import { type Database, openDatabase, rows } from '../db/index.ts';
import { closeJobs, configureJobs } from '../subgraphs/schedule-generation/generation/runtime.ts';
import type { CheckedGame } from '../test/support/big12-rules.ts';
import type { Gql } from '../test/support/big12-schedule.ts';

export interface ProductStack {
  db: Database;
  gatewayUrl: string;
  gql: Gql;
  rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Seeded database (PGlite in memory, or DATABASE_URL) + stack + job queue (in-process, or BullMQ on REDIS_URL). */
export async function startProductStack(name: string): Promise<ProductStack> {
  const key = `bench-${name}-key`;
  process.env.FLEXTIME_API_KEYS = `${createHash('sha256').update(key).digest('hex')}:*`;
  // the gateway signs every subgraph call, and a bench's requests are not to be throttled
  process.env.FLEXTIME_INTERNAL_SECRET ||= randomBytes(32).toString('base64url');
  process.env.FLEXTIME_RATE_LIMIT = '0';
  // a bench on a shared, loaded machine: validateSchedule of a 144-game schedule can take longer than the 5 s default
  process.env.SUBGRAPH_TIMEOUT_MS ||= '30000';
  process.env.REST_TIMEOUT_MS ||= '60000';
  const logger = pino({ level: 'warn' });
  const db = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir: 'memory://' });
  await prepareDatabase(db, logger);
  const stack = await startStack({ db, logger, ports: EPHEMERAL_PORTS });
  process.env.GATEWAY_URL = stack.gatewayUrl;
  configureJobs(db, { logger, prefix: `flextime-bench-${name}-${process.pid}` });
  const base = stack.gatewayUrl.replace(/\/graphql$/, '');
  console.error(
    `stack up: ${stack.gatewayUrl} (database ${db.kind}, queue ${process.env.REDIS_URL ? 'BullMQ' : 'in-process'})`,
  );
  return {
    db,
    gatewayUrl: stack.gatewayUrl,
    async gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const res = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data: T; errors?: Array<{ message: string }> };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
      return body.data;
    },
    async rest(method, path, body) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async close() {
      await closeJobs(db);
      await stack.stop();
      await db.close();
    },
  };
}

export interface GenerationRun {
  requestId: number;
  scheduleId: number;
  versionId: number;
  /** From POST until GET /requests/{id} says completed. */
  seconds: number;
  answerMs: number;
  /** The follow-up generations (shared_arena_sport_ids) as GET /requests/{id} listed them when it completed. */
  followUps: number[];
}

/** POST /api/v2/schedule-generation/requests, then polls until the request finishes; throws unless completed. */
export async function generateThroughRest(
  p: ProductStack,
  body: Record<string, unknown>,
  onProgress?: (line: string) => void,
): Promise<GenerationRun> {
  const t0 = performance.now();
  const created = await p.rest('POST', '/api/v2/schedule-generation/requests', body);
  const answerMs = performance.now() - t0;
  if (created.status !== 202)
    throw new Error(`POST /requests answered ${created.status}: ${JSON.stringify(created.body)}`);
  return { ...(await awaitGeneration(p, Number(created.body.request_id), t0, onProgress)), answerMs };
}

/** Polls GET /requests/{id} until the generation finishes; seconds counted from `t0`; throws unless completed. */
export async function awaitGeneration(
  p: ProductStack,
  requestId: number,
  t0: number,
  onProgress?: (line: string) => void,
): Promise<Omit<GenerationRun, 'answerMs'>> {
  let lastPrint = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    const r = await p.rest('GET', `/api/v2/schedule-generation/requests/${requestId}`);
    const job = (r.body.jobs as Array<Record<string, unknown>>)[0];
    if (onProgress && performance.now() - lastPrint > 2000) {
      lastPrint = performance.now();
      onProgress(
        `${((performance.now() - t0) / 1000).toFixed(1)} s: ${job.status} ${Number(job.progress).toFixed(0)}% hard ${job.hard_violations ?? '–'}`,
      );
    }
    if (!['completed', 'failed', 'cancelled'].includes(String(r.body.status))) continue;
    if (r.body.status !== 'completed') throw new Error(`generation ${r.body.status}: ${r.body.error_message}`);
    return {
      requestId,
      scheduleId: Number(r.body.schedule_id),
      versionId: Number(job.result_version_id),
      seconds: (performance.now() - t0) / 1000,
      followUps: ((r.body.follow_ups as Array<Record<string, unknown>>) ?? []).map((f) => Number(f.request_id)),
    };
  }
}

/** The engine's own figures stored with a version (schedule_optimization_metrics): iterations and engine seconds. */
export async function engineFigures(
  p: ProductStack,
  versionId: number,
): Promise<{ iterations: number; seconds: number }> {
  const found = await p.db.admin((tx) =>
    rows<{ metric_name: string; metric_value: number }>(
      tx,
      sql`select metric_name, metric_value from schedule_generation.schedule_optimization_metrics
          where version_id = ${versionId} and metric_name in ('iterations', 'seconds')`,
    ),
  );
  const value = (name: string) => Number(found.find((r) => r.metric_name === name)?.metric_value ?? Number.NaN);
  return { iterations: value('iterations'), seconds: value('seconds') };
}

/** validateSchedule through REST v2: the service's own count of hard violations of the stored schedule. */
export async function serviceHardViolations(p: ProductStack, scheduleId: number): Promise<number> {
  const r = await p.rest('POST', '/api/v2/constraint-validation/validate', { schedule_id: scheduleId });
  if (r.status !== 200) throw new Error(`validate answered ${r.status}: ${JSON.stringify(r.body)}`);
  return Number(r.body.hard_violations);
}

const EARTH_MILES = 3958.8;
function miles(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * EARTH_MILES * Math.asin(Math.sqrt(h));
}

/**
 * Total travel as the TTP defines it, recomputed from games: each team starts at home, goes from game to game
 * (a home game is at home; consecutive away games are chained) and returns home after its last game.
 */
export function travelMiles(games: readonly CheckedGame[], where: ReadonlyMap<string, { lat: number; lon: number }>) {
  const byTeam = new Map<string, CheckedGame[]>();
  for (const g of games) for (const t of [g.home, g.away]) byTeam.set(t, [...(byTeam.get(t) ?? []), g]);
  let total = 0;
  for (const [t, list] of byTeam) {
    const home = where.get(t);
    if (!home) throw new Error(`no coordinates for team ${t}`);
    let at = home;
    for (const g of [...list].sort((a, b) => a.date.localeCompare(b.date))) {
      const next = where.get(g.home);
      if (!next) throw new Error(`no coordinates for team ${g.home}`);
      total += miles(at, next);
      at = next;
    }
    total += miles(at, home);
  }
  return total;
}

/** Institution coordinates of a sport's teams, through the gateway. */
export async function teamCoordinates(p: ProductStack, sportCode: string) {
  const data = await p.gql<{
    teams: { nodes: Array<{ id: string; institution: { latitude: number; longitude: number } }> };
  }>(`query($s: String) { teams(sportCode: $s, limit: 100) { nodes { id institution { latitude longitude } } } }`, {
    s: sportCode,
  });
  return new Map(data.teams.nodes.map((n) => [n.id, { lat: n.institution.latitude, lon: n.institution.longitude }]));
}
