// Planning a clone: the snapshot found and the backend able to clone it into a new drive.
import { unsupported } from './capabilities.js';
import { findSnapshot, type Named, type PlanScope } from './find.js';
import { onSnapshot, type OperationPlan } from './plan.js';
import { isRefused, type Refused } from './refused.js';

interface CloneSnapshotInput {
  snapshot: Named<'Snapshot'>;
  /** The new drive's name, or null for the backend's naming. */
  name: string | null;
}

export async function planCloneSnapshot(scope: PlanScope, input: CloneSnapshotInput): Promise<OperationPlan | Refused> {
  const found = await findSnapshot(scope, input.snapshot);
  if (isRefused(found)) return found;
  const lacking = unsupported(found, 'clone');
  if (lacking) return lacking;
  const { name } = input;
  const snapshotKey = found.record.key;
  return onSnapshot(found, {
    intent: { kind: 'CLONE_SNAPSHOT', snapshotKey, name },
    action: { kind: 'CLONE_SNAPSHOT', snapshotKey, name },
    request: { name },
  });
}
