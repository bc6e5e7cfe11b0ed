// The Backend type: a configured backend, what it can do, how it is doing, and its VMs.
import { builder } from '../builder.js';
import { paginate } from '../connection.js';
import { partialList } from '../context.js';
import { BackendKindEnum, HealthStatusEnum } from '../enums.js';
import type { Capabilities, BackendHealthRecord } from '../../domain/model.js';
import { BackendRef, backendShape, NodeRef } from '../refs.js';
import { VMConnection, vmSortKey } from './VM.js';

const CapabilitiesRef = builder.objectRef<Capabilities>('BackendCapabilities').implement({
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
    update: t.exposeBoolean('update'),
    schedules: t.exposeBoolean('schedules'),
    metadata: t.exposeBoolean('metadata', { description: 'Snapshots carry key/value metadata the gateway can set.' }),
  }),
});

const HealthRef = builder.objectRef<BackendHealthRecord>('BackendHealth').implement({
  fields: (t) => ({
    status: t.field({ type: HealthStatusEnum, resolve: (h) => h.status }),
    checkedAt: t.field({ type: 'DateTime', nullable: true, resolve: (h) => h.checkedAt }),
    latencyMs: t.exposeFloat('latencyMs', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
  }),
});

BackendRef.implement({
  interfaces: [NodeRef],
  fields: (t) => ({
    name: t.string({
      description: "The id given in the gateway's configuration, e.g. 'lab-manageiq'.",
      resolve: (b) => b.connector.name,
    }),
    kind: t.field({ type: BackendKindEnum, resolve: (b) => b.connector.kind }),
    capabilities: t.field({ type: CapabilitiesRef, resolve: (b) => b.connector.capabilities }),
    health: t.field({ type: HealthRef, resolve: (b, _args, ctx) => ctx.gateway.health.check(b.connector) }),
    vms: t.field({
      type: VMConnection,
      args: { first: t.arg.int(), after: t.arg.string() },
      resolve: async (b, args, ctx, info) => {
        const { items, errors } = await partialList(ctx, info, b.connector, () =>
          ctx.loaders.vmsOfBackend.load(b.connector.name),
        );
        return paginate(ctx, items, args, vmSortKey, errors);
      },
    }),
  }),
});

builder.queryField('backends', (t) =>
  t.field({
    type: [BackendRef],
    resolve: (_root, _args, ctx) => ctx.gateway.backends.all().map(backendShape),
  }),
);
