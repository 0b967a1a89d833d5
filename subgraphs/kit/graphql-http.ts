// The HTTP edge of a GraphQL endpoint (gateway and subgraphs alike): whatever goes wrong before Apollo Server runs —
// a body that is not JSON, one over the size limit, a POST that is not application/json — is answered in GraphQL's
// error format (`{ errors: [{ message, extensions: { code } }] }`), never Fastify's, with the HTTP status that says
// why (400, 413, 415). Client errors are logged at info, without a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/** Media types a GraphQL POST may carry (GraphQL over HTTP: application/json; the newer response type as a request). */
const JSON_TYPES = /^application\/(json|graphql-response\+json)\s*(;|$)/i;

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** GraphQL error codes that mean the caller's request was wrong (logged at info, without a stack), not the server. */
const CLIENT_ERROR_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COSTLY',
  'QUERY_TOO_LARGE',
  'TOO_MANY_TOKENS',
  'TOO_MANY_ALIASES',
  'TOO_MANY_DIRECTIVES',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
]);

/** Whether a GraphQL error is the caller's (a 4xx): by its HTTP status when it has one, else by its code. */
export function isClientError(error: { extensions?: Record<string, unknown> }): boolean {
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  if (typeof status === 'number') return status >= 400 && status < 500;
  return CLIENT_ERROR_CODES.has(String(error.extensions?.code));
}

/** Answers with one GraphQL error; 4xx logged at info without a stack, 5xx at error with it. */
export function sendGraphQLError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  code = CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST'),
  cause?: unknown,
): FastifyReply {
  if (status < 500) request.log.info({ status, code, reason: message }, 'client error');
  else request.log.error({ status, code, err: cause }, 'request failed');
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ errors: [{ message, extensions: { code } }] });
}

function graphqlErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  let message = status >= 500 ? 'Internal server error' : error.message;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') message = 'The request body is larger than the server accepts';
  else if (status === 415) message = 'Missing or unsupported content type: send the operation as application/json';
  else if (status === 400 && error instanceof SyntaxError)
    message = `The request body is not valid JSON: ${error.message}`;
  return sendGraphQLError(request, reply, status, message, undefined, error);
}

async function requireJsonPost(request: FastifyRequest, reply: FastifyReply) {
  if (request.method !== 'POST') return;
  const type = request.headers['content-type'];
  if (type && JSON_TYPES.test(type)) return;
  return sendGraphQLError(
    request,
    reply,
    415,
    type
      ? `Unsupported content type "${type}": send the operation as application/json`
      : 'Missing content type: send the operation as application/json',
  );
}

/** GRAPHQL_MAX_BODY_BYTES: the largest /graphql request body (query + variables), default 256 KiB. */
export function graphqlBodyLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GRAPHQL_MAX_BODY_BYTES;
  if (raw === undefined || raw === '') return 262_144;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1024)
    throw new Error(`GRAPHQL_MAX_BODY_BYTES must be an integer ≥ 1024, got '${raw}'`);
  return n;
}

/**
 * Makes the route at `url` answer framework errors as GraphQL errors and refuse non-JSON POSTs with 415.
 * Register before the route (it hooks the route's options as Fastify declares it).
 */
export function registerGraphQLHttp(
  // Any Fastify instance, whatever its logger type.
  app: { addHook(name: 'onRoute', hook: (route: RouteOptions) => void): unknown },
  url = '/graphql',
  maxBodyBytes = graphqlBodyLimitFromEnv(),
): void {
  app.addHook('onRoute', (route) => {
    if (route.url !== url) return;
    // a body over the limit is refused on its Content-Length, before it is read or parsed
    route.bodyLimit ??= maxBodyBytes;
    route.errorHandler ??= graphqlErrorHandler;
    const existing = route.preValidation;
    route.preValidation = existing
      ? [requireJsonPost, ...(Array.isArray(existing) ? existing : [existing])]
      : requireJsonPost;
  });
}
