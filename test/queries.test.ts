// Reads over real HTTP against the lab: VMs, drives, snapshot trees, paging, node/nodes, filters, backends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import type { VmPageQuery } from './gql/graphql.js';
import { execute, executeRaw, query, startTestGateway, type TestGateway } from './helpers/gateway.js';

const VmTrees = graphql(`
  query VmTrees {
    vms(first: 1000) {
      totalCount
      edges {
        node {
          id
          name
          externalId
          kind
          powerState
          capabilities { revert clone }
          backend { id name kind }
          currentSnapshot { id name isCurrent }
          snapshotTree { id name depth parent { id } children { id name } }
          snapshots(first: 100) {
            totalCount
            edges {
              node {
                id
                name
                isCurrent
                depth
                createdAt
                hasMemory
                hasDisk
                status
                vm { id }
                parent { id name }
                children { id name parent { id } }
                ancestors { id name }
              }
            }
          }
        }
      }
    }
  }
`);

const Backends = graphql(`
  query Backends {
    backends {
      id
      name
      kind
      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }
      health { status checkedAt latencyMs lastError }
      vms(first: 2) { totalCount edges { node { name } } }
    }
  }
`);

const VmPage = graphql(`
  query VmPage($first: Int, $after: String, $filter: VMFilter) {
    vms(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id name } }
    }
  }
`);

const Nodes = graphql(`
  query Nodes($id: ID!, $ids: [ID!]!) {
    node(id: $id) { id __typename ... on VM { name } ... on Snapshot { name } ... on Backend { name } ... on Drive { name } }
    nodes(ids: $ids) { id __typename }
  }
`);

const Filtered = graphql(`
  query Filtered($vmFilter: VMFilter, $snapFilter: SnapshotFilter, $driveFilter: DriveFilter) {
    vms(first: 1000, filter: $vmFilter) { totalCount edges { node { name powerState } } }
    snapshots(first: 1000, filter: $snapFilter) { totalCount edges { node { name createdAt vm { name } } } }
    drives(first: 1000, filter: $driveFilter) { totalCount edges { node { name status sizeBytes vm { id name } snapshots(first: 100) { totalCount } } } }
  }
`);

const OneVm = graphql(`
  query OneVm($id: ID!) {
    vm(id: $id) { id name drives { id name vm { id } } }
  }
`);

describe('reads against the lab', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ scale: 2 });
  });
  afterAll(async () => gw?.close());

  it('lists every VM with a snapshot tree at least three levels deep and one current snapshot', async () => {
    const data = await query(gw.graphqlUrl, VmTrees);
    const libvirt = data.vms.edges.filter((e) => e.node.backend.name === 'lab-libvirt');
    expect(libvirt).toHaveLength(10);
    expect(data.vms.totalCount).toBe(data.vms.edges.length);
    for (const { node: vm } of libvirt) {
      expect(vm.backend.kind).toBe('LIBVIRT');
      expect(vm.kind).toBe('VM');
      expect(vm.externalId).toBe(vm.name);
      // libvirt can do the same for every VM.
      expect(vm.capabilities).toEqual({ revert: true, clone: false });
    }
    // The tree invariants hold for every backend of the lab.
    for (const { node: vm } of data.vms.edges) {
      const snapshots = vm.snapshots.edges.map((e) => e.node);
      expect(snapshots.length).toBe(vm.snapshots.totalCount);
      const current = snapshots.filter((s) => s.isCurrent);
      expect(vm.currentSnapshot?.id).toBe(current[0]?.id);
      // Only libvirt and ManageIQ snapshots form trees with a current one (snapshotTree); the lab seeds them deep.
      if (vm.backend.name === 'lab-libvirt' || vm.backend.name === 'lab-manageiq') {
        expect(current).toHaveLength(1);
        expect(Math.max(...snapshots.map((s) => s.depth))).toBeGreaterThanOrEqual(3);
      }
      for (const s of snapshots) {
        expect(s.vm?.id).toBe(vm.id);
        expect(s.status).toBe('READY');
        // parent, ancestors, depth and children tell the same story.
        expect(s.depth).toBe(s.ancestors.length);
        expect(s.ancestors.at(-1)?.id ?? null).toBe(s.parent?.id ?? null);
        for (const child of s.children) expect(child.parent?.id).toBe(s.id);
        const childIds = snapshots.filter((o) => o.parent?.id === s.id).map((o) => o.id).sort();
        expect(s.children.map((c) => c.id).sort()).toEqual(childIds);
      }
      const roots = snapshots.filter((s) => s.parent === null).map((s) => s.id).sort();
      expect(vm.snapshotTree.map((r) => r.id).sort()).toEqual(roots);
      for (const root of vm.snapshotTree) expect(root.depth).toBe(0);
    }
  });

  it('describes each backend with its capabilities, health and VMs', async () => {
    const { backends } = await query(gw.graphqlUrl, Backends);
    expect(backends.map((b) => b.name)).toEqual(gw.lab.specs.map((spec) => spec.name));
    const libvirt = backends.find((b) => b.name === 'lab-libvirt');
    expect(libvirt?.kind).toBe('LIBVIRT');
    expect(libvirt?.capabilities).toEqual({
      memorySnapshots: true,
      quiesce: false,
      revert: true,
      clone: false,
      driveSnapshots: false,
      snapshotTree: true,
      bulkDelete: false,
      update: false,
      schedules: false,
      metadata: false,
    });
    expect(libvirt?.health.status).toBe('UP');
    expect(libvirt?.health.lastError).toBeNull();
    expect(libvirt?.vms.totalCount).toBe(10);
    expect(libvirt?.vms.edges).toHaveLength(2);
  });

  it('pages with cursors: every VM once, in order, with truthful pageInfo', async () => {
    const { backends } = await query(gw.graphqlUrl, Backends);
    const filter = { backendIds: backends.filter((b) => b.name === 'lab-libvirt').map((b) => b.id) };
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { vms }: VmPageQuery = await query(gw.graphqlUrl, VmPage, { first: 3, after, filter });
      pages++;
      expect(vms.totalCount).toBe(10);
      expect(vms.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(vms.pageInfo.startCursor).toBe(vms.edges[0]?.cursor ?? null);
      expect(vms.pageInfo.endCursor).toBe(vms.edges.at(-1)?.cursor ?? null);
      seen.push(...vms.edges.map((e) => e.node.name));
      if (!vms.pageInfo.hasNextPage) break;
      after = vms.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(10);
    expect([...seen].sort()).toEqual(seen);
    const empty = await query(gw.graphqlUrl, VmPage, { first: 0, filter });
    expect(empty.vms.edges).toHaveLength(0);
    expect(empty.vms.pageInfo.hasNextPage).toBe(true);
  });

  it('resolves node and nodes for every node type, and null for ids that name nothing', async () => {
    const { vms } = await query(gw.graphqlUrl, VmTrees);
    const vm = vms.edges.find((e) => e.node.backend.name === 'lab-libvirt')?.node;
    const snapshot = vm?.snapshots.edges[0]?.node;
    if (!vm || !snapshot) throw new Error('the lab has no VM with snapshots');
    const byVm = await query(gw.graphqlUrl, Nodes, { id: vm.id, ids: [vm.id, snapshot.id, vm.backend.id] });
    expect(byVm.node).toMatchObject({ id: vm.id, __typename: 'VM', name: vm.name });
    expect(byVm.nodes.map((n) => n?.__typename)).toEqual(['VM', 'Snapshot', 'Backend']);
    expect(byVm.nodes.map((n) => n?.id)).toEqual([vm.id, snapshot.id, vm.backend.id]);

    const bySnapshot = await query(gw.graphqlUrl, Nodes, { id: snapshot.id, ids: [] });
    expect(bySnapshot.node).toMatchObject({ __typename: 'Snapshot', name: snapshot.name });

    const { vm: withDrives } = await query(gw.graphqlUrl, OneVm, { id: vm.id });
    const drive = withDrives?.drives[0];
    if (!drive) throw new Error('the lab VM has no drive');
    expect(drive.vm?.id).toBe(vm.id);
    const byDrive = await query(gw.graphqlUrl, Nodes, { id: drive.id, ids: [drive.id] });
    expect(byDrive.node).toMatchObject({ __typename: 'Drive', name: drive.name });

    // An id of the right shape whose VM does not exist, and one whose backend does not exist.
    const ghost = vm.id.replace(/.$/, vm.id.endsWith('A') ? 'B' : 'A');
    const missing = await execute(gw.graphqlUrl, Nodes, { id: vm.backend.id, ids: [ghost] });
    expect(missing.errors).toBeUndefined();
    expect(missing.data?.nodes).toEqual([null]);
  });

  it('filters VMs, snapshots and drives', async () => {
    const { vms } = await query(gw.graphqlUrl, VmTrees);
    const first = vms.edges.find((e) => e.node.backend.name === 'lab-libvirt')?.node;
    if (!first) throw new Error('no VM');
    const data = await query(gw.graphqlUrl, Filtered, {
      vmFilter: { nameContains: first.name.toUpperCase(), powerStates: [first.powerState] },
      snapFilter: { nameContains: 'release', statuses: ['READY'], backendIds: [first.backend.id] },
      driveFilter: { vmId: first.id },
    });
    expect(data.vms.edges.map((e) => e.node.name)).toEqual([first.name]);
    // Every VM of the lab has 'pre-release' and 'release-1'.
    expect(data.snapshots.totalCount).toBe(20);
    for (const { node } of data.snapshots.edges) expect(node.name).toMatch(/release/);
    const created = data.snapshots.edges.map((e) => e.node.createdAt ?? '');
    expect([...created].sort()).toEqual(created);
    expect(data.drives.totalCount).toBeGreaterThan(0);
    for (const { node } of data.drives.edges) {
      expect(node.vm?.id).toBe(first.id);
      expect(node.status).toBe('IN_USE');
      expect(node.sizeBytes).toBeGreaterThan(0);
      // libvirt snapshots cover every disk of the VM.
      expect(node.snapshots.totalCount).toBe(first.snapshots.totalCount);
    }
    const none = await query(gw.graphqlUrl, Filtered, { vmFilter: { powerStates: [] } });
    expect(none.vms.totalCount).toBe(0);
  });

  it('answers the snapshot query by id, and rejects an id of another type with a typed error', async () => {
    const { vms } = await query(gw.graphqlUrl, VmTrees);
    const vm = vms.edges[0]?.node;
    if (!vm) throw new Error('no VM');
    const result = await executeRaw(gw.graphqlUrl, { query: 'query($id: ID!) { snapshot(id: $id) { id } }', variables: { id: vm.id } });
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ snapshot: null });
    expect(result.body.errors?.[0]?.message).toMatch(/expected the id of a Snapshot, got a VM/);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
