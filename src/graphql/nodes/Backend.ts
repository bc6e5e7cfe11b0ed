// The Backend type: a configured backend, what it can do, how it is doing, and its VMs.
import { capabilitiesOf } from '../../connectors/capabilities.js';
import { builder, READ_SCOPED } from '../builder.js';
import { paginate } from '../connection.js';
import { BackendKindEnum, CircuitStateEnum, HealthStatusEnum } from '../enums.js';
import { partialList } from '../failures.js';
import type { BackendHealthRecord } from '../../domain/model.js';
import { CapabilitiesRef } from './Capabilities.js';
import { BackendRef, backendShape, NodeRef } from '../refs.js';
import { VMConnection, VMOrder } from './VM.js';
import { pageArgs } from '../orderings.js';

const HealthRef = builder.objectRef<BackendHealthRecord>('BackendHealth').implement({
  ...READ_SCOPED,
  fields: (t) => ({
    status: t.field({ type: HealthStatusEnum, resolve: (h) => h.status }),
    checkedAt: t.field({ type: 'DateTime', nullable: true, resolve: (h) => h.checkedAt }),
    latencyMs: t.exposeFloat('latencyMs', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    circuit: t.field({
      type: CircuitStateEnum,
      description: 'While not CLOSED, status is DOWN and lastError says since when and when the backend is tried again.',
      resolve: (h) => h.circuit,
    }),
  }),
});

BackendRef.implement({
  ...READ_SCOPED,
  interfaces: [NodeRef],
  fields: (t) => ({
    name: t.string({
      description: "The id given in the gateway's configuration, e.g. 'lab-manageiq'.",
      resolve: (b) => b.connector.name,
    }),
    kind: t.field({ type: BackendKindEnum, resolve: (b) => b.connector.kind }),
    capabilities: t.field({ type: CapabilitiesRef, resolve: (b) => capabilitiesOf(b.connector) }),
    health: t.field({ type: HealthRef, resolve: (b, _args, ctx) => ctx.gateway.health.check(b.connector) }),
    vms: t.field({
      type: VMConnection,
      args: { ...pageArgs(t.arg), orderBy: t.arg({ type: VMOrder.Input }) },
      resolve: async (b, args, ctx, info) => {
        const { items, errors } = await partialList(ctx, info, b.connector, () =>
          ctx.loaders.vmsOfBackend.load(b.connector.name),
        );
        return paginate(ctx, items, args, VMOrder.orderingOf(args.orderBy), errors);
      },
    }),
  }),
});

builder.queryField('backends', (t) =>
  t.field({
    type: [BackendRef],
    complexity: (_args, ctx) => ({ field: 1, multiplier: ctx.backends.all().length }),
    resolve: (_root, _args, ctx) => ctx.backends.all().map(backendShape),
  }),
);
