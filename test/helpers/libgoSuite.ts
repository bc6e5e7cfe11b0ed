// The LIBVIRT backend on a server that answers as the released libgo (ebe201a) does, through a real gateway over HTTP
// and graphql-ws: one suite, run on the real server (test/libgo.real.test.ts, virsh the judge of what libvirt holds)
// and on the simulator answering the same way (test/libvirt.graphql.test.ts, its state the judge). Names carry a
// per-run prefix, and what a run created is removed at the end.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/graphql/ids.js';
import { startGateway, type StartedGateway, type StartOptions } from '../../src/start.js';
import { graphql } from '../gql/index.js';
import type { RealVMsQuery } from '../gql/graphql.js';
import { collectWs, execute, query, wsClient, UNCACHED } from './gateway.js';
import { REDIS_URL, redisAnswers } from './redis.js';

/** A libgo server to test on, and the judge of what its libvirt holds. */
export interface LibgoTarget {
  /** What the suite's title calls it. */
  label: string;
  url: string;
  /** A VM that is running, and one that is shut off. */
  runningVM: string;
  stoppedVM: string;
  snapshots(vm: string): Promise<string[]>;
  current(vm: string): Promise<string | null>;
  parent(vm: string, name: string): Promise<string | null>;
  /** The description libvirt holds, as text (unescaped). */
  description(vm: string, name: string): Promise<string | null>;
  /** Whether the snapshot holds the VM's memory, as libvirt records it. */
  holdsMemory(vm: string, name: string): Promise<boolean>;
  /** Removes what a run made (its names start with `prefix`). */
  cleanup(prefix: string): Promise<void>;
}

const BACKEND = 'libvirt-under-test';

const RealVMs = graphql(`
  query RealVMs {
    vms(first: 50) {
      backendErrors { message code }
      edges {
        node {
          id
          name
          powerState
          capabilities { memorySnapshots quiesce }
          currentSnapshot { id name }
          snapshotTree { name children { name children { name children { name } } } }
          snapshots(first: 200) { edges { node { id name description isCurrent hasMemory parent { name } children { name } ancestors { name } } } }
        }
      }
    }
  }
`);

const RealCreate = graphql(`
  mutation RealCreate($input: CreateSnapshotInput!) {
    createSnapshot(input: $input) {
      __typename
      ... on OperationPayload { operation { id status } }
      ... on ValidationError { message field }
      ... on UnsupportedOperationError { message capability }
      ... on Error { message }
    }
  }
`);

const RealRevert = graphql(`
  mutation RealRevert($id: ID!) {
    revertSnapshot(input: { snapshotId: $id }) {
      __typename
      ... on OperationPayload { operation { id status } }
      ... on Error { message }
    }
  }
`);

const RealDelete = graphql(`
  mutation RealDelete($id: ID!) {
    deleteSnapshot(input: { snapshotId: $id }) {
      __typename
      ... on OperationPayload { operation { id status } }
      ... on Error { message }
    }
  }
`);

const RealFollow = graphql(`
  subscription RealFollow($id: ID!) {
    operation(id: $id) { status progress message error { code message } snapshot { id name isCurrent hasMemory description } }
  }
`);

const RealNode = graphql(`
  query RealNode($id: ID!) {
    node(id: $id) { ... on Snapshot { name isCurrent parent { name } vm { name } } }
  }
`);

const RealNodes = graphql(`
  query RealNodes($ids: [ID!]!) {
    nodes(ids: $ids) { id }
  }
`);

const RealHealth = graphql(`
  query RealHealth {
    backends { name health { status circuit lastError } }
  }
`);

type RealVM = RealVMsQuery['vms']['edges'][number]['node'];

export async function libgoSuite(target: () => LibgoTarget, available: boolean): Promise<void> {
  const RUN = `t${randomUUID().slice(0, 8)}-`;
  // A second replica needs Redis: run with it whenever it answers, and always under CI (where its absence fails).
  const withRedis = (await redisAnswers()) || process.env.CI === 'true';

  describe.skipIf(!available)(`the LIBVIRT backend on ${available ? target().label : 'a libgo server'}`, () => {
    let dir: string;
    let RUNNING_VM: string;
    let STOPPED_VM: string;
    let LIBGO_URL: string;
    let gateway: StartedGateway;
    let ws: Client;
    const graphqlUrl = () => `${gateway.server.url}/graphql`;

    const start = (extra: Partial<StartOptions> = {}) =>
      startGateway({
        specs: [{ name: BACKEND, kind: 'LIBVIRT', baseUrl: LIBGO_URL, credentials: {}, settings: {} }],
        port: 0,
        host: '127.0.0.1',
        cache: UNCACHED,
        engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 },
        http: { timeoutMs: 30_000, readRetries: 1, circuitBreaker: { consecutiveFailures: 5, halfOpenAfterMs: 60_000 } },
        ledgerFile: join(dir, 'ledger.json'),
        ...extra,
      });

    beforeAll(async () => {
      ({ runningVM: RUNNING_VM, stoppedVM: STOPPED_VM, url: LIBGO_URL } = target());
      dir = await mkdtemp(join(tmpdir(), 'libgo-'));
      gateway = await start();
      ws = wsClient(`${gateway.server.url.replace(/^http/, 'ws')}/graphql`);
    });

    afterAll(async () => {
      await ws?.dispose();
      await gateway?.close();
      await target().cleanup(RUN);
      await rm(dir, { recursive: true, force: true });
    });

    /** Starts a create and follows it over graphql-ws to its end. */
    async function create(vm: RealVM, input: { name: string; description?: string; includeMemory?: boolean; quiesce?: boolean }) {
      const answer = (await execute(graphqlUrl(), RealCreate, { input: { targetId: vm.id, ...input } })).data?.createSnapshot;
      if (answer?.__typename !== 'OperationPayload') return { refused: answer };
      const events = await collectWs(ws, RealFollow, { id: answer.operation.id });
      return { end: events.at(-1)?.data?.operation };
    }

    async function vmsOf() {
      const data = await query(graphqlUrl(), RealVMs);
      expect(data.vms.backendErrors).toEqual([]);
      return data.vms.edges.map((e) => e.node);
    }

    async function vmNamed(name: string): Promise<RealVM> {
      const vm = (await vmsOf()).find((v) => v.name === name);
      if (!vm) throw new Error(`the real server lists no VM ${name}`);
      return vm;
    }

    const snapshotsOf = (vm: RealVM) => vm.snapshots.edges.map((e) => e.node);

    it('lists both VMs with what libvirt can do for each', async () => {
      const running = await vmNamed(RUNNING_VM);
      const stopped = await vmNamed(STOPPED_VM);
      expect([running.powerState, stopped.powerState]).toEqual(['RUNNING', 'STOPPED']);
      expect(running.capabilities).toEqual({ memorySnapshots: true, quiesce: false });
      expect(stopped.capabilities).toEqual({ memorySnapshots: false, quiesce: false });
    });

    it('create (plain, a name with a space, an awkward description): listed, current, tree right, node(id); revert; delete', async () => {
      let vm = await vmNamed(RUNNING_VM);
      const plain = `${RUN}plain`;
      const spaced = `${RUN}with space`;
      const awkward = `${RUN}awkward`;
      const description = `a > b, "quoted" and 'single'`;

      const first = await create(vm, { name: plain });
      expect(first.end).toMatchObject({ status: 'SUCCEEDED', progress: 100, snapshot: { name: plain, isCurrent: true } });
      // libvirt checkpoints a running VM's RAM with the flags libgo sends.
      expect(first.end?.snapshot?.hasMemory).toBe(true);
      expect((await create(vm, { name: spaced })).end).toMatchObject({ status: 'SUCCEEDED', snapshot: { name: spaced } });
      const third = await create(vm, { name: awkward, description });
      expect(third.end).toMatchObject({ status: 'SUCCEEDED', snapshot: { name: awkward, description, isCurrent: true } });

      // libvirt holds them, in this chain, with the description as it was sent.
      expect(await target().snapshots(RUNNING_VM)).toEqual(expect.arrayContaining([plain, spaced, awkward]));
      expect(await target().current(RUNNING_VM)).toBe(awkward);
      expect(await target().parent(RUNNING_VM, awkward)).toBe(spaced);
      expect(await target().parent(RUNNING_VM, spaced)).toBe(plain);
      expect(await target().description(RUNNING_VM, awkward)).toBe(description);

      // The gateway lists them although the server's own list is empty.
      const listed = await fetch(`${LIBGO_URL}/api/v1/vms/${RUNNING_VM}/snapshots`).then((r) => r.json());
      expect(listed).toEqual({ snapshots: [], count: 0 });
      vm = await vmNamed(RUNNING_VM);
      const byName = new Map(snapshotsOf(vm).map((s) => [s.name, s]));
      expect([...byName.keys()]).toEqual(expect.arrayContaining([plain, spaced, awkward]));
      expect(vm.currentSnapshot?.name).toBe(awkward);
      expect(byName.get(awkward)?.parent?.name).toBe(spaced);
      expect(byName.get(spaced)?.parent?.name).toBe(plain);
      expect(byName.get(spaced)?.children.map((c) => c.name)).toEqual([awkward]);
      expect(byName.get(awkward)?.description).toBe(description);
      // The tree's roots hold the root of the chain the new snapshots hang from (ancestors run from the root down).
      const root = byName.get(plain)?.ancestors[0]?.name ?? plain;
      expect(vm.snapshotTree.map((r) => r.name)).toContain(root);

      const awkwardId = byName.get(awkward)?.id ?? '';
      const node = await query(graphqlUrl(), RealNode, { id: awkwardId });
      expect(node.node).toEqual({ name: awkward, isCurrent: true, parent: { name: spaced }, vm: { name: RUNNING_VM } });

      // Revert: libvirt's current agrees.
      const revert = (await execute(graphqlUrl(), RealRevert, { id: byName.get(plain)?.id ?? '' })).data?.revertSnapshot;
      expect(revert?.__typename).toBe('OperationPayload');
      if (revert?.__typename === 'OperationPayload') {
        const events = await collectWs(ws, RealFollow, { id: revert.operation.id });
        expect(events.at(-1)?.data?.operation).toMatchObject({ status: 'SUCCEEDED', progress: 100, snapshot: { name: plain, isCurrent: true } });
      }
      expect(await target().current(RUNNING_VM)).toBe(plain);
      expect((await vmNamed(RUNNING_VM)).currentSnapshot?.name).toBe(plain);

      // Delete a snapshot with a child: gone in libvirt and the gateway, the child kept under the grandparent.
      const removed = (await execute(graphqlUrl(), RealDelete, { id: byName.get(spaced)?.id ?? '' })).data?.deleteSnapshot;
      expect(removed?.__typename).toBe('OperationPayload');
      if (removed?.__typename === 'OperationPayload') {
        const events = await collectWs(ws, RealFollow, { id: removed.operation.id });
        expect(events.at(-1)?.data?.operation?.status).toBe('SUCCEEDED');
      }
      expect(await target().snapshots(RUNNING_VM)).not.toContain(spaced);
      expect(await target().parent(RUNNING_VM, awkward)).toBe(plain);
      const after = new Map(snapshotsOf(await vmNamed(RUNNING_VM)).map((s) => [s.name, s]));
      expect(after.has(spaced)).toBe(false);
      expect(after.get(awkward)?.parent?.name).toBe(plain);
    });

    it('memory, quiesce, duplicates and characters libgo cannot carry: typed errors, nothing in libvirt', async () => {
      const running = await vmNamed(RUNNING_VM);
      const stopped = await vmNamed(STOPPED_VM);
      const taken = `${RUN}taken`;
      expect((await create(running, { name: taken })).end?.status).toBe('SUCCEEDED');
      const before = { running: await target().snapshots(RUNNING_VM), stopped: await target().snapshots(STOPPED_VM) };

      const memory = await create(stopped, { name: `${RUN}memory`, includeMemory: true });
      expect(memory.refused).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'memorySnapshots' });
      const quiesce = await create(running, { name: `${RUN}quiesce`, quiesce: true });
      expect(quiesce.refused).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'quiesce' });
      const duplicate = await create(running, { name: taken });
      expect(duplicate.refused).toMatchObject({ __typename: 'ValidationError', field: 'input.name' });
      const ampersand = await create(running, { name: `${RUN}rnd`, description: 'R&D' });
      expect(ampersand.refused).toMatchObject({ __typename: 'ValidationError', field: 'input.description' });
      const angle = await create(running, { name: `${RUN}a<b` });
      expect(angle.refused).toMatchObject({ __typename: 'ValidationError', field: 'input.name' });
      const slash = await create(running, { name: `${RUN}a/b` });
      expect(slash.refused).toMatchObject({ __typename: 'ValidationError', field: 'input.name' });

      expect({ running: await target().snapshots(RUNNING_VM), stopped: await target().snapshots(STOPPED_VM) }).toEqual(before);

      // Memory where libvirt keeps it by itself: a running VM's snapshot holds its RAM.
      const withMemory = await create(running, { name: `${RUN}memory`, includeMemory: true });
      expect(withMemory.end).toMatchObject({ status: 'SUCCEEDED', snapshot: { hasMemory: true } });
      expect(await target().holdsMemory(RUNNING_VM, `${RUN}memory`)).toBe(true);
      // And a stopped VM's holds none.
      const cold = await create(stopped, { name: `${RUN}cold` });
      expect(cold.end).toMatchObject({ status: 'SUCCEEDED', snapshot: { hasMemory: false } });
      expect(await target().holdsMemory(STOPPED_VM, `${RUN}cold`)).toBe(false);
    });

    it('twelve reads of snapshots of missing VMs: the backend still answers', async () => {
      const ids = Array.from({ length: 12 }, (_, i) => encodeId('Snapshot', BACKEND, JSON.stringify([`${RUN}ghost-${i}`, 'base'])));
      const nodes = await query(graphqlUrl(), RealNodes, { ids });
      expect(nodes.nodes).toEqual(ids.map(() => null));
      const health = await query(graphqlUrl(), RealHealth);
      expect(health.backends).toEqual([{ name: BACKEND, health: { status: 'UP', circuit: 'CLOSED', lastError: null } }]);
      expect((await vmsOf()).map((v) => v.name)).toEqual(expect.arrayContaining([RUNNING_VM, STOPPED_VM]));
    });

    it('a restarted gateway still shows what it knew', async () => {
      const kept = `${RUN}kept`;
      expect((await create(await vmNamed(STOPPED_VM), { name: kept })).end?.status).toBe('SUCCEEDED');
      await ws.dispose();
      await gateway.close();
      gateway = await start();
      ws = wsClient(`${gateway.server.url.replace(/^http/, 'ws')}/graphql`);
      const names = snapshotsOf(await vmNamed(STOPPED_VM)).map((s) => s.name);
      expect(names).toContain(kept);
      expect((await vmNamed(STOPPED_VM)).currentSnapshot?.name).toBe(kept);
    });

    it.skipIf(!withRedis)(`with Redis (${REDIS_URL}), a second replica shows what the first created`, async () => {
      const shared = { redisUrl: REDIS_URL, redisKeyPrefix: `gw-real-${RUN}` };
      const a = await start(shared);
      const b = await start(shared);
      try {
        const onA = `${RUN}on-a`;
        const vmOnA = (await query(`${a.server.url}/graphql`, RealVMs)).vms.edges.find((e) => e.node.name === RUNNING_VM)?.node;
        const answer = (await execute(`${a.server.url}/graphql`, RealCreate, { input: { targetId: vmOnA?.id ?? '', name: onA } })).data?.createSnapshot;
        expect(answer?.__typename).toBe('OperationPayload');
        if (answer?.__typename === 'OperationPayload') {
          const aWs = wsClient(`${a.server.url.replace(/^http/, 'ws')}/graphql`);
          const events = await collectWs(aWs, RealFollow, { id: answer.operation.id });
          await aWs.dispose();
          expect(events.at(-1)?.data?.operation?.status).toBe('SUCCEEDED');
        }
        const onB = (await query(`${b.server.url}/graphql`, RealVMs)).vms.edges.find((e) => e.node.name === RUNNING_VM)?.node;
        expect(onB?.snapshots.edges.map((e) => e.node.name)).toContain(onA);
        expect(onB?.currentSnapshot?.name).toBe(onA);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
