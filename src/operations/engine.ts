// The operation engine: the only thing that changes state on a backend. It records an Operation, answers at
// once, sends the action, follows the backend's task to a terminal state, and stores and publishes every change.
import { randomUUID } from 'node:crypto';
import type { Backends } from '../connectors/backends.js';
import { BackendFailure } from '../connectors/errors.js';
import { sleep } from '../connectors/http.js';
import {
  isTerminal,
  type ActionResult,
  type OperationKind,
  type OperationRecord,
  type TaskState,
} from '../domain/operation.js';
import type { Metrics } from '../metrics.js';
import type { OperationPubSub } from './pubsub.js';
import type { OperationStore } from './store.js';

export interface EngineOptions {
  store: OperationStore;
  pubsub: OperationPubSub;
  backends: Backends;
  metrics: Metrics;
  /** First wait between two polls of a backend task; it grows to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** A task still running after this long is given up as FAILED (TIMEOUT). */
  taskTimeoutMs?: number;
  /** Polls that may fail in a row before the task is given up as FAILED (TASK_LOST). */
  maxPollFailures?: number;
}

export interface StartSpec {
  kind: OperationKind;
  backend: string;
  targetId: string;
  snapshotKey: string | null;
  idempotencyKey: string | null;
  /** What the request asked for; a replayed key with another fingerprint is refused. */
  fingerprint: string;
  action: () => Promise<ActionResult>;
}

export type StartOutcome = { operation: OperationRecord } | { conflict: OperationRecord };

const PATCH_FIELDS = ['status', 'progress', 'message', 'snapshotKey', 'driveKey', 'error', 'task'] as const;
type Patch = Partial<Pick<OperationRecord, (typeof PATCH_FIELDS)[number]>>;

export class OperationEngine {
  private readonly running = new Set<Promise<void>>();
  private accepting = true;
  private readonly pollIntervalMs: number;
  private readonly maxPollIntervalMs: number;
  private readonly taskTimeoutMs: number;
  private readonly maxPollFailures: number;

  constructor(private readonly options: EngineOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.maxPollIntervalMs = options.maxPollIntervalMs ?? 2_000;
    this.taskTimeoutMs = options.taskTimeoutMs ?? 60 * 60 * 1000;
    this.maxPollFailures = options.maxPollFailures ?? 10;
  }

  /** Records the operation (or finds the one its idempotency key started) and begins acting in the background. */
  async start(spec: StartSpec): Promise<StartOutcome> {
    if (!this.accepting) throw new Error('the gateway is shutting down');
    const now = new Date().toISOString();
    const record: OperationRecord = {
      entity: 'Operation',
      id: randomUUID(),
      kind: spec.kind,
      status: 'PENDING',
      progress: null,
      message: null,
      backend: spec.backend,
      targetId: spec.targetId,
      snapshotKey: spec.snapshotKey,
      driveKey: null,
      error: null,
      task: null,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
      revision: 1,
    };
    const idempotency = spec.idempotencyKey ? { key: spec.idempotencyKey, fingerprint: spec.fingerprint } : null;
    const outcome = await this.options.store.create(record, idempotency);
    if (!outcome.created) {
      return outcome.fingerprint === spec.fingerprint ? { operation: outcome.existing } : { conflict: outcome.existing };
    }
    await this.options.pubsub.publish('operation:changed', record);
    // A store or pubsub that fails mid-run (Redis gone) must not take the process down with an unhandled rejection.
    const work = this.run(record, spec.action)
      .catch((error: unknown) => console.error(`snapshot-gateway: operation ${record.id} stopped: ${errorOf(error).message}`))
      .finally(() => this.running.delete(work));
    this.running.add(work);
    return { operation: record };
  }

  get(id: string): Promise<OperationRecord | null> {
    return this.options.store.get(id);
  }

  list(): Promise<OperationRecord[]> {
    return this.options.store.list();
  }

  /** Stops taking new operations and waits for those under way to end. */
  async drain(): Promise<void> {
    this.accepting = false;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async run(initial: OperationRecord, action: () => Promise<ActionResult>): Promise<void> {
    let record = await this.update(initial, { status: 'RUNNING', message: 'Sent to the backend' });
    let result: ActionResult;
    try {
      result = await action();
    } catch (error) {
      await this.update(record, { status: 'FAILED', error: errorOf(error), message: null });
      return;
    }
    const keys = { snapshotKey: result.snapshotKey ?? record.snapshotKey, driveKey: result.driveKey ?? null };
    if (result.done) {
      await this.update(record, { status: 'SUCCEEDED', progress: 100, message: result.message ?? null, ...keys });
      return;
    }
    record = await this.update(record, { task: result.task, message: result.message ?? record.message, ...keys });
    await this.follow(record);
  }

  /** Polls the backend task with growing waits until it ends, times out, or cannot be read any more. */
  private async follow(initial: OperationRecord): Promise<void> {
    let record = initial;
    const connector = this.options.backends.get(record.backend);
    if (!connector || record.task === null) {
      await this.update(record, { status: 'FAILED', error: { code: 'TASK_LOST', message: 'the backend task cannot be followed' } });
      return;
    }
    const started = Date.now();
    let wait = this.pollIntervalMs;
    let failures = 0;
    for (;;) {
      await sleep(wait);
      wait = Math.min(wait * 1.5, this.maxPollIntervalMs);
      let state: TaskState;
      try {
        state = await connector.pollTask(record.task ?? null);
        failures = 0;
      } catch (error) {
        if (++failures < this.maxPollFailures) continue;
        await this.update(record, { status: 'FAILED', error: { code: 'TASK_LOST', message: errorOf(error).message } });
        return;
      }
      record = await this.update(record, patchFrom(record, state));
      if (isTerminal(record.status)) return;
      if (Date.now() - started > this.taskTimeoutMs) {
        await this.update(record, {
          status: 'FAILED',
          error: { code: 'TIMEOUT', message: `the backend task did not end within ${this.taskTimeoutMs} ms` },
        });
        return;
      }
    }
  }

  /** Applies a change; stores and publishes it only if something changed. */
  private async update(record: OperationRecord, patch: Patch): Promise<OperationRecord> {
    const changed = PATCH_FIELDS.some(
      (field) => field in patch && JSON.stringify(patch[field]) !== JSON.stringify(record[field]),
    );
    if (!changed) return record;
    const now = new Date().toISOString();
    const status = patch.status ?? record.status;
    const next: OperationRecord = {
      ...record,
      ...patch,
      task: isTerminal(status) ? null : (patch.task ?? record.task),
      updatedAt: now,
      finishedAt: isTerminal(status) ? now : null,
      revision: record.revision + 1,
    };
    await this.options.store.save(next);
    await this.options.pubsub.publish('operation:changed', next);
    if (isTerminal(status)) this.options.metrics.operations.inc({ kind: next.kind, status });
    return next;
  }
}

function patchFrom(record: OperationRecord, state: TaskState): Patch {
  // Statuses only move forward: a task still queued at the backend is RUNNING for us once it was sent.
  const status = state.status === 'PENDING' && record.status === 'RUNNING' ? 'RUNNING' : state.status;
  const patch: Patch = { status };
  if (state.progress !== undefined) patch.progress = state.progress;
  if (state.message !== undefined) patch.message = state.message;
  if (state.snapshotKey !== undefined) patch.snapshotKey = state.snapshotKey;
  if (state.driveKey !== undefined) patch.driveKey = state.driveKey;
  if (state.status === 'FAILED') patch.error = state.error ?? { code: 'BACKEND_TASK_FAILED', message: state.message ?? 'the backend task failed' };
  if (state.status === 'SUCCEEDED' && record.progress !== null) patch.progress = 100;
  return patch;
}

function errorOf(error: unknown): { code: string; message: string } {
  if (error instanceof BackendFailure) return { code: error.code ?? 'BACKEND_ERROR', message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
