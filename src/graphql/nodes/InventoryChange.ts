// InventoryChange: what the backends' pollers saw change (docs/live.md), as subscribers of inventoryChanges see it.
import { INVENTORY_CHANGE_KINDS, type InventoryChange, type InventoryEntity } from '../../inventory/change.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { encodeId } from '../ids.js';
import { backendNames, backendOf, decodeArg } from '../lookup.js';
import { BackendRef, DriveRef, SnapshotRef, VMRef } from '../refs.js';

export const InventoryChangeRef = builder.objectRef<InventoryChange>('InventoryChange');

const InventoryEntityEnum = builder.enumType('InventoryEntity', {
  description: 'What kind of thing changed.',
  values: {
    VM: { value: 'VM', description: 'A VM (or cloud instance).' },
    DRIVE: { value: 'Drive', description: 'A drive.' },
    SNAPSHOT: { value: 'Snapshot', description: 'A snapshot.' },
  } as const satisfies Record<string, { value: InventoryEntity; description: string }>,
});
const InventoryChangeKindEnum = builder.enumType('InventoryChangeKind', {
  description: 'How a thing changed between two looks at its backend.',
  values: {
    ADDED: { description: 'It appeared: the backend lists it now and did not before.' },
    REMOVED: { description: 'It vanished: the backend no longer lists it.' },
    CHANGED: { description: 'What a dashboard shows of it changed (changedFields says what).' },
  } satisfies Record<(typeof INVENTORY_CHANGE_KINDS)[number], { description: string }>,
});

export const InventoryChangeFilter = builder.inputType('InventoryChangeFilter', {
  description: 'Which changes to hear of; every field left out matches all.',
  fields: (t) => ({
    backendIds: t.idList({ description: 'Only changes on these backends.' }),
    entities: t.field({ type: [InventoryEntityEnum], description: 'Only changes of these kinds of things.' }),
    kinds: t.field({ type: [InventoryChangeKindEnum], description: 'Only these kinds of change.' }),
    vmIds: t.idList({ description: 'Only changes of these VMs and of their drives and snapshots.' }),
  }),
});

interface InventoryChangeFilterShape {
  backendIds?: string[] | null;
  entities?: InventoryEntity[] | null;
  kinds?: InventoryChange['kind'][] | null;
  vmIds?: string[] | null;
}

/** The filter as a predicate, its ids decoded once (a malformed one fails the subscribe, not each event). */
export function inventoryMatcher(filter: InventoryChangeFilterShape | null | undefined): { backends: Set<string> | null; matches: (change: InventoryChange) => boolean } {
  const backends = backendNames(filter?.backendIds, 'filter.backendIds');
  const vms = filter?.vmIds ? new Set(filter.vmIds.map((id, i) => { const vm = decodeArg(id, ['VM'], `filter.vmIds[${i}]`); return `${vm.backend}\u0000${vm.key}`; })) : null;
  return {
    backends,
    matches: (change) =>
      (!backends || backends.has(change.backend)) &&
      (!filter?.entities || filter.entities.includes(change.entity)) &&
      (!filter?.kinds || filter.kinds.includes(change.kind)) &&
      (!vms || (change.vmKey !== null && vms.has(`${change.backend}\u0000${change.vmKey}`))),
  };
}

/** Whether the caller may hear of a change: it must see the backend and the thing (and its VM, where it has one). */
export function seesChange(ctx: Context, change: InventoryChange): boolean {
  const connector = ctx.backends.get(change.backend);
  if (!connector) return false;
  return ctx.visibility.sees(connector, change.key) && (change.vmKey === null || ctx.visibility.sees(connector, change.vmKey));
}

const loadIf = <T>(present: boolean, load: () => Promise<T | null>): Promise<T | null> => (present ? load() : Promise.resolve(null));

InventoryChangeRef.implement({
  description: 'Something the gateway saw change on a backend, whoever changed it (this gateway, a console, a script).',
  fields: (t) => ({
    kind: t.field({ type: InventoryChangeKindEnum, description: 'Appeared, vanished or changed.', resolve: (c) => c.kind }),
    entity: t.field({ type: InventoryEntityEnum, description: 'What kind of thing it is.', resolve: (c) => c.entity }),
    nodeId: t.id({ description: 'The id of what changed (a REMOVED one resolves to nothing any more).', resolve: (c) => encodeId(c.entity, c.backend, c.key) }),
    name: t.exposeString('name', { description: 'Its name when it was seen.' }),
    changedFields: t.exposeStringList('fields', { description: 'For CHANGED: what changed, of name, powerState, status, current and vm; empty otherwise.' }),
    detectedAt: t.field({ type: 'DateTime', description: 'When the gateway saw it (within a freshness window of when it happened).', resolve: (c) => new Date(c.detectedAt) }),
    backend: t.field({ type: BackendRef, description: 'The backend it is on.', resolve: (c, _args, ctx) => backendOf(ctx, c) }),
    vm: t.field({
      type: VMRef,
      nullable: true,
      description: 'The VM, or the VM of the drive or snapshot, as it is now; null when it is gone or there is none.',
      resolve: (c, _args, ctx) => loadIf(c.vmKey !== null && !(c.entity === 'VM' && c.kind === 'REMOVED'), () => ctx.loaders.vm.load({ backend: c.backend, key: c.vmKey ?? '' })),
    }),
    drive: t.field({
      type: DriveRef,
      nullable: true,
      description: 'The drive (of a drive change, or the drive a snapshot is of) as it is now; null when gone or none.',
      resolve: (c, _args, ctx) => loadIf(c.driveKey !== null && !(c.entity === 'Drive' && c.kind === 'REMOVED'), () => ctx.loaders.drive.load({ backend: c.backend, key: c.driveKey ?? '' })),
    }),
    snapshot: t.field({
      type: SnapshotRef,
      nullable: true,
      description: 'The snapshot of a snapshot change, as it is now; null when it is gone.',
      resolve: (c, _args, ctx) => loadIf(c.entity === 'Snapshot' && c.kind !== 'REMOVED', () => ctx.loaders.snapshot.load({ backend: c.backend, key: c.key })),
    }),
  }),
});
