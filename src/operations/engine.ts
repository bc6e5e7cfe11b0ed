// The operation engine: the only thing that changes state on a backend. It records an Operation, answers at
// once, sends the action, follows the backend's task to a terminal state, and stores, publishes and logs every change.
import { randomUUID } from 'node:crypto';
import type { Backends } from '../connectors/backends.js';
import { answerLost, BackendFailure } from '../connectors/errors.js';
import { logBackendFailure } from '../connectors/failureLog.js';
import { withoutAddresses } from '../connectors/failureWords.js';
import type { FollowedTask } from '../connectors/tasks.js';
import {
  isTerminal,
  type ActionResult,
  type OperationErrorRecord,
  type OperationIntent,
  type OperationRecord,
  type TaskState,
} from '../domain/operation.js';
import type { Logger } from '../logging.js';
import type { Metrics } from '../metrics.js';
import type { ScheduleRecord } from '../domain/model.js';
import type { OperationAction, ScheduleAction } from './action.js';
import { Dispatcher } from './dispatch.js';
import type { Leases } from './leases.js';
import { BEFORE_SENT, CANCEL_SENT, confirmCancelled, tooLate } from './cancellation.js';
import { OUTCOME_UNKNOWN, settleOutcome } from './outcome.js';
import { pause } from './pause.js';
import type { OperationPubSub } from './pubsub.js';
import type { OperationPage, OperationPageQuery, OperationStore } from './store.js';

/** The engine's timings, as a gateway is configured with them. */
export type EngineTimings = Pick<EngineOptions, 'pollIntervalMs' | 'maxPollIntervalMs' | 'taskTimeoutMs' | 'maxPollFailures' | 'settleMs'>;

interface EngineOptions {
  store: OperationStore;
  pubsub: OperationPubSub;
  backends: Backends;
  metrics: Metrics;
  /** One line per change of every operation this replica changes. */
  logger: Logger;
  /** First wait between two polls of a backend task; it grows to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** A task still running after this long is given up as FAILED (TIMEOUT). */
  taskTimeoutMs?: number;
  /** Polls that may fail in a row before the task is given up as FAILED (TASK_LOST). */
  maxPollFailures?: number;
  /**
   * How long the backend is read back after a write's answer was lost, for the action to show (it may still be
   * acting): not shown by then, the operation is FAILED (NOT_APPLIED).
   */
  settleMs?: number;
  /** Leases on running operations, so exactly one replica follows each (Redis mode); none in memory mode. */
  leases?: Leases;
  /**
   * Told when an operation may have changed its backend (sent, ended, its snapshot or drive known) or a schedule
   * changed, before anyone hears of it: the shared read cache forgets that backend then.
   */
  changed?: (backend: string) => void;
}

/** An operation this replica holds the lease of: renewed until let go; aborted when lost or handed back. */
interface Hold {
  id: string;
  /** Past the action, polling the backend task: what a SIGTERM hands to another replica. */
  following: boolean;
  stop: AbortController;
  renewal: NodeJS.Timeout;
}

/** The operation could not be recorded (the store is unreachable), so nothing was sent to the backend. */
export class OperationsUnavailable extends Error {
  override readonly name = 'OperationsUnavailable';
}

/** The message of an operation whose action may or may not have reached the backend. */
export const INTERRUPTED_MESSAGE =
  'the replica acting on this operation stopped before the backend answered, so the result is unknown: check the target and retry if needed';

/** What a taken-over operation with no task but an intent says of the answer it never got. */
const REPLICA_STOPPED = 'the replica acting on this operation stopped before the backend answered';

export interface StartSpec {
  /** What the action sets out to do (its kind is the operation's). */
  intent: OperationIntent;
  backend: string;
  targetId: string;
  snapshotKey: string | null;
  idempotencyKey: string | null;
  /** What the request asked for; a replayed key with another fingerprint is refused. */
  fingerprint: string;
  /** The request that asks for it (its id in the logs), if any: every change this replica makes carries it. */
  requestId: string | null;
  /** The backend call to make (dispatch.ts makes it). */
  action: OperationAction;
  /**
   * What the operation waits for before it is sent, PENDING meanwhile (a bulk delete's chain): null to send it, or
   * why not, which ends it FAILED (NOT_SENT) with nothing sent.
   */
  after?: { waiting: string; until: Promise<string | null> };
}

type StartOutcome = { operation: OperationRecord } | { conflict: OperationRecord };

const PATCH_FIELDS = ['status', 'progress', 'message', 'snapshotKey', 'driveKey', 'error', 'task'] as const;
type Patch = Partial<Pick<OperationRecord, (typeof PATCH_FIELDS)[number]>>;

/** An operation that waited for others and was never sent (what it waited for did not succeed). */
const NOT_SENT = 'NOT_SENT';

/** What a running operation says while its backend's circuit is open. */
export const BACKEND_DOWN_MESSAGE = 'the backend is not answering (circuit open); the task is still followed';

export class OperationEngine {
  private readonly running = new Set<Promise<void>>();
  private readonly holds = new Map<string, Hold>();
  /** The request that started each operation under way here, for its change lines. */
  private readonly startedBy = new Map<string, string>();
  private accepting = true;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;
  /** The last sweep error logged, so an unreachable Redis is one line, not one a second. */
  private sweepError = '';
  /** The work of each operation under way here, by id. */
  private readonly work = new Map<string, Promise<void>>();
  /** Wakes the follower of an operation here, so a cancel asked for on this replica is sent without a poll's wait. */
  private readonly wakers = new Map<string, () => void>();
  private readonly pollIntervalMs: number;
  private readonly maxPollIntervalMs: number;
  private readonly taskTimeoutMs: number;
  private readonly maxPollFailures: number;
  private readonly settleMs: number;
  private readonly dispatcher: Dispatcher;

  constructor(private readonly options: EngineOptions) {
    this.dispatcher = new Dispatcher(options.backends);
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.maxPollIntervalMs = options.maxPollIntervalMs ?? 2_000;
    this.taskTimeoutMs = options.taskTimeoutMs ?? 60 * 60 * 1000;
    this.maxPollFailures = options.maxPollFailures ?? 10;
    this.settleMs = options.settleMs ?? 60_000;
  }

  /** Records the operation (or finds the one its idempotency key started) and begins acting in the background. */
  async start(spec: StartSpec): Promise<StartOutcome> {
    const begun = await this.record(spec).catch((error: unknown) => {
      this.dispatcher.forgo(spec.action);
      throw error;
    });
    if ('replayed' in begun) {
      this.dispatcher.forgo(spec.action);
      return begun.replayed;
    }
    const { record, hold } = begun;
    if (spec.requestId !== null) this.startedBy.set(record.id, spec.requestId);
    this.logChange(record);
    // Recorded: the operation runs even if this event is lost (subscribers also read the store).
    try {
      await this.options.pubsub.publish('operation:changed', record);
    } catch (error) {
      this.options.logger.error({ operationId: record.id, error: errorOf(error).message }, 'operation created but not published');
    }
    this.track(record.id, hold, () => this.run(record, spec.action, hold, spec.after));
    return { operation: record };
  }

  /** The operation once its work here is done: final, or handed to another replica (then as it was left). */
  async whenEnded(id: string): Promise<OperationRecord | null> {
    await this.work.get(id);
    return this.options.store.get(id).catch(() => null);
  }

  /**
   * Makes a schedule action's backend call and answers the schedule it leaves: configuration is answered at once, so
   * it is not recorded as an Operation (whose kinds are the snapshot actions').
   */
  async configure(backend: string, action: ScheduleAction): Promise<ScheduleRecord | null> {
    try {
      return await this.dispatcher.configure(backend, action);
    } finally {
      // Refused or not, the backend may have acted: what is known of it is read again.
      this.options.changed?.(backend);
    }
  }

  /** Stores a new operation under its lease, or answers the one its idempotency key already started. */
  private async record(spec: StartSpec): Promise<{ record: OperationRecord; hold: Hold | null } | { replayed: StartOutcome }> {
    if (!this.accepting) throw new Error('the gateway is shutting down');
    const now = new Date().toISOString();
    const id = randomUUID();
    // The lease is taken before the record exists, so no sweeper can see the record unheld and take it.
    const hold = await this.hold(id).catch((error: unknown) => {
      throw this.unavailable(error);
    });
    const record: OperationRecord = {
      entity: 'Operation',
      id,
      kind: spec.intent.kind,
      status: 'PENDING',
      progress: null,
      message: null,
      backend: spec.backend,
      targetId: spec.targetId,
      snapshotKey: spec.snapshotKey,
      driveKey: null,
      error: null,
      task: null,
      intent: spec.intent,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
      revision: 1,
    };
    const idempotency = spec.idempotencyKey ? { key: spec.idempotencyKey, fingerprint: spec.fingerprint } : null;
    let outcome;
    try {
      outcome = await this.options.store.create(record, idempotency);
    } catch (error) {
      await this.letGo(hold);
      throw this.unavailable(error);
    }
    if (!outcome.created) {
      await this.letGo(hold);
      return { replayed: outcome.fingerprint === spec.fingerprint ? { operation: outcome.existing } : { conflict: outcome.existing } };
    }
    return { record, hold };
  }

  /** Starts looking, every `sweepMs`, for running operations whose holder died, and takes them over (Redis mode). */
  startSweeper(): void {
    const leases = this.options.leases;
    if (!leases || this.sweeper) return;
    this.sweeper = setInterval(() => void this.sweep(leases), leases.sweepMs);
    this.sweeper.unref();
  }

  get(id: string): Promise<OperationRecord | null> {
    return this.options.store.get(id);
  }

  /**
   * Asks for an operation to be cancelled (its backend can stop its kind: the caller checked): noted beside its
   * record, for whichever replica follows it to send. Answers the record as it is now; a final one is left as it is.
   */
  async requestCancel(record: OperationRecord): Promise<OperationRecord> {
    if (isTerminal(record.status)) return record;
    try {
      await this.options.store.requestCancel(record.id);
    } catch (error) {
      throw this.unavailable(error);
    }
    this.wakers.get(record.id)?.();
    return (await this.options.store.get(record.id).catch(() => null)) ?? record;
  }

  /** Whether a cancel was asked for; a store that cannot tell counts as no (the next poll asks again). */
  private cancelRequested(id: string): Promise<boolean> {
    return this.options.store.cancelRequested(id).catch(() => false);
  }

  page(query: OperationPageQuery): Promise<OperationPage> {
    return this.options.store.page(query);
  }

  count(accept: (record: OperationRecord) => boolean): Promise<number> {
    return this.options.store.count(accept);
  }

  /**
   * Stops taking new operations and waits for those under way to end. With leases, operations being followed are
   * handed back at once (another replica takes them over); actions in flight still get to finish.
   */
  async drain(): Promise<void> {
    this.accepting = false;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const hold of this.holds.values()) if (hold.following) hold.stop.abort();
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Runs an operation's work in the background, and lets its lease go when it ends. */
  private track(id: string, hold: Hold | null, body: () => Promise<void>): void {
    // A store or pubsub that fails mid-run (Redis gone) must not take the process down with an unhandled rejection.
    const work = body()
      .catch((error: unknown) => this.options.logger.error({ operationId: id, error: errorOf(error).message }, 'operation stopped'))
      .finally(async () => {
        this.startedBy.delete(id);
        await this.letGo(hold);
        this.running.delete(work);
        this.work.delete(id);
      });
    this.running.add(work);
    this.work.set(id, work);
  }

  /** Takes the lease of an operation and keeps renewing it; null in memory mode. */
  private async hold(id: string): Promise<Hold | null> {
    const leases = this.options.leases;
    if (!leases) return null;
    if (!(await leases.acquire(id))) throw new Error(`the lease of operation ${id} is held by another replica`);
    return this.holdAcquired(leases, id);
  }

  private holdAcquired(leases: Leases, id: string): Hold {
    const stop = new AbortController();
    const renewal = setInterval(() => {
      leases.renew(id).then(
        (held) => {
          if (!held) {
            this.options.logger.warn({ operationId: id }, 'lost the lease of an operation; another replica follows it');
            stop.abort();
          }
        },
        // Redis unreachable: keep trying; the lease lapses on its own if this goes on.
        () => undefined,
      );
    }, leases.renewMs);
    renewal.unref();
    const hold: Hold = { id, following: false, stop, renewal };
    this.holds.set(id, hold);
    return hold;
  }

  private async letGo(hold: Hold | null): Promise<void> {
    if (!hold) return;
    clearInterval(hold.renewal);
    this.holds.delete(hold.id);
    await this.options.leases?.release(hold.id).catch(() => undefined);
  }

  /** Takes over the running operations nobody holds any more: follows their task, or reads back what became of them. */
  private async sweep(leases: Leases): Promise<void> {
    if (this.sweeping || !this.accepting) return;
    this.sweeping = true;
    try {
      const orphans = await leases.orphans();
      this.sweepError = '';
      for (const id of orphans) {
        if (!this.accepting) break;
        if (this.holds.has(id) || !(await leases.acquire(id))) continue;
        const hold = this.holdAcquired(leases, id);
        this.track(id, hold, () => this.adopt(id, hold, leases));
      }
    } catch (error) {
      const message = errorOf(error).message;
      if (message !== this.sweepError) this.options.logger.error({ error: message }, 'looking for operations to take over failed');
      this.sweepError = message;
    } finally {
      this.sweeping = false;
    }
  }

  private async adopt(id: string, hold: Hold, leases: Leases): Promise<void> {
    const record = await this.options.store.get(id);
    if (!record || isTerminal(record.status)) {
      await leases.forget(id);
      return;
    }
    this.options.logger.info({ operationId: id, kind: record.kind, backend: record.backend }, 'taking over an operation whose replica stopped');
    // No task: the action may or may not have reached the backend; sending it again could act twice, so the
    // backend is read for what it set out to do (records from before intents were kept cannot be, and say so).
    if (record.task === null) {
      if (record.intent) await this.settle(record, record.intent, REPLICA_STOPPED, hold);
      else await this.update(record, { status: 'FAILED', message: null, error: { code: 'INTERRUPTED', message: INTERRUPTED_MESSAGE } });
      return;
    }
    await this.follow(record, hold);
  }

  private async run(initial: OperationRecord, action: OperationAction, hold: Hold | null, after?: StartSpec['after']): Promise<void> {
    // Only an operation that waited can have been cancelled before it was sent: the others are sent at once.
    if (after) {
      initial = await this.update(initial, { message: after.waiting });
      const notSent = await after.until;
      if (notSent !== null) {
        this.dispatcher.forgo(action);
        await this.update(initial, { status: 'FAILED', message: null, error: { code: NOT_SENT, message: notSent } });
        return;
      }
      if (await this.cancelRequested(initial.id)) {
        this.dispatcher.forgo(action);
        await this.update(initial, { status: 'CANCELLED', message: BEFORE_SENT });
        return;
      }
    }
    const acting = this.dispatcher.actingMessage(initial.backend, initial.kind);
    let record = await this.update(initial, { status: 'RUNNING', message: acting }).catch((error: unknown) => {
      this.dispatcher.forgo(action);
      throw error;
    });
    let result: ActionResult;
    try {
      result = await this.dispatcher.act(record.backend, action);
    } catch (error) {
      this.logFailure(record, error);
      // The backend refused (it answered): FAILED. Its answer lost: it may have acted, which only reading it tells.
      if (record.intent && answerLost(error)) {
        await this.settle(record, record.intent, `the backend's answer was lost (${errorOf(error).message})`, hold);
      } else {
        await this.update(record, { status: 'FAILED', error: errorOf(error), message: null });
      }
      return;
    }
    const keys = { snapshotKey: result.snapshotKey ?? record.snapshotKey, driveKey: result.driveKey ?? null };
    if (result.done) {
      await this.update(record, { status: 'SUCCEEDED', message: result.message ?? null, ...keys });
      return;
    }
    // The task is stored first of all, so whichever replica takes over can follow it.
    record = await this.update(record, { task: result.task, message: result.message ?? record.message, ...keys });
    // Shutting down (or the lease lost): the task is stored, another replica follows it.
    if (hold && (hold.stop.signal.aborted || !this.accepting)) return;
    await this.follow(record, hold);
  }

  /**
   * Reads the backend until it shows what became of an action whose answer was lost (`lost` says how), and ends
   * the operation with that; meanwhile it is RUNNING and says it is checking.
   */
  private async settle(initial: OperationRecord, intent: OperationIntent, lost: string, hold: Hold | null): Promise<void> {
    // Like a task followed: a SIGTERM hands it to another replica, which reads the backend again.
    if (hold) hold.following = true;
    const record = await this.update(initial, { status: 'RUNNING', message: `${lost}; checking the backend for the outcome` });
    const connector = this.options.backends.get(record.backend);
    if (!connector) {
      const message = `${lost}, and backend '${record.backend}' is not configured here to be read: check the target`;
      await this.update(record, { status: 'FAILED', message: null, error: { code: OUTCOME_UNKNOWN, message } });
      return;
    }
    if (hold && (hold.stop.signal.aborted || !this.accepting)) return;
    const verdict = await settleOutcome(connector, intent, new Date(record.createdAt), lost, {
      settleMs: this.settleMs,
      actingMs: this.taskTimeoutMs,
      firstWaitMs: this.pollIntervalMs,
      maxWaitMs: this.maxPollIntervalMs,
      signal: hold?.stop.signal,
    });
    // Handed back or lost meanwhile: the replica holding the lease now decides.
    if (!verdict) return;
    const snapshotKey = verdict.snapshotKey ?? record.snapshotKey;
    if (verdict.status === 'SUCCEEDED') await this.update(record, { status: 'SUCCEEDED', message: verdict.message, snapshotKey });
    else await this.update(record, { status: 'FAILED', message: null, error: verdict.error, snapshotKey });
  }

  /** Polls the backend task with growing waits until it ends, times out, or cannot be read any more. */
  private async follow(initial: OperationRecord, hold: Hold | null): Promise<void> {
    const record = initial;
    if (hold) hold.following = true;
    const connector = this.options.backends.get(record.backend);
    if (!connector || record.task === null) {
      await this.update(record, { status: 'FAILED', error: { code: 'TASK_LOST', message: 'the backend task cannot be followed' } });
      return;
    }
    // Read once with the connector's own schema: a stored task it cannot read would not read on any later poll either.
    let task: FollowedTask;
    try {
      task = connector.tasks.read(record.task);
    } catch (error) {
      this.logFailure(record, error);
      await this.update(record, { status: 'FAILED', error: { code: 'TASK_LOST', message: errorOf(error).message } });
      return;
    }
    const wake = new AbortController();
    this.wakers.set(record.id, () => wake.abort());
    try {
      await this.poll(record, task, hold, wake.signal);
    } finally {
      this.wakers.delete(record.id);
    }
  }

  /** The polls of follow(): a cancel asked for is sent first (once), and the backend's answer to it read like a poll. */
  private async poll(initial: OperationRecord, task: FollowedTask, hold: Hold | null, woken: AbortSignal): Promise<void> {
    let record = initial;
    const stopped = hold?.stop.signal;
    const started = Date.now();
    let wait = this.pollIntervalMs;
    let failures = 0;
    let cancelSent = false;
    for (;;) {
      await pause(wait, stopped ? AbortSignal.any([stopped, woken]) : woken);
      // Handed back (SIGTERM), lost, or draining began after this follow did: the lease goes to another replica.
      if (stopped?.aborted || (hold && !this.accepting)) return;
      wait = Math.min(wait * 1.5, this.maxPollIntervalMs);
      let state: TaskState | null = null;
      if (!cancelSent && (await this.cancelRequested(record.id))) {
        cancelSent = true;
        record = await this.update(record, { message: CANCEL_SENT });
        state = await this.sendCancel(record, task);
      }
      // Null after a cancel: the backend would not stop it (finished already, say), and a poll tells what became of it.
      if (state === null) {
        try {
          state = await task.poll();
          failures = 0;
        } catch (error) {
          if (stopped?.aborted) return;
          // An open circuit's failure is the one that opened it, already told.
          if (!(error instanceof BackendFailure && error.code === 'CIRCUIT_OPEN')) this.logFailure(record, error);
          // A backend behind an open circuit is down, not the task lost: the task is followed until the backend
          // answers again or the task times out, and the operation says why it is not moving meanwhile.
          if (error instanceof BackendFailure && error.code === 'CIRCUIT_OPEN') {
            // The failures before the circuit opened were the backend going down, not the task: they no longer count.
            failures = 0;
            record = await this.update(record, { message: BACKEND_DOWN_MESSAGE });
          } else if (++failures >= this.maxPollFailures) {
            await this.update(record, { status: 'FAILED', error: { code: 'TASK_LOST', message: errorOf(error).message } });
            return;
          }
        }
      }
      if (state) {
        // Handed back or taken over meanwhile: the replica holding the lease now writes the record.
        if (stopped?.aborted) return;
        if (state.status === 'CANCELLED') {
          const said = state.message ?? 'the backend stopped its task';
          if (state.verified) await this.update(record, { status: 'CANCELLED', message: said });
          else await this.endCancelled(record, said, stopped);
          return;
        }
        const patch = patchFrom(record, state);
        if (cancelSent && patch.status === 'SUCCEEDED') patch.message = tooLate(patch.message ?? record.message);
        // The backend answers again: what it says now replaces the note that it did not.
        if (record.message === BACKEND_DOWN_MESSAGE && patch.message === undefined) patch.message = null;
        record = await this.update(record, patch);
        if (isTerminal(record.status)) return;
      }
      if (Date.now() - started > this.taskTimeoutMs) {
        await this.update(record, {
          status: 'FAILED',
          error: { code: 'TIMEOUT', message: `the backend task did not end within ${this.taskTimeoutMs} ms` },
        });
        return;
      }
    }
  }

  /** Asks the backend to stop the task: where it stands after, or null where it would not (or the call failed). */
  private async sendCancel(record: OperationRecord, task: FollowedTask): Promise<TaskState | null> {
    if (!task.cancel) return null;
    try {
      return await task.cancel();
    } catch (error) {
      this.logFailure(record, error);
      return null;
    }
  }

  /** The backend said it stopped the task (`said`): CANCELLED once a reading shows nothing of it (cancellation.ts). */
  private async endCancelled(record: OperationRecord, said: string, stopped: AbortSignal | undefined): Promise<void> {
    const end = await confirmCancelled(this.options.backends.get(record.backend), record, said, {
      actingMs: this.taskTimeoutMs,
      firstWaitMs: this.pollIntervalMs,
      maxWaitMs: this.maxPollIntervalMs,
      signal: stopped,
    });
    // Handed back or lost meanwhile: the replica holding the lease now decides.
    if (end) await this.update(record, end);
  }

  /** Applies a change; stores, logs and publishes it only if something changed. */
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
      // Done is 100 on every backend and path; a failure keeps the last figure the backend gave.
      progress: status === 'SUCCEEDED' ? 100 : (patch.progress ?? record.progress),
      task: isTerminal(status) ? null : (patch.task ?? record.task),
      updatedAt: now,
      finishedAt: isTerminal(status) ? now : null,
      revision: record.revision + 1,
    };
    await this.options.store.save(next);
    this.logChange(next);
    if (next.status !== record.status || next.snapshotKey !== record.snapshotKey || next.driveKey !== record.driveKey) this.options.changed?.(next.backend);
    await this.options.pubsub.publish('operation:changed', next);
    if (isTerminal(status)) this.options.metrics.operations.inc({ kind: next.kind, status });
    return next;
  }

  /** The store's own error (a Redis address, say) is the log's; the caller is told what it means. */
  private unavailable(error: unknown): OperationsUnavailable {
    this.options.logger.error({ error: errorOf(error).message }, 'operations cannot be recorded');
    return new OperationsUnavailable('operations are unavailable (they cannot be recorded right now); nothing was sent to the backend, retry later');
  }

  /** A backend failure acting on or following an operation: its raw error is the log's (the record keeps the words). */
  private logFailure(record: OperationRecord, error: unknown): void {
    if (!(error instanceof BackendFailure)) return;
    logBackendFailure(this.options.logger, error, { requestId: this.startedBy.get(record.id), operationId: record.id });
  }

  /** The line of a stored change; a FAILED one is a warning. */
  private logChange(record: OperationRecord): void {
    const line = {
      operationId: record.id,
      requestId: this.startedBy.get(record.id),
      kind: record.kind,
      status: record.status,
      backend: record.backend,
      targetId: record.targetId,
      progress: record.progress,
      message: record.message ?? undefined,
      revision: record.revision,
      errorCode: record.error?.code,
      errorMessage: record.error?.message,
      errorBackendCode: record.error?.backendCode ?? undefined,
      errorHttpStatus: record.error?.httpStatus ?? undefined,
    };
    if (record.status === 'FAILED') this.options.logger.warn(line, 'operation changed');
    else this.options.logger.info(line, 'operation changed');
  }
}

function patchFrom(record: OperationRecord, state: TaskState): Patch {
  // Statuses only move forward: a task still queued at the backend is RUNNING for us once it was sent.
  const status = state.status === 'PENDING' && record.status === 'RUNNING' ? 'RUNNING' : state.status;
  const patch: Patch = { status };
  // A figure, once given, stays: a later null (or none) does not erase it.
  if (typeof state.progress === 'number') patch.progress = state.progress;
  // A task's words are the backend's own, shown to clients as they are, less any address in them.
  if (state.message !== undefined) patch.message = state.message === null ? null : withoutAddresses(state.message);
  if (state.snapshotKey !== undefined) patch.snapshotKey = state.snapshotKey;
  if (state.driveKey !== undefined) patch.driveKey = state.driveKey;
  if (state.status === 'FAILED') {
    const error = state.error ?? { code: 'BACKEND_TASK_FAILED', message: state.message ?? 'the backend task failed' };
    patch.error = { ...error, message: withoutAddresses(error.message) };
  }
  return patch;
}


function errorOf(error: unknown): OperationErrorRecord {
  if (error instanceof BackendFailure) {
    return { code: error.code, message: error.message, backendCode: error.backendCode, httpStatus: error.httpStatus };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
