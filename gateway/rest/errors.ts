// The legacy error contract of the REST shim: every failure, whatever its origin (request validation,
// authentication, a GraphQL error from a subgraph, a subgraph that is down or slow), is answered as
// `{ error, message, code, details }` with the status code the monolith used. Never a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** A GraphQL error as formatted on the wire (GraphQLFormattedError-compatible). */
export interface GraphQLErrorLike {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

export interface LegacyErrorBody {
  error: string;
  message: string;
  code: string;
  details: Record<string, unknown> | null;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const DEFAULT_CODES: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'RATE_LIMITED',
  501: 'NOT_IMPLEMENTED',
  502: 'SUBGRAPH_FAILED',
  503: 'SERVICE_UNAVAILABLE',
  504: 'SUBGRAPH_TIMEOUT',
};

/** An error that knows its legacy HTTP status, code and details. */
export class RestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | null;

  constructor(status: number, message: string, opts: { code?: string; details?: Record<string, unknown> | null } = {}) {
    super(message);
    this.name = 'RestError';
    this.status = status;
    this.code = opts.code ?? DEFAULT_CODES[status] ?? 'ERROR';
    this.details = opts.details ?? null;
  }

  toBody(): LegacyErrorBody {
    return { error: titleFor(this.status), message: this.message, code: this.code, details: this.details };
  }
}

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Bad Gateway' : 'Bad Request');
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new RestError(400, message, { details: details ?? null });
export const notFound = (what: string, id?: unknown) =>
  new RestError(404, id === undefined ? `${what} not found` : `${what} ${id} not found`, {
    details: id === undefined ? null : { resource: what.toLowerCase(), id: String(id) },
  });
export const unprocessable = (message: string, details?: Record<string, unknown>) =>
  new RestError(422, message, { details: details ?? null });
export const notImplemented = (message: string, details?: Record<string, unknown>) =>
  new RestError(501, message, { details: details ?? null });

/** GraphQL `extensions.code` → legacy status. Codes from Apollo Server, Apollo Gateway and our subgraphs. */
const GRAPHQL_CODE_STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  VALIDATION_ERROR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  UNPROCESSABLE: 422,
  UNPROCESSABLE_ENTITY: 422,
  CONSTRAINT_VIOLATION: 422,
  INFEASIBLE: 422,
  NOT_IMPLEMENTED: 501,
  SERVICE_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  NOT_READY: 503,
  QUEUE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
  SUBGRAPH_TIMEOUT: 504,
  UPSTREAM_TIMEOUT: 504,
  TIMEOUT: 504,
  SUBGRAPH_UNAVAILABLE: 502,
  SUBGRAPH_DOWN: 502,
  DOWNSTREAM_SERVICE_ERROR: 502,
  SUBREQUEST_HTTP_ERROR: 502,
  // Our own operation files are checked against the supergraph by a test; should one still fail to
  // parse or validate (a subgraph changed under us), the gateway side is at fault, not the caller.
  GRAPHQL_PARSE_FAILED: 502,
  GRAPHQL_VALIDATION_FAILED: 502,
  // Depth/cost limits only trip on our own operations if a list is unexpectedly large.
  QUERY_TOO_DEEP: 502,
  QUERY_TOO_COMPLEX: 502,
  INTERNAL_SERVER_ERROR: 502,
  // retry-safe writes (subgraphs/kit/idempotency): the REST code stays the GraphQL one
  IDEMPOTENCY_KEY_INVALID: 400,
  IDEMPOTENCY_KEY_IN_USE: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_KEY_NOT_SUPPORTED: 422,
};

const DUPLICATE_RE = /\balready (?:exists|has|taken|registered)\b|\bduplicate\b/i;
const TIMEOUT_RE = /time(?:d)?[ -]?out|ETIMEDOUT|deadline exceeded|aborted due to timeout/i;
const DOWN_RE =
  /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|socket hang up|fetch failed|couldn't reach|could not reach|unavailable|not ready/i;

/** Picks the most telling error (client errors first: they explain the failure best) and maps it. */
export function fromGraphQLErrors(errors: readonly GraphQLErrorLike[]): RestError {
  const mapped = errors.map(fromGraphQLError);
  // A caller-side problem (4xx) explains the failure better than anything else; among server-side
  // problems a timeout or an unavailable service is more telling than a generic failure.
  const rank = (e: RestError) =>
    e.status < 500 ? 0 : e.status === 504 ? 1 : e.status === 503 ? 2 : e.status === 501 ? 3 : 4;
  mapped.sort((a, b) => rank(a) - rank(b));
  const first = mapped[0] ?? new RestError(502, 'The gateway returned an error');
  if (mapped.length > 1) {
    return new RestError(first.status, first.message, {
      code: first.code,
      details: { ...(first.details ?? {}), errors: mapped.map((e) => ({ code: e.code, message: e.message })) },
    });
  }
  return first;
}

export function fromGraphQLError(err: GraphQLErrorLike): RestError {
  const ext = (err.extensions ?? {}) as Record<string, unknown>;
  const gqlCode = typeof ext.code === 'string' ? ext.code : undefined;
  const service = typeof ext.serviceName === 'string' ? ext.serviceName : undefined;
  const message = typeof err.message === 'string' && err.message ? err.message : 'Unknown error';
  // Unknown codes and generic upstream failures: a timeout shows in the message or the code.
  let status = (gqlCode ? GRAPHQL_CODE_STATUS[gqlCode] : undefined) ?? 502;
  // Subgraphs report a duplicate as bad input ("team 1 already has a profile for season 2"); legacy callers got 409.
  if (status === 400 && DUPLICATE_RE.test(message)) status = 409;
  if (status === 502 && (TIMEOUT_RE.test(message) || (gqlCode && /TIMEOUT/.test(gqlCode)))) status = 504;
  const details: Record<string, unknown> = {};
  const field = fieldOf(ext);
  if (field) details.field = field;
  if (service) details.service = service;
  if (gqlCode) details.graphql_code = gqlCode;
  if (err.path?.length) details.path = err.path.join('.');
  // Server-side failures must not echo internals (stack traces, SQL) to legacy callers.
  const safeMessage = status >= 500 ? serverMessage(status, service, message, gqlCode) : message;
  const code = gqlCode?.startsWith('IDEMPOTENCY_KEY_')
    ? gqlCode
    : status === 400
      ? 'VALIDATION_ERROR'
      : status >= 500
        ? (DEFAULT_CODES[status] ?? 'SUBGRAPH_FAILED')
        : (DEFAULT_CODES[status] ?? gqlCode ?? 'ERROR');
  return new RestError(status, safeMessage, { code, details: Object.keys(details).length ? details : null });
}

function fieldOf(ext: Record<string, unknown>): string | undefined {
  for (const k of ['field', 'argumentName', 'argument', 'fieldName']) {
    const v = ext[k];
    // `input.sportId` → `sport_id`: REST bodies are flat where GraphQL wraps them in `input`.
    if (typeof v === 'string' && v) return snake(v.replace(/^input\./, ''));
  }
  const inv = ext.invalidArgs;
  if (Array.isArray(inv) && typeof inv[0] === 'string') return snake(inv[0]);
  return undefined;
}

/** Server-side codes whose messages the services write for callers (no internals): passed on as they are. */
const CALLER_FACING_CODES = new Set(['DATABASE_UNAVAILABLE']);

function serverMessage(status: number, service: string | undefined, message: string, gqlCode?: string): string {
  if (gqlCode && CALLER_FACING_CODES.has(gqlCode)) return message.split('\n')[0].slice(0, 300);
  const who = service ? `the ${service} service` : 'an upstream service';
  if (status === 504) return `Timed out waiting for ${who}`;
  if (status === 503) return `Service not ready: ${service ?? 'the gateway is starting or a dependency is down'}`;
  if (status === 501) return message.split('\n')[0].slice(0, 300);
  return `Request to ${who} failed${DOWN_RE.test(message) ? ' (service unreachable)' : ''}`;
}

/** camelCase GraphQL argument names back to the snake_case the REST caller used. */
export function snake(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Fastify/Ajv validation error → 400 naming the offending field. */
function fromValidation(err: FastifyError & { validation?: AjvIssue[]; validationContext?: string }): RestError {
  const where = err.validationContext ?? 'request';
  const issues = (err.validation ?? []).map((v) => {
    let field = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const p = v.params ?? {};
    if (v.keyword === 'required' && typeof p.missingProperty === 'string')
      field = field ? `${field}.${p.missingProperty}` : p.missingProperty;
    if (v.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string')
      field = field ? `${field}.${p.additionalProperty}` : p.additionalProperty;
    return { field: field || where, in: where, message: v.message ?? 'is invalid' };
  });
  const first = issues[0];
  const message = first
    ? `Invalid ${where === 'querystring' ? 'query parameter' : where === 'params' ? 'path parameter' : where} '${first.field}': ${first.message}`
    : err.message;
  return new RestError(400, message, {
    code: 'VALIDATION_ERROR',
    details: { field: first?.field ?? where, in: where, errors: issues },
  });
}

/** Any error thrown inside a REST route (or by Fastify for it) → RestError. */
export function toRestError(error: unknown): RestError {
  if (error instanceof RestError) return error;
  const err = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (err && Array.isArray(err.validation)) return fromValidation(err);
  const status = typeof err?.statusCode === 'number' ? err.statusCode : undefined;
  if (
    err instanceof SyntaxError ||
    (typeof err?.code === 'string' && /^FST_ERR_CTP_(INVALID_JSON|EMPTY_JSON)/.test(err.code))
  ) {
    return new RestError(400, 'Malformed JSON in request body', {
      code: 'MALFORMED_JSON',
      details: { field: 'body', in: 'body', reason: String(err?.message ?? '').slice(0, 200) },
    });
  }
  if (status && status >= 400 && status < 500) {
    return new RestError(status, String(err.message || titleFor(status)).slice(0, 300), {
      code: DEFAULT_CODES[status] ?? 'BAD_REQUEST',
      details: err.code ? { reason: err.code } : null,
    });
  }
  // Unknown failure inside the shim: report it as a failed upstream request, without internals.
  return new RestError(502, 'The request could not be completed by the upstream services', { code: 'SUBGRAPH_FAILED' });
}

/** Seconds a caller should wait before retrying a 503: every 503 here is transient (starting, a dependency down). */
const RETRY_AFTER_SECONDS = '1';

export function sendError(reply: FastifyReply, err: RestError): FastifyReply {
  if (err.status === 503) reply.header('retry-after', RETRY_AFTER_SECONDS);
  const retryAfter = err.details?.retry_after_seconds;
  if (err.status === 429 && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.code(err.status).type('application/json; charset=utf-8').send(err.toBody());
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const rest = toRestError(error);
  if (!(error instanceof RestError)) {
    request.log.error({ err: error, status: rest.status, code: rest.code }, 'REST request failed unexpectedly');
  } else if (rest.status >= 502) {
    request.log.warn({ status: rest.status, code: rest.code, details: rest.details }, 'REST request failed upstream');
  } else {
    request.log.info({ status: rest.status, code: rest.code, reason: rest.message }, 'REST request rejected');
  }
  return sendError(reply, rest);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0];
  return sendError(
    reply,
    new RestError(404, `No route for ${request.method} ${path.slice(0, 200)}`, {
      code: 'ROUTE_NOT_FOUND',
      details: { method: request.method, path: path.slice(0, 200) },
    }),
  );
}

/**
 * Fastify answers a few failures before any route, hook or error handler runs (an undecodable URL, FST_ERR_BAD_URL;
 * a path parameter over maxParamLength, FST_ERR_MAX_PARAM_LENGTH) — only the root `frameworkErrors` option sees them.
 * Pass this as `Fastify({ frameworkErrors: restFrameworkErrors })`: /api/* callers get the legacy shape, others the
 * same status with Fastify's usual body.
 */
export function restFrameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : typeof error.statusCode === 'number' ? error.statusCode : 400;
  const url = request.raw.url ?? '';
  if (!url.startsWith('/api/')) {
    reply.code(status).send({ error: titleFor(status), code: error.code, message: error.message, statusCode: status });
    return;
  }
  sendError(
    reply,
    new RestError(
      status,
      error.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid (bad percent-encoding)' : error.message,
      {
        code: 'VALIDATION_ERROR',
        details: { field: 'path', in: 'path', reason: error.code ?? null },
      },
    ),
  );
}
