// BackendCapabilities: what a backend (or a backend for one VM) can do.
import type { Capabilities } from '../../domain/model.js';
import { builder, READ_SCOPED } from '../builder.js';

export const CapabilitiesRef = builder.objectRef<Capabilities>('BackendCapabilities').implement({
  ...READ_SCOPED,
  description: 'What a backend can do; a mutation it cannot do returns UnsupportedOperationError.',
  fields: (t) => ({
    memorySnapshots: t.exposeBoolean('memorySnapshots'),
    quiesce: t.exposeBoolean('quiesce'),
    revert: t.exposeBoolean('revert'),
    clone: t.exposeBoolean('clone'),
    driveSnapshots: t.exposeBoolean('driveSnapshots', {
      description: 'Snapshots are taken of single drives rather than of whole VMs.',
    }),
    snapshotTree: t.exposeBoolean('snapshotTree', {
      description: 'The backend reports parent links, so snapshots form a tree.',
    }),
    bulkDelete: t.exposeBoolean('bulkDelete'),
    subtreeDelete: t.exposeBoolean('subtreeDelete', {
      description: 'deleteSnapshot with includeDescendants deletes a snapshot with every snapshot under it, in one backend call.',
    }),
    update: t.exposeBoolean('update'),
    schedules: t.exposeBoolean('schedules'),
    metadata: t.exposeBoolean('metadata', { description: 'Snapshots carry key/value metadata the gateway can set.' }),
  }),
});
