// The VM type, its filter and connection, and the vm / vms queries.
import { z } from 'zod';
import { capabilitiesOf } from '../../connectors/capabilities.js';
import type { VMRecord } from '../../domain/model.js';
import { builder, READ_SCOPED } from '../builder.js';
import { connectionType, paginate } from '../connection.js';
import { PowerStateEnum, VMKindEnum } from '../enums.js';
import { fromEveryBackend, partial, partialList } from '../failures.js';
import { backendNames, backendOf, decodeArg, nameMatches } from '../lookup.js';
import { BackendRef, DriveRef, NodeRef, ScheduleRef, SnapshotRef, VMRef } from '../refs.js';
import { selects } from '../selection.js';
import { CapabilitiesRef } from './Capabilities.js';
import { rootsOf, SnapshotConnection, SnapshotFilter, SnapshotOrder, matchesSnapshotFilter } from './Snapshot.js';
import { orderInput, pageArgs } from '../orderings.js';

const vmSortKey = (vm: VMRecord): string => `${vm.backend}\u0000${vm.name}\u0000${vm.key}`;
export const VMOrder = orderInput<VMRecord>(
  'VMOrder',
  {
    BACKEND: { description: 'By backend, then name (the default).', key: vmSortKey },
    NAME: { description: 'By name, then backend.', key: (vm) => `${vm.name}\u0000${vm.backend}\u0000${vm.key}` },
  },
  'BACKEND',
);
export const VMConnection = connectionType('VM', VMRef);

const VMFilter = builder.inputType('VMFilter', {
  description: 'Which VMs to list; every field left out matches all.',
  fields: (t) => ({
    backendIds: t.idList({ description: 'Only VMs of these backends (Backend ids).' }),
    nameContains: t.string({ validate: z.string().max(200), description: 'Only VMs whose name holds this, ignoring case (at most 200 characters).' }),
    powerStates: t.field({ type: [PowerStateEnum], description: 'Only VMs in one of these power states.' }),
  }),
});

VMRef.implement({
  ...READ_SCOPED,
  description: 'A virtual machine (or cloud instance) of a backend, with its drives and snapshots.',
  interfaces: [NodeRef],
  fields: (t) => ({
    backend: t.field({ type: BackendRef, description: 'The backend it lives on.', resolve: (vm, _args, ctx) => backendOf(ctx, vm) }),
    externalId: t.exposeString('key', { description: "The backend's own key: a name, numeric id, hostname or uuid." }),
    name: t.exposeString('name', { description: 'Its name on the backend.' }),
    kind: t.field({ type: VMKindEnum, description: 'A VM or a cloud instance.', resolve: (vm) => vm.kind }),
    powerState: t.field({ type: PowerStateEnum, description: 'Its power state, as the backend last said.', resolve: (vm) => vm.powerState }),
    capabilities: t.field({
      type: CapabilitiesRef,
      description: "What the backend can do for this VM (its Backend's capabilities, less what this kind of VM lacks).",
      resolve: (vm, _args, ctx) => {
        const { connector } = backendOf(ctx, vm);
        return capabilitiesOf(connector, vm);
      },
    }),
    drives: t.field({
      type: [DriveRef],
      description: 'Its drives (disks), as the backend lists them.',
      resolve: (vm, _args, ctx, info) => partial(ctx, info, () => ctx.loaders.drivesOf(vm), []),
    }),
    snapshots: t.field({
      type: SnapshotConnection,
      description: 'Its snapshots as a flat list, a page at a time (snapshotTree gives them as a tree).',
      args: {
        ...pageArgs(t.arg),
        filter: t.arg({ type: SnapshotFilter, description: 'Which of its snapshots to list.' }),
        orderBy: t.arg({ type: SnapshotOrder.Input, description: 'The order of the list (CREATED_AT, ASC by default).' }),
      },
      resolve: async (vm, args, ctx, info) => {
        const { items, errors } = await partialList(ctx, info, backendOf(ctx, vm).connector, () =>
          ctx.loaders.snapshotsOfVM.load(vm),
        );
        const filter = args.filter ?? null;
        return paginate(ctx, items.filter((s) => matchesSnapshotFilter(s, filter)), args, SnapshotOrder.orderingOf(args.orderBy), errors);
      },
    }),
    snapshotTree: t.field({
      type: [SnapshotRef],
      description: 'Root snapshots; walk Snapshot.children from here.',
      resolve: async (vm, _args, ctx, info) =>
        rootsOf(await partial(ctx, info, () => ctx.loaders.snapshotsOfVM.load(vm), [])),
    }),
    currentSnapshot: t.field({
      type: SnapshotRef,
      nullable: true,
      description: 'The snapshot the VM is at now (the one reverted to or taken last); null where there is none or the backend does not say.',
      resolve: async (vm, _args, ctx, info) =>
        (await partial(ctx, info, () => ctx.loaders.snapshotsOfVM.load(vm), [])).find((s) => s.isCurrent) ?? null,
    }),
    snapshotSchedules: t.field({
      type: [ScheduleRef],
      description: "The backend's own snapshot schedules of this VM (capabilities.schedules).",
      resolve: (vm, _args, ctx, info) =>
        partial(ctx, info, () => ctx.loaders.schedulesOf.load({ backend: vm.backend, key: `vm:${vm.key}` }), []),
    }),
  }),
});

/** The fields of a VM read from its snapshots. */
const VM_SNAPSHOT_FIELDS = ['snapshots', 'snapshotTree', 'currentSnapshot'];

builder.queryFields((t) => ({
  vm: t.field({
    type: VMRef,
    nullable: true,
    description: 'A VM by its id; null when there is none, or the caller may not see it.',
    args: { id: t.arg.id({ required: true, description: "The VM's id." }) },
    resolve: (_root, { id }, ctx) => {
      const decoded = decodeArg(id, ['VM'], 'id');
      return ctx.loaders.vm.load(decoded);
    },
  }),
  vms: t.field({
    type: VMConnection,
    description: 'The VMs of every backend the caller sees, a page at a time; a backend that fails is in backendErrors and errors, the others answer.',
    args: {
      ...pageArgs(t.arg),
      filter: t.arg({ type: VMFilter, description: 'Which VMs to list.' }),
      orderBy: t.arg({ type: VMOrder.Input, description: 'The order of the list (BACKEND, ASC by default).' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const only = backendNames(args.filter?.backendIds, 'filter.backendIds');
      // Their snapshots asked for: where one listing holds them, it goes out beside the VM listing, not after it.
      const withSnapshots = VM_SNAPSHOT_FIELDS.some((field) => selects(info, ['edges', 'node', field]));
      const { items, errors } = await fromEveryBackend(ctx, info, only, (c) => {
        if (withSnapshots) ctx.loaders.prefetchSnapshots(c);
        return ctx.loaders.vmsOfBackend.load(c.name);
      });
      const states = args.filter?.powerStates ?? null;
      const vms = items.filter(
        (vm) => nameMatches(vm.name, args.filter?.nameContains) && (!states || states.includes(vm.powerState)),
      );
      return paginate(ctx, vms, args, VMOrder.orderingOf(args.orderBy), errors);
    },
  }),
}));
