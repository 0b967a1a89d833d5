// Reference data a service needs from OTHER services, read through the gateway (GraphQL over HTTP to GATEWAY_URL),
// never from another service's schema: teams with their coordinates and home venues (namespace `teams`), blackouts
// and venue unavailability (namespace `availability`). Both are read-through cached; the services that change
// blackouts / unavailability invalidate `availability` when they commit and announce the change as an event
// (see events/announce.ts), so the next validation sees it.
import { GraphQLError } from 'graphql';
import { internalKey, signServiceCredential } from './auth.ts';
import { CACHE_NAMESPACES, type Cache } from './cache/index.ts';
import { refuseInsideKeyedTransaction } from './idempotency/outside-effects.ts';
import { traceHeaders } from './tracing.ts';

export function gatewayUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.GATEWAY_URL || `http://127.0.0.1:${env.GATEWAY_PORT || 4000}/graphql`;
}

export interface GatewayCallOptions {
  /** Gateway GraphQL URL (default GATEWAY_URL, else http://127.0.0.1:4000/graphql). */
  url?: string;
  /** Conference the call acts for (its service credential is bound to it; none = across conferences, as admin). */
  tenant?: number | null;
  requestId?: string;
  /** The calling service, the credential's subject `service:<name>` (default `worker`). */
  service?: string;
  /** Secret the service credential is signed with (default FLEXTIME_INTERNAL_SECRET). */
  internalSecret?: string;
  timeoutMs?: number;
}

/** An upstream failure: the gateway could not be reached or answered errors. */
export class GatewayError extends Error {
  override name = 'GatewayError';
  /** The `extensions.code` of each GraphQL error the gateway answered (empty for transport failures). */
  constructor(
    message: string,
    readonly codes: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A call whose answer is read-through cached in `cache`. */
export type CachedCallOptions = GatewayCallOptions & { cache: Cache };

/** Codes that blame the caller's input, not the upstream service: passed through instead of 503. */
const CALLER_ERROR_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED']);

/** One GraphQL operation through the gateway; throws GatewayError on transport errors or GraphQL errors. */
export async function gatewayRequest<T>(
  query: string,
  variables: Record<string, unknown>,
  opts: GatewayCallOptions = {},
): Promise<T> {
  refuseInsideKeyedTransaction('reads other services through the gateway');
  const url = opts.url ?? gatewayUrlFromEnv();
  // The gateway takes the tenant from the credential only: each call carries this service's own, bound to it.
  const credential = await signServiceCredential(
    opts.service ?? 'worker',
    opts.tenant ?? null,
    internalKey(opts.internalSecret ?? process.env.FLEXTIME_INTERNAL_SECRET),
  );
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    authorization: `Bearer ${credential}`,
  };
  if (opts.requestId) headers['x-request-id'] = opts.requestId;
  // the call continues the caller's trace (a generation job step, an event handler) at the gateway
  Object.assign(headers, traceHeaders());
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new GatewayError(`gateway ${url} unreachable: ${(error as Error).message}`);
  }
  let body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: unknown } }> };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new GatewayError(`gateway ${url} answered HTTP ${res.status} without JSON`);
  }
  if (body.errors?.length) {
    const codes = body.errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNKNOWN'));
    throw new GatewayError(`gateway: ${body.errors.map((e) => e.message).join('; ')}`, codes);
  }
  if (!body.data) throw new GatewayError(`gateway ${url} answered HTTP ${res.status} without data`);
  return body.data;
}

/**
 * A GraphQL error for resolvers when a gateway call failed: the caller's own mistake (every upstream error a
 * BAD_USER_INPUT, NOT_FOUND, …) keeps its code; anything else is the upstream's failure (503).
 */
export function upstreamError(error: unknown, prefix = ''): GraphQLError {
  const message = `${prefix}${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof GatewayError && error.codes.length && error.codes.every((c) => CALLER_ERROR_CODES.has(c))) {
    return new GraphQLError(message, { extensions: { code: error.codes[0] } });
  }
  return new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
}

export interface RefTeam {
  id: number;
  name: string;
  abbreviation: string;
  latitude: number | null;
  longitude: number | null;
  venueId: number | null;
  venueName: string | null;
}

export interface RefBlackout {
  id: number;
  teamId: number;
  startDate: string;
  endDate: string;
  severity: 'hard' | 'soft' | 'preference';
}

export interface RefUnavailability {
  id: number;
  venueId: number;
  startDate: string;
  endDate: string;
}

/** An open booking conflict: the arena is taken that day by something else (venue-management). */
export interface RefBookingConflict {
  id: number;
  venueId: number;
  date: string;
}

/** What a generation or a validation must not schedule into, read through the gateway. */
export interface RefAvailability {
  blackouts: RefBlackout[];
  unavailability: RefUnavailability[];
  bookingConflicts: RefBookingConflict[];
}

interface Conn<T> {
  nodes: T[];
  totalPages: number;
}

const TEAMS = `query FlextimeRefTeams($sportId: ID, $conferenceId: ID, $page: Int) {
  teams(sportId: $sportId, conferenceId: $conferenceId, page: $page, limit: 100) {
    totalPages
    nodes { id name abbreviation institution { latitude longitude } homeVenue { id name } }
  }
}`;

type TeamNode = {
  id: string;
  name: string;
  abbreviation: string;
  institution: { latitude: number | null; longitude: number | null } | null;
  homeVenue: { id: string; name: string } | null;
};

async function allPages<N>(fetchPage: (page: number) => Promise<Conn<N>>): Promise<N[]> {
  const first = await fetchPage(1);
  const rest = await Promise.all(Array.from({ length: Math.max(0, first.totalPages - 1) }, (_, i) => fetchPage(i + 2)));
  return [first, ...rest].flatMap((c) => c.nodes);
}

/** Teams of a sport (and conference) with coordinates and home venue: read-through cached (namespace `teams`). */
export function loadTeams(
  filter: { sportId: number; conferenceId?: number | null },
  opts: CachedCallOptions,
): Promise<RefTeam[]> {
  // refused whether or not the answer is cached, so a keyed mutation behaves the same either way
  refuseInsideKeyedTransaction('reads other services through the gateway');
  const key = `${filter.sportId}:${filter.conferenceId ?? '*'}:${opts.tenant ?? '*'}`;
  return opts.cache.getOrLoad(CACHE_NAMESPACES.teams, key, async () => {
    const nodes = await allPages(async (page) => {
      const data = await gatewayRequest<{ teams: Conn<TeamNode> }>(
        TEAMS,
        {
          sportId: String(filter.sportId),
          conferenceId: filter.conferenceId ? String(filter.conferenceId) : null,
          page,
        },
        opts,
      );
      return data.teams;
    });
    return nodes.map((t) => ({
      id: Number(t.id),
      name: t.name,
      abbreviation: t.abbreviation,
      latitude: t.institution?.latitude ?? null,
      longitude: t.institution?.longitude ?? null,
      venueId: t.homeVenue ? Number(t.homeVenue.id) : null,
      venueName: t.homeVenue?.name ?? null,
    }));
  });
}

const AVAILABILITY = `query FlextimeRefAvailability($sportId: ID, $seasonId: ID, $conferenceId: ID, $from: Date, $to: Date,
  $blackoutPage: Int, $venuePage: Int, $conflictPage: Int, $withBlackouts: Boolean!, $withVenues: Boolean!,
  $withConflicts: Boolean!) {
  blackouts(sportId: $sportId, seasonId: $seasonId, conferenceId: $conferenceId, from: $from, to: $to,
    page: $blackoutPage, limit: 100) @include(if: $withBlackouts) {
    totalPages
    nodes { id team { id } startDate endDate severity }
  }
  venueUnavailability(conferenceId: $conferenceId, from: $from, to: $to, page: $venuePage, limit: 100)
    @include(if: $withVenues) {
    totalPages
    nodes { id venue { id } startDate endDate }
  }
  venueConflicts(conferenceId: $conferenceId, status: "open", from: $from, to: $to, page: $conflictPage, limit: 100)
    @include(if: $withConflicts) {
    totalPages
    nodes { id venue { id } date }
  }
}`;

type BlackoutNode = { id: string; team: { id: string }; startDate: string; endDate: string; severity: string };
type UnavailNode = { id: string; venue: { id: string }; startDate: string; endDate: string };
type ConflictNode = { id: string; venue: { id: string }; date: string };

/**
 * Active blackouts (of a sport and season), venue unavailability periods and open booking conflicts overlapping
 * [from, to], from team-availability and venue-management in one gateway round trip (more only when a list has
 * several pages); read-through cached in namespace `availability`.
 */
export function loadAvailability(
  filter: { sportId: number; seasonId?: number | null; conferenceId?: number | null; from?: string; to?: string },
  opts: CachedCallOptions,
): Promise<RefAvailability> {
  refuseInsideKeyedTransaction('reads other services through the gateway');
  const key = JSON.stringify([
    filter.sportId,
    filter.seasonId ?? null,
    filter.conferenceId ?? null,
    filter.from ?? null,
    filter.to ?? null,
    opts.tenant ?? null,
  ]);
  return opts.cache.getOrLoad(CACHE_NAMESPACES.availability, key, () => fetchAvailability(filter, opts));
}

/** loadAvailability without the cache. */
export async function fetchAvailability(
  filter: { sportId: number; seasonId?: number | null; conferenceId?: number | null; from?: string; to?: string },
  opts: GatewayCallOptions = {},
): Promise<RefAvailability> {
  const base = {
    sportId: String(filter.sportId),
    seasonId: filter.seasonId ? String(filter.seasonId) : null,
    conferenceId: filter.conferenceId ? String(filter.conferenceId) : null,
    from: filter.from ?? null,
    to: filter.to ?? null,
  };
  type Data = {
    blackouts?: Conn<BlackoutNode>;
    venueUnavailability?: Conn<UnavailNode>;
    venueConflicts?: Conn<ConflictNode>;
  };
  const only = { withBlackouts: false, withVenues: false, withConflicts: false };
  const pages = { blackoutPage: 1, venuePage: 1, conflictPage: 1 };
  const first = await gatewayRequest<Data>(
    AVAILABILITY,
    { ...base, ...pages, withBlackouts: true, withVenues: true, withConflicts: true },
    opts,
  );
  const blackouts = [...(first.blackouts?.nodes ?? [])];
  const unavail = [...(first.venueUnavailability?.nodes ?? [])];
  const conflicts = [...(first.venueConflicts?.nodes ?? [])];
  const more: Promise<void>[] = [];
  const nextPages = (list: 'blackouts' | 'venueUnavailability' | 'venueConflicts', into: unknown[]) => {
    const page = { blackouts: 'blackoutPage', venueUnavailability: 'venuePage', venueConflicts: 'conflictPage' }[list];
    const flag = { blackouts: 'withBlackouts', venueUnavailability: 'withVenues', venueConflicts: 'withConflicts' }[
      list
    ];
    for (let p = 2; p <= (first[list]?.totalPages ?? 1); p++) {
      more.push(
        gatewayRequest<Data>(AVAILABILITY, { ...base, ...pages, ...only, [page]: p, [flag]: true }, opts).then(
          (d) => void into.push(...(d[list]?.nodes ?? [])),
        ),
      );
    }
  };
  nextPages('blackouts', blackouts);
  nextPages('venueUnavailability', unavail);
  nextPages('venueConflicts', conflicts);
  await Promise.all(more);
  return {
    blackouts: blackouts.map((b) => ({
      id: Number(b.id),
      teamId: Number(b.team.id),
      startDate: b.startDate,
      endDate: b.endDate,
      severity: String(b.severity).toLowerCase() as RefBlackout['severity'],
    })),
    unavailability: unavail.map((u) => ({
      id: Number(u.id),
      venueId: Number(u.venue.id),
      startDate: u.startDate,
      endDate: u.endDate,
    })),
    bookingConflicts: conflicts.map((c) => ({ id: Number(c.id), venueId: Number(c.venue.id), date: c.date })),
  };
}
