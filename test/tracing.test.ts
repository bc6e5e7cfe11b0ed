// OpenTelemetry traces through a real gateway over the lab, exported over OTLP/HTTP to an in-process receiver set
// by the standard OTEL_* environment: a span per GraphQL operation (a child of the caller's traceparent), a span per
// backend call under it (backend, method, status), and the trace context sent on to the backends.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { denvr as denvrBackend } from '../src/connectors/denvr/backend.js';
import { boundPort } from '../src/net.js';
import { startTracing, type Tracing } from '../src/tracing.js';
import { startTestGateway, type TestGateway } from './helpers/gateway.js';

const attributeSchema = z.object({ key: z.string(), value: z.object({ stringValue: z.string().optional(), intValue: z.union([z.number(), z.string()]).optional() }) });
const spanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string(),
  kind: z.number(),
  attributes: z.array(attributeSchema).default([]),
});
const exportSchema = z.object({
  resourceSpans: z.array(z.object({ scopeSpans: z.array(z.object({ spans: z.array(spanSchema) })) })),
});
type Span = z.infer<typeof spanSchema>;

const attribute = (span: Span, key: string): string | number | undefined => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

describe('OpenTelemetry traces', () => {
  const received: Span[] = [];
  let receiver: Server;
  let tracing: Tracing;
  let gw: TestGateway;
  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = exportSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        received.push(...body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = boundPort(receiver);
    tracing = startTracing({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`, OTEL_SERVICE_NAME: 'gateway-under-test' });
    gw = await startTestGateway();
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await tracing?.shutdown();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("spans each operation under the caller's trace, each backend call under it, and sends the context on", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await fetch(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ query: 'query Traced { vms(first: 100) { totalCount edges { node { name } } } }' }),
    });
    expect(response.status).toBe(200);
    await tracing.shutdown();

    const operation = received.find((span) => span.name === 'query Traced');
    expect(operation).toMatchObject({ traceId, parentSpanId: '00f067aa0ba902b7' });
    if (!operation) throw new Error('no operation span');
    expect(attribute(operation, 'graphql.operation.name')).toBe('Traced');
    const calls = received.filter((span) => span.traceId === traceId && attribute(span, 'gateway.backend') !== undefined);
    expect(new Set(calls.map((span) => attribute(span, 'gateway.backend')))).toEqual(new Set(['lab-libvirt', 'lab-manageiq', 'lab-cloudsigma', 'lab-danube', 'lab-denvr']));
    for (const call of calls) {
      expect(call.parentSpanId).toBe(operation.spanId);
      expect(attribute(call, 'http.request.method')).toMatch(/^(GET|POST)$/);
      expect(attribute(call, 'http.response.status_code')).toBe(200);
    }
    // The backend saw the trace: its requests carried a traceparent of the same trace.
    const seen = gw.lab.sim(denvrBackend).requests().flatMap((r) => (r.traceparent ? [r.traceparent] : []));
    expect(seen.some((header) => header.startsWith(`00-${traceId}-`))).toBe(true);
  });
});
