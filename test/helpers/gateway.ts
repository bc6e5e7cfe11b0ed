// Test kit: a real gateway on port 0 in front of the real lab simulators, and clients for HTTP, SSE and graphql-ws.
import { print, type FormattedExecutionResult } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { ConnectorSpec } from '../../src/connectors/registry.js';
import { startLab, type Lab, type LabOptions } from '../../src/lab/lab.js';
import { startGateway, type StartedGateway, type StartOptions } from '../../src/start.js';
import { sampleOf } from './metrics.js';

export interface TestGateway {
  url: string;
  /** The admin listener (/metrics), on a port of its own. */
  adminUrl: string;
  graphqlUrl: string;
  wsUrl: string;
  lab: Lab;
  started: StartedGateway;
  close(): Promise<void>;
}


/**
 * Tests change backends behind the gateway's back and count what reaches them: their gateways read every answer
 * from the backend, unless a test asks for the shared read cache (test/readCache.test.ts does).
 */
export const UNCACHED = { freshnessMs: 0 } as const;
export async function startTestGateway(
  lab: Partial<LabOptions> = {},
  options: Partial<Omit<StartOptions, 'specs' | 'port' | 'host'>> = {},
  /** Changes the lab's connector specs before the gateway starts (a backend's own timeout, say). */
  adjust: (spec: ConnectorSpec) => ConnectorSpec = (spec) => spec,
): Promise<TestGateway> {
  const running = await startLab({ scale: 1, latencyMs: 0, opMs: 50, ...lab });
  const started = await startGateway({
    specs: running.specs.map(adjust),
    port: 0,
    host: '127.0.0.1',
    engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 },
    http: { timeoutMs: 2_000, readRetries: 1 },
    cache: UNCACHED,
    // Policies run when a test ticks their runner (gateway.policies.runner.tick), not by the clock.
    policies: { tickMs: null },
    ...options,
  });
  const url = started.server.url;
  const adminUrl = started.server.adminUrl;
  if (adminUrl === null) throw new Error('startTestGateway needs the admin listener (server.adminPort is off)');
  return {
    url,
    adminUrl,
    graphqlUrl: `${url}/graphql`,
    wsUrl: `${url.replace(/^http/, 'ws')}/graphql`,
    lab: running,
    started,
    async close() {
      await started.close();
      await running.close();
    },
  };
}

export type Variables<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];

/** POSTs a typed document; answers the full result (data and errors) and the HTTP status. */
export async function execute<R, V>(
  url: string,
  document: TypedDocumentNode<R, V>,
  ...variables: Variables<V>
): Promise<FormattedExecutionResult<R> & { status: number }> {
  return executeWith(url, {}, document, ...variables);
}

/** execute with request headers (an Authorization header, say). */
export async function executeWith<R, V>(
  url: string,
  headers: Record<string, string>,
  document: TypedDocumentNode<R, V>,
  ...[variables]: Variables<V>
): Promise<FormattedExecutionResult<R> & { status: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body: FormattedExecutionResult<R> = await response.json();
  return { ...body, status: response.status };
}

/** Like execute, but fails the test on any GraphQL error and answers the data. */
export async function query<R, V>(url: string, document: TypedDocumentNode<R, V>, ...variables: Variables<V>): Promise<R> {
  const result = await execute(url, document, ...variables);
  if (result.errors?.length || !result.data) {
    throw new Error(`unexpected errors (HTTP ${result.status}): ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

/** POSTs a raw query string (for documents that must not type-check, such as bad input, or are made up in a test). */
export async function executeRaw(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: FormattedExecutionResult<Record<string, unknown>> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A sample of a gateway's /metrics on its admin listener (the first, for a metric with labels); NaN without one. */
export async function metricOf(adminUrl: string, metric: string): Promise<number> {
  return sampleOf(await (await fetch(`${adminUrl}/metrics`)).text(), metric);
}

/** How many subscriptions a gateway holds, from its admin listener's /metrics (gateway_operation_subscribers). */
export const operationSubscribers = (adminUrl: string): Promise<number> => metricOf(adminUrl, 'gateway_operation_subscribers');

/**
 * Waits until the gateway holds at least `count` operation subscriptions (a subscriber is in place before a test
 * acts), or with 'at most', no more than `count` (those a test ended are gone).
 */
export async function untilSubscribers(adminUrl: string, count: number, bound: 'at least' | 'at most' = 'at least', timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const reached = (held: number) => (bound === 'at least' ? held >= count : held <= count);
  while (!reached(await operationSubscribers(adminUrl))) {
    if (Date.now() > deadline) throw new Error(`the gateway never held ${bound} ${count} operation subscriptions`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function wsClient(url: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams });
}

/** Every result of a subscription over graphql-ws, until it completes. */
export async function collectWs<R, V>(
  client: Client,
  document: TypedDocumentNode<R, V>,
  variables: V,
): Promise<FormattedExecutionResult<R, unknown>[]> {
  const results: FormattedExecutionResult<R, unknown>[] = [];
  const iterator = client.iterate<R>({ query: print(document), variables: variables ?? undefined });
  for await (const result of iterator) results.push(result);
  return results;
}

/** Every event of a subscription over SSE (yoga's distinct-connection mode), until the server ends the stream. */
export async function collectSse<R, V>(url: string, document: TypedDocumentNode<R, V>, variables: V): Promise<FormattedExecutionResult<R>[]> {
  const { status, events } = await postSse<R>(url, { query: print(document), variables });
  if (status < 200 || status >= 300) throw new Error(`SSE request failed with HTTP ${status}`);
  return events;
}

/** An SSE request with a raw body and request headers (an Authorization header, say): its status and every event. */
export async function postSse<R = Record<string, unknown>>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; events: FormattedExecutionResult<R>[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const events: FormattedExecutionResult<R>[] = [];
  if (!response.ok) return { status: response.status, events };
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n');
    if (!lines.includes('event: next')) continue;
    const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
    events.push(JSON.parse(data));
  }
  return { status: response.status, events };
}

/** Events of an SSE subscription as they arrive, until `enough` says so; then the stream is cut. */
export async function streamSse<R, V>(
  url: string,
  document: TypedDocumentNode<R, V>,
  variables: V,
  enough: (events: FormattedExecutionResult<R>[]) => boolean,
  onOpen?: () => Promise<void>,
): Promise<FormattedExecutionResult<R>[]> {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: print(document), variables }),
    signal: abort.signal,
  });
  if (!response.ok || !response.body) throw new Error(`SSE request failed with HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const events: FormattedExecutionResult<R>[] = [];
  let buffer = '';
  const opened = onOpen?.();
  try {
    while (!enough(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        if (!lines.includes('event: next')) continue;
        events.push(JSON.parse(lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n')));
      }
    }
  } finally {
    abort.abort();
    await opened;
  }
  return events;
}

/** This process's environment for a child gateway, less REDIS_URL: a child in a test keeps its operations in memory. */
export function withoutRedis(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.REDIS_URL;
  return env;
}

/** Every payload of an HTTP response in multipart/mixed (an incremental @defer / @stream answer), in order. */
export async function postMultipart(url: string, body: unknown): Promise<{ status: number; contentType: string; payloads: Record<string, unknown>[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
    body: JSON.stringify(body),
  });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (!contentType.startsWith('multipart/mixed')) return { status: response.status, contentType, payloads: [JSON.parse(text)] };
  // Parts are separated by "---" lines; each has headers, a blank line, then one JSON payload.
  const payloads = text
    .split(/\r?\n-{3,}\r?\n?/)
    .map((part) => part.split(/\r?\n\r?\n/).slice(1).join('\n\n').trim())
    .filter((json) => json.startsWith('{'))
    .map((json) => JSON.parse(json));
  return { status: response.status, contentType, payloads };
}
