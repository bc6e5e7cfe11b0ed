// What a connector can do, as the GraphQL BackendCapabilities record: its flags, and the slices it has, less what a VM lacks.
import type { Capabilities, Capability, VMRecord } from '../domain/model.js';
import type { Connector } from './connector.js';

/** The backend's capabilities; with a VM, those that apply to it (its backend's, less what the VM lacks). */
export function capabilitiesOf(connector: Connector, vm: VMRecord | null = null): Capabilities {
  const lacking = new Set<Capability>(vm ? (connector.lacksFor?.(vm) ?? []) : []);
  const can = (capability: Capability, has: boolean): boolean => has && !lacking.has(capability);
  const { flags } = connector;
  return {
    memorySnapshots: can('memorySnapshots', flags.memorySnapshots),
    quiesce: can('quiesce', flags.quiesce),
    revert: can('revert', connector.revert !== undefined),
    clone: can('clone', connector.clone !== undefined),
    driveSnapshots: can('driveSnapshots', connector.drives?.driveSnapshots ?? false),
    snapshotTree: can('snapshotTree', flags.snapshotTree),
    bulkDelete: can('bulkDelete', connector.bulkDelete !== undefined),
    subtreeDelete: can('subtreeDelete', connector.subtreeDelete !== undefined),
    update: can('update', connector.update !== undefined),
    schedules: can('schedules', connector.schedules !== undefined),
    metadata: can('metadata', flags.metadata),
    cancel: connector.cancel?.kinds ?? [],
  };
}
