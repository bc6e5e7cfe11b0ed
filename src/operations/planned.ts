// What the engine is handed to start a planned operation: the same for every mutation and for the policies' runs.
import { encodeId } from '../graphql/ids.js';
import type { Gate } from './deletions.js';
import type { StartSpec } from './engine.js';
import type { OperationPlan } from './planning/plan.js';

export function specOf(planned: OperationPlan, start: { idempotencyKey: string | null; requestId: string | null; after?: Gate }): StartSpec {
  const targetId = encodeId(planned.target.entity, planned.backend, planned.target.key);
  return {
    intent: planned.intent,
    backend: planned.backend,
    targetId,
    snapshotKey: planned.snapshotKey,
    action: planned.action,
    idempotencyKey: start.idempotencyKey,
    fingerprint: JSON.stringify([planned.intent.kind, targetId, planned.request]),
    requestId: start.requestId,
    ...(start.after && { after: start.after }),
  };
}
