// Operation records and idempotency keys. In memory here; the interface is async so Redis can stand behind it.
import { isTerminal, type OperationRecord } from '../domain/operation.js';

export type CreateOutcome =
  | { created: true }
  /** The idempotency key was taken: the operation it started, and what that request looked like. */
  | { created: false; existing: OperationRecord; fingerprint: string };

export interface OperationStore {
  /** Saves a new record and, atomically with it, claims its idempotency key. */
  create(record: OperationRecord, idempotency: { key: string; fingerprint: string } | null): Promise<CreateOutcome>;
  save(record: OperationRecord): Promise<void>;
  get(id: string): Promise<OperationRecord | null>;
  /** Newest first. */
  list(): Promise<OperationRecord[]>;
}

export class MemoryOperationStore implements OperationStore {
  private readonly records = new Map<string, OperationRecord>();
  private readonly keys = new Map<string, { id: string; fingerprint: string }>();

  /** @param retentionMs how long finished operations (and their keys) are kept */
  constructor(private readonly retentionMs = 24 * 60 * 60 * 1000) {}

  async create(record: OperationRecord, idempotency: { key: string; fingerprint: string } | null): Promise<CreateOutcome> {
    this.prune();
    if (idempotency) {
      const claimed = this.keys.get(idempotency.key);
      const existing = claimed && this.records.get(claimed.id);
      if (claimed && existing) return { created: false, existing, fingerprint: claimed.fingerprint };
      this.keys.set(idempotency.key, { id: record.id, fingerprint: idempotency.fingerprint });
    }
    this.records.set(record.id, record);
    return { created: true };
  }

  async save(record: OperationRecord): Promise<void> {
    this.records.set(record.id, record);
  }

  async get(id: string): Promise<OperationRecord | null> {
    return this.records.get(id) ?? null;
  }

  async list(): Promise<OperationRecord[]> {
    return [...this.records.values()].reverse();
  }

  private prune(): void {
    const horizon = Date.now() - this.retentionMs;
    for (const [id, record] of this.records) {
      if (isTerminal(record.status) && record.finishedAt !== null && Date.parse(record.finishedAt) < horizon) {
        this.records.delete(id);
      }
    }
    for (const [key, claim] of this.keys) if (!this.records.has(claim.id)) this.keys.delete(key);
  }
}
