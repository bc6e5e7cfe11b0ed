// The Drive type, its filter and connection, and the drives query.
import { z } from 'zod';
import type { DriveRecord } from '../../domain/model.js';
import { builder, READ_SCOPED } from '../builder.js';
import { connectionType, paginate, type Ordering } from '../connection.js';
import { DriveStatusEnum } from '../enums.js';
import { fromEveryBackend, partial, partialList } from '../failures.js';
import { backendNames, backendOf, decodeArg, nameMatches, vmAt } from '../lookup.js';
import { BackendRef, DriveRef, NodeRef, ScheduleRef, SnapshotRef, VMRef } from '../refs.js';
import { SnapshotConnection, SnapshotOrder } from './Snapshot.js';
import { pageArgs } from '../orderings.js';

/** Drives by backend, then name. */
const DRIVE_ORDER: Ordering<DriveRecord> = { name: 'BACKEND_ASC', key: (d) => `${d.backend}\u0000${d.name}\u0000${d.key}`, descending: false };
const DriveConnection = connectionType('Drive', DriveRef);

const DriveFilter = builder.inputType('DriveFilter', {
  description: 'Which drives to list; every field left out matches all.',
  fields: (t) => ({
    backendIds: t.idList({ description: 'Only drives of these backends (Backend ids).' }),
    vmId: t.id({ description: 'Only the drives of this VM.' }),
    nameContains: t.string({ validate: z.string().max(200), description: 'Only drives whose name holds this, ignoring case (at most 200 characters).' }),
  }),
});

DriveRef.implement({
  ...READ_SCOPED,
  description: 'A drive (disk, volume) of a backend; on backends with driveSnapshots, what snapshots are taken of.',
  interfaces: [NodeRef],
  fields: (t) => ({
    backend: t.field({ type: BackendRef, description: 'The backend it lives on.', resolve: (d, _args, ctx) => backendOf(ctx, d) }),
    externalId: t.exposeString('key', { description: "The backend's own key for it (a uuid, a disk id, a volume path)." }),
    name: t.exposeString('name', { description: 'Its name on the backend.' }),
    sizeBytes: t.exposeFloat('sizeBytes', { nullable: true, description: 'Its size in bytes; null where the backend does not say.' }),
    status: t.field({ type: DriveStatusEnum, description: 'Its state, as the backend last said.', resolve: (d) => d.status }),
    vm: t.field({
      type: VMRef,
      nullable: true,
      description: 'The VM the drive is attached to, if any.',
      resolve: (d, _args, ctx) => vmAt(ctx, d),
    }),
    snapshots: t.field({
      type: SnapshotConnection,
      description: 'Its snapshots (where snapshots are of whole VMs, those of its VM that hold its disk), a page at a time.',
      args: { ...pageArgs(t.arg), orderBy: t.arg({ type: SnapshotOrder.Input, description: 'The order of the list (CREATED_AT, ASC by default).' }) },
      resolve: async (d, args, ctx, info) => {
        const { items, errors } = await partialList(ctx, info, backendOf(ctx, d).connector, () =>
          ctx.loaders.snapshotsOfDriveRecord(d),
        );
        return paginate(ctx, items, args, SnapshotOrder.orderingOf(args.orderBy), errors);
      },
    }),
    clonedFrom: t.field({
      type: SnapshotRef,
      nullable: true,
      description: 'The snapshot this drive was cloned from, if known.',
      resolve: (d, _args, ctx) =>
        d.clonedFromKey === null ? null : ctx.loaders.snapshot.load({ backend: d.backend, key: d.clonedFromKey }),
    }),
    snapshotSchedules: t.field({
      type: [ScheduleRef],
      description: "The backend's own snapshot schedules of this drive (capabilities.schedules).",
      resolve: (d, _args, ctx, info) =>
        partial(ctx, info, () => ctx.loaders.schedulesOf.load({ backend: d.backend, key: `drive:${d.key}` }), []),
    }),
  }),
});

builder.queryField('drives', (t) =>
  t.field({
    type: DriveConnection,
    description: 'The drives of every backend the caller sees that has drives, a page at a time, by backend then name.',
    args: { ...pageArgs(t.arg), filter: t.arg({ type: DriveFilter, description: 'Which drives to list.' }) },
    resolve: async (_root, args, ctx, info) => {
      const only = backendNames(args.filter?.backendIds, 'filter.backendIds');
      const vm = args.filter?.vmId ? decodeArg(args.filter.vmId, ['VM'], 'filter.vmId') : null;
      const backends = vm ? new Set([vm.backend].filter((name) => !only || only.has(name))) : only;
      const { items, errors } = await fromEveryBackend(ctx, info, backends, (c) => ctx.loaders.drivesOfBackend.load(c.name));
      const drives = items.filter((d) => nameMatches(d.name, args.filter?.nameContains) && (!vm || d.vmKey === vm.key));
      return paginate(ctx, drives, args, DRIVE_ORDER, errors);
    },
  }),
);
