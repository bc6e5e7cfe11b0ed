// The LIBVIRTD backend on a real libvirtd with tiny QEMU domains of its own (one running, one shut off), through
// a gateway over real HTTP and graphql-ws, with virsh as the judge of what libvirt holds. Runs whenever virsh
// reaches qemu:///system; under CI=true always (`bash .ci/libgo.sh`, as root, starts libvirtd).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { CreateSnapshot, DeleteSnapshot, FollowOperation, RevertSnapshot } from './helpers/documents.js';
import { collectWs, query, wsClient, UNCACHED } from './helpers/gateway.js';
import { virsh, virshCurrent, virshParent, virshSnapshots } from './helpers/libgo.js';
import { defineDomain, fillDisk, holdsPattern, IMAGES, imagesPool, LIBVIRT_URI, libvirtdForTests, removeDomain } from './helpers/libvirtd.js';
import { localLibvirtdHint } from '../src/connectors/libvirtd/localHint.js';
import { startGateway, type StartedGateway } from '../src/start.js';
import type { Client } from 'graphql-ws';
import { print } from 'graphql';

const SUITE = 'the LIBVIRTD backend on a real libvirtd';
const RUNNING = 'gw-libvirtd-running';
const STOPPED = 'gw-libvirtd-stopped';
/** Running, with a guest agent channel and no agent behind it: disk-only snapshots, and quiesce refused. */
const DISK_ONLY = 'gw-libvirtd-diskonly';
const CLONE = 'gw-libvirtd-clone.qcow2';
const MiB = 1024 * 1024;
/** What the shut-off domain's disk holds at its snapshot 'cold' (0xab), and over part of it afterwards (0xcd). */
const AT_COLD = { pattern: 0xab, bytes: 48 * MiB };
const AFTER_COLD = { pattern: 0xcd, bytes: 8 * MiB };
/** Slow enough (48 MiB in about 3 s) that a copy shows its progress moving. */
const CLONE_BYTES_PER_SECOND = 16 * MiB;

const LibvirtdEstate = graphql(`
  query LibvirtdEstate {
    vms(first: 1000, filter: { nameContains: "gw-libvirtd-" }) {
      edges {
        node {
          id
          name
          powerState
          backend { name kind }
          capabilities { memorySnapshots quiesce revert clone driveSnapshots subtreeDelete }
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

const Clone = graphql(`
  mutation LibvirtdClone($snapshotId: ID!, $name: String) {
    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) {
      __typename
      ... on OperationPayload { operation { id } }
      ... on Error { message }
      ... on ValidationError { field }
    }
  }
`);

const FollowClone = graphql(`
  subscription LibvirtdFollowClone($id: ID!) {
    operation(id: $id) {
      status
      progress
      message
      error { code message }
      drive { id name status sizeBytes vm { name } clonedFrom { name } }
    }
  }
`);

const CancelClone = graphql(`
  mutation LibvirtdCancelClone($id: ID!) {
    cancelOperation(input: { id: $id }) { __typename ... on OperationPayload { operation { status } } ... on Error { message } }
  }
`);

const LibvirtdDrives = graphql(`
  query LibvirtdDrives {
    drives(first: 1000, filter: { nameContains: "gw-libvirtd-" }) { edges { node { name status sizeBytes vm { name } clonedFrom { name } } } }
  }
`);

const available = await libvirtdForTests(SUITE);

describe.runIf(available)(SUITE, () => {
  let gateway: StartedGateway;
  let ws: Client;
  let pool: Awaited<ReturnType<typeof imagesPool>>;
  const graphqlUrl = () => `${gateway.server.url}/graphql`;

  beforeAll(async () => {
    await Promise.all([defineDomain(RUNNING, true), defineDomain(STOPPED, false), defineDomain(DISK_ONLY, true, { agentChannel: true })]);
    // A tree taken behind the gateway's back: root -> child (current), with a description libvirt escapes.
    await virsh('snapshot-create-as', RUNNING, '--name', 'root', '--description', 'R&D <x>');
    await virsh('snapshot-create-as', RUNNING, '--name', 'child');
    await fillDisk(STOPPED, AT_COLD.pattern, AT_COLD.bytes);
    await virsh('snapshot-create-as', STOPPED, '--name', 'cold');
    await fillDisk(STOPPED, AFTER_COLD.pattern, AFTER_COLD.bytes);
    pool = await imagesPool();
    gateway = await startGateway({
      specs: [{ name: 'host', kind: 'LIBVIRTD', baseUrl: LIBVIRT_URI, credentials: {}, settings: { cloneBytesPerSecond: CLONE_BYTES_PER_SECOND } }],
      port: 0,
      host: '127.0.0.1',
      engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 },
      cache: UNCACHED,
    });
    ws = wsClient(`${gateway.server.url.replace(/^http/, 'ws')}/graphql`);
  }, 120_000);

  afterAll(async () => {
    await ws?.dispose();
    await gateway?.close();
    await Promise.all([removeDomain(RUNNING), removeDomain(STOPPED), removeDomain(DISK_ONLY)]);
    await virsh('vol-delete', `${IMAGES}/${CLONE}`).catch(() => undefined);
    await pool?.release();
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
  const create = async (targetId: string, name: string, includeMemory = false, quiesce = false) =>
    (await query(graphqlUrl(), CreateSnapshot, { input: { targetId, name, includeMemory, quiesce } })).createSnapshot;
  const diskFiles = async (domain: string) => (await virsh('domblklist', domain)).split('\n').flatMap((line) => /\s(\/\S.*?)\s*$/.exec(line)?.[1] ?? []);

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

  it('creates without memory on a running domain: disk-only, in overlay files libvirt makes; a revert to it is refused and changes nothing; it deletes', async () => {
    const target = await vm(DISK_ONLY);
    const started = await create(target.id, 'disks only');
    if (started.__typename !== 'OperationPayload') throw new Error(`create answered ${started.__typename}`);
    const last = await follow(started.operation.id);
    expect(last).toMatchObject({ status: 'SUCCEEDED', snapshot: { name: 'disks only', hasMemory: false, isCurrent: true } });
    expect(last.message).toMatch(/^disk-only: libvirt keeps it in overlay files/);
    expect(await virsh('snapshot-dumpxml', DISK_ONLY, 'disks only')).toMatch(/<state>disk-snapshot<\/state>[\s\S]*<memory snapshot=.no.\/>/);
    expect(await diskFiles(DISK_ONLY)).toEqual([`${IMAGES}/${DISK_ONLY}.disks only`]);
    // The files of its disk's chain are the domain's, not drives of their own.
    const unattached = (await query(graphqlUrl(), LibvirtdDrives)).drives.edges.map((e) => e.node).filter((d) => d.vm === null);
    expect(unattached.map((d) => d.name).filter((n) => n.startsWith(DISK_ONLY))).toEqual([]);
    const taken = await snapshot(DISK_ONLY, 'disks only');
    expect(taken).toMatchObject({ vmPowerState: 'RUNNING', hasDisk: true });

    const revert = (await query(graphqlUrl(), RevertSnapshot, { input: { snapshotId: taken.id } })).revertSnapshot;
    expect(revert).toMatchObject({ __typename: 'ValidationError', message: expect.stringMatching(/libvirt 9\.0 does not revert to/) });
    const clone = (await query(graphqlUrl(), Clone, { snapshotId: taken.id })).cloneSnapshot;
    expect(clone).toMatchObject({ __typename: 'ValidationError', field: 'input.snapshotId' });
    expect(await virshCurrent(DISK_ONLY)).toBe('disks only');

    const deleted = (await query(graphqlUrl(), DeleteSnapshot, { input: { snapshotId: taken.id } })).deleteSnapshot;
    if (deleted.__typename !== 'OperationPayload') throw new Error(`delete answered ${deleted.__typename}`);
    expect(await follow(deleted.operation.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await virshSnapshots(DISK_ONLY)).toEqual([]);
    // libvirt committed the overlay back into the disk.
    expect(await diskFiles(DISK_ONLY)).toEqual([`${IMAGES}/${DISK_ONLY}.qcow2`]);
  });

  it('offers quiesce only where a guest agent answers: without one it is UnsupportedOperationError, with memory or without, and nothing is in libvirt', async () => {
    const target = await vm(DISK_ONLY);
    expect(target.capabilities).toMatchObject({ quiesce: false, memorySnapshots: true });
    expect(await create(target.id, 'quiet', false, true)).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'quiesce' });
    expect(await create(target.id, 'quiet', true, true)).toMatchObject({ __typename: 'UnsupportedOperationError', capability: 'quiesce' });
    expect(await virshSnapshots(DISK_ONLY)).toEqual([]);
  });

  it('keeps a description with line breaks, quotes and a would-be virsh command as text; control characters are a ValidationError', async () => {
    const target = await vm(STOPPED);
    const description = 'line one\n"snapshot-delete" "gw-libvirtd-stopped" "cold"\n\tR&D <x>';
    const before = await virshSnapshots(STOPPED);
    const started = (await query(graphqlUrl(), CreateSnapshot, { input: { targetId: target.id, name: 'multi-line', description } })).createSnapshot;
    if (started.__typename !== 'OperationPayload') throw new Error(`create answered ${started.__typename}`);
    expect(await follow(started.operation.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await virshSnapshots(STOPPED)).toEqual(expect.arrayContaining([...before, 'multi-line']));
    expect(await snapshot(STOPPED, 'multi-line')).toMatchObject({ description });
    const refused = (await query(graphqlUrl(), CreateSnapshot, { input: { targetId: target.id, name: 'bell', description: 'ding\u0007' } })).createSnapshot;
    expect(refused).toMatchObject({ __typename: 'ValidationError', field: 'input.description' });
    const multiLine = await snapshot(STOPPED, 'multi-line');
    const update = (await query(graphqlUrl(), UpdateDescription, { snapshotId: multiLine.id, description: 'ding\u0007' })).updateSnapshot;
    expect(update).toMatchObject({ __typename: 'ValidationError', message: expect.stringMatching(/description must not contain control characters/) });
    const deleted = (await query(graphqlUrl(), DeleteSnapshot, { input: { snapshotId: multiLine.id } })).deleteSnapshot;
    if (deleted.__typename !== 'OperationPayload') throw new Error(`delete answered ${deleted.__typename}`);
    expect(await follow(deleted.operation.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await virshSnapshots(STOPPED)).toEqual(before);
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
    const events = (await collectWs(ws, FollowOperation, { id: started.operation.id })).flatMap((event) => event.data?.operation ?? []);
    // libvirt gives no figures for a revert: while it runs, the operation says so rather than inventing any.
    expect(events).toContainEqual(
      expect.objectContaining({ status: 'RUNNING', progress: null, message: expect.stringMatching(/^libvirt is at work on it \(restoring the domain .*no figures to show$/) }),
    );
    expect(events.at(-1)).toMatchObject({ status: 'SUCCEEDED' });
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

  it("clones a snapshot into a new drive, its progress moving with qemu-img's figures, the drive listed with its origin", async () => {
    const cold = await snapshot(STOPPED, 'cold');
    const started = (await query(graphqlUrl(), Clone, { snapshotId: cold.id, name: CLONE })).cloneSnapshot;
    if (started.__typename !== 'OperationPayload') throw new Error(`clone answered ${started.__typename}: ${started.message}`);
    const events = (await collectWs(ws, FollowClone, { id: started.operation.id })).flatMap((event) => event.data?.operation ?? []);
    const figures = events.filter((event) => event.status === 'RUNNING').flatMap((event) => event.progress ?? []);
    expect(new Set(figures.filter((figure) => figure > 0 && figure < 100)).size).toBeGreaterThanOrEqual(3);
    expect(figures).toEqual([...figures].sort((a, b) => a - b));
    expect(events.find((event) => event.progress !== null && event.status === 'RUNNING')?.message).toMatch(/^copying disk vda as snapshot 'cold' holds it into volume/);
    const drive = { name: CLONE, status: 'READY', sizeBytes: 64 * MiB, vm: null, clonedFrom: { name: 'cold' } };
    expect(events.at(-1)).toMatchObject({ status: 'SUCCEEDED', progress: 100, drive });
    // The snapshot's bytes, not what the disk holds now.
    expect(await holdsPattern(`${IMAGES}/${CLONE}`, AT_COLD.pattern, AT_COLD.bytes)).toBe(true);
    expect(await holdsPattern(`${IMAGES}/${CLONE}`, AFTER_COLD.pattern, AFTER_COLD.bytes)).toBe(false);
    const drives = (await query(graphqlUrl(), LibvirtdDrives)).drives.edges.map((edge) => edge.node);
    expect(drives).toContainEqual(drive);
    expect(drives).toContainEqual(expect.objectContaining({ name: `${STOPPED}.qcow2`, status: 'IN_USE', vm: { name: STOPPED } }));
  }, 60_000);

  it("refuses a clone name libvirt's pool holds (a BackendError, the drive untouched) and one it cannot (a ValidationError)", async () => {
    const cold = await snapshot(STOPPED, 'cold');
    const again = (await query(graphqlUrl(), Clone, { snapshotId: cold.id, name: CLONE })).cloneSnapshot;
    if (again.__typename !== 'OperationPayload') throw new Error(`clone answered ${again.__typename}`);
    const events = (await collectWs(ws, FollowClone, { id: again.operation.id })).flatMap((event) => event.data?.operation ?? []);
    expect(events.at(-1)).toMatchObject({ status: 'FAILED', error: { code: 'CONFLICT' } });
    expect(events.at(-1)?.error?.message).toMatch(/exists/);
    expect(await holdsPattern(`${IMAGES}/${CLONE}`, AT_COLD.pattern, AT_COLD.bytes)).toBe(true);
    const slashed = (await query(graphqlUrl(), Clone, { snapshotId: cold.id, name: 'a/b.qcow2' })).cloneSnapshot;
    expect(slashed).toMatchObject({ __typename: 'ValidationError', field: 'input.name', message: 'input.name: must not contain /' });
  });

  it('cancels a clone while qemu-img copies: CANCELLED once its unfinished volume is removed', async () => {
    const cold = await snapshot(STOPPED, 'cold');
    const name = 'gw-libvirtd-cancelled-clone.qcow2';
    const started = (await query(graphqlUrl(), Clone, { snapshotId: cold.id, name })).cloneSnapshot;
    if (started.__typename !== 'OperationPayload') throw new Error(`clone answered ${started.__typename}`);
    const events: { status: string; message: string | null }[] = [];
    let asked = false;
    // The rate limit makes the copy take seconds: cancelled once it has begun to move.
    for await (const event of ws.iterate<{ operation: { status: string; progress: number | null; message: string | null } }>({
      query: print(FollowClone),
      variables: { id: started.operation.id },
    })) {
      const operation = event.data?.operation;
      if (!operation) continue;
      events.push(operation);
      if (!asked && (operation.progress ?? 0) > 0) {
        asked = true;
        expect(await virsh('vol-list', pool.name)).toContain(name);
        const answer = (await query(graphqlUrl(), CancelClone, { id: started.operation.id })).cancelOperation;
        expect(answer.__typename).toBe('OperationPayload');
      }
    }
    expect(events.at(-1)).toMatchObject({ status: 'CANCELLED', message: expect.stringMatching(/^the copy was stopped and its unfinished volume .* removed$/) });
    expect(await virsh('vol-list', pool.name)).not.toContain(name);
  }, 60_000);

  it('leaves no half-copied volume when its gateway stops during a clone', async () => {
    const other = await startGateway({
      specs: [{ name: 'host', kind: 'LIBVIRTD', baseUrl: LIBVIRT_URI, credentials: {}, settings: { cloneBytesPerSecond: CLONE_BYTES_PER_SECOND } }],
      port: 0,
      host: '127.0.0.1',
      // A close waits this long for operations under way: none, so it stops the copy rather than letting it finish.
      server: { drainTimeoutMs: 0 },
      engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 },
      cache: UNCACHED,
    });
    const otherWs = wsClient(`${other.server.url.replace(/^http/, 'ws')}/graphql`);
    const name = 'gw-libvirtd-stopped-clone.qcow2';
    try {
      const cold = (await query(`${other.server.url}/graphql`, LibvirtdEstate)).vms.edges
        .flatMap((edge) => edge.node.snapshots.edges.map((s) => s.node))
        .find((s) => s.name === 'cold');
      if (!cold) throw new Error('no snapshot cold');
      const started = (await query(`${other.server.url}/graphql`, Clone, { snapshotId: cold.id, name })).cloneSnapshot;
      if (started.__typename !== 'OperationPayload') throw new Error(`clone answered ${started.__typename}`);
      // Until the copy has begun to move.
      for await (const event of otherWs.iterate<{ operation: { progress: number | null } }>({ query: print(FollowClone), variables: { id: started.operation.id } })) {
        if ((event.data?.operation.progress ?? 0) > 0) break;
      }
      expect(await virsh('vol-list', pool.name)).toContain(name);
    } finally {
      await otherWs.dispose();
      await other.close();
    }
    expect(await virsh('vol-list', pool.name)).not.toContain(name);
  }, 60_000);

  it('deletes a snapshot with every one under it where asked (snapshot-delete --children); the rest of the tree stays', async () => {
    // sub-root -> sub-a -> sub-b, and sub-root -> sub-c: a branch libvirt makes once sub-root is current again.
    for (const name of ['sub-root', 'sub-a', 'sub-b']) await virsh('snapshot-create-as', STOPPED, '--name', name);
    await virsh('snapshot-current', STOPPED, 'sub-root');
    await virsh('snapshot-create-as', STOPPED, '--name', 'sub-c');
    const target = await vm(STOPPED);
    expect(target.capabilities.subtreeDelete).toBe(true);
    const rest = (await virshSnapshots(STOPPED)).filter((name) => !name.startsWith('sub-'));
    expect(rest).toContain('cold');
    const root = await snapshot(STOPPED, 'sub-root');
    expect(root.children.map((c) => c.name)).toEqual(expect.arrayContaining(['sub-a', 'sub-c']));
    const started = (await query(graphqlUrl(), DeleteSnapshot, { input: { snapshotId: root.id, includeDescendants: true } })).deleteSnapshot;
    if (started.__typename !== 'OperationPayload') throw new Error(`delete answered ${started.__typename}`);
    expect(await follow(started.operation.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await virshSnapshots(STOPPED)).toEqual(rest);
    expect((await vm(STOPPED)).snapshots.edges.map((e) => e.node.name).sort()).toEqual([...rest].sort());
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
