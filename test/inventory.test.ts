// Live inventory through real gateways over the lab: a snapshot taken on each lab backend behind the gateway's back
// (by a second gateway of its own, speaking the backend's API) reaches an inventoryChanges subscriber over graphql-ws
// and SSE within a freshness window and a second; a subscriber hears only of the backends it asked for; a failing backend
// tells no false removals; polling stops with the last watcher. A @live dashboard is pushed again on such a change,
// and at once when an operation of the gateway's own ends.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FormattedExecutionResult } from 'graphql';
import type { ResultOf } from '@graphql-typed-document-node/core';
import { sha256 } from './helpers/auth.js';
import { CreateSnapshot, FollowOperation } from './helpers/documents.js';
import { collectWs, query, startTestGateway, streamSse, wsClient, type TestGateway } from './helpers/gateway.js';
import { hear, InventoryFeed, startOtherGateway, takeBehindItsBack, targetsOf, untilBaseline, watchLive } from './helpers/inventory.js';
import { authSchema } from '../src/auth/config.js';
import type { StartedGateway } from '../src/start.js';

const WINDOW_MS = 500;

describe('live inventory: inventoryChanges and @live queries', () => {
  let gw: TestGateway;
  let other: StartedGateway;
  let targets: Map<string, { backendId: string; targetId: string }>;
  beforeAll(async () => {
    // The outage test's failed looks must not open DenvrCloud's circuit for longer than the test waits.
    gw = await startTestGateway(
      { scale: 1, opMs: 50 },
      { cache: { freshnessMs: WINDOW_MS }, http: { timeoutMs: 2_000, readRetries: 0, circuitBreaker: { consecutiveFailures: 3, halfOpenAfterMs: 200 } } },
    );
    other = await startOtherGateway(gw.lab.specs);
    targets = await targetsOf(gw.graphqlUrl);
  }, 60_000);
  afterAll(async () => {
    await other?.close();
    await gw?.close();
  });

  it('tells a graphql-ws subscriber of a snapshot taken behind its back on every lab backend, within a window and a second', async () => {
    expect([...targets.keys()].sort()).toEqual(['lab-cloudsigma', 'lab-danube', 'lab-denvr', 'lab-libvirt', 'lab-manageiq']);
    const client = wsClient(gw.wsUrl);
    const { seen, stop } = hear(client, { filter: { entities: ['SNAPSHOT'], kinds: ['ADDED'] } });
    try {
      await untilBaseline(gw.started, [...targets.keys()]);
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
      await stop();
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
        await untilBaseline(gw.started, ['lab-danube']);
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
    const denvr = targets.get('lab-denvr');
    if (!denvr) throw new Error('no denvr target');
    const client = wsClient(gw.wsUrl);
    const { seen, stop } = hear(client, { filter: { backendIds: [denvr.backendId] } });
    try {
      await untilBaseline(gw.started, ['lab-denvr']);
      const watch = gw.started.gateway.inventory.watch;
      const before = watch.looks('lab-denvr');
      gw.lab.setFaults({ denvr: { mode: 'down' } });
      // Down for three looks: each fails, and none tells anything.
      await vi.waitFor(() => expect(watch.looks('lab-denvr').failed).toBeGreaterThanOrEqual(before.failed + 3), { timeout: 10_000, interval: 20 });
      expect(watch.looks('lab-denvr').told).toBeLessThanOrEqual(before.told + 1);
      gw.lab.setFaults({});
      await takeBehindItsBack(other, denvr.targetId, 'after-the-outage');
      await vi.waitFor(() => expect(seen.map((s) => s.change.name)).toContain('after-the-outage'), { timeout: 3_000, interval: 20 });
      expect(seen.filter((s) => s.change.kind === 'REMOVED')).toEqual([]);
    } finally {
      gw.lab.setFaults({});
      await stop();
      await client.dispose();
    }
  });

  it('pushes a dashboard again when a snapshot is taken behind its back on each lab backend, and at once after an operation of its own', async () => {
    const client = wsClient(gw.wsUrl);
    const { payloads, stop } = watchLive(client);
    try {
      await vi.waitFor(() => expect(payloads.length).toBeGreaterThan(0), { timeout: 5_000, interval: 10 });
      await untilBaseline(gw.started, [...targets.keys()]);
      // Every lab backend; DenvrCloud's poll reads its whole listing and the dashboard its snapshots by VM, and both
      // must show the change.
      for (const backend of targets.keys()) {
        const target = targets.get(backend);
        if (!target) throw new Error(`no ${backend} target`);
        const name = `live-query-${backend}`;
        expect(payloads.at(-1)?.names.has(name)).toBe(false);
        await takeBehindItsBack(other, target.targetId, name);
        const done = Date.now();
        await vi.waitFor(() => expect(payloads.at(-1)?.names.has(name)).toBe(true), { timeout: WINDOW_MS + 1_000, interval: 10 });
        expect((payloads.find((p) => p.names.has(name))?.at ?? Infinity) - done).toBeLessThanOrEqual(WINDOW_MS + 1_000);
      }
      // Its own operation: pushed as it ends, not a window later.
      const danube = targets.get('lab-danube');
      if (!danube) throw new Error('no danube target');
      const made = (await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: danube.targetId, name: 'own-live' } })).createSnapshot;
      if (made.__typename !== 'OperationPayload') throw new Error(`create answered ${made.__typename}`);
      const follow = wsClient(gw.wsUrl);
      try {
        expect((await collectWs(follow, FollowOperation, { id: made.operation.id })).at(-1)?.data?.operation?.status).toBe('SUCCEEDED');
      } finally {
        await follow.dispose();
      }
      await vi.waitFor(() => expect(payloads.at(-1)?.names.has('own-live')).toBe(true), { timeout: WINDOW_MS, interval: 10 });
      expect(gw.started.gateway.inventory.watch.watcherCount('lab-danube')).toBe(1);
    } finally {
      await stop();
      await client.dispose();
    }
    // The live query over, nobody watches and nobody polls.
    await vi.waitFor(() => expect(gw.started.gateway.inventory.watch.polling()).toEqual([]), { timeout: 2_000, interval: 20 });
    expect(gw.started.gateway.inventory.watch.watcherCount('lab-danube')).toBe(0);
  });
});

describe('live inventory and tenancy', () => {
  const tokens = { admin: 'inventory-admin-token-0123456789', libvirt: 'inventory-libvirt-token-012345' };
  let gw: TestGateway;
  let other: StartedGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ scale: 1, opMs: 50 }, {
      cache: { freshnessMs: WINDOW_MS },
      auth: authSchema.parse({
        tokens: [
          { name: 'admin', sha256: sha256(tokens.admin), scopes: ['snapshots:read'] },
          { name: 'libvirt-team', sha256: sha256(tokens.libvirt), scopes: ['snapshots:read'], backends: ['lab-libvirt'] },
        ],
      }),
    });
    other = await startOtherGateway(gw.lab.specs);
  }, 60_000);
  afterAll(async () => {
    await other?.close();
    await gw?.close();
  });

  it("never tells a tenant of another's backend, even unfiltered; it watches only the backends it sees", async () => {
    const targets = await targetsOf(`${other.server.url}/graphql`);
    const [libvirt, danube] = [targets.get('lab-libvirt'), targets.get('lab-danube')];
    if (!libvirt || !danube) throw new Error('no libvirt or danube target');
    const teamClient = wsClient(gw.wsUrl, { token: tokens.libvirt });
    const adminClient = wsClient(gw.wsUrl, { token: tokens.admin });
    const team = hear(teamClient);
    try {
      await untilBaseline(gw.started, ['lab-libvirt']);
      expect(gw.started.gateway.inventory.watch.polling()).toEqual(['lab-libvirt']);
      const admin = hear(adminClient, { filter: { kinds: ['ADDED'], entities: ['SNAPSHOT'] } });
      try {
        await untilBaseline(gw.started, ['lab-danube']);
        await takeBehindItsBack(other, danube.targetId, 'tenant-danube');
        await takeBehindItsBack(other, libvirt.targetId, 'tenant-libvirt');
        // Both reached the admin; the team's queue was handed every event the admin's was, as it came.
        await vi.waitFor(() => expect(admin.seen.map((s) => s.change.name)).toEqual(expect.arrayContaining(['tenant-danube', 'tenant-libvirt'])), { timeout: 5_000, interval: 10 });
        await vi.waitFor(() => expect(team.seen.map((s) => s.change.name)).toContain('tenant-libvirt'), { timeout: 1_000, interval: 10 });
        expect(team.seen.every((s) => s.change.backend.name === 'lab-libvirt')).toBe(true);
      } finally {
        await admin.stop();
      }
    } finally {
      await team.stop();
      await teamClient.dispose();
      await adminClient.dispose();
    }
  });
});
