// libvirt's rule for memory snapshots, for both backends that reach it (LIBVIRT through libgo, LIBVIRTD itself):
// it keeps a domain's RAM in a snapshot only when the domain is active.
import type { Capability, VMRecord } from '../domain/model.js';

/** What a VM lacks of a libvirt backend's capabilities: memory snapshots, unless it runs or is paused. */
export const lacksWhenInactive = (vm: VMRecord): readonly Capability[] =>
  vm.powerState === 'RUNNING' || vm.powerState === 'PAUSED' ? [] : ['memorySnapshots'];
