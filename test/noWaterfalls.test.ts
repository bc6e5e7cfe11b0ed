// Backend calls that do not depend on each other go out together: a snapshot listing that asks for its VMs has the
// VM listing sent beside the snapshot listing (the simulator sees both pending at once), not after it; one that does
// not ask for them sends no VM listing at all; a VM listing that asks for its VMs' snapshots, on a backend that lists
// them all at once, sends that listing beside itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { query, startTestGateway, type TestGateway } from './helpers/gateway.js';
import { denvr as denvrBackend } from '../src/connectors/denvr/backend.js';

const DenvrBackendId = graphql(`
  query WaterfallBackends { backends { id name } }
`);

const SnapshotsWithVMs = graphql(`
  query WaterfallSnapshotsWithVMs($backendIds: [ID!]) {
    snapshots(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name ...OwnVM } } }
  }
  fragment OwnVM on Snapshot { vm { name } }
`);

const SnapshotsAlone = graphql(`
  query WaterfallSnapshotsAlone($backendIds: [ID!]) {
    snapshots(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name } } }
  }
`);

const VMsWithSnapshots = graphql(`
  query WaterfallVMsWithSnapshots($backendIds: [ID!]) {
    vms(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name currentSnapshot { name } snapshots(first: 100) { totalCount } } } }
  }
`);

const SNAPSHOTS = '/api/v1/servers/snapshots/GetSnapshots';
const SERVERS = '/api/v1/servers/virtual/GetServers';

/** Whether one listing came while the other was still unanswered: the two were sent together. */
const sentTogether = (arrivals: { path: string; pending: string[] }[], one: string, other: string): boolean =>
  arrivals.some((a) => (a.path === one && a.pending.includes(other)) || (a.path === other && a.pending.includes(one)));

describe('no waterfalls', () => {
  let gw: TestGateway;
  let denvrId: string;
  beforeAll(async () => {
    // Each simulator answers after 100 ms: a listing sent only after another's answer finds nothing pending.
    gw = await startTestGateway({ scale: 1, latencyMs: 100 });
    const id = (await query(gw.graphqlUrl, DenvrBackendId)).backends.find((b) => b.name === 'lab-denvr')?.id;
    if (!id) throw new Error('no lab-denvr backend');
    denvrId = id;
  }, 60_000);
  afterAll(() => gw?.close());

  /** What DenvrCloud's simulator saw arrive while `work` ran. */
  async function arrivalsDuring(work: () => Promise<unknown>): Promise<{ path: string; pending: string[] }[]> {
    const sim = gw.lab.sim(denvrBackend);
    const before = sim.arrivals().length;
    await work();
    return sim.arrivals().slice(before);
  }

  it("lists the snapshots' VMs beside the snapshots, in one round trip, and only when they are asked for", async () => {
    let withVMs = 0;
    const arrivals = await arrivalsDuring(async () => {
      const answer = await query(gw.graphqlUrl, SnapshotsWithVMs, { backendIds: [denvrId] });
      withVMs = answer.snapshots.edges.filter((e) => e.node.vm !== null).length;
    });
    expect(arrivals.map((a) => a.path)).toContain(SERVERS);
    expect(sentTogether(arrivals, SERVERS, SNAPSHOTS)).toBe(true);
    expect(withVMs).toBeGreaterThan(0);

    const paths = (await arrivalsDuring(() => query(gw.graphqlUrl, SnapshotsAlone, { backendIds: [denvrId] }))).map((a) => a.path);
    expect(paths).toContain(SNAPSHOTS);
    expect(paths).not.toContain(SERVERS);
  });

  it("lists a whole-listing backend's snapshots beside its VMs when the VMs' snapshots are asked for", async () => {
    let total = 0;
    const arrivals = await arrivalsDuring(async () => {
      const answer = await query(gw.graphqlUrl, VMsWithSnapshots, { backendIds: [denvrId] });
      total = answer.vms.edges.reduce((sum, e) => sum + e.node.snapshots.totalCount, 0);
    });
    // One snapshot listing per cluster, as many as server listings, sent while those were still unanswered.
    const servers = arrivals.filter((a) => a.path === SERVERS).length;
    expect(servers).toBeGreaterThan(0);
    expect(arrivals.filter((a) => a.path === SNAPSHOTS)).toHaveLength(servers);
    expect(sentTogether(arrivals, SERVERS, SNAPSHOTS)).toBe(true);
    expect(total).toBeGreaterThan(0);
  });
});
