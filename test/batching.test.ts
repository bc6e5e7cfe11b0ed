// The dashboard query's cost in backend requests at two lab scales: one request per backend per level that
// the API can batch, and one per VM only where it cannot (libvirt lists snapshots per VM, with no batch endpoint).
import { describe, expect, it } from 'vitest';
import { query, startTestGateway, type TestGateway } from './helpers/gateway.js';
import { Dashboard } from './helpers/documents.js';
import { libvirt as libvirtBackend } from '../src/connectors/libvirt/backend.js';

async function measure(scale: number) {
  const gw: TestGateway = await startTestGateway({ scale });
  try {
    // The first query also logs in; measure a steady-state query after it.
    await query(gw.graphqlUrl, Dashboard);
    const metrics = gw.started.gateway.metrics;
    const sentBefore = await metrics.backendRequestCount('lab-libvirt');
    const answeredBefore = gw.lab.sim(libvirtBackend).requestCount();
    const data = await query(gw.graphqlUrl, Dashboard);
    const sent = (await metrics.backendRequestCount('lab-libvirt')) - sentBefore;
    const answered = gw.lab.sim(libvirtBackend).requestCount() - answeredBefore;
    // The lab has other backends too; this test is about libvirt's part (manageiq.graphql.test.ts counts ManageIQ's).
    const libvirt = data.vms.edges.filter((e) => e.node.backend.name === 'lab-libvirt');
    const snapshots = libvirt.reduce((sum, e) => sum + e.node.snapshots.totalCount, 0);
    return { vms: libvirt.length, snapshots, sent, answered };
  } finally {
    await gw.close();
  }
}

describe('dashboard query batching', () => {
  it('costs one VM list plus one snapshot list per VM, at scale 1 and at scale 20', async () => {
    const small = await measure(1);
    const large = await measure(20);
    expect(small?.vms).toBe(5);
    expect(large?.vms).toBe(100);
    // The gateway's count and the simulator's agree.
    expect(small?.sent).toBe(small?.answered);
    expect(large?.sent).toBe(large?.answered);
    // VM level: 1 request (one page of 100); snapshot level: 1 per VM. Drives, drive snapshots, current
    // snapshot, tree, parents and children all come from those same lists: 0 more.
    expect(small?.sent).toBe(1 + 5);
    expect(large?.sent).toBe(1 + 100);
    // Nothing grows with the number of snapshots or of fields asked.
    expect(large?.snapshots).toBeGreaterThan(400);
  });
});
