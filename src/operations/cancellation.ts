// What a cancel ends in: CANCELLED only once the backend has stopped its task and shows nothing of what it was
// doing; what it finished anyway is SUCCEEDED, with a message that the cancel came too late.
import type { Connector } from '../connectors/connector.js';
import type { OperationErrorRecord, OperationRecord } from '../domain/operation.js';
import { NOT_APPLIED, OUTCOME_UNKNOWN, settleOutcome } from './outcome.js';

/** How a followed operation ends after the backend said it stopped the task, as a change to its record. */
type CancelEnd =
  | { status: 'CANCELLED'; message: string; error: null }
  | { status: 'SUCCEEDED'; message: string; snapshotKey: string | null }
  | { status: 'FAILED'; message: null; error: OperationErrorRecord };

export const BEFORE_SENT = 'cancelled before it was sent to the backend';
export const CANCEL_SENT = 'cancelling: asked the backend to stop its task';

/** A SUCCEEDED operation's message once a cancel had been asked for. */
export const tooLate = (message: string | null): string =>
  `the cancel came too late: the backend had finished${message ? ` (${message})` : ''}`;

interface ReadOptions {
  actingMs: number;
  firstWaitMs: number;
  maxWaitMs: number;
  signal?: AbortSignal;
}

/**
 * Reads the backend after it said it stopped the task (`said`, e.g. "the backend revoked the task"): absent, the
 * operation is CANCELLED; there after all, SUCCEEDED; unreadable, FAILED with OUTCOME_UNKNOWN. Null when stopped.
 */
export async function confirmCancelled(connector: Connector | undefined, record: OperationRecord, said: string, options: ReadOptions): Promise<CancelEnd | null> {
  if (!connector || !record.intent) {
    return { status: 'FAILED', message: null, error: { code: OUTCOME_UNKNOWN, message: `${said}, but what became of the operation cannot be read here: check its target` } };
  }
  // The backend has spoken, so one reading that shows nothing is enough (no settle window); one that shows it at
  // work is read again for as long as a task may take.
  const verdict = await settleOutcome(connector, record.intent, new Date(record.createdAt), said, { settleMs: 0, ...options });
  if (!verdict) return null;
  if (verdict.status === 'SUCCEEDED') return { status: 'SUCCEEDED', message: verdict.message, snapshotKey: verdict.snapshotKey };
  if (verdict.error.code === NOT_APPLIED) return { status: 'CANCELLED', message: `${said}; the backend shows nothing of it`, error: null };
  return { status: 'FAILED', message: null, error: verdict.error };
}
