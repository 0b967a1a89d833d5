// OpenTelemetry for a FlexTime process: traces exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set
// (the exporter also reads OTEL_EXPORTER_OTLP_HEADERS etc.); unset, no SDK is loaded or started and every span the
// code asks for is the API's no-op (zero cost). The SDK registers the W3C trace-context propagator and an
// AsyncLocalStorage context manager, so `traceparent` flows gateway → subgraphs → SQL and into generation jobs.
export interface Telemetry {
  /** Flushes the spans still buffered and stops the SDK. */
  shutdown(): Promise<void>;
}

export async function startTelemetry(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Telemetry | null> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  const [{ NodeTracerProvider }, { BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}
