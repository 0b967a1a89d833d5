// The gateway's subgraph client: POSTs each query-plan fetch over the keep-alive pool with a per-subgraph deadline.
// A subgraph that is down, slow or broken turns into one GraphQL error naming it (extensions.serviceName) while the
// rest of the plan goes on, so the caller gets partial data — never a hung request.
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { type Dispatcher, request, errors as undiciErrors } from 'undici';
import type { GatewayContext } from './context.ts';
import type { FetchOutcome, FetchPlugin } from './plugins/types.ts';

export interface SubgraphFetchOptions {
  name: string;
  url: string;
  dispatcher: Dispatcher;
  timeoutMs: number;
  /** Hooks around each fetch (gateway/plugins/subgraph-fetch/): metrics, trace propagation. */
  plugins?: readonly FetchPlugin[];
  /** Share one round trip between identical in-flight queries (default true). */
  dedupe?: boolean;
}

export class SubgraphTimeoutError extends GraphQLError {}

interface RawAnswer {
  status: number;
  text: string;
}

/** Only queries may share a round trip; the query planner's subgraph operations start with their keyword. */
function isQuery(document: string | undefined): boolean {
  return document !== undefined && /^\s*(query\b|\{)/.test(document);
}

/** A GraphQLDataSource for one subgraph: header propagation, deadline, error naming, fetch plugins. */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  readonly name: string;
  readonly url: string;
  private readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;
  private readonly plugins: readonly FetchPlugin[];
  private readonly dedupe: boolean;
  private readonly inflight = new Map<string, Promise<RawAnswer>>();

  constructor(opts: SubgraphFetchOptions) {
    this.name = opts.name;
    this.url = opts.url;
    this.dispatcher = opts.dispatcher;
    this.timeoutMs = opts.timeoutMs;
    this.plugins = opts.plugins ?? [];
    this.dedupe = opts.dedupe ?? true;
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request: gqlRequest } = options;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
    };
    // Every fetch carries the signed statement of the caller; a fetch outside an operation (none today) carries none
    // and the subgraph answers it UNAUTHENTICATED.
    const context = options.context as Partial<GatewayContext> | undefined;
    if (context?.subgraphHeaders) Object.assign(headers, await context.subgraphHeaders());
    const { variables, expand } = uniqueRepresentations(gqlRequest.variables);
    const body = JSON.stringify({ query: gqlRequest.query, variables, operationName: gqlRequest.operationName });

    const ends = this.plugins.map((plugin) => plugin.onFetch({ subgraph: this.name, headers }));
    const done = (outcome: FetchOutcome) => {
      for (const end of ends) end?.(outcome);
    };
    let status: number;
    let text: string;
    try {
      ({ status, text } = await this.send(headers, body, isQuery(gqlRequest.query), context?.principalKey ?? ''));
    } catch (error) {
      if (error instanceof SubgraphTimeoutError) done('timeout');
      else done('unavailable');
      throw error;
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (isGraphQLResponse(parsed)) {
      done(parsed.errors?.length ? 'graphql_error' : 'ok');
      return expand ? expandEntities(parsed, expand) : parsed;
    }
    done('http_error');
    throw new GraphQLError(`Subgraph "${this.name}" answered HTTP ${status} without a GraphQL response`, {
      extensions: { code: 'SUBGRAPH_BAD_RESPONSE', serviceName: this.name, status },
    });
  }

  /**
   * One HTTP round trip under the subgraph's deadline. Identical queries in flight at the same time (same body, and
   * principals of the same conference and scopes) share one round trip; each caller parses its own copy of the answer.
   * Mutations never do.
   */
  private send(
    headers: Record<string, string>,
    body: string,
    dedupable: boolean,
    principalKey: string,
  ): Promise<RawAnswer> {
    if (!this.dedupe || !dedupable) return this.roundTrip(headers, body);
    const key = `${principalKey}\u0000${body}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.roundTrip(headers, body).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async roundTrip(headers: Record<string, string>, body: string): Promise<RawAnswer> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const res = await request(this.url, { method: 'POST', headers, body, dispatcher: this.dispatcher, signal });
      return { status: res.statusCode, text: await res.body.text() };
    } catch (error) {
      if (signal.aborted || error instanceof undiciErrors.HeadersTimeoutError) {
        throw new SubgraphTimeoutError(`Subgraph "${this.name}" did not answer within ${this.timeoutMs} ms`, {
          extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName: this.name, timeoutMs: this.timeoutMs },
        });
      }
      const reason = describe(error);
      throw new GraphQLError(`Subgraph "${this.name}" is unavailable: ${reason}`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.name, reason },
      });
    }
  }
}

type Variables = Record<string, unknown> | undefined;

/**
 * An entity fetch carries one representation per occurrence in the plan's results: a 240-game schedule asks for the
 * home team 240 times, 16 of them distinct. Only distinct representations are sent; `expand[i]` is the index in the
 * sent list of original representation i.
 */
export function uniqueRepresentations(variables: Variables): { variables: Variables; expand?: number[] } {
  const reps = variables?.representations;
  if (!Array.isArray(reps) || reps.length < 2) return { variables };
  const index = new Map<string, number>();
  const unique: unknown[] = [];
  const expand = new Array<number>(reps.length);
  for (let i = 0; i < reps.length; i++) {
    const key = JSON.stringify(reps[i]);
    let at = index.get(key);
    if (at === undefined) {
      at = unique.length;
      unique.push(reps[i]);
      index.set(key, at);
    }
    expand[i] = at;
  }
  if (unique.length === reps.length) return { variables };
  return { variables: { ...variables, representations: unique }, expand };
}

/** Restores one `_entities` entry (and error path) per original representation; repeats get their own copy. */
export function expandEntities(response: GatewayGraphQLResponse, expand: number[]): GatewayGraphQLResponse {
  const entities = (response.data as { _entities?: unknown[] } | null | undefined)?._entities;
  const occurrences: number[][] = [];
  expand.forEach((u, i) => {
    if (occurrences[u]) occurrences[u].push(i);
    else occurrences[u] = [i];
  });
  if (!Array.isArray(entities) || entities.length !== occurrences.length) return response;
  const handedOut = new Set<number>();
  const data = {
    ...response.data,
    _entities: expand.map((u) => {
      const entity = entities[u];
      if (entity === null || typeof entity !== 'object' || !handedOut.has(u)) {
        handedOut.add(u);
        return entity;
      }
      return structuredClone(entity);
    }),
  };
  const errors = response.errors?.flatMap((error) => {
    const path = error.path;
    if (path?.[0] !== '_entities' || typeof path[1] !== 'number' || !occurrences[path[1]]) return [error];
    return occurrences[path[1]].map((i) => ({ ...error, path: ['_entities', i, ...path.slice(2)] }));
  });
  return { ...response, data, ...(errors ? { errors } : {}) };
}

function isGraphQLResponse(value: unknown): value is GatewayGraphQLResponse {
  if (typeof value !== 'object' || value === null) return false;
  return 'data' in value || Array.isArray((value as { errors?: unknown }).errors);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const message = error.cause instanceof Error ? error.cause.message : error.message;
    return code && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}
