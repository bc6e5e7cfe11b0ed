// What a gateway has done, read back through it: how many operations it started and which snapshots exist, for
// tests that check a refused request changed nothing.
import { z } from 'zod';
import { FirstVms } from './documents.js';
import { executeRaw, query, type TestGateway } from './gateway.js';

const countAnswer = z.object({ data: z.object({ operations: z.object({ totalCount: z.number() }) }) });

/** How many operations the gateway knows: every mutation that ran started one. */
export async function operationCount(gw: TestGateway): Promise<number> {
  const { body } = await executeRaw(gw.graphqlUrl, { query: '{ operations(first: 1) { totalCount } }' });
  return countAnswer.parse(body).data.operations.totalCount;
}

/** Every snapshot name of every VM, as a fresh read of the backends shows them. */
export async function snapshotNames(gw: TestGateway): Promise<string[]> {
  const { vms } = await query(gw.graphqlUrl, FirstVms);
  return vms.edges.flatMap((e) => e.node.snapshots.edges.map((s) => s.node.name));
}

/** The id of the lab's first libvirt VM, whose snapshots are created at once. */
export async function libvirtVmId(gw: TestGateway): Promise<string> {
  const { vms } = await query(gw.graphqlUrl, FirstVms);
  const vm = vms.edges.find((e) => e.node.backend.name === 'lab-libvirt');
  if (!vm) throw new Error('the lab has no libvirt VM');
  return vm.node.id;
}
