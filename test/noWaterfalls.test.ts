// Backend calls that do not depend on each other go out together: a snapshot listing that asks for its VMs has the
// VM listing sent beside the snapshot listing (the simulator sees both pending at once), not after it; one that does
// not ask for them sends no VM listing at all.
import { describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { query, startTestGateway } from './helpers/gateway.js';
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

describe('no waterfalls', () => {
  it("lists the snapshots' VMs beside the snapshots, in one round trip, and only when they are asked for", async () => {
    // Each simulator answers after 100 ms: a listing sent only after another's answer finds nothing pending.
    const gw = await startTestGateway({ scale: 1, latencyMs: 100 });
    try {
      const id = (await query(gw.graphqlUrl, DenvrBackendId)).backends.find((b) => b.name === 'lab-denvr')?.id;
      if (!id) throw new Error('no lab-denvr backend');
      const sim = gw.lab.sim(denvrBackend);

      const before = sim.arrivals().length;
      const answer = await query(gw.graphqlUrl, SnapshotsWithVMs, { backendIds: [id] });
      const arrivals = sim.arrivals().slice(before);
      expect(arrivals.map((a) => a.path)).toContain(SERVERS);
      // One of the two listings came while the other was still unanswered: sent together.
      const together = arrivals.some((a) => (a.path === SERVERS && a.pending.includes(SNAPSHOTS)) || (a.path === SNAPSHOTS && a.pending.includes(SERVERS)));
      expect(together).toBe(true);
      expect(answer.snapshots.edges.filter((e) => e.node.vm !== null).length).toBeGreaterThan(0);

      const alone = sim.arrivals().length;
      await query(gw.graphqlUrl, SnapshotsAlone, { backendIds: [id] });
      const paths = sim.arrivals().slice(alone).map((a) => a.path);
      expect(paths).toContain(SNAPSHOTS);
      expect(paths).not.toContain(SERVERS);
    } finally {
      await gw.close();
    }
  });

  it("lists a whole-listing backend's snapshots beside its VMs when the VMs' snapshots are asked for", async () => {
    const gw = await startTestGateway({ scale: 1, latencyMs: 100 });
    try {
      const id = (await query(gw.graphqlUrl, DenvrBackendId)).backends.find((b) => b.name === 'lab-denvr')?.id;
      if (!id) throw new Error('no lab-denvr backend');
      const sim = gw.lab.sim(denvrBackend);
      const before = sim.arrivals().length;
      const answer = await query(gw.graphqlUrl, VMsWithSnapshots, { backendIds: [id] });
      const arrivals = sim.arrivals().slice(before);
      // One snapshot listing per cluster, as many as server listings, sent while those were still unanswered.
      const servers = arrivals.filter((a) => a.path === SERVERS).length;
      expect(servers).toBeGreaterThan(0);
      expect(arrivals.filter((a) => a.path === SNAPSHOTS)).toHaveLength(servers);
      const together = arrivals.some((a) => (a.path === SERVERS && a.pending.includes(SNAPSHOTS)) || (a.path === SNAPSHOTS && a.pending.includes(SERVERS)));
      expect(together).toBe(true);
      expect(answer.vms.edges.reduce((sum, e) => sum + e.node.snapshots.totalCount, 0)).toBeGreaterThan(0);
    } finally {
      await gw.close();
    }
  });
});
