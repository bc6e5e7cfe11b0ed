// Planning a clone: the snapshot found and the backend able to clone it into a new drive.
import { capable } from './capabilities.js';
import { findSnapshot, type Named, type PlanScope } from './find.js';
import { onSnapshot, type OperationPlan } from './plan.js';
import { invalid, isRefused, type Refused } from './refused.js';

interface CloneSnapshotInput {
  snapshot: Named<'Snapshot'>;
  /** The new drive's name, or null for the backend's naming. */
  name: string | null;
}

export async function planCloneSnapshot(scope: PlanScope, input: CloneSnapshotInput): Promise<OperationPlan | Refused> {
  const found = await findSnapshot(scope, input.snapshot);
  if (isRefused(found)) return found;
  const clone = capable(found, 'clone');
  if (isRefused(clone)) return clone;
  const { name } = input;
  const snapshotKey = found.record.key;
  // The connector names the field relative to the mutation's input.
  const refused = clone.refuse?.(found.record, name);
  if (refused) return invalid(`input.${refused.field}`, refused.message);
  return onSnapshot(found, {
    intent: { kind: 'CLONE_SNAPSHOT', snapshotKey, name },
    action: { kind: 'CLONE_SNAPSHOT', snapshotKey, name },
    request: { name },
  });
}
