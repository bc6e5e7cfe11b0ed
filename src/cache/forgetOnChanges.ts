// The read cache of one replica hears of the changes other replicas make: an operation event whose status (or
// snapshot or drive) moved on since this replica last saw that operation makes it forget the operation's backend.
import type { OperationRecord } from '../domain/operation.js';
import type { EventQueue } from '../operations/eventQueue.js';
import type { OperationPubSub } from '../operations/pubsub.js';
import type { SharedReads } from './backendReads.js';

/** Listens until `return()`; progress-only events change nothing the cache holds, so they are let by. */
export function forgetOnChanges(pubsub: OperationPubSub, reads: SharedReads): EventQueue<OperationRecord> {
  const seen = new Map<string, string>();
  const queue = pubsub.subscribe('operation:changed', (record) => {
    const state = `${record.status}\u0000${record.snapshotKey ?? ''}\u0000${record.driveKey ?? ''}`;
    if (seen.get(record.id) === state) return false;
    if (record.finishedAt === null) seen.set(record.id, state);
    else seen.delete(record.id);
    // Forgotten here, as the event arrives, before any subscriber of this replica is handed it.
    reads.invalidate(record.backend);
    return false;
  });
  return queue;
}
