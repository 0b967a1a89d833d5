// OpenTelemetry: one trace per request across the gateway, each subgraph fetch and each SQL statement, and a
// generation job's steps continuing the trace of the mutation that queued it (its payload carries `traceparent`).
// An in-memory exporter stands in for OTLP; the SDK is registered the way bin/telemetry.ts does it.
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/db.ts';
import { type TestStack as Stack, startTestStack, waitFor } from '../support/stack.ts';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const idOf = (s: ReadableSpan) => s.spanContext().spanId;
const traceOf = (s: ReadableSpan) => s.spanContext().traceId;

/** The spans of one trace once its root (the gateway's request span, no parent) has ended. */
async function traceWhere(match: (root: ReadableSpan) => boolean): Promise<ReadableSpan[]> {
  const root = await waitFor(
    async () => exporter.getFinishedSpans().find((s) => parentOf(s) === undefined && match(s)),
    10_000,
    'the request span',
  );
  return exporter.getFinishedSpans().filter((s) => traceOf(s) === traceOf(root));
}

/** Whether `span` descends from `ancestor` in `spans`. */
function descends(spans: ReadableSpan[], span: ReadableSpan, ancestor: ReadableSpan): boolean {
  const byId = new Map(spans.map((s) => [idOf(s), s]));
  for (let p = parentOf(span); p !== undefined; p = parentOf(byId.get(p) as ReadableSpan)) {
    if (p === idOf(ancestor)) return true;
    if (!byId.has(p)) return false;
  }
  return false;
}

afterAll(() => provider.shutdown());

for (const kind of DB_KINDS)
  describe(`tracing (${kind})`, () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startTestStack({ kind, rest: false, defaultMetrics: false, jobs: { worker: true } });
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it('a cross-service query is one trace: gateway request → subgraph fetches → subgraph requests → SQL', async () => {
      exporter.reset();
      await stack.gql(
        'query TracedTeams { teams(sportCode: "MBB", limit: 3) { nodes { name homeVenue { name capacity } } } }',
      );
      const spans = await traceWhere((s) => s.name === 'gateway POST /graphql');
      const root = spans.find((s) => parentOf(s) === undefined) as ReadableSpan;
      expect(root.name).toBe('gateway POST /graphql');
      expect(root.attributes['http.response.status_code']).toBe(200);

      // Apollo Gateway's own spans under the request span: one fetch per subgraph of the plan
      const fetches = spans.filter((s) => s.name === 'gateway.fetch');
      expect(fetches.map((f) => f.attributes.service).sort()).toEqual(['team-availability', 'venue-management']);
      for (const fetch of fetches) expect(descends(spans, fetch, root)).toBe(true);

      // each fetch's traceparent made the subgraph's request span its child, and that request's SQL its grandchildren
      for (const fetch of fetches) {
        const service = String(fetch.attributes.service);
        const served = spans.filter((s) => s.name === `${service} POST /graphql`);
        expect(served, `${service} request span`).toHaveLength(1);
        expect(parentOf(served[0])).toBe(idOf(fetch));
        const sql = spans.filter((s) => s.name.startsWith('SQL ') && descends(spans, s, served[0]));
        expect(sql.length, `${service} SQL spans`).toBeGreaterThan(0);
        // every statement ran as the service's own role; the reads are there (and the audit log's insert)
        for (const statement of sql)
          expect(statement.attributes['db.user']).toBe(`${service.replace('-', '_')}_service`);
        expect(sql.some((statement) => /^\s*select\b/i.test(String(statement.attributes['db.statement'])))).toBe(true);
      }
    });

    it('a generation job continues the trace of the mutation that queued it, one span per step', async () => {
      const ids = (
        await stack.gql<{ teams: { nodes: Array<{ sport: { id: string }; conference: { id: string } }> } }>(
          '{ teams(sportCode: "MBB", limit: 1) { nodes { sport { id } conference { id } } } }',
        )
      ).data.teams.nodes[0];
      exporter.reset();
      await stack.gql(
        'mutation TracedGeneration($input: StartGenerationInput!) { startGeneration(input: $input) { id } }',
        {
          input: {
            name: 'traced',
            sportId: ids.sport.id,
            conferenceId: ids.conference.id,
            seasonId: '2',
            parameters: { seconds: 1 },
          },
        },
      );
      const job = await waitFor(
        async () => exporter.getFinishedSpans().find((s) => s.name === 'generation job'),
        60_000,
        'the job span',
      );
      const spans = exporter.getFinishedSpans().filter((s) => traceOf(s) === traceOf(job));
      const root = spans.find((s) => parentOf(s) === undefined) as ReadableSpan;
      expect(root.name).toBe('gateway POST /graphql');
      expect(descends(spans, job, root)).toBe(true);
      const steps = spans.filter((s) => parentOf(s) === idOf(job)).map((s) => s.name);
      expect(steps).toEqual(
        expect.arrayContaining([
          'generation build-problem',
          'generation run',
          'generation store-result',
          'generation publish schedule.generated',
        ]),
      );
      // build-problem read the other services through the gateway, inside the same trace
      const build = spans.find((s) => s.name === 'generation build-problem') as ReadableSpan;
      expect(
        spans.some((s) => s.name === 'gateway POST /graphql' && parentOf(s) !== undefined && descends(spans, s, build)),
      ).toBe(true);
      // and the result was stored with SQL spans under store-result
      const store = spans.find((s) => s.name === 'generation store-result') as ReadableSpan;
      expect(spans.some((s) => s.name.startsWith('SQL ') && descends(spans, s, store))).toBe(true);
    });
  });
