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
  description: 'How a backend answered its last health check (checked when asked, at most once every 5 seconds; an open circuit answers DOWN at once).',
  fields: (t) => ({
    status: t.field({ type: HealthStatusEnum, description: 'UP, DEGRADED or DOWN.', resolve: (h) => h.status }),
    checkedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was checked; null before the first check.', resolve: (h) => h.checkedAt }),
    latencyMs: t.exposeFloat('latencyMs', { nullable: true, description: 'How long the check took, in milliseconds; null when it did not answer.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why it is DOWN, in words; null otherwise.' }),
    circuit: t.field({
      type: CircuitStateEnum,
      description: 'While not CLOSED, status is DOWN and lastError says since when and when the backend is tried again.',
      resolve: (h) => h.circuit,
    }),
  }),
});

BackendRef.implement({
  ...READ_SCOPED,
  description: "A configured backend: one connector to one snapshot API (a hypervisor's or a cloud's).",
  interfaces: [NodeRef],
  fields: (t) => ({
    name: t.string({
      description: "The id given in the gateway's configuration, e.g. 'lab-manageiq'.",
      resolve: (b) => b.connector.name,
    }),
    kind: t.field({ type: BackendKindEnum, description: 'Which API it speaks.', resolve: (b) => b.connector.kind }),
    capabilities: t.field({ type: CapabilitiesRef, description: 'What it can do (a VM may do less: VM.capabilities).', resolve: (b) => capabilitiesOf(b.connector) }),
    health: t.field({ type: HealthRef, description: 'Whether it answers now.', resolve: (b, _args, ctx) => ctx.gateway.health.check(b.connector) }),
    vms: t.field({
      type: VMConnection,
      description: 'Its VMs, a page at a time.',
      args: { ...pageArgs(t.arg), orderBy: t.arg({ type: VMOrder.Input, description: 'The order of the list (BACKEND, ASC by default).' }) },
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
    description: 'Every backend the caller may see, in the order of the configuration.',
    complexity: (_args, ctx) => ({ field: 1, multiplier: ctx.backends.all().length }),
    resolve: (_root, _args, ctx) => ctx.backends.all().map(backendShape),
  }),
);
