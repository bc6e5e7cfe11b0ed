// libvirt's rule for memory snapshots, for both backends that reach it (LIBVIRT through libgo, LIBVIRTD itself):
// it keeps a domain's RAM in a snapshot only when the domain is active.
import type { Capability, PowerState, VMRecord } from '../domain/model.js';

/** Whether a domain in this state is active to libvirt: its RAM can be kept, its disks are open in QEMU. */
export const isActive = (state: PowerState): boolean => state === 'RUNNING' || state === 'PAUSED';

/** What a VM lacks of a libvirt backend's capabilities: memory snapshots, unless it runs or is paused. */
export const lacksWhenInactive = (vm: VMRecord): readonly Capability[] => (isActive(vm.powerState) ? [] : ['memorySnapshots']);
