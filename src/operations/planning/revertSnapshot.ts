// Planning a revert: the snapshot found, the backend able to revert it, and its refusal (a VM that must stop first, say).
import { capable } from './capabilities.js';
import { findSnapshot, vmAt, type Named, type PlanScope } from './find.js';
import { onSnapshot, type OperationPlan } from './plan.js';
import { invalid, isRefused, type Refused } from './refused.js';

export async function planRevertSnapshot(scope: PlanScope, input: { snapshot: Named<'Snapshot'> }): Promise<OperationPlan | Refused> {
  const found = await findSnapshot(scope, input.snapshot);
  if (isRefused(found)) return found;
  const { record: snapshot } = found;
  const revert = capable(found, 'revert');
  if (isRefused(revert)) return revert;
  const refused = revert.refuse?.(snapshot, await vmAt(scope, snapshot));
  if (refused) return invalid(input.snapshot.field, refused);
  return onSnapshot(found, {
    intent: { kind: 'REVERT_SNAPSHOT', snapshotKey: snapshot.key, wasCurrent: snapshot.isCurrent },
    action: { kind: 'REVERT_SNAPSHOT', snapshotKey: snapshot.key },
    request: null,
  });
}
