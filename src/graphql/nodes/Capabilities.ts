// BackendCapabilities: what a backend (or a backend for one VM) can do.
import type { Capabilities } from '../../domain/model.js';
import { builder, READ_SCOPED } from '../builder.js';
import { OperationKindEnum } from '../enums.js';

export const CapabilitiesRef = builder.objectRef<Capabilities>('BackendCapabilities').implement({
  ...READ_SCOPED,
  description: 'What a backend can do; a mutation it cannot do returns UnsupportedOperationError.',
  fields: (t) => ({
    memorySnapshots: t.exposeBoolean('memorySnapshots', { description: "A snapshot may keep a running VM's memory (createSnapshot's includeMemory)." }),
    quiesce: t.exposeBoolean('quiesce', { description: "The guest's file systems can be frozen while the snapshot is taken (createSnapshot's quiesce)." }),
    revert: t.exposeBoolean('revert', { description: 'A VM or drive can be reverted to a snapshot (revertSnapshot).' }),
    clone: t.exposeBoolean('clone', { description: 'A snapshot can be cloned into a new drive or VM (cloneSnapshot).' }),
    driveSnapshots: t.exposeBoolean('driveSnapshots', {
      description: 'Snapshots are taken of single drives rather than of whole VMs.',
    }),
    snapshotTree: t.exposeBoolean('snapshotTree', {
      description: 'The backend reports parent links, so snapshots form a tree.',
    }),
    bulkDelete: t.exposeBoolean('bulkDelete', { description: 'Many snapshots delete in one backend call (deleteSnapshots sends them together).' }),
    subtreeDelete: t.exposeBoolean('subtreeDelete', {
      description: 'deleteSnapshot with includeDescendants deletes a snapshot with every snapshot under it, in one backend call.',
    }),
    update: t.exposeBoolean('update', { description: "A snapshot's name, description or metadata can be changed (updateSnapshot; the backend's page says which)." }),
    schedules: t.exposeBoolean('schedules', { description: 'The backend runs snapshot schedules of its own (snapshotSchedules, createSnapshotSchedule).' }),
    metadata: t.exposeBoolean('metadata', { description: 'Snapshots carry key/value metadata the gateway can set.' }),
    cancel: t.field({
      type: [OperationKindEnum],
      description: 'The kinds of operation cancelOperation can stop while they run (the backend cancels its task); empty where it can stop none.',
      resolve: (capabilities) => [...capabilities.cancel],
    }),
  }),
});
