// Hive Gateway (@graphql-hive/gateway-runtime) serving gateway/supergraph.graphql in place of FlexTime's own gateway.
// The subgraphs answer nothing without a signed statement of the caller, so Hive gets two hooks and nothing else:
// - onRequest: the caller's credential (X-API-Key or a JWT) goes through the same authentication module as every
//   FlexTime door (gateway/auth): none or a bad one → 401 UNAUTHENTICATED before anything is planned; then the same
//   per-principal rate limit (429 + Retry-After);
// - propagateHeaders: each subgraph fetch carries the statement of that principal (subject, conference, scopes),
//   signed with FLEXTIME_INTERNAL_SECRET. Client headers are never forwarded, so a caller cannot send a statement or
//   a tenant of its own: the tenant comes from the credential only, and the subgraphs enforce scopes and RLS.
// - onParams: in production (NODE_ENV=production) only the trusted documents of gateway/persisted-documents.json run,
//   whole or by id, unless the principal holds the dev scope — the same check as FlexTime's gateway;
// Failures read as FlexTime's gateway writes them (the REST shim maps them to 502/504 naming the service): a subgraph
// that cannot be reached is SUBGRAPH_UNAVAILABLE with its serviceName, one that does not answer within
// SUBGRAPH_TIMEOUT_MS is SUBGRAPH_TIMEOUT.
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError } from 'graphql';
import {
  AuthError,
  type AuthOptions,
  authenticate,
  graphqlRefusal,
  InternalSigner,
  internalSecretFrom,
  type Principal,
  type RateLimitOptions,
  STATEMENT_HEADER,
} from './auth/index.ts';
import { TrustedDocuments } from './auth/trusted-documents.ts';
import { envPrefix, limitsFromEnv } from './config.ts';
import { IDEMPOTENCY_KEY_HEADER } from './context.ts';

export interface HiveGatewayOptions {
  /** The supergraph SDL (gateway/supergraph.graphql). */
  supergraphSdl: string;
  /** Subgraph URL overrides by name (the supergraph's own URLs otherwise). */
  subgraphUrls?: Record<string, string>;
  auth: AuthOptions;
  internalSecret: string;
  rateLimit: RateLimitOptions;
  /** Trusted documents only (the persisted-documents manifest); default on when NODE_ENV=production. */
  trustedDocumentsOnly?: boolean;
  /** Deadline of one subgraph fetch, ms (default SUBGRAPH_TIMEOUT_MS, as FlexTime's gateway). */
  subgraphTimeoutMs?: number;
  /** Per-subgraph deadlines overriding subgraphTimeoutMs, by subgraph name. */
  subgraphTimeoutsMs?: Record<string, number>;
  logging?: 'debug' | 'info' | 'warn' | 'error' | false;
}

/** Rewrites the `@join__graph(name:, url:)` of each named subgraph. */
export function withSubgraphUrls(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) =>
    urls[name] ? `@join__graph(name: "${name}", url: ${JSON.stringify(urls[name])})` : whole,
  );
}

/** `<NAME>_URL` overrides from the environment, as the FlexTime gateway reads them. */
export function subgraphUrlOverrides(
  names: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const name of names) {
    const url = env[`${envPrefix(name)}_URL`];
    if (url) urls[name] = url;
  }
  return urls;
}

export function createHiveGateway(opts: HiveGatewayOptions) {
  const signer = new InternalSigner(internalSecretFrom(opts.internalSecret));
  const principals = new WeakMap<Request, Principal>();
  const trusted =
    (opts.trustedDocumentsOnly ?? process.env.NODE_ENV === 'production') ? TrustedDocuments.fromFile() : null;

  // the body FlexTime's door answers (code, reason, details), so clients and the REST shim read one shape
  const refuse = (
    status: number,
    message: string,
    reason: string,
    details: Record<string, unknown> | null,
    headers: Record<string, string> = {},
  ) =>
    new Response(JSON.stringify(graphqlRefusal(status, message, reason, details)), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    });

  const frontDoor: GatewayPlugin = {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== '/graphql') return; // Hive's /healthcheck and /readiness hold no data
      let principal: Principal;
      try {
        principal = await authenticate(Object.fromEntries(request.headers), opts.auth, signer);
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        const extra: Record<string, string> = error.status === 401 ? { 'www-authenticate': 'Bearer, ApiKey' } : {};
        return endResponse(refuse(error.status, error.message, error.code, error.details, extra));
      }
      const { limit, windowMs, store } = opts.rateLimit;
      if (limit > 0 && principal.kind !== 'service') {
        const decision = await store.hit(`${principal.kind}:${principal.subject}`, limit, windowMs);
        if (!decision.allowed) {
          return endResponse(
            refuse(
              429,
              `Rate limit of ${limit} requests per minute exceeded; retry in ${decision.resetSeconds} s`,
              'RATE_LIMITED',
              { retry_after_seconds: decision.resetSeconds },
              { 'retry-after': String(decision.resetSeconds) },
            ),
          );
        }
      }
      principals.set(request, principal);
    },
    onParams({ request, params, setParams, setResult }) {
      const principal = principals.get(request);
      if (!trusted || !principal) return;
      const verdict = trusted.check(params, principal);
      if (!verdict.ok) {
        setResult({
          errors: [
            new GraphQLError(verdict.message, { extensions: { code: 'QUERY_NOT_IN_SAFELIST', http: { status: 400 } } }),
          ],
        });
      } else if (verdict.query) setParams({ ...params, query: verdict.query });
    },
  };

  const defaultTimeoutMs = opts.subgraphTimeoutMs ?? limitsFromEnv().subgraphTimeoutMs;
  const timeoutOf = (subgraph: string | undefined) =>
    (subgraph && opts.subgraphTimeoutsMs?.[subgraph]) || defaultTimeoutMs;
  return createGatewayRuntime({
    supergraph: withSubgraphUrls(opts.supergraphSdl, opts.subgraphUrls ?? {}),
    logging: opts.logging ?? 'warn',
    graphqlEndpoint: '/graphql',
    landingPage: false,
    upstreamTimeout: ({ subgraphName }) => timeoutOf(subgraphName),
    plugins: () => [frontDoor, namedSubgraphFailures(timeoutOf), variableErrorsAsBadInput],
    propagateHeaders: {
      async fromClientToSubgraphs({ request }) {
        const principal = principals.get(request);
        if (!principal) return {};
        const requestId = request.headers.get('x-request-id');
        const idempotencyKey = request.headers.get(IDEMPOTENCY_KEY_HEADER);
        return {
          [STATEMENT_HEADER]: await signer.statement(principal),
          ...(requestId ? { 'x-request-id': requestId } : {}),
          // the subgraph whose mutation runs records it (retry-safe writes)
          ...(idempotencyKey !== null ? { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } : {}),
        };
      },
    },
  });
}

/** The Node error (ECONNREFUSED, a reset, an abort) under a GraphQL error, if one is there. */
function networkCause(error: GraphQLError): Error | null {
  let cause: unknown = error.originalError;
  while (cause instanceof GraphQLError) cause = cause.originalError;
  return cause instanceof Error ? cause : null;
}

function reasonOf(error: Error): string {
  const code = (error as { code?: string }).code;
  const message = error.cause instanceof Error ? error.cause.message : error.message;
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * Hive hands a fetch that failed to the client as "Unexpected error." (it masks errors wrapping a Node error) and a
 * timeout as GATEWAY_TIMEOUT without the subgraph's name. Both are rewritten per subgraph fetch into the errors
 * FlexTime's gateway gives (gateway/subgraph-client.ts): no request body or stack, the subgraph named.
 */
function namedSubgraphFailures(timeoutOf: (subgraph: string) => number): GatewayPlugin {
  const rewrite = (serviceName: string, error: GraphQLError): GraphQLError => {
    const path = error.path;
    const timeoutMs = timeoutOf(serviceName);
    if (error.extensions?.code === 'GATEWAY_TIMEOUT')
      return new GraphQLError(`Subgraph "${serviceName}" did not answer within ${timeoutMs} ms`, {
        path,
        extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName, timeoutMs },
      });
    const cause = networkCause(error);
    if (!cause) return error;
    const reason = reasonOf(cause);
    return new GraphQLError(`Subgraph "${serviceName}" is unavailable: ${reason}`, {
      path,
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName, reason },
    });
  };
  return {
    onSubgraphExecute({ subgraphName }) {
      return ({ result, setResult }) => {
        if (Symbol.asyncIterator in result || !result.errors?.length) return;
        setResult({ ...result, errors: result.errors.map((e) => rewrite(subgraphName, e as GraphQLError)) });
      };
    },
  };
}

/**
 * Variables that do not fit their types (an unknown enum value, a string for an Int) are refused before execution
 * with no code by Hive, BAD_USER_INPUT by FlexTime's gateway (Apollo Server): given that code here too.
 */
const variableErrorsAsBadInput: GatewayPlugin = {
  onExecute() {
    return {
      onExecuteDone({ result, setResult }) {
        if (Symbol.asyncIterator in result || result.data !== undefined || !result.errors?.length) return;
        setResult({
          ...result,
          errors: result.errors.map((error) =>
            error.extensions?.code
              ? error
              : new GraphQLError(error.message, {
                  nodes: error.nodes,
                  source: error.source,
                  positions: error.positions,
                  extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
                }),
          ),
        });
      },
    };
  },
};
