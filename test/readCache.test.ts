// The shared read cache through real gateways on the lab, over HTTP and graphql-ws: a dashboard polled again costs
// the backends nothing within the window, many viewers at once cost what one does, every kind of mutation shows its
// effect as soon as it SUCCEEDED, a failing backend is never cached, a change behind the gateway's back shows once
// the window has passed, mutations plan on what the backends hold now, and no tenant sees another's records.
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { graphql } from './gql/index.js';
import { bearer, sha256 } from './helpers/auth.js';
import { CreateSnapshot, Dashboard, DeleteSnapshot, FollowOperation, RevertSnapshot } from './helpers/documents.js';
import { collectWs, execute, executeWith, query, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';
import { authSchema } from '../src/auth/config.js';
import { randomUUID } from 'node:crypto';
import { startLab, type Lab } from '../src/lab/lab.js';
import { startGateway, type StartedGateway } from '../src/start.js';
import { REDIS_URL, redisForTests } from './helpers/redis.js';
import { Redis } from 'ioredis';

/** Long enough that, within a test, only an invalidation explains a fresher answer. */
const FRESH_FOR_MS = 60_000;
const BACKENDS = ['lab-libvirt', 'lab-manageiq', 'lab-cloudsigma', 'lab-danube', 'lab-denvr'];

const CacheEstate = graphql(`
  query CacheEstate {
    vms(first: 1000) {
      edges {
        node {
          id
          name
          backend { name }
          snapshots(first: 100) { edges { node { id name description isCurrent } } }
          drives { id name snapshotSchedules { name } snapshots(first: 100) { edges { node { id name description } } } }
        }
      }
    }
    drives(first: 1000) { edges { node { id name } } }
  }
`);

const Update = graphql(`
  mutation CacheUpdate($snapshotId: ID!, $description: String!) {
    updateSnapshot(input: { snapshotId: $snapshotId, description: $description }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }
  }
`);

const Clone = graphql(`
  mutation CacheClone($snapshotId: ID!, $name: String!) {
    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }
  }
`);

const DeleteMany = graphql(`
  mutation CacheDeleteMany($ids: [ID!]!) {
    deleteSnapshots(input: { snapshotIds: $ids }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }
  }
`);

const CreateSchedule = graphql(`
  mutation CacheCreateSchedule($targetId: ID!) {
    createSnapshotSchedule(input: { targetId: $targetId, name: "cachejob", schedule: "0 3 * * *", retention: 3 }) {
      __typename
      ... on Error { message }
    }
  }
`);

type Estate = Awaited<ReturnType<typeof estateOf>>;
async function estateOf(url: string) {
  return (await query(url, CacheEstate)).vms.edges.map((e) => e.node);
}

async function backendRequests(gw: TestGateway): Promise<number> {
  const counts = await Promise.all(BACKENDS.map((name) => gw.started.gateway.metrics.backendRequestCount(name)));
  return counts.reduce((sum, count) => sum + count, 0);
}

const cached = (freshnessMs = FRESH_FOR_MS) => ({ cache: { freshnessMs } });

describe('the shared read cache, on the lab', () => {
  let gw: TestGateway;
  let ws: Client;

  beforeAll(async () => {
    gw = await startTestGateway({ scale: 1, opMs: 50 }, cached());
    ws = wsClient(gw.wsUrl);
  });

  afterAll(async () => {
    await ws?.dispose();
    await gw?.close();
  });

  const follow = async (payload: { __typename: string; operation?: { id: string } }) => {
    if (!payload.operation) throw new Error(`the mutation answered ${payload.__typename}`);
    const last = (await collectWs(ws, FollowOperation, { id: payload.operation.id })).at(-1)?.data?.operation;
    expect(last).toMatchObject({ status: 'SUCCEEDED' });
  };
  const vmOf = (estate: Estate, backend: string) => {
    const vm = estate.find((v) => v.backend.name === backend && v.snapshots.edges.length >= 2);
    if (!vm) throw new Error(`no VM of ${backend} with two snapshots`);
    return vm;
  };
  const snapshotsOf = (estate: Estate, vmId: string) => estate.find((v) => v.id === vmId)?.snapshots.edges.map((e) => e.node) ?? [];

  it('answers a dashboard polled again from the cache: the backends are asked nothing more, and the answer says how old it is', async () => {
    const first = await execute(gw.graphqlUrl, Dashboard);
    const before = await backendRequests(gw);
    expect(before).toBeGreaterThan(0);
    const again = await Promise.all(Array.from({ length: 19 }, () => execute(gw.graphqlUrl, Dashboard)));
    expect(await backendRequests(gw)).toBe(before);
    for (const answer of again) expect(answer.data).toEqual(first.data);
    const freshness = first.extensions?.freshness;
    expect(freshness).toMatchObject({ asOf: expect.any(String), ageMs: expect.any(Number) });
    expect(again.at(-1)?.extensions?.freshness).toMatchObject({ asOf: expect.any(String) });
  });

  it('shows the effect of every kind of mutation as soon as it SUCCEEDED', async () => {
    let estate = await estateOf(gw.graphqlUrl);
    const libvirtVm = vmOf(estate, 'lab-libvirt');

    await follow((await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: libvirtVm.id, name: 'cache-created' } })).createSnapshot);
    estate = await estateOf(gw.graphqlUrl);
    expect(snapshotsOf(estate, libvirtVm.id)).toContainEqual(expect.objectContaining({ name: 'cache-created', isCurrent: true }));

    const older = snapshotsOf(estate, libvirtVm.id).find((s) => !s.isCurrent);
    if (!older) throw new Error('no snapshot to revert to');
    await follow((await query(gw.graphqlUrl, RevertSnapshot, { input: { snapshotId: older.id } })).revertSnapshot);
    estate = await estateOf(gw.graphqlUrl);
    expect(snapshotsOf(estate, libvirtVm.id).find((s) => s.isCurrent)?.id).toBe(older.id);

    const created = snapshotsOf(estate, libvirtVm.id).find((s) => s.name === 'cache-created');
    if (!created) throw new Error('the created snapshot is not listed');
    await follow((await query(gw.graphqlUrl, DeleteSnapshot, { input: { snapshotId: created.id } })).deleteSnapshot);
    estate = await estateOf(gw.graphqlUrl);
    expect(snapshotsOf(estate, libvirtVm.id).map((s) => s.name)).not.toContain('cache-created');

    const cloudsigmaDrive = estate.flatMap((v) => (v.backend.name === 'lab-cloudsigma' ? v.drives : [])).find((d) => d.snapshots.edges.length > 0);
    const driveSnapshot = cloudsigmaDrive?.snapshots.edges[0]?.node;
    if (!driveSnapshot) throw new Error('no CloudSigma drive snapshot');
    await follow((await query(gw.graphqlUrl, Update, { snapshotId: driveSnapshot.id, description: 'described while cached' })).updateSnapshot);
    await follow((await query(gw.graphqlUrl, Clone, { snapshotId: driveSnapshot.id, name: 'cache-clone' })).cloneSnapshot);
    const afterCloud = await query(gw.graphqlUrl, CacheEstate);
    const described = afterCloud.vms.edges.flatMap((e) => e.node.drives).flatMap((d) => d.snapshots.edges).find((e) => e.node.id === driveSnapshot.id);
    expect(described?.node.description).toBe('described while cached');
    expect(afterCloud.drives.edges.map((e) => e.node.name)).toContain('cache-clone');

    const danubeDrive = estate.flatMap((v) => (v.backend.name === 'lab-danube' ? v.drives : []))[0];
    if (!danubeDrive) throw new Error('no Danube drive');
    expect(danubeDrive.snapshotSchedules.map((s) => s.name)).not.toContain('cachejob');
    expect((await query(gw.graphqlUrl, CreateSchedule, { targetId: danubeDrive.id })).createSnapshotSchedule.__typename).toBe('SnapshotSchedulePayload');
    estate = await estateOf(gw.graphqlUrl);
    const schedules = estate.flatMap((v) => v.drives).find((d) => d.id === danubeDrive.id)?.snapshotSchedules.map((s) => s.name);
    expect(schedules).toContain('cachejob');

    const leaves = estate.filter((v) => v.backend.name === 'lab-danube').flatMap((v) => v.drives.flatMap((d) => d.snapshots.edges.map((e) => e.node))).slice(0, 2);
    expect(leaves).toHaveLength(2);
    const results = (await query(gw.graphqlUrl, DeleteMany, { ids: leaves.map((s) => s.id) })).deleteSnapshots;
    for (const result of results) await follow(result);
    estate = await estateOf(gw.graphqlUrl);
    const left = new Set(estate.flatMap((v) => v.drives.flatMap((d) => d.snapshots.edges.map((e) => e.node.id))));
    for (const leaf of leaves) expect(left.has(leaf.id)).toBe(false);
  });

  it('never keeps a failure: a backend that failed answers the next query once it recovers, within the window', async () => {
    await estateOf(gw.graphqlUrl);
    const cloudsigmaVms = (await estateOf(gw.graphqlUrl)).filter((v) => v.backend.name === 'lab-cloudsigma').length;
    // A change of ours empties what the cache holds of CloudSigma, so the next read goes to the (failing) backend.
    gw.started.gateway.reads.invalidate('lab-cloudsigma');
    gw.lab.setFaults({ cloudsigma: { mode: 'garbage' } });
    try {
      const failed = await execute(gw.graphqlUrl, CacheEstate);
      expect(failed.errors?.map((e) => e.extensions?.backend)).toContain('lab-cloudsigma');
    } finally {
      gw.lab.setFaults({});
    }
    const recovered = await execute(gw.graphqlUrl, CacheEstate);
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data?.vms.edges.filter((e) => e.node.backend.name === 'lab-cloudsigma')).toHaveLength(cloudsigmaVms);
  });

  it('shows a change made behind its back once the window has passed, and plans mutations on what the backend holds now', async () => {
    const short = await startTestGateway({ scale: 1, opMs: 50 }, cached(300));
    // A second gateway over the same simulators: what it does, `short` does not see happen.
    const second = await startGateway({ specs: short.lab.specs, port: 0, host: '127.0.0.1', engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 } });
    const secondWs = wsClient(`${second.server.url.replace(/^http/, 'ws')}/graphql`);
    try {
      const vm = vmOf(await estateOf(short.graphqlUrl), 'lab-libvirt');
      const made = (await query(`${second.server.url}/graphql`, CreateSnapshot, { input: { targetId: vm.id, name: 'behind-its-back' } })).createSnapshot;
      if (made.__typename !== 'OperationPayload') throw new Error(`create answered ${made.__typename}`);
      expect((await collectWs(secondWs, FollowOperation, { id: made.operation.id })).at(-1)?.data?.operation).toMatchObject({ status: 'SUCCEEDED' });
      // A mutation reads past the cache: the name is taken, whatever the cached list says.
      const taken = (await query(short.graphqlUrl, CreateSnapshot, { input: { targetId: vm.id, name: 'behind-its-back' } })).createSnapshot;
      expect(taken).toMatchObject({ __typename: 'ValidationError', field: 'input.name' });
      // A query sees it once the window (and the stale answer served while refreshing) has passed.
      const started = Date.now();
      await vi.waitFor(async () => expect(snapshotsOf(await estateOf(short.graphqlUrl), vm.id).map((s) => s.name)).toContain('behind-its-back'), {
        timeout: 3_000,
        interval: 50,
      });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await secondWs.dispose();
      await second.close();
      await short.close();
    }
  });

  it('costs many viewers arriving at once what one costs: one backend call in flight per key for all who wait', async () => {
    const alone = await startTestGateway({ scale: 2, opMs: 50 }, cached());
    const crowd = await startTestGateway({ scale: 2, opMs: 50 }, cached());
    try {
      await execute(alone.graphqlUrl, Dashboard);
      await Promise.all(Array.from({ length: 20 }, () => execute(crowd.graphqlUrl, Dashboard)));
      const [one, twenty] = [await backendRequests(alone), await backendRequests(crowd)];
      expect(one).toBeGreaterThan(0);
      expect(twenty).toBe(one);
    } finally {
      await alone.close();
      await crowd.close();
    }
  });
});

describe('the shared read cache and tenancy', () => {
  const tokens = { admin: 'cache-admin-token-0123456789', libvirt: 'cache-libvirt-token-0123456789', research: 'cache-research-token-012345' };
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ scale: 2, opMs: 50 }, {
      ...cached(),
      auth: authSchema.parse({
        tokens: [
          { name: 'admin', sha256: sha256(tokens.admin), scopes: ['snapshots:read'] },
          { name: 'libvirt-team', sha256: sha256(tokens.libvirt), scopes: ['snapshots:read'], backends: ['lab-libvirt'] },
          { name: 'research', sha256: sha256(tokens.research), scopes: ['snapshots:read'], backends: ['lab-denvr/research'] },
        ],
      }),
    });
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('never shows a tenant what another one read into the cache: lists and ids are as if uncached', async () => {
    const all = (await executeWith(gw.graphqlUrl, bearer(tokens.admin), CacheEstate)).data?.vms.edges.map((e) => e.node) ?? [];
    expect(new Set(all.map((v) => v.backend.name))).toEqual(new Set(BACKENDS));
    const before = await backendRequests(gw);
    const team = (await executeWith(gw.graphqlUrl, bearer(tokens.libvirt), CacheEstate)).data?.vms.edges.map((e) => e.node) ?? [];
    const research = (await executeWith(gw.graphqlUrl, bearer(tokens.research), CacheEstate)).data?.vms.edges.map((e) => e.node) ?? [];
    // Both answered from what the admin's query cached…
    expect(await backendRequests(gw)).toBe(before);
    // …each with its own part of it only.
    expect(team.length).toBeGreaterThan(0);
    expect(team.every((v) => v.backend.name === 'lab-libvirt')).toBe(true);
    expect(team.length).toBe(all.filter((v) => v.backend.name === 'lab-libvirt').length);
    expect(research.length).toBeGreaterThan(0);
    expect(research.every((v) => v.backend.name === 'lab-denvr')).toBe(true);
    expect(research.length).toBeLessThan(all.filter((v) => v.backend.name === 'lab-denvr').length);
    const foreign = all.find((v) => v.backend.name === 'lab-manageiq');
    if (!foreign) throw new Error('no ManageIQ VM');
    expect((await executeWith(gw.graphqlUrl, bearer(tokens.libvirt), CacheNode, { id: foreign.id })).data?.node).toBeNull();
  });
});

const CacheNode = graphql(`
  query CacheNode($id: ID!) { node(id: $id) { id } }
`);

const redisThere = await redisForTests('the shared read cache across replicas');

describe.runIf(redisThere)('the shared read cache across replicas (Redis)', () => {
  let lab: Lab;
  const replicas: StartedGateway[] = [];
  const prefix = `gw-test-${randomUUID()}:`;

  beforeAll(async () => {
    lab = await startLab({ scale: 1, latencyMs: 0, opMs: 50 });
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await startGateway({
          specs: lab.specs,
          port: 0,
          host: '127.0.0.1',
          engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 },
          redisUrl: REDIS_URL,
          redisKeyPrefix: prefix,
          ...cached(),
        }),
      );
    }
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await lab?.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it("empties a replica's cache when another replica's operation changes a backend: its clients see SUCCEEDED, then the change", async () => {
    const [a, b] = replicas;
    if (!a || !b) throw new Error('two replicas');
    const urlOf = (gw: StartedGateway) => `${gw.server.url}/graphql`;
    const vm = (await estateOf(urlOf(b))).find((v) => v.backend.name === 'lab-libvirt');
    if (!vm) throw new Error('no libvirt VM');
    const made = (await query(urlOf(a), CreateSnapshot, { input: { targetId: vm.id, name: 'made-on-a' } })).createSnapshot;
    if (made.__typename !== 'OperationPayload') throw new Error(`create answered ${made.__typename}`);
    // Followed on B: B's cache forgets the backend as the event arrives, before B hands it to its subscribers.
    const onB = wsClient(`${b.server.url.replace(/^http/, 'ws')}/graphql`);
    try {
      expect((await collectWs(onB, FollowOperation, { id: made.operation.id })).at(-1)?.data?.operation).toMatchObject({ status: 'SUCCEEDED' });
    } finally {
      await onB.dispose();
    }
    const names = (await estateOf(urlOf(b))).find((v) => v.id === vm.id)?.snapshots.edges.map((e) => e.node.name);
    expect(names).toContain('made-on-a');
  });

  it('answers a replica from what another read (the tier in Redis), checked on the way in', async () => {
    const [a, b] = replicas;
    if (!a || !b) throw new Error('two replicas');
    const urlOf = (gw: StartedGateway) => `${gw.server.url}/graphql`;
    const requests = async () => (await Promise.all(BACKENDS.map((name) => a.gateway.metrics.backendRequestCount(name).then(async (n) => n + (await b.gateway.metrics.backendRequestCount(name)))))).reduce((x, y) => x + y, 0);
    // Both forget what they hold, everywhere: A reads from the backends, B then from what A put in Redis.
    for (const name of BACKENDS) {
      a.gateway.reads.invalidate(name);
      b.gateway.reads.invalidate(name, false);
    }
    const before = await requests();
    const onA = await estateOf(urlOf(a));
    const afterA = await requests();
    expect(afterA).toBeGreaterThan(before);
    const onB = await estateOf(urlOf(b));
    expect(await requests()).toBe(afterA);
    expect(onB).toEqual(onA);

    // What B takes from Redis must be a record: an answer of the wrong shape there is loaded from the backend instead.
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}reads:lab-libvirt:g*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) await redis.set(key, JSON.stringify({ at: Date.now(), value: [{ entity: 'VM', name: 42 }] }), 'PX', 60_000);
    } finally {
      redis.disconnect();
    }
    b.gateway.reads.invalidate('lab-libvirt', false);
    const beforeB = await requests();
    const again = await estateOf(urlOf(b));
    expect(await requests()).toBeGreaterThan(beforeB);
    expect(again).toEqual(onA);
  });
});
