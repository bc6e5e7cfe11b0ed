// The Drive type, its filter and connection, and the drives query.
import { z } from 'zod';
import type { DriveRecord } from '../../domain/model.js';
import { builder } from '../builder.js';
import { connectionType, paginate } from '../connection.js';
import { partial } from '../context.js';
import { DriveStatusEnum } from '../enums.js';
import { BackendError } from '../errors.js';
import { backendNames, backendOf, decodeArg, nameMatches } from '../lookup.js';
import { BackendRef, backendShape, DriveRef, NodeRef, ScheduleRef, SnapshotRef, VMRef } from '../refs.js';
import { SnapshotConnection, snapshotSortKey } from './Snapshot.js';

const driveSortKey = (d: DriveRecord): string => `${d.backend}\u0000${d.name}\u0000${d.key}`;
const DriveConnection = connectionType('Drive', DriveRef);

const DriveFilter = builder.inputType('DriveFilter', {
  fields: (t) => ({
    backendIds: t.idList(),
    vmId: t.id(),
    nameContains: t.string({ validate: z.string().max(200) }),
  }),
});

DriveRef.implement({
  interfaces: [NodeRef],
  fields: (t) => ({
    backend: t.field({ type: BackendRef, resolve: (d, _args, ctx) => backendOf(ctx, d) }),
    externalId: t.exposeString('key'),
    name: t.exposeString('name'),
    sizeBytes: t.exposeFloat('sizeBytes', { nullable: true }),
    status: t.field({ type: DriveStatusEnum, resolve: (d) => d.status }),
    vm: t.field({
      type: VMRef,
      nullable: true,
      description: 'The VM the drive is attached to, if any.',
      resolve: (d, _args, ctx) => (d.vmKey === null ? null : ctx.loaders.vm.load({ backend: d.backend, key: d.vmKey })),
    }),
    snapshots: t.field({
      type: SnapshotConnection,
      args: { first: t.arg.int(), after: t.arg.string() },
      resolve: async (d, args, ctx, info) => {
        const errors: BackendError[] = [];
        const snapshots = await partial(ctx, info, () => ctx.loaders.snapshotsOfDriveRecord(d), [], (failure) =>
          errors.push(new BackendError(failure.message, backendOf(ctx, d), failure.code)),
        );
        return paginate(ctx, snapshots, args, snapshotSortKey, errors);
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
      resolve: (d, _args, ctx, info) =>
        partial(ctx, info, () => ctx.loaders.schedulesOf.load({ backend: d.backend, key: `drive:${d.key}` }), []),
    }),
  }),
});

builder.queryField('drives', (t) =>
  t.field({
    type: DriveConnection,
    args: { first: t.arg.int(), after: t.arg.string(), filter: t.arg({ type: DriveFilter }) },
    resolve: async (_root, args, ctx, info) => {
      const only = backendNames(args.filter?.backendIds, 'filter.backendIds');
      const vm = args.filter?.vmId ? decodeArg(args.filter.vmId, ['VM'], 'filter.vmId') : null;
      const errors: BackendError[] = [];
      const lists = await Promise.all(
        ctx.gateway.backends
          .all()
          .filter((c) => (!only || only.has(c.name)) && (!vm || vm.backend === c.name))
          .map((c) =>
            partial(ctx, info, () => ctx.loaders.drivesOfBackend.load(c.name), [], (failure) =>
              errors.push(new BackendError(failure.message, backendShape(c), failure.code)),
            ),
          ),
      );
      const drives = lists
        .flat()
        .filter((d) => nameMatches(d.name, args.filter?.nameContains) && (!vm || d.vmKey === vm.key));
      return paginate(ctx, drives, args, driveSortKey, errors);
    },
  }),
);
