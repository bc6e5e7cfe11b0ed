// Planning deletes: one snapshot, or many across backends, where those of a backend with bulk delete share one request.
import { randomUUID } from 'node:crypto';
import type { Connector } from '../../connectors/connector.js';
import type { SnapshotRecord } from '../../domain/model.js';
import type { DeleteBatch } from '../action.js';
import { findSnapshot, type Found, type Named, type PlanScope } from './find.js';
import { onSnapshot, type OperationPlan } from './plan.js';
import { capable } from './capabilities.js';
import { isRefused, type Refused } from './refused.js';

const deletePlan = (found: Found<SnapshotRecord>, batch: DeleteBatch | null, descendants = false): OperationPlan =>
  onSnapshot(found, {
    intent: { kind: 'DELETE_SNAPSHOT', snapshotKey: found.record.key },
    action: { kind: 'DELETE_SNAPSHOT', snapshotKey: found.record.key, batch, descendants },
    request: null,
  });

/** One snapshot; with its descendants where asked, on a backend that deletes a subtree itself. */
export async function planDeleteSnapshot(
  scope: PlanScope,
  input: { snapshot: Named<'Snapshot'>; includeDescendants: boolean },
): Promise<OperationPlan | Refused> {
  const found = await findSnapshot(scope, input.snapshot);
  if (isRefused(found)) return found;
  if (!input.includeDescendants) return deletePlan(found, null);
  const subtree = capable(found, 'subtreeDelete');
  return isRefused(subtree) ? subtree : deletePlan(found, null, true);
}

/**
 * One plan or refusal per snapshot, in the order given. Two or more of a backend with bulk delete share one batch:
 * one request for all of them, sent when the first of their operations acts; each still is an operation of its own.
 */
export async function planDeleteSnapshots(scope: PlanScope, snapshots: readonly Named<'Snapshot'>[]): Promise<(OperationPlan | Refused)[]> {
  const found = await Promise.all(snapshots.map((snapshot) => findSnapshot(scope, snapshot)));
  const byBackend = new Map<Connector, Found<SnapshotRecord>[]>();
  for (const item of found) {
    if (!isRefused(item)) byBackend.set(item.connector, [...(byBackend.get(item.connector) ?? []), item]);
  }
  const batches = new Map<Found<SnapshotRecord>, DeleteBatch>();
  for (const [connector, items] of byBackend) {
    if (connector.bulkDelete === undefined || items.length === 1) continue;
    const batch = { id: randomUUID(), snapshotKeys: items.map((item) => item.record.key) };
    for (const item of items) batches.set(item, batch);
  }
  return found.map((item) => (isRefused(item) ? item : deletePlan(item, batches.get(item) ?? null)));
}
