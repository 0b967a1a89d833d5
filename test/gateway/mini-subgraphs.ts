// Two tiny but real federation subgraphs (@apollo/subgraph on Apollo Server 5 + Fastify, real HTTP) for testing the
// gateway without a database: `teams` owns Team, `venues` owns Venue and adds Team.homeVenue. Each records the
// requests it received (with headers), can be slowed down, and can be stopped and restarted on the same port.
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { GraphQLError, parse } from 'graphql';
import { decodeJwt } from 'jose';

export interface SeenRequest {
  headers: Record<string, string | string[] | undefined>;
  query: string;
  body: string;
}

export interface MiniSubgraph {
  name: string;
  typeDefs: string;
  url: string;
  seen: SeenRequest[];
  /** Delay every GraphQL answer by this many ms (0 = none). */
  delayMs: number;
  ready: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const TEAMS = [
  { id: 't1', name: 'Kansas Jayhawks', rivalId: 't2' },
  { id: 't2', name: 'Kansas State Wildcats', rivalId: 't1' },
  { id: 't3', name: 'Baylor Bears', rivalId: 't4' },
  { id: 't4', name: 'TCU Horned Frogs', rivalId: 't3' },
  { id: 't5', name: 'Broken Venue U', rivalId: 't1' },
];
const VENUES = [
  { id: 'v1', name: 'Allen Fieldhouse', capacity: 15300, teamId: 't1' },
  { id: 'v2', name: 'Bramlage Coliseum', capacity: 11000, teamId: 't2' },
  { id: 'v3', name: 'Foster Pavilion', capacity: 7500, teamId: 't3' },
];

export const TEAMS_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Team @key(fields: "id") { id: ID! name: String! rival: Team }
type Query {
  team(id: ID!): Team
  teams(limit: Int): [Team!]!
  whoami: Caller!
  """The same teams several times over (entity fetches with repeated representations)."""
  roster: [Team!]!
}
type Caller { authorization: String conference: String requestId: String statementConference: String }
`;

export const VENUES_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Venue @key(fields: "id") { id: ID! name: String! capacity: Int! }
type Team @key(fields: "id") { id: ID! homeVenue: Venue }
type Query { venues(limit: Int): [Venue!]! venue(id: ID!): Venue }
`;

function statementConference(statement: string | null): string | null {
  if (!statement) return null;
  const conf = decodeJwt(statement).conf;
  return conf === null ? '*' : String(conf);
}

type Ctx = { headers: Record<string, string | string[] | undefined> };
const header = (ctx: Ctx, name: string) => {
  const v = ctx.headers[name];
  return Array.isArray(v) ? v[0] : (v ?? null);
};

const teamsResolvers = {
  Query: {
    team: (_: unknown, { id }: { id: string }) => TEAMS.find((t) => t.id === id) ?? null,
    roster: () => ['t1', 't5', 't1', 't2', 't5', 't1'].map((id) => TEAMS.find((t) => t.id === id)),
    teams: (_: unknown, { limit }: { limit?: number }) => {
      if (limit !== undefined && limit !== null && limit < 0) {
        throw new GraphQLError('limit must be ≥ 0', { extensions: { code: 'BAD_USER_INPUT', field: 'limit' } });
      }
      return TEAMS.slice(0, limit ?? TEAMS.length);
    },
    whoami: (_: unknown, __: unknown, ctx: Ctx) => ({
      authorization: header(ctx, 'authorization'),
      conference: header(ctx, 'x-conference-id'),
      requestId: header(ctx, 'x-request-id'),
      // the conference the gateway's statement names (decoded only: these stand-ins do not verify it)
      statementConference: statementConference(header(ctx, 'x-flextime-principal')),
    }),
  },
  Team: {
    __resolveReference: (ref: { id: string }) => TEAMS.find((t) => t.id === ref.id) ?? null,
    rival: (team: { rivalId: string }) => TEAMS.find((t) => t.id === team.rivalId) ?? null,
  },
};

const venuesResolvers = {
  Query: {
    venues: (_: unknown, { limit }: { limit?: number }) => VENUES.slice(0, limit ?? VENUES.length),
    venue: (_: unknown, { id }: { id: string }) => VENUES.find((v) => v.id === id) ?? null,
  },
  Venue: { __resolveReference: (ref: { id: string }) => VENUES.find((v) => v.id === ref.id) ?? null },
  Team: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    homeVenue: (team: { id: string }) => {
      if (team.id === 't5')
        throw new GraphQLError('venue records unavailable', { extensions: { code: 'VENUE_BROKEN' } });
      return VENUES.find((v) => v.teamId === team.id) ?? null;
    },
  },
};

function miniSubgraph(name: string, typeDefs: string, resolvers: object): MiniSubgraph {
  let app: FastifyInstance | undefined;
  let apollo: ApolloServer<Ctx> | undefined;
  let port = 0;
  let pending: Array<(v?: unknown) => void> = [];
  const sub: MiniSubgraph = {
    name,
    typeDefs,
    url: '',
    seen: [],
    delayMs: 0,
    ready: true,
    async start() {
      apollo = new ApolloServer<Ctx>({
        // biome-ignore lint/suspicious/noExplicitAny: resolver maps of the fixtures are loosely typed
        schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as any }),
      });
      await apollo.start();
      app = Fastify({ forceCloseConnections: true });
      const handler = fastifyApolloHandler<Ctx>(apollo, { context: async (req) => ({ headers: req.headers }) });
      app.post('/graphql', async (request, reply) => {
        sub.seen.push({
          headers: request.headers,
          query: (request.body as { query?: string })?.query ?? '',
          body: JSON.stringify(request.body),
        });
        if (sub.delayMs > 0) {
          await new Promise((resolve) => {
            const timer = setTimeout(resolve, sub.delayMs);
            pending.push(() => {
              clearTimeout(timer);
              resolve(undefined);
            });
          });
        }
        return handler.call(app!, request, reply as never);
      });
      app.get('/health', async () => ({ status: 'ok' }));
      app.get('/ready', async (_req, reply) => {
        reply.code(sub.ready ? 200 : 503);
        return { status: sub.ready ? 'ready' : 'database unreachable' };
      });
      await app.listen({ port, host: '127.0.0.1' });
      const address = app.server.address();
      port = typeof address === 'object' && address ? address.port : port;
      sub.url = `http://127.0.0.1:${port}/graphql`;
    },
    async stop() {
      for (const release of pending) release();
      pending = [];
      await app?.close();
      await apollo?.stop();
      app = undefined;
    },
  };
  return sub;
}

export async function startMiniSubgraphs(): Promise<{ teams: MiniSubgraph; venues: MiniSubgraph }> {
  const teams = miniSubgraph('teams', TEAMS_SDL, teamsResolvers);
  const venues = miniSubgraph('venues', VENUES_SDL, venuesResolvers);
  await Promise.all([teams.start(), venues.start()]);
  return { teams, venues };
}
