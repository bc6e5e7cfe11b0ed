// The SnapshotSchedule type: a backend-side schedule that takes snapshots by cron and keeps the newest few.
import { READ_SCOPED } from '../builder.js';
import { paginate } from '../connection.js';
import { partial } from '../failures.js';
import { backendOf } from '../lookup.js';
import { BackendRef, NodeRef, ScheduleRef } from '../refs.js';
import { placementFields } from './placement.js';
import { SnapshotConnection, SnapshotOrder } from './Snapshot.js';
import { pageArgs } from '../orderings.js';

ScheduleRef.implement({
  ...READ_SCOPED,
  description: 'A backend-side schedule that takes snapshots by a cron expression and keeps the newest few.',
  interfaces: [NodeRef],
  fields: (t) => ({
    backend: t.field({ type: BackendRef, resolve: (s, _args, ctx) => backendOf(ctx, s) }),
    name: t.exposeString('name'),
    schedule: t.exposeString('schedule', { description: 'A five-field cron expression.' }),
    retention: t.exposeInt('retention', { description: 'How many snapshots it keeps.' }),
    active: t.exposeBoolean('active'),
    description: t.exposeString('description', { nullable: true }),
    ...placementFields(t),
    snapshots: t.field({
      type: SnapshotConnection,
      args: { ...pageArgs(t.arg), orderBy: t.arg({ type: SnapshotOrder.Input }) },
      resolve: async (s, args, ctx, info) => {
        const family = await partial(
          ctx,
          info,
          () =>
            s.vmKey !== null
              ? ctx.loaders.snapshotsOfVM.load({ backend: s.backend, key: s.vmKey })
              : s.driveKey !== null
                ? ctx.loaders.snapshotsOfDrive.load({ backend: s.backend, key: s.driveKey })
                : Promise.resolve([]),
          [],
        );
        return paginate(ctx, family.filter((snap) => snap.scheduleKey === s.key), args, SnapshotOrder.orderingOf(args.orderBy));
      },
    }),
  }),
});
