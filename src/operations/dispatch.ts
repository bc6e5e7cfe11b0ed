// Sends an action to its backend: the one map from each kind of action to the connector call that makes it, and the
// bulk deletes several operations share (sent once, when the first of them acts).
import type { Backends } from '../connectors/backends.js';
import type { Connector } from '../connectors/connector.js';
import type { ScheduleRecord } from '../domain/model.js';
import type { ActionResult, OperationKind } from '../domain/operation.js';
import type { DeleteBatch, OperationAction, ScheduleAction } from './action.js';

/** A bulk delete of one batch: the keys still to send, then the keys sent and the answer; gone once every member took its part. */
interface Batch {
  keys: string[];
  sent: { keys: string[]; answers: Promise<(ActionResult | Error)[]> } | null;
  /** Members that have neither acted nor been forgone yet. */
  waiting: number;
}

/** The call an action names, which the planner checked the backend has; its absence here is a planning bug. */
function made<T>(call: Promise<T> | undefined, connector: Connector, method: string): Promise<T> {
  if (call === undefined) return Promise.reject(new Error(`backend '${connector.name}' has no ${method}, which the action needs`));
  return call;
}

export class Dispatcher {
  private readonly batches = new Map<string, Batch>();

  constructor(private readonly backends: Backends) {}

  /** Makes the backend call of an operation's action. */
  async act(backend: string, action: OperationAction): Promise<ActionResult> {
    const connector = this.backends.get(backend);
    if (!connector) {
      this.forgo(action);
      throw new Error(`backend '${backend}' is not configured here`);
    }
    switch (action.kind) {
      case 'CREATE_SNAPSHOT':
        return connector.createSnapshot(action.target, action.request);
      case 'REVERT_SNAPSHOT':
        return made(connector.revert?.revertSnapshot(action.snapshotKey), connector, 'revert');
      case 'CLONE_SNAPSHOT':
        return made(connector.clone?.cloneSnapshot(action.snapshotKey, action.name), connector, 'clone');
      case 'UPDATE_SNAPSHOT':
        return made(connector.update?.updateSnapshot(action.snapshotKey, action.request), connector, 'update');
      case 'DELETE_SNAPSHOT':
        if (action.descendants) return made(connector.subtreeDelete?.deleteSubtree(action.snapshotKey), connector, 'subtreeDelete');
        return action.batch ? this.deleteInBatch(connector, action.snapshotKey, action.batch) : connector.deleteSnapshot(action.snapshotKey);
    }
  }

  /** What an operation of this kind says while its backend acts, where the backend gives nothing to show. */
  actingMessage(backend: string, kind: OperationKind): string {
    return this.backends.get(backend)?.actingMessage?.(kind) ?? 'Sent to the backend';
  }

  /** Makes the backend call of a schedule action; its answer is the schedule now (null once deleted). */
  async configure(backend: string, action: ScheduleAction): Promise<ScheduleRecord | null> {
    const connector = this.backends.get(backend);
    if (!connector) throw new Error(`backend '${backend}' is not configured here`);
    switch (action.kind) {
      case 'CREATE_SCHEDULE':
        return made(connector.schedules?.create(action.target, action.request), connector, 'schedules');
      case 'UPDATE_SCHEDULE':
        return made(connector.schedules?.update(action.scheduleKey, action.request), connector, 'schedules');
      case 'DELETE_SCHEDULE':
        await made(connector.schedules?.delete(action.scheduleKey), connector, 'schedules');
        return null;
    }
  }

  /** An action that will never act (its operation was not recorded): a bulk not sent yet leaves its key out. */
  forgo(action: OperationAction): void {
    if (action.kind !== 'DELETE_SNAPSHOT' || !action.batch) return;
    const batch = this.batchOf(action.batch);
    if (!batch.sent) batch.keys = batch.keys.filter((key) => key !== action.snapshotKey);
    this.taken(action.batch.id, batch);
  }

  private async deleteInBatch(connector: Connector, snapshotKey: string, of: DeleteBatch): Promise<ActionResult> {
    const batch = this.batchOf(of);
    this.taken(of.id, batch);
    if (!batch.sent) {
      const keys = batch.keys;
      batch.sent = { keys, answers: made(connector.bulkDelete?.deleteSnapshots(keys), connector, 'bulkDelete') };
    }
    const result = (await batch.sent.answers)[batch.sent.keys.indexOf(snapshotKey)];
    if (result === undefined) throw new Error('the bulk answer has no result for this snapshot');
    if (result instanceof Error) throw result;
    return result;
  }

  private batchOf(of: DeleteBatch): Batch {
    const known = this.batches.get(of.id);
    if (known) return known;
    const batch: Batch = { keys: [...of.snapshotKeys], sent: null, waiting: of.snapshotKeys.length };
    this.batches.set(of.id, batch);
    return batch;
  }

  /** One member of a batch is accounted for; the last lets the batch go. */
  private taken(id: string, batch: Batch): void {
    batch.waiting -= 1;
    if (batch.waiting <= 0) this.batches.delete(id);
  }
}
