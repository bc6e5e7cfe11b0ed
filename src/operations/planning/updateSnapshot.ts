// Planning an update: something to change, the backend able to change it, and its refusal (a field it cannot change).
import type { UpdateSnapshotRequest } from '../../connectors/connector.js';
import { unsupported } from './capabilities.js';
import { findSnapshot, type Named, type PlanScope } from './find.js';
import { onSnapshot, type OperationPlan } from './plan.js';
import { invalid, isRefused, type Refused } from './refused.js';

export interface UpdateSnapshotInput {
  snapshot: Named<'Snapshot'>;
  /** Only the fields to change. */
  request: UpdateSnapshotRequest;
}

export async function planUpdateSnapshot(scope: PlanScope, input: UpdateSnapshotInput): Promise<OperationPlan | Refused> {
  const found = await findSnapshot(scope, input.snapshot);
  if (isRefused(found)) return found;
  const { connector, record: snapshot } = found;
  const { request } = input;
  if (Object.keys(request).length === 0) return invalid('input', 'give at least one of name, description or metadata');
  const lacking =
    unsupported(found, 'update', connector.updateSnapshot !== undefined) ?? (request.metadata ? unsupported(found, 'metadata') : null);
  if (lacking) return lacking;
  const refused = connector.refuseUpdate?.(snapshot, request);
  if (refused) return invalid('input', refused);
  return onSnapshot(found, {
    intent: { kind: 'UPDATE_SNAPSHOT', snapshotKey: snapshot.key, request },
    action: { kind: 'UPDATE_SNAPSHOT', snapshotKey: snapshot.key, request },
    request,
  });
}
