// GraphQL operation series on /metrics, through a real gateway over the lab: durations by operation type and name,
// errors by code (parse and validation failures, bad input, a failing backend), and operation names bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRaw, startTestGateway, type TestGateway } from './helpers/gateway.js';

async function scrape(gw: TestGateway): Promise<string> {
  return (await fetch(`${gw.adminUrl}/metrics`)).text();
}

/** The value of one series, 0 when it is not there. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('GraphQL operation metrics', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({}, { http: { timeoutMs: 2_000, readRetries: 0, circuitBreaker: { consecutiveFailures: 100 } } });
  }, 60_000);
  afterAll(() => gw?.close());

  it('times operations by type and name and counts errors by code', async () => {
    const before = await scrape(gw);
    for (let i = 0; i < 2; i++) await executeRaw(gw.graphqlUrl, { query: 'query MetricsVms { vms(first: 3) { totalCount } }' });
    await executeRaw(gw.graphqlUrl, { query: '{ backends { name } }' });
    await executeRaw(gw.graphqlUrl, { query: '{ vms(first: 3' });
    await executeRaw(gw.graphqlUrl, { query: '{ nothingHere }' });
    await executeRaw(gw.graphqlUrl, { query: 'query MetricsBadCursor { vms(first: 1, after: "garbage") { totalCount } }' });
    gw.lab.setFaults({ denvr: { mode: 'error', probability: 1 } });
    try {
      const failed = await executeRaw(gw.graphqlUrl, { query: 'query MetricsFailing { vms(first: 100) { totalCount } }' });
      expect(failed.body.errors?.some((e) => e.extensions?.code === 'BACKEND_ERROR')).toBe(true);
    } finally {
      gw.lab.setFaults({});
    }
    const after = await scrape(gw);
    const grew = (series: string) => value(after, series) - value(before, series);
    expect(grew('gateway_graphql_operation_duration_seconds_count{operation_type="query",operation_name="MetricsVms"}')).toBe(2);
    expect(grew('gateway_graphql_operation_duration_seconds_count{operation_type="query",operation_name="anonymous"}')).toBe(1);
    expect(grew('gateway_graphql_errors_total{operation_type="unknown",code="GRAPHQL_PARSE_FAILED"}')).toBe(1);
    expect(grew('gateway_graphql_errors_total{operation_type="unknown",code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(grew('gateway_graphql_errors_total{operation_type="query",code="BAD_USER_INPUT"}')).toBe(1);
    expect(grew('gateway_graphql_errors_total{operation_type="query",code="BACKEND_ERROR"}')).toBeGreaterThanOrEqual(1);
  });

  it('counts operation names past the first 200 as "other"', async () => {
    for (let i = 0; i < 210; i++) await executeRaw(gw.graphqlUrl, { query: `query Many${i} { backends { name } }` });
    const text = await scrape(gw);
    const names = new Set([...text.matchAll(/gateway_graphql_operation_duration_seconds_count\{[^}]*operation_name="([^"]+)"/g)].map((m) => m[1]));
    expect(names.size).toBeLessThanOrEqual(202);
    expect(names.has('other')).toBe(true);
  });
});
