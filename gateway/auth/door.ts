// The front door: one Fastify onRequest hook on the whole gateway authenticates every request (GraphQL POST and GET,
// the REST shim, any route added later) before its route runs, rate-limits it per principal, and drops what a caller
// must never set (the tenant header, the internal statement header). Open without a credential: OPEN_PATHS only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RestError, sendError } from '../rest/errors.ts';
import { AuthError, authenticate, authenticateCalendarFeed } from './authenticate.ts';
import { CALENDAR_FEED_PATH } from './calendar-token.ts';
import type { AuthOptions } from './credentials.ts';
import { type InternalSigner, STATEMENT_HEADER } from './internal.ts';
import type { Principal } from './principal.ts';
import type { RateLimitOptions } from './rate-limit.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller (null only on OPEN_PATHS). */
    principal: Principal | null;
  }
}

/** Process health, readiness, metrics, the API's own documentation and the workspace's files: no data behind them. */
export const OPEN_PATHS: readonly RegExp[] = [
  /^\/health$/,
  /^\/ready$/,
  /^\/metrics$/,
  /^\/openapi\.json$/,
  /^\/docs(\/|$)/,
  // the workspace's page and hashed assets (gateway/web.ts)
  /^\/(index\.html)?$/,
  /^\/assets\/[\w.-]+$/,
];

/** Headers only FlexTime itself may set; whatever a caller sends under these names is removed at the door. */
export const INTERNAL_HEADERS = ['x-conference-id', STATEMENT_HEADER] as const;

export interface DoorOptions {
  auth: AuthOptions;
  internal: InternalSigner;
  rateLimit: RateLimitOptions;
  /** Counts a failed authentication by its code (INVALID_API_KEY, TOKEN_EXPIRED, …). */
  onFailure?(code: string): void;
  /** Counts a request refused by the rate limit. */
  onRateLimited?(): void;
  /** Whether a request may go on without a credential besides OPEN_PATHS (a browser sent on from /graphql to GraphiQL). */
  isOpen?(request: FastifyRequest): boolean;
  /**
   * Whether an authenticated request is counted elsewhere, not here: REST requests whose operations run on a remote
   * gateway (GATEWAY_URL), which counts them itself, so one call is not charged twice.
   */
  countedElsewhere?(request: FastifyRequest): boolean;
}

function pathOf(request: FastifyRequest): string {
  const url = request.raw.url ?? request.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** The GraphQL body of a refusal at the door (any gateway in front of the supergraph answers the same, gateway/hive.ts). */
export function graphqlRefusal(status: number, message: string, code: string, details: Record<string, unknown> | null) {
  const graphqlCode = status === 401 ? 'UNAUTHENTICATED' : status === 429 ? 'RATE_LIMITED' : 'FORBIDDEN';
  return { errors: [{ message, extensions: { code: graphqlCode, reason: code, ...(details ?? {}) } }] };
}

/** A GraphQL-shaped refusal for /graphql callers, the legacy REST shape for everyone else. */
function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  code: string,
  details: Record<string, unknown> | null,
) {
  if (pathOf(request) === '/graphql')
    return reply
      .code(status)
      .type('application/json; charset=utf-8')
      .send(graphqlRefusal(status, message, code, details));
  return sendError(reply, new RestError(status, message, { code, details }));
}

export function registerAuthentication(app: FastifyInstance, opts: DoorOptions): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    for (const name of INTERNAL_HEADERS) delete request.headers[name];
    const path = pathOf(request);
    if (OPEN_PATHS.some((re) => re.test(path))) return;
    // a calendar app sends no header: on the feed path the link's token is the credential, and nothing else is
    const feedToken = CALENDAR_FEED_PATH.exec(path)?.[1];
    try {
      request.principal = feedToken
        ? authenticateCalendarFeed(feedToken, opts.internal)
        : await authenticate(request.headers, opts.auth, opts.internal);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      if (opts.isOpen?.(request)) return;
      opts.onFailure?.(error.code);
      request.log.info({ status: error.status, code: error.code, path }, 'authentication failed');
      if (error.status === 401) reply.header('www-authenticate', 'Bearer, ApiKey');
      return refuse(request, reply, error.status, error.message, error.code, error.details);
    }
    const { limit, windowMs, store } = opts.rateLimit;
    if (limit <= 0 || request.principal.kind === 'service' || opts.countedElsewhere?.(request)) return;
    const decision = await store.hit(`${request.principal.kind}:${request.principal.subject}`, limit, windowMs);
    reply.header('ratelimit-limit', String(limit));
    reply.header('ratelimit-remaining', String(decision.remaining));
    if (!decision.allowed) {
      opts.onRateLimited?.();
      reply.header('retry-after', String(decision.resetSeconds));
      return refuse(
        request,
        reply,
        429,
        `Rate limit of ${limit} requests per minute exceeded; retry in ${decision.resetSeconds} s`,
        'RATE_LIMITED',
        {
          retry_after_seconds: decision.resetSeconds,
        },
      );
    }
  });
}
