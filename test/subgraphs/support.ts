// Test support for the subgraph suites: a migrated database (PGlite in memory, or a fresh database on DATABASE_URL's
// server), a small Big 12-like fixture inserted through Drizzle, and the four subgraphs behind a real Apollo Gateway
// over HTTP on ephemeral ports (the gateway records every query plan so tests can count subgraph fetches).
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { eq } from 'drizzle-orm';
import { parse } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { Database, QueryEvent } from '../../db/index.ts';
import * as s from '../../db/schema/index.ts';
import { forApolloGateway } from '../../gateway/composition.ts';
import { subgraphs } from '../../subgraphs/index.ts';
import { type RunningSubgraph, startSubgraph } from '../../subgraphs/kit/server.ts';
import { withCredentials, withStatement } from '../support/auth.ts';
import { createTestDatabase, DB_KINDS } from '../support/db.ts';

export interface TestDb {
  db: Database;
  kind: 'pglite' | 'postgres';
  dispose(): Promise<void>;
}

/** A migrated database (test/support): PGlite in memory, or a fresh database on DATABASE_URL's server. */
export async function createTestDb(kind: 'pglite' | 'postgres', onQuery?: (e: QueryEvent) => void): Promise<TestDb> {
  const t = await createTestDatabase({ kind, onQuery, prefix: 'flextime_sg' });
  return { db: t.db, kind, dispose: () => t.dispose() };
}

/** Database kinds to run a suite on: PGlite always, real Postgres when DATABASE_URL is set. */
export const KINDS: readonly ('pglite' | 'postgres')[] = DB_KINDS;

export interface Fixture {
  big12: number;
  other: number;
  mbb: number;
  fb: number;
  season: number;
  oldSeason: number;
  /** Big 12 MBB team ids (16), then the other conference's teams (2). */
  teams: number[];
  otherTeams: number[];
  institutions: number[];
  /** venue of each Big 12 team's institution (same order as teams). */
  venues: number[];
  schedule10: number;
  schedule150: number;
  otherSchedule: number;
  templates: number[];
}

const NAMES = [
  ['Arizona', 'ARIZ', 'Tucson', 'AZ'],
  ['Arizona State', 'ASU', 'Tempe', 'AZ'],
  ['Baylor', 'BAY', 'Waco', 'TX'],
  ['BYU', 'BYU', 'Provo', 'UT'],
  ['UCF', 'UCF', 'Orlando', 'FL'],
  ['Cincinnati', 'CIN', 'Cincinnati', 'OH'],
  ['Colorado', 'COLO', 'Boulder', 'CO'],
  ['Houston', 'HOU', 'Houston', 'TX'],
  ['Iowa State', 'ISU', 'Ames', 'IA'],
  ['Kansas', 'KU', 'Lawrence', 'KS'],
  ['Kansas State', 'KSU', 'Manhattan', 'KS'],
  ['Oklahoma State', 'OSU', 'Stillwater', 'OK'],
  ['TCU', 'TCU', 'Fort Worth', 'TX'],
  ['Texas Tech', 'TTU', 'Lubbock', 'TX'],
  ['Utah', 'UTAH', 'Salt Lake City', 'UT'],
  ['West Virginia', 'WVU', 'Morgantown', 'WV'],
] as const;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Inserts the fixture as the migration owner (Drizzle inserts). */
export async function insertFixture(db: Database): Promise<Fixture> {
  return db.admin(async (tx) => {
    const [big12] = await tx
      .insert(s.conferences)
      .values({ name: 'Big 12 Conference', abbreviation: 'Big 12', region: 'Central' })
      .returning();
    const [other] = await tx
      .insert(s.conferences)
      .values({ name: 'Mountain West Conference', abbreviation: 'MWC', region: 'West' })
      .returning();
    const [mbb] = await tx
      .insert(s.sports)
      .values({ sportName: "Men's Basketball", sportCode: 'MBB', gender: 'M', seasonType: 'winter' })
      .returning();
    const [fb] = await tx
      .insert(s.sports)
      .values({ sportName: 'Football', sportCode: 'FB', gender: 'M', seasonType: 'fall' })
      .returning();
    const [season] = await tx
      .insert(s.seasons)
      .values({
        seasonName: '2025-26',
        startYear: 2025,
        endYear: 2026,
        startDate: '2025-07-01',
        endDate: '2026-06-30',
        isCurrent: true,
      })
      .returning();
    const [oldSeason] = await tx
      .insert(s.seasons)
      .values({ seasonName: '2024-25', startYear: 2024, endYear: 2025, startDate: '2024-07-01', endDate: '2025-06-30' })
      .returning();

    const insts = await tx
      .insert(s.institutions)
      .values([
        ...NAMES.map(([name, abbr, city, state], i) => ({
          name: name === 'BYU' ? 'Brigham Young University' : `${name} University ${i}`,
          shortName: name,
          abbreviation: abbr,
          city,
          state,
          latitude: 30 + i,
          longitude: -100 + i,
          conferenceId: big12!.conferenceId,
        })),
        {
          name: 'San Diego State University',
          shortName: 'San Diego State',
          abbreviation: 'SDSU',
          conferenceId: other!.conferenceId,
        },
        {
          name: 'Boise State University',
          shortName: 'Boise State',
          abbreviation: 'BSU',
          conferenceId: other!.conferenceId,
        },
      ])
      .returning();
    const teamRows = await tx
      .insert(s.teams)
      .values(
        insts.map((inst) => ({
          institutionId: inst.institutionId,
          sportId: mbb!.sportId,
          conferenceId: inst.conferenceId,
          name: `${inst.shortName} Men's Basketball`,
          abbreviation: inst.abbreviation,
        })),
      )
      .returning();
    const fbTeam = await tx
      .insert(s.teams)
      .values({
        institutionId: insts[9]!.institutionId,
        sportId: fb!.sportId,
        conferenceId: big12!.conferenceId,
        name: 'Kansas Football',
        abbreviation: 'KU',
      })
      .returning();
    void fbTeam;
    const venueRows = await tx
      .insert(s.venues)
      .values(
        insts.map((inst, i) => ({
          institutionId: inst.institutionId,
          conferenceId: inst.conferenceId,
          name: i === 9 ? 'Allen Fieldhouse' : `${inst.shortName} Arena`,
        })),
      )
      .returning();
    await tx.insert(s.venueProfiles).values(
      venueRows.map((v, i) => ({
        venueId: v.venueId,
        conferenceId: v.conferenceId,
        venueType: 'arena',
        capacity: i === 9 ? 15300 : 10000 + i * 100,
        city: insts[i]!.city,
        state: insts[i]!.state,
      })),
    );
    await tx.insert(s.venueSportConfigurations).values(
      venueRows.map((v) => ({
        venueId: v.venueId,
        sportId: mbb!.sportId,
        conferenceId: v.conferenceId,
        isPrimary: true,
      })),
    );
    // Allen Fieldhouse: closed on Mondays (no hours row), no games on Sundays, a maintenance week, one open conflict.
    const af = venueRows[9]!;
    await tx.insert(s.venueOperationalHours).values(
      [0, 2, 3, 4, 5, 6].map((d) => ({
        venueId: af.venueId,
        conferenceId: af.conferenceId,
        dayOfWeek: d,
        openTime: '08:00',
        closeTime: '23:00',
        allowsGames: d !== 0,
      })),
    );
    await tx.insert(s.venueUnavailabilityPeriods).values({
      venueId: af.venueId,
      conferenceId: af.conferenceId,
      startDate: '2026-01-14',
      endDate: '2026-01-15',
      unavailabilityType: 'maintenance',
      reason: 'Floor refinishing',
    });
    await tx.insert(s.venueBookingConflicts).values({
      venueId: af.venueId,
      conferenceId: af.conferenceId,
      conflictDate: '2026-01-17',
      conflictType: 'double_booking',
      description: 'Commencement rehearsal',
    });

    const big12Teams = teamRows.filter((t) => t.conferenceId === big12!.conferenceId);
    const otherTeams = teamRows.filter((t) => t.conferenceId === other!.conferenceId);
    await tx.insert(s.teamBlackoutDates).values(
      teamRows.flatMap((t, i) => [
        {
          teamId: t.teamId,
          seasonId: season!.seasonId,
          conferenceId: t.conferenceId,
          startDate: '2025-12-08',
          endDate: '2025-12-12',
          blackoutType: 'exam',
          severity: 'hard',
          reason: 'Finals week',
        },
        {
          teamId: t.teamId,
          seasonId: season!.seasonId,
          conferenceId: t.conferenceId,
          startDate: addDays('2026-01-01', i),
          endDate: addDays('2026-01-01', i),
          blackoutType: 'other',
          severity: 'soft',
          reason: `Soft date ${i}`,
        },
      ]),
    );
    await tx.insert(s.teamSchedulingProfiles).values(
      teamRows.map((t) => ({
        teamId: t.teamId,
        seasonId: season!.seasonId,
        sportId: mbb!.sportId,
        conferenceId: t.conferenceId,
        maxGamesPerWeek: 2,
      })),
    );

    const sched = async (name: string, conferenceId: number, pairs: [number, number][]) => {
      const [row] = await tx
        .insert(s.schedules)
        .values({ name, sportId: mbb!.sportId, seasonId: season!.seasonId, conferenceId, status: 'draft' })
        .returning();
      if (pairs.length > 0) {
        await tx.insert(s.games).values(
          pairs.map(([h, a], i) => ({
            scheduleId: row!.scheduleId,
            conferenceId,
            homeTeamId: teamRows[h]!.teamId,
            awayTeamId: teamRows[a]!.teamId,
            venueId: venueRows[h]!.venueId,
            gameDate: addDays('2026-01-03', Math.floor(i / 8) * 3),
            slot: Math.floor(i / 8) + 1,
          })),
        );
      }
      return row!.scheduleId;
    };
    const allPairs: [number, number][] = [];
    for (let h = 0; h < 16; h++) for (let a = 0; a < 16; a++) if (h !== a) allPairs.push([h, a]);
    const schedule10 = await sched('2025-26 Big 12 MBB (draft A)', big12!.conferenceId, allPairs.slice(0, 10));
    const schedule150 = await sched('2025-26 Big 12 MBB (full)', big12!.conferenceId, allPairs.slice(0, 150));
    const otherSchedule = await sched('2025-26 MWC MBB', other!.conferenceId, [[16, 17]]);

    const [category] = await tx.select().from(s.constraintCategories).limit(1);
    const templates = await tx
      .insert(s.constraintTemplates)
      .values([
        {
          categoryId: category!.categoryId,
          templateName: 'Max consecutive away games (test)',
          constraintType: 'hard',
          validationLogic: { type: 'max_consecutive_away' },
          parameterSchema: { type: 'object', properties: { max: { type: 'integer' } } },
        },
        {
          categoryId: category!.categoryId,
          templateName: 'Rematch separation (test)',
          constraintType: 'soft',
          defaultWeight: 2,
          validationLogic: { type: 'rematch_separation' },
          parameterSchema: { type: 'object' },
          sportId: mbb!.sportId,
        },
      ])
      .returning();
    const evals = await tx
      .insert(s.scheduleConstraintEvaluations)
      .values([
        {
          constraintId: templates[0]!.templateId,
          scheduleId: schedule10,
          conferenceId: big12!.conferenceId,
          validationStatus: 'failed',
          violationCount: 2,
          score: 20,
        },
        {
          constraintId: templates[1]!.templateId,
          scheduleId: schedule10,
          conferenceId: big12!.conferenceId,
          validationStatus: 'passed',
          violationCount: 0,
          score: 0,
        },
      ])
      .returning();
    const firstGame = await tx.select().from(s.games).where(eqSchedule(schedule10)).limit(1);
    await tx.insert(s.constraintViolationLogs).values([
      {
        evaluationId: evals[0]!.evaluationId,
        scheduleId: schedule10,
        constraintId: templates[0]!.templateId,
        conferenceId: big12!.conferenceId,
        gameId: firstGame[0]!.gameId,
        severity: 'hard',
        message: 'Arizona plays 4 consecutive away games',
      },
      {
        evaluationId: evals[0]!.evaluationId,
        scheduleId: schedule10,
        constraintId: templates[0]!.templateId,
        conferenceId: big12!.conferenceId,
        severity: 'hard',
        message: 'Baylor plays 4 consecutive away games',
        isResolved: true,
      },
    ]);
    const [defaultProfile] = await tx
      .insert(s.constraintProfiles)
      .values({
        profileName: 'Big 12 MBB default',
        sportId: mbb!.sportId,
        conferenceId: big12!.conferenceId,
        isDefault: true,
      })
      .returning();
    await tx.insert(s.constraintProfiles).values({
      profileName: 'BYU: no Sunday play',
      sportId: mbb!.sportId,
      conferenceId: big12!.conferenceId,
      teamId: big12Teams[3]!.teamId,
    });
    await tx.insert(s.constraintEnforcementPolicies).values({
      profileId: defaultProfile!.profileId,
      templateId: templates[0]!.templateId,
      conferenceId: big12!.conferenceId,
      parameters: { max: 2 },
    });

    return {
      big12: big12!.conferenceId,
      other: other!.conferenceId,
      mbb: mbb!.sportId,
      fb: fb!.sportId,
      season: season!.seasonId,
      oldSeason: oldSeason!.seasonId,
      teams: big12Teams.map((t) => t.teamId),
      otherTeams: otherTeams.map((t) => t.teamId),
      institutions: insts.map((i) => i.institutionId),
      venues: venueRows.slice(0, 16).map((v) => v.venueId),
      schedule10,
      schedule150,
      otherSchedule,
      templates: templates.map((t) => t.templateId),
    };
  });
}

const eqSchedule = (id: number) => eq(s.games.scheduleId, id);

export interface Stack {
  gatewayUrl: string;
  /** The supergraph composed from the four SDLs with the running subgraphs' URLs. */
  supergraphSdl: string;
  subgraphs: RunningSubgraph[];
  plans: QueryPlan[];
  stop(): Promise<void>;
}

const silent = pino({ level: 'silent' });

/** The four subgraphs on ephemeral ports behind a real Apollo Gateway (composed from their SDLs), all over HTTP. */
export async function startStack(db: Database): Promise<Stack> {
  const running: RunningSubgraph[] = [];
  for (const def of subgraphs) running.push(await startSubgraph(def, { db, port: 0, logger: silent }));
  const composed = composeServices(
    subgraphs.map((def, i) => ({ name: def.name, url: running[i]!.url, typeDefs: parse(def.typeDefs) })),
  );
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  const plans: QueryPlan[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: forApolloGateway(composed.supergraphSdl),
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource({
        url,
        // Stands in for the FlexTime gateway: each fetch carries a signed statement of the caller — a scheduler of
        // the `x-conference-id` the test names, else the operator (test/support/auth.ts withStatement).
        async willSendRequest({ request, context }) {
          const headers = (context as { headers?: Record<string, string> }).headers ?? {};
          if (headers['x-request-id']) request.http?.headers.set('x-request-id', headers['x-request-id']);
          const tenant: Record<string, string> = {};
          if (headers['x-conference-id']) tenant['x-conference-id'] = headers['x-conference-id'];
          for (const [name, value] of Object.entries(await withStatement(tenant))) {
            if (name !== 'x-conference-id') request.http?.headers.set(name, value);
          }
        },
      }),
    experimental_didResolveQueryPlan: ({ queryPlan }) => {
      plans.push(queryPlan);
    },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ headers: req.headers }),
  });
  return {
    gatewayUrl: url,
    supergraphSdl: composed.supergraphSdl,
    subgraphs: running,
    plans,
    async stop() {
      await server.stop();
      await Promise.all(running.map((r) => r.stop()));
    },
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * POSTs a GraphQL request. A subgraph gets the gateway's signed statement by default (see withStatement: a scheduler of
 * the `x-conference-id` named, else the operator); pass `'x-flextime-principal': ''` to call without one. A gateway
 * gets a credential (withCredentials).
 */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    // both kinds of credential: a subgraph reads only the statement, a FlexTime gateway only the key (and drops the
    // statement at its door)
    headers: { 'content-type': 'application/json', ...(await withStatement(await withCredentials(headers))) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse<T>;
  return { ...body, status: res.status };
}

/** Number of subgraph fetches in a query plan (FetchNodes anywhere in the tree). */
export function countFetches(node: unknown): number {
  if (!node || typeof node !== 'object') return 0;
  const n = node as { kind?: string; node?: unknown; nodes?: unknown[]; primary?: unknown; deferred?: unknown[] };
  if (n.kind === 'Fetch') return 1;
  let total = 0;
  if (n.node) total += countFetches(n.node);
  if (Array.isArray(n.nodes)) for (const c of n.nodes) total += countFetches(c);
  if (n.kind === 'Condition') {
    const c = node as { ifClause?: unknown; elseClause?: unknown };
    total += countFetches(c.ifClause) + countFetches(c.elseClause);
  }
  if (n.kind === 'Defer') {
    const d = node as { primary?: { node?: unknown }; deferred?: { node?: unknown }[] };
    total += countFetches(d.primary?.node);
    for (const x of d.deferred ?? []) total += countFetches(x.node);
  }
  return total;
}

/** One subgraph alone over HTTP on an ephemeral port. */
export async function startOne(db: Database, name: string): Promise<RunningSubgraph> {
  const def = subgraphs.find((d) => d.name === name);
  if (!def) throw new Error(`no subgraph ${name}`);
  return startSubgraph(def, { db, port: 0, logger: silent });
}

/** The first error's code and argument name (BAD_USER_INPUT errors name the argument). */
export function firstError(res: GraphQLResponse): { code: unknown; argumentName: unknown; message: string } {
  const e = res.errors?.[0];
  return { code: e?.extensions?.code, argumentName: e?.extensions?.argumentName, message: e?.message ?? '' };
}

/** Loosely typed response data for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary response shapes
export type Data = Record<string, any>;

/** What a single-subgraph suite works with once its beforeAll has run. */
export interface SubgraphSuite {
  /** The fixture's ids. */
  readonly fx: Fixture;
  /** The subgraph under test. */
  readonly sg: RunningSubgraph;
  /** A GraphQL request to the subgraph. */
  q(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<Data>>;
}

/**
 * The shared preamble of the single-subgraph suites: registers beforeAll (a fresh migrated database of `kind`, the
 * fixture, subgraph `name` alone over HTTP) and afterAll (stop it, drop the database). Read `fx`/`sg` inside tests.
 */
export function useSubgraph(
  kind: 'pglite' | 'postgres',
  name: string,
  onQuery?: (e: QueryEvent) => void,
): SubgraphSuite {
  let tdb: TestDb | undefined;
  let fx: Fixture | undefined;
  let sg: RunningSubgraph | undefined;
  beforeAll(async () => {
    tdb = await createTestDb(kind, onQuery);
    fx = await insertFixture(tdb.db);
    sg = await startOne(tdb.db, name);
  });
  afterAll(async () => {
    await sg?.stop();
    await tdb?.dispose();
  });
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error(`${name} suite used before its beforeAll ran`);
    return v;
  };
  return {
    get fx() {
      return started(fx);
    },
    get sg() {
      return started(sg);
    },
    q: (query, variables, headers) => gql<Data>(started(sg).url, query, variables, headers),
  };
}
