// The LIBVIRTD backend on a real libvirtd with tiny QEMU domains of its own (one running, one shut off), through
// a gateway over real HTTP and graphql-ws, with virsh as the judge of what libvirt holds. Runs whenever virsh
// reaches qemu:///system; under CI=true always (`bash .ci/libgo.sh`, as root, starts libvirtd).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { CreateSnapshot, DeleteSnapshot, FollowOperation, RevertSnapshot } from './helpers/documents.js';
import { collectWs, query, wsClient } from './helpers/gateway.js';
import { virsh, virshCurrent, virshParent, virshSnapshots } from './helpers/libgo.js';
import { defineDomain, LIBVIRT_URI, libvirtdForTests, removeDomain } from './helpers/libvirtd.js';
import { localLibvirtdHint } from '../src/connectors/libvirtd/localHint.js';
import { startGateway, type StartedGateway } from '../src/start.js';
import type { Client } from 'graphql-ws';

const SUITE = 'the LIBVIRTD backend on a real libvirtd';
const RUNNING = 'gw-libvirtd-running';
const STOPPED = 'gw-libvirtd-stopped';

const LibvirtdEstate = graphql(`
  query LibvirtdEstate {
    vms(first: 1000, filter: { nameContains: "gw-libvirtd-" }) {
      edges {
        node {
          id
          name
          powerState
          backend { name kind }
          capabilities { memorySnapshots revert driveSnapshots }
          drives { name sizeBytes status }
          currentSnapshot { name }
          snapshots(first: 100) {
            edges { node { id name description isCurrent hasMemory hasDisk vmPowerState createdAt parent { name } children { name } } }
          }
        }
      }
    }
  }
`);

const DeleteMany = graphql(`
  mutation LibvirtdDeleteMany($ids: [ID!]!) {
    deleteSnapshots(input: { snapshotIds: $ids }) {
      __typename
      ... on OperationPayload { operation { id } }
      ... on Error { message }
    }
  }
`);

const UpdateDescription = graphql(`
  mutation LibvirtdUpdate($snapshotId: ID!, $description: String, $name: String) {
    updateSnapshot(input: { snapshotId: $snapshotId, description: $description, name: $name }) {
      __typename
      ... on OperationPayload { operation { id } }
      ... on Error { message }
      ... on ValidationError { field }
    }
  }
`);

const available = await libvirtdForTests(SUITE);

describe.runIf(available)(SUITE, () => {
  let gateway: StartedGateway;
  let ws: Client;
  const graphqlUrl = () => `${gateway.server.url}/graphql`;

  beforeAll(async () => {
    await Promise.all([defineDomain(RUNNING, true), defineDomain(STOPPED, false)]);
    // A tree taken behind the gateway's back: root -> child (current), with a description libvirt escapes.
    await virsh('snapshot-create-as', RUNNING, '--name', 'root', '--description', 'R&D <x>');
    await virsh('snapshot-create-as', RUNNING, '--name', 'child');
    await virsh('snapshot-create-as', STOPPED, '--name', 'cold');
    gateway = await startGateway({
      specs: [{ name: 'host', kind: 'LIBVIRTD', baseUrl: LIBVIRT_URI, credentials: {}, settings: {} }],
      port: 0,
      host: '127.0.0.1',
      engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 },
    });
    ws = wsClient(`${gateway.server.url.replace(/^http/, 'ws')}/graphql`);
  }, 120_000);

  afterAll(async () => {
    await ws?.dispose();
    await gateway?.close();
    await Promise.all([removeDomain(RUNNING), removeDomain(STOPPED)]);
  }, 60_000);

  const estate = async () => (await query(graphqlUrl(), LibvirtdEstate)).vms.edges.map((e) => e.node);
  const vm = async (name: string) => {
    const found = (await estate()).find((v) => v.name === name);
    if (!found) throw new Error(`the gateway does not list ${name}`);
    return found;
  };
  const snapshot = async (domain: string, name: string) => {
    const found = (await vm(domain)).snapshots.edges.map((e) => e.node).find((s) => s.name === name);
    if (!found) throw new Error(`the gateway does not list ${domain}/${name}`);
    return found;
  };
  /** Follows an operation over graphql-ws to its end; its last state. */
  const follow = async (id: string) => {
    const events = await collectWs(ws, FollowOperation, { id });
    const last = events.at(-1)?.data?.operation;
    if (!last) throw new Error('no operation event');
    return last;
  };
  const create = async (targetId: string, name: string, includeMemory = false) =>
    (await query(graphqlUrl(), CreateSnapshot, { input: { targetId, name, includeMemory } })).createSnapshot;

  it('lists the domains with their state, their disk, and the tree libvirt holds, current marked', async () => {
    const running = await vm(RUNNING);
    expect(running).toMatchObject({
      powerState: 'RUNNING',
      backend: { name: 'host', kind: 'LIBVIRTD' },
      capabilities: { memorySnapshots: true, revert: true, driveSnapshots: false },
      drives: [{ name: `${RUNNING}.qcow2`, sizeBytes: 64 * 1024 * 1024, status: 'IN_USE' }],
      currentSnapshot: { name: 'child' },
    });
    const root = await snapshot(RUNNING, 'root');
    expect(root).toMatchObject({ description: 'R&D <x>', isCurrent: false, hasMemory: true, hasDisk: true, vmPowerState: 'RUNNING', parent: null });
    expect(root.children.map((c) => c.name)).toEqual(['child']);
    expect(await snapshot(RUNNING, 'child')).toMatchObject({ isCurrent: true, parent: { name: 'root' } });
    expect(Math.abs(Date.parse(root.createdAt ?? '') - Date.now())).toBeLessThan(10 * 60_000);
    const stopped = await vm(STOPPED);
    expect(stopped).toMatchObject({ powerState: 'STOPPED', capabilities: { memorySnapshots: false } });
    expect(await snapshot(STOPPED, 'cold')).toMatchObject({ hasMemory: false, vmPowerState: 'STOPPED', isCurrent: true });
  });

  it('creates a full checkpoint of the running domain, followed over graphql-ws to SUCCEEDED', async () => {
    const target = await vm(RUNNING);
    const started = await create(target.id, 'with memory', true);
    if (started.__typename !== 'OperationPayload') throw new Error(`create answered ${started.__typename}`);
    const last = await follow(started.operation.id);
    expect(last).toMatchObject({ status: 'SUCCEEDED', progress: 100, snapshot: { name: 'with memory', isCurrent: true, hasMemory: true, parent: { name: 'child' } } });
    expect(await virshSnapshots(RUNNING)).toContain('with memory');
    expect(await virshCurrent(RUNNING)).toBe('with memory');
  });

  it('creates a disk snapshot of the shut-off domain; memory there is UnsupportedOperationError and changes nothing', async () => {
    const target = await vm(STOPPED);
    const refused = await create(target.id, 'cold memory', true);
    expect(refused).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'memorySnapshots' });
    expect(await virshSnapshots(STOPPED)).toEqual(['cold']);
    const started = await create(target.id, 'cold disk');
    if (started.__typename !== 'OperationPayload') throw new Error(`create answered ${started.__typename}`);
    expect(await follow(started.operation.id)).toMatchObject({ status: 'SUCCEEDED', snapshot: { name: 'cold disk', hasMemory: false, parent: { name: 'cold' } } });
    expect(await virshParent(STOPPED, 'cold disk')).toBe('cold');
  });

  it('answers a duplicate name with a ValidationError, and libvirt keeps one snapshot of that name', async () => {
    const target = await vm(RUNNING);
    expect(await create(target.id, 'root')).toMatchObject({ __typename: 'ValidationError', field: 'input.name' });
    expect((await virshSnapshots(RUNNING)).filter((name) => name === 'root')).toHaveLength(1);
  });

  it("gives libvirt's own refusal as a BackendError when the gateway cannot know (a replayed name under an idempotency key)", async () => {
    const target = await vm(RUNNING);
    const before = await virshSnapshots(RUNNING);
    const started = (await query(graphqlUrl(), CreateSnapshot, { input: { targetId: target.id, name: 'root', idempotencyKey: 'dup-root' } })).createSnapshot;
    if (started.__typename !== 'OperationPayload') throw new Error(`create answered ${started.__typename}`);
    const last = await follow(started.operation.id);
    expect(last.status).toBe('FAILED');
    expect(last.error).toMatchObject({ code: 'CONFLICT' });
    expect(last.error?.message).toMatch(/already exists/);
    expect(await virshSnapshots(RUNNING)).toEqual(before);
  });

  it('reverts to a snapshot: it becomes current, and the domain runs as it was', async () => {
    const root = await snapshot(RUNNING, 'root');
    const started = (await query(graphqlUrl(), RevertSnapshot, { input: { snapshotId: root.id } })).revertSnapshot;
    if (started.__typename !== 'OperationPayload') throw new Error(`revert answered ${started.__typename}`);
    expect(await follow(started.operation.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await virshCurrent(RUNNING)).toBe('root');
    expect((await virsh('domstate', RUNNING)).trim()).toBe('running');
    expect(await snapshot(RUNNING, 'root')).toMatchObject({ isCurrent: true });
  }, 60_000);

  it('deletes a snapshot with children: libvirt re-parents them, and the gateway shows it', async () => {
    const child = await snapshot(RUNNING, 'child');
    const started = (await query(graphqlUrl(), DeleteSnapshot, { input: { snapshotId: child.id } })).deleteSnapshot;
    if (started.__typename !== 'OperationPayload') throw new Error(`delete answered ${started.__typename}`);
    expect(await follow(started.operation.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await virshSnapshots(RUNNING)).not.toContain('child');
    expect(await virshParent(RUNNING, 'with memory')).toBe('root');
    expect(await snapshot(RUNNING, 'with memory')).toMatchObject({ parent: { name: 'root' } });
  });

  it('bulk-deletes snapshots of two domains in one go, each with its own result, a missing one failing alone', async () => {
    await virsh('snapshot-create-as', RUNNING, '--name', 'bulk-a');
    await virsh('snapshot-create-as', RUNNING, '--name', 'bulk-b');
    await virsh('snapshot-create-as', STOPPED, '--name', 'bulk-c');
    const ids = [await snapshot(RUNNING, 'bulk-a'), await snapshot(RUNNING, 'bulk-b'), await snapshot(STOPPED, 'bulk-c')].map((s) => s.id);
    // One of them vanishes behind the gateway's back before the bulk request.
    await virsh('snapshot-delete', RUNNING, 'bulk-b');
    const results = (await query(graphqlUrl(), DeleteMany, { ids })).deleteSnapshots;
    const ends = await Promise.all(
      results.map(async (result) => {
        if (result.__typename !== 'OperationPayload') return result.__typename;
        return (await follow(result.operation.id)).status;
      }),
    );
    // The gateway reads each snapshot before sending anything: the vanished one is not found, and nothing is sent for it.
    expect(ends).toEqual(['SUCCEEDED', 'NotFoundError', 'SUCCEEDED']);
    expect(await virshSnapshots(RUNNING)).not.toContain('bulk-a');
    expect(await virshSnapshots(STOPPED)).not.toContain('bulk-c');
  });

  it('updates a description (the current snapshot stays current); a rename is a ValidationError and changes nothing', async () => {
    const root = await snapshot(RUNNING, 'root');
    expect(root.isCurrent).toBe(true);
    const started = (await query(graphqlUrl(), UpdateDescription, { snapshotId: root.id, description: 'before the "upgrade" & after' })).updateSnapshot;
    if (started.__typename !== 'OperationPayload') throw new Error(`update answered ${started.__typename}`);
    expect(await follow(started.operation.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await virsh('snapshot-dumpxml', RUNNING, 'root')).toContain('<description>before the &quot;upgrade&quot; &amp; after</description>');
    expect(await virshCurrent(RUNNING)).toBe('root');
    expect(await snapshot(RUNNING, 'root')).toMatchObject({ description: 'before the "upgrade" & after', isCurrent: true });
    const renamed = (await query(graphqlUrl(), UpdateDescription, { snapshotId: root.id, name: 'renamed' })).updateSnapshot;
    expect(renamed).toMatchObject({ __typename: 'ValidationError', message: 'input: libvirt cannot rename a snapshot; only its description can change' });
    expect(await virshSnapshots(RUNNING)).toContain('root');
  });

  it("tells the lab's start-up lines how to add this host's libvirtd", async () => {
    expect(await localLibvirtdHint()).toMatch(/^libvirtd answers at qemu:\/\/\/system on this host: .*"kind":"LIBVIRTD","baseUrl":"qemu:\/\/\/system"/);
  });
});
