// An operation record as the stores keep it, for tests that put records in a store or a pubsub directly.
import { randomUUID } from 'node:crypto';
import type { OperationRecord } from '../../src/domain/operation.js';

export function operationRecord(over: Partial<OperationRecord> = {}): OperationRecord {
  const now = new Date().toISOString();
  return {
    entity: 'Operation',
    id: randomUUID(),
    kind: 'CREATE_SNAPSHOT',
    status: 'PENDING',
    progress: null,
    message: null,
    backend: 'lab-libvirt',
    targetId: 'vm',
    snapshotKey: null,
    driveKey: null,
    error: null,
    task: null,
    intent: null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
    revision: 1,
    ...over,
  };
}
