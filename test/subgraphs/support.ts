// Test support for the subgraph suites: a migrated database (PGlite in memory, or a fresh database on DATABASE_URL's
// server), the fixture of fixture.ts, and the four subgraphs behind a real Apollo Gateway
// over HTTP on ephemeral ports (the gateway records every query plan so tests can count subgraph fetches).
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { Database, QueryEvent } from '../../db/index.ts';
import { forApolloGateway } from '../../gateway/composition.ts';
import { createProcessDependencies } from '../../subgraphs/dependencies.ts';
import { subgraphs } from '../../subgraphs/index.ts';
import { type RunningSubgraph, startSubgraph } from '../../subgraphs/kit/server.ts';
import { withCredentials, withStatement } from '../support/auth.ts';
import { createTestDatabase, DB_KINDS } from '../support/db.ts';
import { type Fixture, insertFixture } from './fixture.ts';

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

export { type Fixture, insertFixture } from './fixture.ts';

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
  // in-process bus, cache and generation queue (no worker), as a composition root would hand them over
  const deps = createProcessDependencies(db, { generation: { worker: false, logger: silent } });
  for (const def of subgraphs) running.push(await startSubgraph(def, { deps, port: 0, logger: silent }));
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
      await deps.close();
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
  const deps = createProcessDependencies(db, { generation: { worker: false, logger: silent } });
  const running = await startSubgraph(def, { deps, port: 0, logger: silent });
  return {
    ...running,
    async stop() {
      await running.stop();
      await deps.close();
    },
  };
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
