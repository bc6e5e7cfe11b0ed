// Test kit for connector tests: the failure a call rejects with, a slice the connector must have, and a task polled to its end.
import { ledgerFor, MemoryLedger, type BackendLedger } from '../../src/connectors/ledger/ledger.js';
import type { ActionCapability, Connector } from '../../src/connectors/connector.js';
import { BackendFailure } from '../../src/connectors/errors.js';
import { isTerminal, type ActionResult, type JsonValue, type TaskState } from '../../src/domain/operation.js';

/** The error of this class a call rejects with; anything else fails the test. */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof type)) throw new Error(`expected a ${type.name}, got ${String(error)}`);
    return error;
  }
  throw new Error('expected a rejection');
}

/** The BackendFailure a call rejects with; anything else fails the test. */
export const failureOf = (promise: Promise<unknown>): Promise<BackendFailure> => rejectionOf(promise, BackendFailure);

/** The connector's slice of this name; a connector without it fails the test. */
export function sliceOf<K extends ActionCapability | 'drives'>(connector: Connector, name: K): NonNullable<Connector[K]> {
  const slice = connector[name];
  if (slice === undefined) throw new Error(`backend ${connector.name} has no ${name}`);
  return slice;
}

/** Reads a stored task as the engine does and polls it once; a task the connector cannot read rejects. */
export const pollOnce = (connector: Connector, task: JsonValue): Promise<TaskState> =>
  Promise.resolve().then(() => connector.tasks.read(task).poll());

/** Polls a task until it ends, keeping every state seen. */
export async function follow(connector: Connector, result: ActionResult): Promise<TaskState[]> {
  // A synchronous action: its answer is the end, with the key it names.
  if (result.done) return [{ status: 'SUCCEEDED', ...(result.snapshotKey !== undefined && { snapshotKey: result.snapshotKey }) }];
  const states: TaskState[] = [];
  const task = connector.tasks.read(result.task);
  for (let i = 0; i < 200; i++) {
    const state = await task.poll();
    states.push(state);
    if (isTerminal(state.status)) return states;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the task never ended');
}

/** A fresh in-memory ledger of one backend, for connectors built directly by a test. */
export const memoryLedgerOf = (backend: string): BackendLedger => ledgerFor(new MemoryLedger(), backend);
