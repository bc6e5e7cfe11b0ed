// SnapshotPolicy: a schedule the gateway runs itself on any backend (docs/policies.md), its runs, and the queries
// that list them: all the caller may see, and those of a VM beside the backend's own snapshotSchedules.
import type { Context } from '../context.js';
import type { PolicyRecord, PolicyRun } from '../../policies/model.js';
import { maxAgeHoursOf, RUN_STATUSES } from '../../policies/model.js';
import { slotAfter } from '../../policies/schedule.js';
import { RUNS_KEPT } from '../../policies/store.js';
import { builder, READ_SCOPED } from '../builder.js';
import { encodeId } from '../ids.js';
import { loadNode, loadOperation } from '../lookup.js';
import { BackendRef, NodeRef, OperationRef, VMRef, backendShape } from '../refs.js';

/** Whether the caller may see a policy: it must see what the policy snapshots. */
export function seesPolicy(ctx: Context, policy: PolicyRecord): boolean {
  if (ctx.visibility.unrestricted) return true;
  const connector = ctx.backends.get(policy.target.backend);
  if (!connector) return false;
  return policy.target.kind === 'NODE' ? ctx.visibility.sees(connector, policy.target.key) : false;
}

const PolicyRunStatusEnum = builder.enumType('SnapshotPolicyRunStatus', {
  description: 'How a policy run went.',
  values: {
    RUNNING: { description: 'Its snapshots are being taken or pruned.' },
    SUCCEEDED: { description: 'Every snapshot was taken and every one beyond retention pruned.' },
    PARTIAL: { description: 'Some of it worked: message and the operations say what did not.' },
    FAILED: { description: 'Nothing of it worked (or it had no target): message says why.' },
  } satisfies Record<(typeof RUN_STATUSES)[number], { description: string }>,
});

const RetentionRef = builder.objectRef<PolicyRecord['retention']>('SnapshotPolicyRetention').implement({
  ...READ_SCOPED,
  description: 'What a policy keeps of the snapshots it took, per target: both bounds apply where both are set.',
  fields: (t) => ({
    count: t.exposeInt('count', { nullable: true, description: 'At most this many, the newest (1 to 50); null: no bound by number.' }),
    maxAgeHours: t.float({
      nullable: true,
      description: 'None older than this many hours; null: no bound by age.',
      resolve: (r) => maxAgeHoursOf(r),
    }),
  }),
});

const FilterRef = builder.objectRef<{ backend: string; nameContains: string | null }>('SnapshotPolicyFilter').implement({
  ...READ_SCOPED,
  description: "A policy's target as a filter: every VM of a backend whose name contains the text (each of its drives, where the backend snapshots drives), as listed when a run starts.",
  fields: (t) => ({
    backend: t.field({
      type: BackendRef,
      nullable: true,
      description: 'The backend (null if it is no longer configured).',
      resolve: (f, _args, ctx) => {
        const connector = ctx.backends.get(f.backend);
        return connector ? backendShape(connector) : null;
      },
    }),
    nameContains: t.exposeString('nameContains', { nullable: true, description: 'Case-insensitive; null: every VM of the backend.' }),
  }),
});

const operationsOf = async (ctx: Context, ids: readonly (string | null)[]) =>
  (await Promise.all(ids.flatMap((id) => (id === null ? [] : [loadOperation(ctx, id)])))).flatMap((op) => (op ? [op] : []));

const RunRef = builder.objectRef<PolicyRun>('SnapshotPolicyRun').implement({
  ...READ_SCOPED,
  description: "One run of a policy: the snapshots it took at one slot of its schedule, and those it pruned after.",
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The run id (not a node id).' }),
    scheduledFor: t.field({ type: 'DateTime', description: 'The slot of the schedule it ran for.', resolve: (r) => r.scheduledFor }),
    startedAt: t.field({ type: 'DateTime', description: 'When it started (later than scheduledFor for a catch-up).', resolve: (r) => r.startedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, description: 'When its last operation ended; null while it runs.', resolve: (r) => r.finishedAt }),
    status: t.field({ type: PolicyRunStatusEnum, description: 'How it went.', resolve: (r) => r.status }),
    catchUp: t.exposeBoolean('catchUp', {
      description: 'It ran late, once, for the latest of slots that passed while no gateway ran the policy (the earlier ones did not run).',
    }),
    message: t.exposeString('message', { nullable: true, description: 'What it says: slots missed, targets not taken and why; null when all went well.' }),
    taken: t.field({
      type: [OperationRef],
      description: 'The operations that took its snapshots (each CREATE_SNAPSHOT, one per target); those past the operations retention are gone.',
      resolve: (r, _args, ctx) => operationsOf(ctx, r.taken.map((o) => o.operationId)),
    }),
    pruned: t.field({
      type: [OperationRef],
      description: 'The operations that deleted snapshots the policy had taken, beyond its retention.',
      resolve: (r, _args, ctx) => operationsOf(ctx, r.pruned.map((o) => o.operationId)),
    }),
  }),
});

export const PolicyRef = builder.objectRef<PolicyRecord>('SnapshotPolicy').implement({
  ...READ_SCOPED,
  description: "A snapshot schedule the gateway runs itself, on any backend: at each slot one replica takes the snapshots through the engine (each an Operation), then prunes, of the snapshots it took, those beyond its retention.",
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The policy id (not a node id): what updateSnapshotPolicy and deleteSnapshotPolicy take.' }),
    name: t.exposeString('name', { description: 'Its name; its snapshots are named <name>-<yyyymmddhhmm> (UTC).' }),
    target: t.field({
      type: NodeRef,
      nullable: true,
      description: 'The VM or Drive it snapshots; null for a filter (targetFilter), or a target that is gone.',
      resolve: (p, _args, ctx) =>
        p.target.kind === 'NODE' ? loadNode(ctx, { type: p.target.entity, backend: p.target.backend, key: p.target.key }) : null,
    }),
    targetId: t.id({
      nullable: true,
      description: "The id of the VM or Drive it snapshots (kept while the target is gone); null for a filter.",
      resolve: (p) => (p.target.kind === 'NODE' ? encodeId(p.target.entity, p.target.backend, p.target.key) : null),
    }),
    targetFilter: t.field({
      type: FilterRef,
      nullable: true,
      description: 'The VMs it snapshots, as a filter over a backend; null for one VM or drive.',
      resolve: (p) => (p.target.kind === 'FILTER' ? { backend: p.target.backend, nameContains: p.target.nameContains } : null),
    }),
    schedule: t.exposeString('schedule', { description: 'When it runs: a five-field cron expression, in UTC.' }),
    retention: t.field({ type: RetentionRef, description: 'What it keeps of what it took.', resolve: (p) => p.retention }),
    quiesce: t.exposeBoolean('quiesce', { description: "Its snapshots freeze the guest's file systems (where capabilities.quiesce)." }),
    includeMemory: t.exposeBoolean('includeMemory', { description: "Its snapshots keep a running VM's memory (where capabilities.memorySnapshots)." }),
    active: t.exposeBoolean('active', { description: 'Whether it runs.' }),
    nextRunAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The next slot of its schedule; null while it is not active.',
      resolve: (p) => (p.active ? slotAfter(p.schedule, new Date()).toISOString() : null),
    }),
    runs: t.field({
      type: [RunRef],
      description: `Its last runs, newest first (the last ${RUNS_KEPT} are kept).`,
      args: { first: t.arg.int({ defaultValue: 10, description: `How many: 10 by default, at most ${RUNS_KEPT}.` }) },
      resolve: (p, args, ctx) => ctx.gateway.policies.store.runs(p.id, Math.max(0, Math.min(args.first ?? 10, RUNS_KEPT))),
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was made.', resolve: (p) => p.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed.', resolve: (p) => p.updatedAt }),
  }),
});

builder.queryFields((t) => ({
  snapshotPolicies: t.field({
    type: [PolicyRef],
    description: "The gateway's own snapshot policies the caller may see (docs/policies.md), oldest first; backends' own schedules are VM.snapshotSchedules.",
    resolve: async (_root, _args, ctx) =>
      (await ctx.gateway.policies.store.list()).filter((p) => seesPolicy(ctx, p)).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  }),
}));

builder.objectField(VMRef, 'snapshotPolicies', (t) =>
  t.field({
    type: [PolicyRef],
    description: "The gateway's policies that snapshot this VM (or one of its drives), beside the backend's own snapshotSchedules; filter policies are in Query.snapshotPolicies.",
    resolve: async (vm, _args, ctx) => {
      const drives = new Set((vm.drives ?? []).map((d) => d.key));
      return (await ctx.gateway.policies.store.list()).filter(
        (p) => p.target.kind === 'NODE' && p.target.backend === vm.backend && (p.target.key === vm.key || drives.has(p.target.key)),
      );
    },
  }),
);
