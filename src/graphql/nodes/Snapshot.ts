// The Snapshot type with its tree fields (all answered from the one list of its family), its filter and
// connection, and the snapshot / snapshots queries.
import { z } from 'zod';
import type { MetadataEntry, SnapshotRecord } from '../../domain/model.js';
import { selects } from '../selection.js';
import { builder, READ_SCOPED } from '../builder.js';
import { connectionType, paginate } from '../connection.js';
import { orderInput, pageArgs } from '../orderings.js';
import type { Context } from '../context.js';
import { PowerStateEnum, SnapshotStatusEnum } from '../enums.js';
import { fromEveryBackend, partial } from '../failures.js';
import { backendNames, backendOf, decodeArg, nameMatches } from '../lookup.js';
import { BackendRef, NodeRef, ScheduleRef, SnapshotRef } from '../refs.js';
import { placementFields } from './placement.js';
import type { GraphQLResolveInfo } from 'graphql';

export const SnapshotOrder = orderInput<SnapshotRecord>(
  'SnapshotOrder',
  {
    CREATED_AT: {
      description: 'By when it was taken (the default; those the backend gives no time for come first), then backend.',
      key: (s) => `${s.createdAt?.toISOString() ?? ''}\u0000${s.backend}\u0000${s.key}`,
    },
    NAME: { description: 'By name, then backend.', key: (s) => `${s.name}\u0000${s.backend}\u0000${s.key}` },
  },
  'CREATED_AT',
);
export const SnapshotConnection = connectionType('Snapshot', SnapshotRef);

export const SnapshotFilter = builder.inputType('SnapshotFilter', {
  description: 'Which snapshots to list; every field left out matches all.',
  fields: (t) => ({
    backendIds: t.idList({ description: 'Only snapshots of these backends (Backend ids).' }),
    nameContains: t.string({ validate: z.string().max(200), description: 'Only snapshots whose name holds this, ignoring case (at most 200 characters).' }),
    statuses: t.field({ type: [SnapshotStatusEnum], description: 'Only snapshots in one of these states.' }),
    createdAfter: t.field({ type: 'DateTime', description: 'Only snapshots taken after this (those without a time never match).' }),
    createdBefore: t.field({ type: 'DateTime', description: 'Only snapshots taken before this (those without a time never match).' }),
  }),
});

interface SnapshotFilterShape {
  nameContains?: string | null;
  statuses?: SnapshotRecord['status'][] | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
}

export function matchesSnapshotFilter(s: SnapshotRecord, filter: SnapshotFilterShape | null): boolean {
  if (!filter) return true;
  if (!nameMatches(s.name, filter.nameContains)) return false;
  if (filter.statuses && !filter.statuses.includes(s.status)) return false;
  if (filter.createdAfter && (!s.createdAt || s.createdAt <= filter.createdAfter)) return false;
  if (filter.createdBefore && (!s.createdAt || s.createdAt >= filter.createdBefore)) return false;
  return true;
}

/** Snapshots with no parent in their family (a parent the backend no longer lists makes a root too). */
export function rootsOf(family: readonly SnapshotRecord[]): SnapshotRecord[] {
  const keys = new Set(family.map((s) => s.key));
  return family.filter((s) => s.parentKey === null || !keys.has(s.parentKey));
}

/** From the root down to the parent; stops at a cycle rather than loop on a backend's bad data. */
function ancestorsOf(record: SnapshotRecord, family: readonly SnapshotRecord[]): SnapshotRecord[] {
  const byKey = new Map(family.map((s) => [s.key, s]));
  const chain: SnapshotRecord[] = [];
  const seen = new Set([record.key]);
  let parent = record.parentKey === null ? undefined : byKey.get(record.parentKey);
  while (parent && !seen.has(parent.key)) {
    chain.unshift(parent);
    seen.add(parent.key);
    parent = parent.parentKey === null ? undefined : byKey.get(parent.parentKey);
  }
  return chain;
}

const familyOf = (ctx: Context, info: GraphQLResolveInfo, s: SnapshotRecord) =>
  partial(ctx, info, () => ctx.loaders.familyOf(s), [s]);

const MetadataEntryRef = builder.objectRef<MetadataEntry>('MetadataEntry').implement({
  ...READ_SCOPED,
  description: 'One key/value pair a snapshot carries (capabilities.metadata).',
  fields: (t) => ({ key: t.exposeString('key', { description: 'The key.' }), value: t.exposeString('value', { description: 'Its value.' }) }),
});

SnapshotRef.implement({
  ...READ_SCOPED,
  description: 'A snapshot of a VM or of a drive, with its place in its tree.',
  interfaces: [NodeRef],
  fields: (t) => ({
    backend: t.field({ type: BackendRef, description: 'The backend that holds it.', resolve: (s, _args, ctx) => backendOf(ctx, s) }),
    externalId: t.exposeString('key', { description: "The backend's own key for it (a name, numeric id or uuid)." }),
    name: t.exposeString('name', { description: 'Its name on the backend.' }),
    description: t.exposeString('description', { nullable: true, description: 'Its description (or note); null where it has none.' }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was taken; null where the backend does not say.', resolve: (s) => s.createdAt }),
    status: t.field({ type: SnapshotStatusEnum, description: 'Its state, as the backend last said.', resolve: (s) => s.status }),
    vmPowerState: t.field({
      type: PowerStateEnum,
      nullable: true,
      description: "The VM's power state when the snapshot was taken.",
      resolve: (s) => s.vmPowerState,
    }),
    isCurrent: t.exposeBoolean('isCurrent', { description: 'Whether its VM (or drive) is at this snapshot now.' }),
    hasMemory: t.exposeBoolean('hasMemory', { description: "Whether it holds the VM's memory (reverting to it resumes the VM where it was)." }),
    hasDisk: t.exposeBoolean('hasDisk', { description: 'Whether it holds disk contents.' }),
    sizeBytes: t.exposeFloat('sizeBytes', { nullable: true, description: 'What it takes up, in bytes; null where the backend does not say.' }),
    ...placementFields(t),
    parent: t.field({
      type: SnapshotRef,
      nullable: true,
      description: 'The snapshot it was taken on top of; null for a root (or where the backend keeps no tree).',
      resolve: async (s, _args, ctx, info) =>
        s.parentKey === null ? null : ((await familyOf(ctx, info, s)).find((p) => p.key === s.parentKey) ?? null),
    }),
    children: t.field({
      type: [SnapshotRef],
      description: 'The snapshots taken on top of it.',
      resolve: async (s, _args, ctx, info) => (await familyOf(ctx, info, s)).filter((c) => c.parentKey === s.key),
    }),
    ancestors: t.field({
      type: [SnapshotRef],
      description: 'From the root down to the parent.',
      resolve: async (s, _args, ctx, info) => ancestorsOf(s, await familyOf(ctx, info, s)),
    }),
    depth: t.int({
      description: '0 for a root.',
      resolve: async (s, _args, ctx, info) => ancestorsOf(s, await familyOf(ctx, info, s)).length,
    }),
    metadata: t.field({ type: [MetadataEntryRef], description: 'Its key/value metadata (empty where the backend keeps none).', resolve: (s) => s.metadata }),
    schedule: t.field({
      type: ScheduleRef,
      nullable: true,
      description: 'The schedule that took it, if any.',
      resolve: (s, _args, ctx) =>
        s.scheduleKey === null ? null : ctx.loaders.schedule.load({ backend: s.backend, key: s.scheduleKey }),
    }),
  }),
});

builder.queryFields((t) => ({
  snapshot: t.field({
    type: SnapshotRef,
    nullable: true,
    description: 'A snapshot by its id; null when there is none, or the caller may not see it.',
    args: { id: t.arg.id({ required: true, description: "The snapshot's id." }) },
    resolve: (_root, { id }, ctx) => ctx.loaders.snapshot.load(decodeArg(id, ['Snapshot'], 'id')),
  }),
  snapshots: t.field({
    type: SnapshotConnection,
    description: 'Snapshots of every VM and drive of the chosen backends, and those whose VM is gone (vm: null).',
    args: {
      ...pageArgs(t.arg),
      filter: t.arg({ type: SnapshotFilter, description: 'Which snapshots to list.' }),
      orderBy: t.arg({ type: SnapshotOrder.Input, description: 'The order of the list (CREATED_AT, ASC by default).' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const only = backendNames(args.filter?.backendIds, 'filter.backendIds');
      // Their VMs asked for: listed beside the snapshots (priming the VM loader), not after them.
      const withVMs = selects(info, ['edges', 'node', 'vm']);
      const { items, errors } = await fromEveryBackend(ctx, info, only, async (c) => {
        const [listing] = await Promise.all([ctx.loaders.snapshotsOfBackend(c), withVMs ? ctx.loaders.vmsOfBackend.load(c.name).catch(() => null) : null]);
        return listing;
      });
      const filter = args.filter ?? null;
      return paginate(ctx, items.filter((s) => matchesSnapshotFilter(s, filter)), args, SnapshotOrder.orderingOf(args.orderBy), errors);
    },
  }),
}));
