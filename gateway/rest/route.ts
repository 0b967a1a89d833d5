// What a REST route is: a method + URL, request/response schemas, the named GraphQL operation(s) it runs,
// and a handler that maps the GraphQL result to the legacy JSON shape.
import type { FastifyRequest } from 'fastify';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyHeader } from '../context.ts';
import { assertCanWrite } from './auth.ts';
import { fromGraphQLErrors, RestError } from './errors.ts';
import { credentialOf } from './executor.ts';
import type { V1Operations } from './generated/v1-operations.ts';
import type { V2Operations } from './generated/v2-operations.ts';
import type { OperationRegistry } from './operations.ts';
import type { JsonSchema } from './schemas.ts';
import type { ExecuteFn, Principal } from './types.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Every operation file the shim runs, by name (`v1/ListSchedules`): its result data, generated from the document. */
export type RestOperations = V1Operations & V2Operations;
export type OperationName = keyof RestOperations;
export type OperationData<K extends OperationName> = RestOperations[K]['data'];

export interface RouteContext {
  request: FastifyRequest;
  principal: Principal;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  /** Runs a named operation (`v1/ListSchedules`) and returns its data, typed from the document, or throws. */
  run<K extends OperationName>(operation: K, variables?: Record<string, unknown>): Promise<OperationData<K>>;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteSpec {
  method: Method;
  url: string;
  /** Operation files this route runs (checked at registration and against the supergraph in tests). */
  operations: string[];
  summary: string;
  description?: string;
  tags: string[];
  params?: JsonSchema;
  querystring?: JsonSchema;
  body?: JsonSchema;
  /** Success status → schema (documentation and contract tests). */
  responses: Record<number, JsonSchema | null>;
  /** OpenAPI security of this route when it is not the API's (`[]`: the URL itself is the credential). */
  security?: Array<Record<string, string[]>>;
  /** Mutating route: needs a credential with write access. */
  write?: boolean;
  handler(ctx: RouteContext): Promise<RouteResult>;
}

export interface RunnerOptions {
  execute: ExecuteFn;
  operations: OperationRegistry;
  timeoutMs: number;
}

const NOT_READY_RE = /not (?:yet )?(?:ready|loaded|started)|before .*start|starting|draining|stopped|shut ?down/i;

/** Builds the `run` function for one request: the principal (tenant, roles) and request id travel to the gateway. */
export function makeRunner(opts: RunnerOptions, request: FastifyRequest, principal: Principal): RouteContext['run'] {
  const caller = {
    principal,
    requestId: String(request.id),
    credential: credentialOf(request.headers),
    // write routes run one mutation each: the key makes it retry-safe (only mutations record it)
    idempotencyKey: idempotencyKeyHeader(request.headers[IDEMPOTENCY_KEY_HEADER]),
  };

  return async <K extends OperationName>(
    operation: K,
    variables: Record<string, unknown> = {},
  ): Promise<OperationData<K>> => {
    const op = opts.operations.get(operation);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new RestError(504, `No answer from the gateway within ${opts.timeoutMs} ms`, {
              code: 'SUBGRAPH_TIMEOUT',
              details: { operation: op.name },
            }),
          ),
        opts.timeoutMs,
      );
    });
    let result: Awaited<ReturnType<ExecuteFn>>;
    try {
      result = await Promise.race([opts.execute(op.source, dropUndefined(variables), caller), timeout]);
    } catch (err) {
      if (err instanceof RestError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      request.log.error({ err, operation: op.name }, 'gateway execute failed');
      if (NOT_READY_RE.test(message)) {
        throw new RestError(503, 'The gateway is not ready', {
          code: 'SERVICE_UNAVAILABLE',
          details: { operation: op.name },
        });
      }
      throw new RestError(502, 'The gateway could not run the request', {
        code: 'SUBGRAPH_FAILED',
        details: { operation: op.name },
      });
    } finally {
      clearTimeout(timer);
    }
    if (result.errors?.length) {
      const err = fromGraphQLErrors(result.errors);
      if (err.status >= 500) {
        const brief = result.errors.map((e) => ({
          message: e.message,
          code: e.extensions?.code,
          service: e.extensions?.serviceName,
        }));
        request.log.warn({ errors: brief, operation: op.name }, 'subgraph errors');
      }
      throw err;
    }
    if (!result.data) throw new RestError(502, 'The gateway returned no data', { code: 'SUBGRAPH_FAILED' });
    // The one place JSON becomes typed: the gateway validated this document against the supergraph the generated
    // types come from (a test checks every document against it), so the data has the document's shape.
    return result.data as OperationData<K>;
  };
}

function dropUndefined(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) out[k] = v;
  return out;
}

export function checkWrite(spec: RouteSpec, principal: Principal): void {
  if (spec.write) assertCanWrite(principal);
}
