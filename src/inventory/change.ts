// What changed on a backend between two looks at its inventory: VMs, drives and snapshots that appeared, vanished,
// or changed what a dashboard shows of them (name, power state, status, which snapshot is current).
import { z } from 'zod';
import type { DriveRecord, SnapshotRecord, VMRecord } from '../domain/model.js';

const INVENTORY_ENTITIES = ['VM', 'Drive', 'Snapshot'] as const;
export type InventoryEntity = (typeof INVENTORY_ENTITIES)[number];
export const INVENTORY_CHANGE_KINDS = ['ADDED', 'REMOVED', 'CHANGED'] as const;

/** One change; it crosses Redis between replicas, so its schema is the boundary's check. */
export const inventoryChangeSchema = z.object({
  backend: z.string(),
  entity: z.enum(INVENTORY_ENTITIES),
  kind: z.enum(INVENTORY_CHANGE_KINDS),
  key: z.string(),
  name: z.string(),
  /** The VM it belongs to (a VM's own key for a VM), and the drive (a snapshot of a drive), where there is one. */
  vmKey: z.string().nullable(),
  driveKey: z.string().nullable(),
  /** What changed of a CHANGED one: name, powerState, status, current. */
  fields: z.array(z.string()),
  /** When the gateway saw it (epoch ms). */
  detectedAt: z.number(),
});
export type InventoryChange = z.infer<typeof inventoryChangeSchema>;

/** What a dashboard shows of one thing, the part a change is told by. */
const seenSchema = z.object({
  entity: z.enum(INVENTORY_ENTITIES),
  name: z.string(),
  vmKey: z.string().nullable(),
  driveKey: z.string().nullable(),
  watched: z.record(z.string(), z.string()),
});
type Seen = z.infer<typeof seenSchema>;

/** One backend's inventory as last seen, by entity and key. */
export type InventoryState = Map<string, Seen>;

/** A state as it is kept in Redis (for the replica that takes the poll over): its entries. */
export const inventoryStateSchema = z.array(z.tuple([z.string(), seenSchema])).transform((entries): InventoryState => new Map(entries));

const seenVM = (vm: VMRecord): Seen => ({ entity: 'VM', name: vm.name, vmKey: vm.key, driveKey: null, watched: { name: vm.name, powerState: vm.powerState } });
const seenDrive = (drive: DriveRecord): Seen => ({
  entity: 'Drive',
  name: drive.name,
  vmKey: drive.vmKey,
  driveKey: drive.key,
  watched: { name: drive.name, status: drive.status, vm: drive.vmKey ?? '' },
});
const seenSnapshot = (snapshot: SnapshotRecord): Seen => ({
  entity: 'Snapshot',
  name: snapshot.name,
  vmKey: snapshot.vmKey,
  driveKey: snapshot.driveKey,
  watched: { name: snapshot.name, status: snapshot.status, current: String(snapshot.isCurrent) },
});

export function stateOf(records: { vms: readonly VMRecord[]; drives: readonly DriveRecord[]; snapshots: readonly SnapshotRecord[] }): InventoryState {
  const state: InventoryState = new Map();
  for (const vm of records.vms) state.set(`VM\u0000${vm.key}`, seenVM(vm));
  for (const drive of records.drives) state.set(`Drive\u0000${drive.key}`, seenDrive(drive));
  for (const snapshot of records.snapshots) state.set(`Snapshot\u0000${snapshot.key}`, seenSnapshot(snapshot));
  return state;
}

const keyOf = (stateKey: string): string => stateKey.slice(stateKey.indexOf('\u0000') + 1);

/** Every change from `before` to `after`: what appeared, what vanished, and what changed what a dashboard shows. */
export function changesBetween(backend: string, before: InventoryState, after: InventoryState, detectedAt: number): InventoryChange[] {
  const changes: InventoryChange[] = [];
  const change = (kind: InventoryChange['kind'], stateKey: string, seen: Seen, fields: string[]) =>
    changes.push({ backend, entity: seen.entity, kind, key: keyOf(stateKey), name: seen.name, vmKey: seen.vmKey, driveKey: seen.driveKey, fields, detectedAt });
  for (const [stateKey, seen] of after) {
    const was = before.get(stateKey);
    if (!was) change('ADDED', stateKey, seen, []);
    else {
      const fields = Object.keys(seen.watched).filter((field) => seen.watched[field] !== was.watched[field]);
      if (fields.length > 0) change('CHANGED', stateKey, seen, fields);
    }
  }
  for (const [stateKey, seen] of before) if (!after.has(stateKey)) change('REMOVED', stateKey, seen, []);
  return changes;
}
