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
    backend: t.field({ type: BackendRef, description: 'The backend that runs it.', resolve: (s, _args, ctx) => backendOf(ctx, s) }),
    name: t.exposeString('name', { description: 'Its name on the backend.' }),
    schedule: t.exposeString('schedule', { description: 'A five-field cron expression.' }),
    retention: t.exposeInt('retention', { description: 'How many snapshots it keeps.' }),
    active: t.exposeBoolean('active', { description: 'Whether it runs (an inactive one keeps its settings and takes nothing).' }),
    description: t.exposeString('description', { nullable: true, description: 'Its description; null where it has none.' }),
    ...placementFields(t),
    snapshots: t.field({
      type: SnapshotConnection,
      description: 'The snapshots it took that its target still has, a page at a time.',
      args: { ...pageArgs(t.arg), orderBy: t.arg({ type: SnapshotOrder.Input, description: 'The order of the list (CREATED_AT, ASC by default).' }) },
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
