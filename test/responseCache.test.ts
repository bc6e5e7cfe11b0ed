// The response cache through a real gateway over the lab: a repeated query within the window is answered without
// executing it (same data, the first answer's freshness); other variables, callers who see other things, answers
// with errors and documents that select operations or health are executed every time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { graphql } from './gql/index.js';
import { CreateSnapshot, FollowOperation } from './helpers/documents.js';
import { collectWs, execute, query, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';

const Estate = graphql(`
  query ResponseCacheEstate($first: Int) {
    vms(first: $first) { totalCount edges { node { id name backend { name } snapshots(first: 50) { edges { node { name } } } } } }
  }
`);

const WithOperations = graphql(`
  query ResponseCacheWithOperations {
    operations(first: 50) { totalCount }
    vms(first: 5) { totalCount }
  }
`);

async function outcomes(gw: TestGateway): Promise<{ hit: number; miss: number }> {
  const metric = await gw.started.gateway.metrics.cachedResponses.get();
  const count = (outcome: string) => metric.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  return { hit: count('hit'), miss: count('miss') };
}

describe('the response cache', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ scale: 1, opMs: 50 }, { cache: { freshnessMs: 60_000 }, http: { timeoutMs: 2_000, readRetries: 0, circuitBreaker: { consecutiveFailures: 100 } } });
  }, 60_000);
  afterAll(() => gw?.close());

  it('answers a repeat within the window without executing it, with the first answer’s freshness', async () => {
    const first = await execute(gw.graphqlUrl, Estate, { first: 100 });
    const before = await outcomes(gw);
    const second = await execute(gw.graphqlUrl, Estate, { first: 100 });
    expect(await outcomes(gw)).toEqual({ hit: before.hit + 1, miss: before.miss });
    expect(second.data).toEqual(first.data);
    const freshness = z.object({ freshness: z.object({ asOf: z.string(), ageMs: z.number() }) });
    expect(freshness.parse(second.extensions).freshness.asOf).toBe(freshness.parse(first.extensions).freshness.asOf);
    // Other variables: another answer, executed.
    const other = await execute(gw.graphqlUrl, Estate, { first: 3 });
    expect(other.data?.vms.edges).toHaveLength(3);
    expect(await outcomes(gw)).toEqual({ hit: before.hit + 1, miss: before.miss + 1 });
  });

  it('keeps nothing that selects operations, and nothing with errors', async () => {
    const vm = (await query(gw.graphqlUrl, Estate, { first: 100 })).vms.edges.find((e) => e.node.backend.name === 'lab-libvirt')?.node;
    if (!vm) throw new Error('no libvirt VM');
    const earlier = await query(gw.graphqlUrl, WithOperations);
    const before = await outcomes(gw);
    const made = (await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: vm.id, name: 'response-cache' } })).createSnapshot;
    if (made.__typename !== 'OperationPayload') throw new Error(`create answered ${made.__typename}`);
    // Ended before going on: its end empties the caches, which the next test must not meet halfway.
    const ws = wsClient(gw.wsUrl);
    try {
      expect((await collectWs(ws, FollowOperation, { id: made.operation.id })).at(-1)?.data?.operation?.status).toBe('SUCCEEDED');
    } finally {
      await ws.dispose();
    }
    // Asked again: executed, so it counts the operation the create started.
    const after = await query(gw.graphqlUrl, WithOperations);
    expect(after.operations.totalCount).toBe(earlier.operations.totalCount + 1);
    const now = await outcomes(gw);
    expect(now.hit).toBe(before.hit);

    gw.lab.setFaults({ cloudsigma: { mode: 'error', probability: 1 } });
    // As an operation on CloudSigma would: what the read cache holds of it goes, so the next read meets the fault.
    gw.started.gateway.reads.invalidate('lab-cloudsigma');
    try {
      const failed = await execute(gw.graphqlUrl, Estate, { first: 7 });
      expect(failed.errors?.length).toBeGreaterThan(0);
      const again = await execute(gw.graphqlUrl, Estate, { first: 7 });
      expect(again.errors?.length).toBeGreaterThan(0);
      expect((await outcomes(gw)).hit).toBe(now.hit);
    } finally {
      gw.lab.setFaults({});
    }
    const recovered = await execute(gw.graphqlUrl, Estate, { first: 7 });
    expect(recovered.errors).toBeUndefined();
  });

  it('executes a query asked ten times at once only once, and each of ten failing ones on its own', async () => {
    gw.lab.setFaults({ denvr: { mode: 'slow', ms: 300 } });
    gw.started.gateway.reads.invalidate('lab-denvr');
    try {
      const before = await outcomes(gw);
      const answers = await Promise.all(Array.from({ length: 10 }, () => execute(gw.graphqlUrl, Estate, { first: 11 })));
      expect(answers.every((a) => a.errors === undefined && a.data?.vms.edges.length === 11)).toBe(true);
      expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
      expect(await outcomes(gw)).toEqual({ hit: before.hit + 9, miss: before.miss + 1 });
    } finally {
      gw.lab.setFaults({});
    }

    gw.lab.setFaults({ denvr: { mode: 'error', probability: 1 } });
    gw.started.gateway.reads.invalidate('lab-denvr');
    try {
      const before = await outcomes(gw);
      const answers = await Promise.all(Array.from({ length: 10 }, () => execute(gw.graphqlUrl, Estate, { first: 12 })));
      // Every one says what failed; those that waited for the first executed on their own once it had errors.
      expect(answers.every((a) => a.errors?.some((e) => e.extensions?.backend === 'lab-denvr'))).toBe(true);
      expect(await outcomes(gw)).toEqual({ hit: before.hit, miss: before.miss + 10 });
    } finally {
      gw.lab.setFaults({});
    }
  });
});
