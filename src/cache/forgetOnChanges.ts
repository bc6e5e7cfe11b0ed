// The read cache of one replica hears of the changes other replicas make: an operation event whose status (or
// snapshot or drive) moved on since this replica last saw that operation makes it forget the operation's backend.
import type { OperationPubSub } from '../operations/pubsub.js';
import type { SharedReads } from './backendReads.js';

/** Observes the events until the answer is called; progress-only events change nothing the cache holds. */
export function forgetOnChanges(pubsub: OperationPubSub, reads: SharedReads): () => void {
  const seen = new Map<string, string>();
  return pubsub.observe((record) => {
    const state = `${record.status}\u0000${record.snapshotKey ?? ''}\u0000${record.driveKey ?? ''}`;
    if (seen.get(record.id) === state) return;
    if (record.finishedAt === null) seen.set(record.id, state);
    else seen.delete(record.id);
    // Forgotten as the event arrives, before any subscriber of this replica is handed it; the replica that ran the
    // operation moved the shared tier on already.
    reads.invalidate(record.backend, false);
  });
}
