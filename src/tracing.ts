// OpenTelemetry traces, set up from the standard OTEL_* environment: with an OTLP endpoint set
// (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) and OTEL_TRACES_EXPORTER not `none`, spans are
// batched to it over OTLP/HTTP; otherwise nothing is set up and every span is a no-op. W3C trace context is read from
// requests and sent to backends. docs/tracing.md.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** The name spans are made under. */
export const TRACER_NAME = 'snapshot-gateway';

export interface Tracing {
  /** Whether spans go anywhere. */
  readonly exporting: boolean;
  /** Sends what is batched and stops (at shutdown). */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { exporting: false, shutdown: async () => undefined };

/** Sets up tracing from the environment, once per process; answers OFF when it does not ask for any. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  // The signal's own endpoint as it is; the general one with the traces path after it (the OTLP spec's rule).
  const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  const exporter = env.OTEL_TRACES_EXPORTER ?? 'otlp';
  if (!url || exporter === 'none' || env.OTEL_SDK_DISABLED === 'true') return OFF;
  // Headers, timeout and compression: the exporter reads them from the OTEL_* variables itself.
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? TRACER_NAME }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  // Global: the async-hooks context manager (spans follow awaits) and the W3C trace-context propagator.
  provider.register();
  return { exporting: true, shutdown: () => provider.shutdown() };
}
