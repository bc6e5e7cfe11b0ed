// What became of an action whose answer was lost: the backend is read back, through the Connector's reads (the
// same for every backend), until it shows the action done, shows it not done for a whole settle window, or cannot
// tell. Never a success the backend does not show, never a failure of an action it shows done.
import type { Connector } from '../connectors/connector.js';
import type { SnapshotRecord, SnapshotTarget } from '../domain/model.js';
import type { OperationErrorRecord, OperationIntent } from '../domain/operation.js';
import { pause } from './pause.js';

/** The backend shows, for a whole settle window, that the action did not happen. */
export const NOT_APPLIED = 'NOT_APPLIED';
/** Reading the backend could not tell whether the action happened. */
export const OUTCOME_UNKNOWN = 'OUTCOME_UNKNOWN';

interface SettleOptions {
  /** How long the backend is given to show the action after the call gave up: it may still be acting. */
  settleMs: number;
  /** How long a backend seen at work on it (a snapshot CREATING or DELETING) is waited for. */
  actingMs: number;
  /** First wait between two readings; it grows to `maxWaitMs`. */
  firstWaitMs: number;
  maxWaitMs: number;
  /** Stops the reading (the lease handed back or lost): there is no verdict then. */
  signal?: AbortSignal;
}

type Verdict =
  | { status: 'SUCCEEDED'; snapshotKey: string | null; message: string }
  | { status: 'FAILED'; snapshotKey: string | null; error: OperationErrorRecord };

/** What one reading of the backend showed. */
type Reading =
  /** The action is done. */
  | { seen: 'done'; snapshotKey: string | null; note: string }
  /** The backend acted and its work failed (the snapshot is in ERROR). */
  | { seen: 'broken'; snapshotKey: string; note: string }
  /** The backend is at it: read again, for as long as a backend task may take. */
  | { seen: 'acting'; note: string }
  /** No sign of it: read again; NOT_APPLIED when it stays so for the settle window. */
  | { seen: 'absent'; note: string }
  /** This reading cannot tell (the read failed, the snapshot is gone): read again; OUTCOME_UNKNOWN if it stays so. */
  | { seen: 'unclear'; note: string }
  /** No reading can tell. */
  | { seen: 'untellable'; note: string };

/**
 * Reads the backend with growing waits until it shows what became of `intent`.
 * @param since when the operation started: a snapshot found by name must not be older
 * @param lost what happened to the answer, as the verdict's message starts ("the backend's answer was lost (...)")
 * @returns the verdict, or null when stopped by the signal
 */
export async function settleOutcome(
  connector: Connector,
  intent: OperationIntent,
  since: Date,
  lost: string,
  options: SettleOptions,
): Promise<Verdict | null> {
  const started = Date.now();
  let wait = options.firstWaitMs;
  for (;;) {
    const reading = await readBack(connector, intent, since);
    if (options.signal?.aborted) return null;
    const elapsed = Date.now() - started;
    switch (reading.seen) {
      case 'done':
        return { status: 'SUCCEEDED', snapshotKey: reading.snapshotKey, message: `${lost}; the backend shows ${reading.note}` };
      case 'broken':
        return { status: 'FAILED', snapshotKey: reading.snapshotKey, error: { code: 'BACKEND_TASK_FAILED', message: `${lost}, and ${reading.note}` } };
      case 'untellable':
        return unknown(intent, `${lost}, and ${reading.note}`);
    }
    const window = reading.seen === 'acting' ? Math.max(options.settleMs, options.actingMs) : options.settleMs;
    if (elapsed >= window) {
      if (reading.seen === 'absent') {
        return {
          status: 'FAILED',
          snapshotKey: null,
          error: { code: NOT_APPLIED, message: `${lost}, and ${reading.note} after ${duration(elapsed)}: the backend did not do it` },
        };
      }
      return unknown(intent, `${lost}, and after ${duration(elapsed)} ${reading.note}`);
    }
    await pause(Math.min(wait, window - elapsed), options.signal);
    if (options.signal?.aborted) return null;
    wait = Math.min(wait * 1.5, options.maxWaitMs);
  }
}

function unknown(intent: OperationIntent, told: string): Verdict {
  return { status: 'FAILED', snapshotKey: null, error: { code: OUTCOME_UNKNOWN, message: `${told}: check ${whatToCheck(intent)}` } };
}

/** What a client should look at to learn the outcome itself. */
function whatToCheck(intent: OperationIntent): string {
  switch (intent.kind) {
    case 'CREATE_SNAPSHOT':
      return `whether ${where(intent.target)} has a snapshot named '${intent.name}'`;
    case 'DELETE_SNAPSHOT':
      return `whether snapshot '${intent.snapshotKey}' still exists`;
    case 'REVERT_SNAPSHOT':
      return `whether the VM of snapshot '${intent.snapshotKey}' was reverted to it`;
    case 'UPDATE_SNAPSHOT':
      return `whether snapshot '${intent.snapshotKey}' shows the requested ${Object.keys(intent.request).join(', ')}`;
    case 'CLONE_SNAPSHOT':
      return intent.name === null
        ? `whether a new drive (named by the backend) was cloned from snapshot '${intent.snapshotKey}'`
        : `whether a drive named '${intent.name}' was cloned from snapshot '${intent.snapshotKey}'`;
  }
}

/** One reading; a read that fails is a reading that cannot tell. */
async function readBack(connector: Connector, intent: OperationIntent, since: Date): Promise<Reading> {
  try {
    switch (intent.kind) {
      case 'CREATE_SNAPSHOT':
        return await readCreate(connector, intent.target, intent.name, since);
      case 'DELETE_SNAPSHOT':
        return await readDelete(connector, intent.snapshotKey);
      case 'REVERT_SNAPSHOT':
        return await readRevert(connector, intent.snapshotKey, intent.wasCurrent);
      case 'UPDATE_SNAPSHOT':
        return await readUpdate(connector, intent.snapshotKey, intent.request);
      case 'CLONE_SNAPSHOT':
        return { seen: 'untellable', note: 'a cloned drive cannot be told apart from other drives by reading the backend' };
    }
  } catch (error) {
    return { seen: 'unclear', note: `reading the backend failed (${error instanceof Error ? error.message : String(error)})` };
  }
}

async function readCreate(connector: Connector, target: SnapshotTarget, name: string, since: Date): Promise<Reading> {
  const listed = connector.findSnapshot
    ? [await connector.findSnapshot(target, name)].filter((s): s is SnapshotRecord => s !== null)
    : target.entity === 'VM'
      ? await connector.listSnapshotsOfVMs([target.key])
      : ((await connector.drives?.listSnapshotsOfDrives([target.key])) ?? []);
  // Backends give whole seconds at best: one made in the second the operation started counts.
  const earliest = Math.floor(since.getTime() / 1000) * 1000;
  const named = listed.filter((s) => s.name === name && (s.createdAt === null || s.createdAt.getTime() >= earliest));
  const found = named.find((s) => s.status === 'READY') ?? named.find((s) => s.status === 'CREATING') ?? named[0];
  const snapshot = `snapshot '${name}' on ${where(target)}`;
  if (!found) return { seen: 'absent', note: `no snapshot named '${name}' exists on ${where(target)}` };
  switch (found.status) {
    case 'READY':
    case 'DELETING':
      return { seen: 'done', snapshotKey: found.key, note: `${snapshot} (${found.status})` };
    case 'CREATING':
      return { seen: 'acting', note: `${snapshot} is still CREATING` };
    case 'ERROR':
      return { seen: 'broken', snapshotKey: found.key, note: `${snapshot} is in ERROR` };
  }
}

async function readDelete(connector: Connector, key: string): Promise<Reading> {
  const [snapshot] = await connector.getSnapshots([key]);
  if (!snapshot) return { seen: 'done', snapshotKey: key, note: `snapshot '${key}' gone` };
  if (snapshot.status === 'DELETING') return { seen: 'acting', note: `snapshot '${key}' is still DELETING` };
  return { seen: 'absent', note: `snapshot '${key}' still exists (${snapshot.status})` };
}

async function readRevert(connector: Connector, key: string, wasCurrent: boolean): Promise<Reading> {
  if (!connector.flags.snapshotTree) {
    return { seen: 'untellable', note: 'this backend marks no snapshot as current, so a revert cannot be read back' };
  }
  if (wasCurrent) {
    return { seen: 'untellable', note: `snapshot '${key}' was the current one already, so its current marker cannot show the revert` };
  }
  const [snapshot] = await connector.getSnapshots([key]);
  if (!snapshot) return { seen: 'unclear', note: `snapshot '${key}' cannot be found` };
  if (snapshot.isCurrent) return { seen: 'done', snapshotKey: key, note: `snapshot '${key}' as the current one of its VM` };
  return { seen: 'absent', note: `snapshot '${key}' is not the current one of its VM` };
}

async function readUpdate(
  connector: Connector,
  key: string,
  request: Extract<OperationIntent, { kind: 'UPDATE_SNAPSHOT' }>['request'],
): Promise<Reading> {
  const [snapshot] = await connector.getSnapshots([key]);
  if (!snapshot) return { seen: 'unclear', note: `snapshot '${key}' cannot be found` };
  const missing = [
    ...(request.name !== undefined && snapshot.name !== request.name ? ['name'] : []),
    ...(request.description !== undefined && (snapshot.description ?? '') !== request.description ? ['description'] : []),
    ...(request.metadata !== undefined && !request.metadata.every((e) => snapshot.metadata.some((m) => m.key === e.key && m.value === e.value))
      ? ['metadata']
      : []),
  ];
  if (missing.length === 0) return { seen: 'done', snapshotKey: key, note: `snapshot '${key}' with the requested ${Object.keys(request).join(', ')}` };
  return { seen: 'absent', note: `snapshot '${key}' does not show the requested ${missing.join(', ')}` };
}

const where = (target: SnapshotTarget): string => `${target.entity} '${target.key}'`;

/** "850 ms", "60 s". */
const duration = (ms: number): string => (ms < 1_000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1_000)} s`);
