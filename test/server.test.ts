// The server as operators and browsers meet it: /health, /metrics, GraphiQL with no internet, the GraphQL over
// HTTP audit, graphql-ws and SSE on the same path, and a graceful stop on SIGTERM in a real process.
import { spawn, type ChildProcess } from 'node:child_process';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GRAPHIQL_START } from '../src/app.js';
import { executeRaw, query, startTestGateway, withoutRedis, type TestGateway } from './helpers/gateway.js';
import { FirstVms } from './helpers/documents.js';
import { until } from './helpers/logs.js';

describe('the server', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => gw?.close());

  it('answers /health for load balancers', async () => {
    const response = await fetch(`${gw.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('exposes Prometheus metrics with backend requests by backend, method and status, and a latency histogram', async () => {
    await query(gw.graphqlUrl, FirstVms);
    const response = await fetch(`${gw.adminUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/gateway_backend_requests_total\{backend="lab-libvirt",method="GET",status="200"\} [1-9]/);
    expect(text).toMatch(/gateway_backend_requests_total\{backend="lab-libvirt",method="POST",status="200"\} 1/);
    expect(text).toMatch(/gateway_backend_request_duration_seconds_bucket\{le="0.1",backend="lab-libvirt"\} [1-9]/);
    expect(text).toMatch(/gateway_backend_request_duration_seconds_count\{backend="lab-libvirt"\} [1-9]/);
  });

  it('serves GraphiQL to a browser with every asset inline (it works offline)', async () => {
    const response = await fetch(gw.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>Snapshot gateway</title>');
    expect(html).toContain("subscriptionsProtocol");
    // No script, style or font is fetched from elsewhere.
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr\.net|cdnjs/);
  });

  it('opens GraphiQL on a query that runs on the lab without errors', async () => {
    const html = await (await fetch(gw.graphqlUrl, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('query Estate');
    const result = await executeRaw(gw.graphqlUrl, { query: GRAPHIQL_START });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toMatchObject({ vms: { backendErrors: [] } });
  });

  it('passes every MUST of the GraphQL over HTTP audit', async () => {
    const audits = serverAudits({ url: gw.graphqlUrl });
    const musts = audits.filter((audit) => audit.name.startsWith('MUST'));
    expect(musts.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const audit of musts) {
      const result = await audit.fn();
      if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
  });
});

/** Starts `src/main.ts` as a real process and waits for its address line. */
function startProcess(env: Record<string, string>, args: string[] = []): Promise<{ child: ChildProcess; url: string; adminUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: { ...withoutRedis(), PORT: '0', DRAIN_DELAY_MS: '100', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Snapshot gateway on (http:\/\/\S+)/.exec(out)?.[1];
      const adminUrl = /Admin: +(http:\/\/\S+)\/metrics/.exec(out)?.[1];
      if (url && adminUrl) resolve({ child, url, adminUrl });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${out}`)));
  });
}

/** The in-flight query's answer: which backend each VM came from. */
const answered = z.object({
  data: z.object({ vms: z.object({ edges: z.array(z.object({ node: z.object({ backend: z.object({ name: z.string() }) }) })) }) }),
});

const exitOf = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => child.once('exit', (code) => resolve(code)));

describe('the process', () => {
  it('finishes a request in flight on SIGTERM, refuses new work, and exits 0', async () => {
    const { child, url, adminUrl } = await startProcess({ LAB_LATENCY_MS: '400' });
    const exited = exitOf(child);
    try {
      const inFlight = fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ vms(first: 1000) { totalCount edges { node { name backend { name } } } } }' }),
      });
      // In flight: the gateway says so on its admin listener.
      await until('the query to be in flight', async () => {
        const metrics = await (await fetch(`${adminUrl}/metrics`)).text();
        return /^gateway_http_requests_in_flight [1-9]/m.test(metrics) ? true : null;
      });
      child.kill('SIGTERM');
      const response = await inFlight;
      expect(response.status).toBe(200);
      const body = answered.parse(await response.json());
      const backends = body.data.vms.edges.map((e) => e.node.backend.name);
      expect(backends.filter((name) => name === 'lab-libvirt')).toHaveLength(5);
      expect(backends.filter((name) => name === 'lab-manageiq')).toHaveLength(7);
      expect(await exited).toBe(0);
      await expect(fetch(`${url}/health`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('starts on the lab with no configuration and serves a query', async () => {
    const { child, url } = await startProcess({ LAB_OP_MS: '10' });
    try {
      const data = await query(`${url}/graphql`, FirstVms);
      // Every lab backend shows up with no configuration: 5 libvirt VMs, 5 ManageIQ VMs and 2 instances.
      expect(data.vms.edges.filter((e) => e.node.backend.name === 'lab-libvirt')).toHaveLength(5);
      expect(data.vms.edges.filter((e) => e.node.backend.name === 'lab-manageiq')).toHaveLength(7);
    } finally {
      child.kill('SIGTERM');
      await exitOf(child);
    }
  });
});
