// Planning an update: something to change, the backend able to change it, and its refusal (a field it cannot change).
import type { UpdateSnapshotRequest } from '../../connectors/connector.js';
import { capable, unsupported } from './capabilities.js';
import { findSnapshot, type Named, type PlanScope } from './find.js';
import { onSnapshot, type OperationPlan } from './plan.js';
import { invalid, isRefused, type Refused } from './refused.js';

interface UpdateSnapshotInput {
  snapshot: Named<'Snapshot'>;
  /** Only the fields to change. */
  request: UpdateSnapshotRequest;
}

export async function planUpdateSnapshot(scope: PlanScope, input: UpdateSnapshotInput): Promise<OperationPlan | Refused> {
  const found = await findSnapshot(scope, input.snapshot);
  if (isRefused(found)) return found;
  const { record: snapshot } = found;
  const { request } = input;
  if (Object.keys(request).length === 0) return invalid('input', 'give at least one of name, description or metadata');
  const update = capable(found, 'update');
  if (isRefused(update)) return update;
  const lacking = request.metadata ? unsupported(found, 'metadata') : null;
  if (lacking) return lacking;
  const refused = update.refuse?.(snapshot, request);
  if (refused) return invalid('input', refused);
  return onSnapshot(found, {
    intent: { kind: 'UPDATE_SNAPSHOT', snapshotKey: snapshot.key, request },
    action: { kind: 'UPDATE_SNAPSHOT', snapshotKey: snapshot.key, request },
    request,
  });
}
