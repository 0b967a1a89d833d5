// One span per SQL statement, as a child of the request or job step that issued it — only while that trace is being
// recorded (an OpenTelemetry SDK started by the composition root, or a test's): with no SDK, no span is made at all.
import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('flextime-db');

/** Whether the caller's trace is being recorded (a span is active and sampled). */
function recording(): boolean {
  return trace.getSpan(context.active())?.isRecording() === true;
}

function startStatementSpan(role: string, text: string): Span {
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
  return tracer.startSpan(`SQL ${verb}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system': 'postgresql', 'db.user': role, 'db.statement': text },
  });
}

/** Runs one statement inside its span (when recording); the span ends when the statement settles. */
export function tracedStatement<T>(role: string, text: string, run: () => Promise<T>): Promise<T> {
  if (!recording()) return run();
  const span = startStatementSpan(role, text);
  return context.with(trace.setSpan(context.active(), span), run).then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      throw error;
    },
  );
}
