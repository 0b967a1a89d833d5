// Hive Gateway (@graphql-hive/gateway-runtime) serving gateway/supergraph.graphql in place of FlexTime's own gateway.
// The subgraphs answer nothing without a signed statement of the caller, so Hive gets two hooks and nothing else:
// - onRequest: the caller's credential (X-API-Key or a JWT) goes through the same authentication module as every
//   FlexTime door (gateway/auth): none or a bad one → 401 UNAUTHENTICATED before anything is planned; then the same
//   per-principal rate limit (429 + Retry-After);
// - propagateHeaders: each subgraph fetch carries the statement of that principal (subject, conference, scopes),
//   signed with FLEXTIME_INTERNAL_SECRET. Client headers are never forwarded, so a caller cannot send a statement or
//   a tenant of its own: the tenant comes from the credential only, and the subgraphs enforce scopes and RLS.
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  AuthError,
  type AuthOptions,
  authenticate,
  InternalSigner,
  internalSecretFrom,
  type Principal,
  type RateLimitOptions,
  STATEMENT_HEADER,
} from './auth/index.ts';
import { envPrefix } from './config.ts';
import { IDEMPOTENCY_KEY_HEADER } from './context.ts';

export interface HiveGatewayOptions {
  /** The supergraph SDL (gateway/supergraph.graphql). */
  supergraphSdl: string;
  /** Subgraph URL overrides by name (the supergraph's own URLs otherwise). */
  subgraphUrls?: Record<string, string>;
  auth: AuthOptions;
  internalSecret: string;
  rateLimit: RateLimitOptions;
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

  const refuse = (status: number, message: string, code: string, extra: Record<string, string> = {}) =>
    new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...extra },
    });

  const frontDoor: GatewayPlugin = {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== '/graphql') return; // Hive's /healthcheck and /readiness hold no data
      let principal: Principal;
      try {
        principal = await authenticate(Object.fromEntries(request.headers), opts.auth, signer);
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        const code = error.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        const extra: Record<string, string> = error.status === 401 ? { 'www-authenticate': 'Bearer, ApiKey' } : {};
        return endResponse(refuse(error.status, error.message, code, extra));
      }
      const { limit, windowMs, store } = opts.rateLimit;
      if (limit > 0 && principal.kind !== 'service') {
        const decision = await store.hit(`${principal.kind}:${principal.subject}`, limit, windowMs);
        if (!decision.allowed) {
          return endResponse(
            refuse(429, `Rate limit of ${limit} requests per minute exceeded`, 'RATE_LIMITED', {
              'retry-after': String(decision.resetSeconds),
            }),
          );
        }
      }
      principals.set(request, principal);
    },
  };

  return createGatewayRuntime({
    supergraph: withSubgraphUrls(opts.supergraphSdl, opts.subgraphUrls ?? {}),
    logging: opts.logging ?? 'warn',
    graphqlEndpoint: '/graphql',
    landingPage: false,
    plugins: () => [frontDoor],
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
