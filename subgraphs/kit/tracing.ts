// OpenTelemetry for the services: a SERVER span per HTTP request (continuing the caller's W3C `traceparent`), spans
// for the steps of a generation job, and the trace carried inside a job's payload. The code speaks only to the API:
// spans are recorded when the composition root (bin/) — or a test — has started an SDK; otherwise nothing is made.
import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const tracer = trace.getTracer('flextime');

/** The W3C trace headers (`traceparent`, `tracestate`) of the active trace, for a payload or an outgoing request. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The context a carrier (HTTP headers, a job payload's `trace`) continues. */
export function continueTrace(carrier: Record<string, unknown> | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** Runs `fn` in a child span of the active trace (or of `parent`); the span ends when fn settles. */
export async function inSpan<T>(
  name: string,
  fn: (span: Span) => Promise<T>,
  opts: { attributes?: Record<string, string | number | boolean>; parent?: Context; kind?: SpanKind } = {},
): Promise<T> {
  const parent = opts.parent ?? context.active();
  const span = tracer.startSpan(name, { attributes: opts.attributes, kind: opts.kind }, parent);
  try {
    const result = await context.with(trace.setSpan(parent, span), () => fn(span));
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's trace context (its SERVER span); the route handler runs inside it. */
    traceContext: Context | null;
  }
}

/**
 * A SERVER span per request (`<service> <METHOD> <route>`), continuing an incoming `traceparent`: started when the
 * request arrives, ended with its response. The handler runs inside it (a callback preHandler hook enters the span's
 * context and calls on), so every span the handler's work makes — gateway fetches, SQL — is its child.
 */
export function registerRequestTracing(app: FastifyInstance, service: string): void {
  app.decorateRequest('traceContext', null);
  const spans = new WeakMap<FastifyRequest, Span>();
  app.addHook('onRequest', (request, _reply, done) => {
    const parent = continueTrace(request.headers);
    const span = tracer.startSpan(
      `${service} ${request.method} ${request.url.split('?')[0]}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.url } },
      parent,
    );
    spans.set(request, span);
    request.traceContext = trace.setSpan(parent, span);
    done();
  });
  app.addHook('preHandler', (request, _reply, done) => {
    if (request.traceContext) context.with(request.traceContext, done);
    else done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}
