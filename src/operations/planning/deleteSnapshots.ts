// Planning the delete of one snapshot (or of one with its subtree, where the backend deletes that itself); many at
// once are deletionPlan.ts's.
import type { SnapshotRecord } from '../../domain/model.js';
import type { DeleteBatch } from '../action.js';
import { findSnapshot, type Found, type Named, type PlanScope } from './find.js';
import { onSnapshot, type OperationPlan } from './plan.js';
import { capable } from './capabilities.js';
import { invalid, isRefused, type Refused } from './refused.js';

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
  const refusal = found.connector.refuseDelete?.(found.record);
  if (refusal) return invalid(input.snapshot.field, refusal);
  if (!input.includeDescendants) return deletePlan(found, null);
  const subtree = capable(found, 'subtreeDelete');
  return isRefused(subtree) ? subtree : deletePlan(found, null, true);
}
