// Live inventory through real gateways over the lab: a snapshot taken on each lab backend behind the gateway's back
// (by a second gateway of its own, speaking the backend's API) reaches an inventoryChanges subscriber over graphql-ws
// and SSE within a freshness window and a second; a subscriber sees only what its grants let it; a failing backend
// tells no false removals; polling stops with the last watcher.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FormattedExecutionResult } from 'graphql';
import { print } from 'graphql';
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from './gql/index.js';
import { CreateSnapshot, FollowOperation } from './helpers/documents.js';
import { collectWs, query, startTestGateway, streamSse, wsClient, type TestGateway } from './helpers/gateway.js';
import { startGateway, type StartedGateway } from '../src/start.js';

const WINDOW_MS = 500;

const Targets = graphql(`
  query InventoryTargets {
    backends { id name capabilities { driveSnapshots } }
    vms(first: 100) { edges { node { id powerState backend { name } drives { id } } } }
  }
`);

const InventoryFeed = graphql(`
  subscription InventoryFeed($filter: InventoryChangeFilter) {
    inventoryChanges(filter: $filter) {
      kind entity nodeId name changedFields detectedAt
      backend { name }
      vm { id name }
      snapshot { id name }
    }
  }
`);

type Change = ResultOf<typeof InventoryFeed>['inventoryChanges'];

/** Each backend's id and a target to snapshot on it (a drive where snapshots are of drives). */
async function targetsOf(gw: TestGateway): Promise<Map<string, { backendId: string; targetId: string }>> {
  const { backends, vms } = await query(gw.graphqlUrl, Targets);
  const targets = new Map<string, { backendId: string; targetId: string }>();
  for (const backend of backends) {
    const vm = vms.edges.find((e) =>
        e.node.backend.name === backend.name &&
        (e.node.powerState === 'RUNNING' || e.node.powerState === 'STOPPED') &&
        (!backend.capabilities.driveSnapshots || e.node.drives.length > 0),
    )?.node;
    const targetId = backend.capabilities.driveSnapshots ? vm?.drives[0]?.id : vm?.id;
    if (targetId) targets.set(backend.name, { backendId: backend.id, targetId });
  }
  return targets;
}

/** Takes a snapshot through another gateway over the same simulators, and waits for it to be SUCCEEDED there. */
async function takeBehindItsBack(other: StartedGateway, targetId: string, name: string): Promise<void> {
  const url = `${other.server.url}/graphql`;
  const made = (await query(url, CreateSnapshot, { input: { targetId, name } })).createSnapshot;
  if (made.__typename !== 'OperationPayload') throw new Error(`create answered ${made.__typename}: ${JSON.stringify(made)}`);
  const ws = wsClient(url.replace(/^http/, 'ws'));
  try {
    const last = (await collectWs(ws, FollowOperation, { id: made.operation.id })).at(-1)?.data?.operation;
    expect(last?.status).toBe('SUCCEEDED');
  } finally {
    await ws.dispose();
  }
}

/** Waits until the gateway's poller of these backends has taken its baseline (what later changes are told against). */
async function untilBaseline(gw: TestGateway, backends: readonly string[]): Promise<void> {
  const watch = gw.started.gateway.inventory.watch;
  await vi.waitFor(() => expect(backends.every((name) => watch.looks(name).told >= 1)).toBe(true), { timeout: 10_000, interval: 20 });
}

describe('live inventory: inventoryChanges', () => {
  let gw: TestGateway;
  let other: StartedGateway;
  let targets: Map<string, { backendId: string; targetId: string }>;
  beforeAll(async () => {
    // The outage test's failed looks must not open DenvrCloud's circuit for longer than the test waits.
    gw = await startTestGateway(
      { scale: 1, opMs: 50 },
      { cache: { freshnessMs: WINDOW_MS }, http: { timeoutMs: 2_000, readRetries: 0, circuitBreaker: { consecutiveFailures: 3, halfOpenAfterMs: 200 } } },
    );
    other = await startGateway({ specs: gw.lab.specs, port: 0, host: '127.0.0.1', engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 }, cache: { freshnessMs: 0 } });
    targets = await targetsOf(gw);
  }, 60_000);
  afterAll(async () => {
    await other?.close();
    await gw?.close();
  });

  it('tells a graphql-ws subscriber of a snapshot taken behind its back on every lab backend, within a window and a second', async () => {
    expect([...targets.keys()].sort()).toEqual(['lab-cloudsigma', 'lab-danube', 'lab-denvr', 'lab-libvirt', 'lab-manageiq']);
    const client = wsClient(gw.wsUrl);
    const seen: { change: Change; at: number }[] = [];
    const iterator = client.iterate<ResultOf<typeof InventoryFeed>>({ query: print(InventoryFeed), variables: { filter: { entities: ['SNAPSHOT'], kinds: ['ADDED'] } } });
    const reading = (async () => {
      for await (const result of iterator) if (result.data) seen.push({ change: result.data.inventoryChanges, at: Date.now() });
    })();
    try {
      await untilBaseline(gw, [...targets.keys()]);
      for (const [backend, { targetId }] of targets) {
        const name = `live-${backend}`;
        await takeBehindItsBack(other, targetId, name);
        const done = Date.now();
        await vi.waitFor(() => expect(seen.map((s) => s.change.name)).toContain(name), { timeout: WINDOW_MS + 1_000, interval: 10 });
        const heard = seen.find((s) => s.change.name === name);
        expect(heard?.change).toMatchObject({ kind: 'ADDED', entity: 'SNAPSHOT', backend: { name: backend }, snapshot: { name } });
        expect((heard?.at ?? Infinity) - done).toBeLessThanOrEqual(WINDOW_MS + 1_000);
      }
    } finally {
      await iterator.return?.();
      await reading;
      await client.dispose();
    }
    // The last watcher gone, nobody polls.
    await vi.waitFor(() => expect(gw.started.gateway.inventory.watch.polling()).toEqual([]), { timeout: 2_000, interval: 20 });
  });

  it('tells an SSE subscriber too, and only of the backends its filter names', async () => {
    const libvirt = targets.get('lab-libvirt');
    const danube = targets.get('lab-danube');
    if (!libvirt || !danube) throw new Error('no libvirt or danube target');
    const events = await streamSse(
      gw.graphqlUrl,
      InventoryFeed,
      { filter: { backendIds: [danube.backendId], kinds: ['ADDED'] } },
      (got) => got.some((event) => event.data?.inventoryChanges.name === 'sse-danube'),
      async () => {
        await untilBaseline(gw, ['lab-danube']);
        expect(gw.started.gateway.inventory.watch.polling()).toEqual(['lab-danube']);
        await takeBehindItsBack(other, libvirt.targetId, 'sse-libvirt');
        await takeBehindItsBack(other, danube.targetId, 'sse-danube');
      },
    );
    const names = events.map((event: FormattedExecutionResult<ResultOf<typeof InventoryFeed>>) => event.data?.inventoryChanges.name);
    expect(names).toContain('sse-danube');
    expect(names).not.toContain('sse-libvirt');
  });

  it('tells no removals while a backend fails, and what changed once it answers again', async () => {
    const client = wsClient(gw.wsUrl);
    const seen: Change[] = [];
    const denvr = targets.get('lab-denvr');
    if (!denvr) throw new Error('no denvr target');
    const iterator = client.iterate<ResultOf<typeof InventoryFeed>>({ query: print(InventoryFeed), variables: { filter: { backendIds: [denvr.backendId] } } });
    const reading = (async () => {
      for await (const result of iterator) if (result.data) seen.push(result.data.inventoryChanges);
    })();
    try {
      await untilBaseline(gw, ['lab-denvr']);
      const watch = gw.started.gateway.inventory.watch;
      const before = watch.looks('lab-denvr');
      gw.lab.setFaults({ denvr: { mode: 'down' } });
      // Down for three looks: each fails, and none tells anything.
      await vi.waitFor(() => expect(watch.looks('lab-denvr').failed).toBeGreaterThanOrEqual(before.failed + 3), { timeout: 10_000, interval: 20 });
      expect(watch.looks('lab-denvr').told).toBeLessThanOrEqual(before.told + 1);
      gw.lab.setFaults({});
      await takeBehindItsBack(other, denvr.targetId, 'after-the-outage');
      await vi.waitFor(() => expect(seen.map((c) => c.name)).toContain('after-the-outage'), { timeout: 3_000, interval: 20 });
      expect(seen.filter((c) => c.kind === 'REMOVED')).toEqual([]);
    } finally {
      gw.lab.setFaults({});
      await iterator.return?.();
      await reading;
      await client.dispose();
    }
  });
});
