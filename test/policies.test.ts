// The gateway's own snapshot policies, through a real gateway on the lab, the runner ticked by a test clock: a
// policy every minute on each lab backend takes its snapshots and prunes them to its retention, only its own; a
// catch-up runs once for slots missed; bad definitions are ValidationErrors naming the field; policies and runs
// survive a restart in their file; two replicas on one Redis run each slot once, a replica stopped mid-run included.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../src/lab/lab.js';
import { startGateway, type StartedGateway } from '../src/start.js';
import { graphql } from './gql/index.js';
import { snapshotNameOf } from '../src/policies/runner.js';
import type { CreateSnapshotPolicyInput, PolicyTargetsQuery } from './gql/graphql.js';
import { query, startTestGateway, type TestGateway } from './helpers/gateway.js';
import { deleteKeysUnder, REDIS_URL, redisForTests } from './helpers/redis.js';

const PolicyTargets = graphql(`
  query PolicyTargets {
    backends { id name }
    vms(first: 200) {
      edges { node { id name powerState backend { name capabilities { driveSnapshots } } drives { id } snapshots(first: 200) { edges { node { name } } } } }
    }
  }
`);

const CreatePolicy = graphql(`
  mutation CreatePolicy($input: CreateSnapshotPolicyInput!) {
    createSnapshotPolicy(input: $input) {
      __typename
      ... on SnapshotPolicyPayload { policy { id name schedule nextRunAt retention { count maxAgeHours } target { id } } }
      ... on ValidationError { field message }
      ... on UnsupportedOperationError { capability }
    }
  }
`);

const Policies = graphql(`
  query Policies {
    snapshotPolicies {
      id
      name
      active
      runs(first: 50) { scheduledFor status catchUp message taken { status snapshot { name } } pruned { status kind } }
    }
  }
`);

const UpdatePolicy = graphql(`
  mutation UpdatePolicy($input: UpdateSnapshotPolicyInput!) {
    updateSnapshotPolicy(input: $input) { __typename ... on SnapshotPolicyPayload { policy { active schedule } } ... on ValidationError { field } }
  }
`);

const DeletePolicy = graphql(`
  mutation DeletePolicy($id: ID!) {
    deleteSnapshotPolicy(input: { policyId: $id }) { __typename ... on SnapshotPolicyPayload { policy { id } } ... on NotFoundError { id } }
  }
`);

type Vm = PolicyTargetsQuery['vms']['edges'][number]['node'];
const MINUTE = 60_000;

/** A VM of each lab backend a snapshot can be taken of, as its target id (a drive where the backend snapshots drives). */
function targetOf(vms: Vm[], backend: string): string {
  const vm = vms.find((v) => v.backend.name === backend && (v.powerState === 'RUNNING' || v.powerState === 'STOPPED'));
  const id = vm && (vm.backend.capabilities.driveSnapshots ? vm.drives[0]?.id : vm.id);
  if (!id) throw new Error(`no target on ${backend}`);
  return id;
}

const snapshotNames = async (url: string, targetId: string): Promise<string[]> => {
  const { vms } = await query(url, PolicyTargets);
  const vm = vms.edges.map((e) => e.node).find((v) => v.id === targetId || v.drives.some((d) => d.id === targetId));
  return vm?.snapshots.edges.map((e) => e.node.name) ?? [];
};

describe('snapshot policies', () => {
  let gw: TestGateway;
  let vms: Vm[];
  beforeAll(async () => {
    gw = await startTestGateway();
    vms = (await query(gw.graphqlUrl, PolicyTargets)).vms.edges.map((e) => e.node);
  });
  afterAll(() => gw?.close());

  const create = (input: CreateSnapshotPolicyInput) => query(gw.graphqlUrl, CreatePolicy, { input });
  const runner = () => gw.started.gateway.policies.runner;

  it('refuses a cron that never fires, a retention of 0 or none, a target that does not exist and a bad name, naming the field, and keeps nothing', async () => {
    const base: CreateSnapshotPolicyInput = { name: 'bad', targetId: targetOf(vms, 'lab-libvirt'), schedule: '* * * * *', retention: { count: 2 } };
    const cases: [Partial<CreateSnapshotPolicyInput>, string][] = [
      [{ schedule: '0 0 31 2 *' }, 'input.schedule'],
      [{ schedule: 'every minute' }, 'input.schedule'],
      [{ retention: { count: 0 } }, 'input.retention.count'],
      [{ retention: {} }, 'input.retention'],
      [{ retention: { maxAgeHours: -1 } }, 'input.retention.maxAgeHours'],
      [{ targetId: targetOf(vms, 'lab-libvirt').slice(0, -2) + 'zz' }, 'input.targetId'],
      [{ name: 'far-too-long-a-name' }, 'input.name'],
      [{ targetId: null }, 'input.targetId'],
    ];
    for (const [change, field] of cases) {
      const { createSnapshotPolicy } = await create({ ...base, ...change });
      expect(createSnapshotPolicy, JSON.stringify(change)).toMatchObject({ __typename: 'ValidationError', field });
    }
    expect((await query(gw.graphqlUrl, Policies)).snapshotPolicies).toEqual([]);
  });

  it('runs a policy every minute on each lab backend: one run per tick, snapshots taken, pruned to its retention, only its own', async () => {
    const backends = ['lab-libvirt', 'lab-manageiq', 'lab-cloudsigma', 'lab-danube', 'lab-denvr'];
    const made = [];
    for (const [index, backend] of backends.entries()) {
      const { createSnapshotPolicy } = await create({ name: `p${index}`, targetId: targetOf(vms, backend), schedule: '* * * * *', retention: { count: 2 } });
      if (createSnapshotPolicy.__typename !== 'SnapshotPolicyPayload' || !createSnapshotPolicy.policy) throw new Error(`${backend}: ${JSON.stringify(createSnapshotPolicy)}`);
      made.push({ backend, policy: createSnapshotPolicy.policy, targetId: targetOf(vms, backend), before: await snapshotNames(gw.graphqlUrl, targetOf(vms, backend)) });
    }
    const start = Date.now();
    for (const minutes of [1, 2, 3]) {
      const claimed = await runner().tick(new Date(start + minutes * MINUTE));
      expect(claimed).toHaveLength(backends.length);
      // The same moment again: the slot has run.
      expect(await runner().tick(new Date(start + minutes * MINUTE))).toEqual([]);
      await runner().settled();
    }
    const { snapshotPolicies } = await query(gw.graphqlUrl, Policies);
    for (const { backend, policy, targetId, before } of made) {
      const listed = snapshotPolicies.find((p) => p.id === policy.id);
      expect(listed?.runs.map((r) => r.status), backend).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
      expect(listed?.runs.map((r) => r.taken.length)).toEqual([1, 1, 1]);
      // The third run pruned the first run's snapshot: two kept.
      expect(listed?.runs[0]?.pruned).toEqual([{ status: 'SUCCEEDED', kind: 'DELETE_SNAPSHOT' }]);
      const names = await snapshotNames(gw.graphqlUrl, targetId);
      const own = names.filter((name) => name.startsWith(`${policy.name}-`));
      expect(own, backend).toHaveLength(2);
      expect(own.sort()).toEqual(listed?.runs.slice(0, 2).map((r) => r.taken[0]?.snapshot?.name).sort());
      // Nothing it did not take is touched.
      for (const name of before) expect(names, `${backend} kept ${name}`).toContain(name);
    }
    for (const { policy } of made) await query(gw.graphqlUrl, DeletePolicy, { id: policy.id });
  });

  it('runs one run of a policy at a time: a slot that comes while the last run is at work waits for it', async () => {
    const { createSnapshotPolicy } = await create({ name: 'serial', targetId: targetOf(vms, 'lab-libvirt'), schedule: '* * * * *', retention: { count: 5 } });
    if (createSnapshotPolicy.__typename !== 'SnapshotPolicyPayload' || !createSnapshotPolicy.policy) throw new Error('not made');
    const id = createSnapshotPolicy.policy.id;
    const start = Math.floor(Date.now() / MINUTE) * MINUTE;
    expect(await runner().tick(new Date(start + MINUTE + 5_000))).toHaveLength(1);
    // The next slot, while the first run still takes its snapshot: nothing starts.
    expect(await runner().tick(new Date(start + 2 * MINUTE + 5_000))).toEqual([]);
    await runner().settled();
    expect(await runner().tick(new Date(start + 2 * MINUTE + 15_000))).toHaveLength(1);
    await runner().settled();
    const runs = (await query(gw.graphqlUrl, Policies)).snapshotPolicies.find((p) => p.id === id)?.runs ?? [];
    expect(runs.map((r) => [r.scheduledFor, r.status])).toEqual([
      [new Date(start + 2 * MINUTE).toISOString(), 'SUCCEEDED'],
      [new Date(start + MINUTE).toISOString(), 'SUCCEEDED'],
    ]);
    await query(gw.graphqlUrl, DeletePolicy, { id });
  });

  it('runs once, late, for the latest of the slots missed while it did not run, and says how many it missed', async () => {
    const { createSnapshotPolicy } = await create({ name: 'catch', targetId: targetOf(vms, 'lab-libvirt'), schedule: '* * * * *', retention: { count: 5 } });
    if (createSnapshotPolicy.__typename !== 'SnapshotPolicyPayload' || !createSnapshotPolicy.policy) throw new Error('not made');
    const id = createSnapshotPolicy.policy.id;
    // On a minute boundary, so the slots counted do not depend on the second the test started in.
    const start = Math.floor(Date.now() / MINUTE) * MINUTE;
    await runner().tick(new Date(start + MINUTE + 5_000));
    await runner().settled();
    // Four more slots pass with no tick, as with no gateway up.
    expect(await runner().tick(new Date(start + 6 * MINUTE + 5_000))).toHaveLength(1);
    await runner().settled();
    const runs = (await query(gw.graphqlUrl, Policies)).snapshotPolicies.find((p) => p.id === id)?.runs ?? [];
    expect(runs.map((r) => r.catchUp)).toEqual([true, false]);
    expect(runs[0]?.message).toBe('4 earlier slots passed with no gateway to run it; only this, the latest, ran');
    expect(runs[0]?.status).toBe('SUCCEEDED');
    // Inactive, it runs no more.
    expect((await query(gw.graphqlUrl, UpdatePolicy, { input: { policyId: id, active: false } })).updateSnapshotPolicy).toMatchObject({ policy: { active: false } });
    expect(await runner().tick(new Date(start + 10 * MINUTE))).toEqual([]);
    expect((await query(gw.graphqlUrl, DeletePolicy, { id })).deleteSnapshotPolicy).toEqual({ __typename: 'SnapshotPolicyPayload', policy: null });
    expect((await query(gw.graphqlUrl, DeletePolicy, { id })).deleteSnapshotPolicy).toMatchObject({ __typename: 'NotFoundError' });
  });
});

describe('snapshot policies kept in a file', () => {
  it('survive a restart with their runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-policies-'));
    const file = join(dir, 'policies.json');
    const lab = await startLab({ scale: 1, latencyMs: 0, opMs: 20 });
    const start = () =>
      startGateway({ specs: lab.specs, port: 0, host: '127.0.0.1', engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 }, policies: { file, tickMs: null }, server: { adminPort: 'off' } });
    try {
      const first = await start();
      const url = `${first.server.url}/graphql`;
      const vms = (await query(url, PolicyTargets)).vms.edges.map((e) => e.node);
      const { createSnapshotPolicy } = await query(url, CreatePolicy, { input: { name: 'kept', targetId: targetOf(vms, 'lab-libvirt'), schedule: '*/5 * * * *', retention: { maxAgeHours: 24 } } });
      expect(createSnapshotPolicy.__typename).toBe('SnapshotPolicyPayload');
      await first.gateway.policies.runner.tick(new Date(Date.now() + 5 * MINUTE));
      await first.gateway.policies.runner.settled();
      await first.close();
      const second = await start();
      try {
        const { snapshotPolicies } = await query(`${second.server.url}/graphql`, Policies);
        expect(snapshotPolicies.map((p) => [p.name, p.runs.map((r) => r.status)])).toEqual([['kept', ['SUCCEEDED']]]);
      } finally {
        await second.close();
      }
    } finally {
      await lab.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const redis = await redisForTests('snapshot policies on two replicas');

describe.runIf(redis)('snapshot policies on two replicas sharing Redis', () => {
  let lab: Lab;
  let replicas: StartedGateway[] = [];
  const prefix = `gw-policies-${process.pid}-${Date.now()}:`;
  beforeAll(async () => {
    lab = await startLab({ scale: 1, latencyMs: 0, opMs: 300 });
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await lab?.close();
    const client = new Redis(REDIS_URL);
    await deleteKeysUnder(client, prefix);
    client.disconnect();
  });
  const replica = () =>
    startGateway({
      specs: lab.specs,
      port: 0,
      host: '127.0.0.1',
      engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 },
      redisUrl: REDIS_URL,
      redisKeyPrefix: prefix,
      policies: { tickMs: null },
      server: { adminPort: 'off' },
      leases: { ttlMs: 1_000, renewMs: 300, sweepMs: 200 },
    });

  it('runs each slot on exactly one replica, and a replica stopped mid-run leaves no second run of its slot', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    replicas = [a, b];
    const url = `${a.server.url}/graphql`;
    const vms = (await query(url, PolicyTargets)).vms.edges.map((e) => e.node);
    const targetId = targetOf(vms, 'lab-libvirt');
    const { createSnapshotPolicy } = await query(url, CreatePolicy, { input: { name: 'shared', targetId, schedule: '* * * * *', retention: { count: 10 } } });
    if (createSnapshotPolicy.__typename !== 'SnapshotPolicyPayload' || !createSnapshotPolicy.policy) throw new Error('not made');
    const start = Date.now();
    for (const minutes of [1, 2]) {
      const at = new Date(start + minutes * MINUTE);
      const claimed = await Promise.all([a.gateway.policies.runner.tick(at), b.gateway.policies.runner.tick(at)]);
      expect(claimed.flat()).toHaveLength(1);
      await Promise.all([a.gateway.policies.runner.settled(), b.gateway.policies.runner.settled()]);
    }
    // The third slot: a claims it and is stopped while its snapshot is being taken; b, ticking the same slot, runs nothing.
    const at = new Date(start + 3 * MINUTE);
    expect(await a.gateway.policies.runner.tick(at)).toHaveLength(1);
    const stopping = a.close();
    expect(await b.gateway.policies.runner.tick(at)).toEqual([]);
    await stopping;
    replicas = [b];
    const { snapshotPolicies } = await query(`${b.server.url}/graphql`, Policies);
    expect(snapshotPolicies[0]?.runs.map((r) => r.scheduledFor)).toEqual([3, 2, 1].map((m) => new Date(Math.floor((start + m * MINUTE) / MINUTE) * MINUTE).toISOString()));
    // Long after, b finishes the stopped replica's run from its operations, and runs the slot due then.
    expect(await b.gateway.policies.runner.tick(new Date(start + 20 * MINUTE))).toHaveLength(1);
    await b.gateway.policies.runner.settled();
    const after = (await query(`${b.server.url}/graphql`, Policies)).snapshotPolicies[0]?.runs ?? [];
    expect(after.map((r) => r.status)).toEqual(['SUCCEEDED', expect.stringMatching(/^(PARTIAL|FAILED)$/), 'SUCCEEDED', 'SUCCEEDED']);
    expect(after[1]?.message).toMatch(/stopped during this run; replica .* finished it from how its operations ended \(nothing was sent again\)$/);
    // One snapshot per slot, whichever replica took it; the stopped replica's slot has at most the one it took.
    const names = (await snapshotNames(`${b.server.url}/graphql`, targetId)).filter((n) => n.startsWith('shared-'));
    const [first, second, third] = [1, 2, 3].map((m) => snapshotNameOf({ name: 'shared' }, new Date(Math.floor((start + m * MINUTE) / MINUTE) * MINUTE)));
    expect(names.filter((n) => n === first)).toHaveLength(1);
    expect(names.filter((n) => n === second)).toHaveLength(1);
    expect(names.filter((n) => n === third).length).toBeLessThanOrEqual(1);
  });
});
