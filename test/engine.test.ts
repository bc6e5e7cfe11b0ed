// The operation engine following asynchronous backend tasks (the path every task-based backend takes):
// progress published as it moves, the final keys kept, and a task that fails, hangs or vanishes ending FAILED.
// The backend here is a scripted task source: libvirt, the one backend built so far, never answers with a task.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Backends } from '../src/connectors/backends.js';
import type { Connector } from '../src/connectors/connector.js';
import { BackendFailure } from '../src/connectors/errors.js';
import { taskCodec } from '../src/connectors/tasks.js';
import type { SnapshotTarget } from '../src/domain/model.js';
import type { ActionResult, JsonValue, OperationRecord, TaskState } from '../src/domain/operation.js';
import { silentLogger } from '../src/logging.js';
import { Metrics } from '../src/metrics.js';
import { OperationEngine } from '../src/operations/engine.js';
import { createOperationPubSub } from '../src/operations/pubsub.js';
import { MemoryOperationStore } from '../src/operations/store.js';

/** A backend whose task answers the given states in turn (the last one repeats). */
function taskBackend(states: (TaskState | Error)[], task: JsonValue): Connector {
  let polls = 0;
  const unused = () => Promise.reject(new Error('not used by the engine'));
  return {
    name: 'tasks',
    kind: 'MANAGEIQ',
    flags: { memorySnapshots: false, quiesce: false, snapshotTree: false, metadata: false },
    listVMs: unused,
    getVMs: unused,
    listSnapshotsOfVMs: unused,
    getSnapshots: unused,
    ping: async () => undefined,
    // The action the engine sends: a task to follow.
    createSnapshot: async (): Promise<ActionResult> => ({ done: false, task, message: 'queued' }),
    deleteSnapshot: unused,
    tasks: taskCodec('tasks', 'scripted', z.object({ id: z.literal('task-1') }), async (task) => {
      expect(task).toEqual({ id: 'task-1' });
      const state = states[Math.min(polls++, states.length - 1)];
      if (!state) throw new Error('no state scripted');
      if (state instanceof Error) throw state;
      return state;
    }),
    close: async () => undefined,
  };
}

async function run(
  states: (TaskState | Error)[],
  { task = { id: 'task-1' }, ...options }: { taskTimeoutMs?: number; maxPollFailures?: number; task?: JsonValue } = {},
) {
  const pubsub = createOperationPubSub();
  const engine = new OperationEngine({
    store: new MemoryOperationStore(),
    pubsub,
    backends: new Backends([taskBackend(states, task)]),
    metrics: new Metrics(),
    logger: silentLogger,
    pollIntervalMs: 5,
    maxPollIntervalMs: 10,
    ...options,
  });
  const events: OperationRecord[] = [];
  const subscription = pubsub.subscribe('operation:changed');
  const collecting = (async () => {
    for await (const record of subscription) {
      events.push(record);
      if (record.status === 'SUCCEEDED' || record.status === 'FAILED') break;
    }
  })();
  // Start listening before the engine publishes.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const target: SnapshotTarget = { entity: 'VM', key: 'vm-1' };
  const request = { name: 'snap', description: null, includeMemory: false, quiesce: false, metadata: [] };
  const outcome = await engine.start({
    intent: { kind: 'CREATE_SNAPSHOT', target, name: 'snap' },
    backend: 'tasks',
    targetId: 'target',
    snapshotKey: null,
    idempotencyKey: null,
    fingerprint: '[]',
    requestId: null,
    action: { kind: 'CREATE_SNAPSHOT', target, request },
  });
  await collecting;
  await engine.drain();
  if (!('operation' in outcome)) throw new Error('no operation');
  return { events, final: await engine.get(outcome.operation.id) };
}

describe('the operation engine following a backend task', () => {
  it('publishes every change of status and progress, and ends SUCCEEDED with the created key', async () => {
    const { events, final } = await run([
      { status: 'PENDING', progress: null, message: 'Queued' },
      { status: 'RUNNING', progress: 10, message: 'Active' },
      { status: 'RUNNING', progress: 10, message: 'Active' },
      { status: 'RUNNING', progress: 60, message: 'Active' },
      { status: 'SUCCEEDED', progress: 100, message: 'Finished', snapshotKey: 'snap-9' },
    ]);
    // Statuses never move back: the backend's "queued" after sending shows as a message, not as PENDING again.
    expect(events.map((e) => [e.status, e.progress, e.message])).toEqual([
      ['PENDING', null, null],
      ['RUNNING', null, 'Sent to the backend'],
      ['RUNNING', null, 'queued'],
      ['RUNNING', null, 'Queued'],
      ['RUNNING', 10, 'Active'],
      ['RUNNING', 60, 'Active'],
      ['SUCCEEDED', 100, 'Finished'],
    ]);
    expect(events.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(final).toMatchObject({ status: 'SUCCEEDED', snapshotKey: 'snap-9', task: null, error: null });
    expect(final?.finishedAt).not.toBeNull();
  });

  it("ends FAILED with the backend task's error, keeping the last progress it gave", async () => {
    const { events, final } = await run([
      { status: 'RUNNING', progress: 30 },
      { status: 'RUNNING', progress: null, message: 'Active' },
      { status: 'FAILED', progress: null, error: { code: 'Error', message: 'The VM is not connected to a Host' } },
    ]);
    expect(final).toMatchObject({ status: 'FAILED', progress: 30, error: { code: 'Error', message: 'The VM is not connected to a Host' } });
    // Once the backend gave a figure, no later state shows none.
    expect(events.map((e) => e.progress)).toEqual([null, null, null, 30, 30, 30]);
  });

  it('ends SUCCEEDED at progress 100 though the backend never gave a figure', async () => {
    const { events, final } = await run([{ status: 'RUNNING', progress: null }, { status: 'SUCCEEDED', progress: null }]);
    expect(final).toMatchObject({ status: 'SUCCEEDED', progress: 100 });
    expect(events.map((e) => e.progress)).toEqual([null, null, null, 100]);
  });

  it('ends FAILED (TASK_LOST) when the task cannot be read any more, after retrying', async () => {
    const { final } = await run([BackendFailure.fromAnswer('tasks', 'HTTP 404', 404)], { maxPollFailures: 3 });
    expect(final).toMatchObject({ status: 'FAILED', error: { code: 'TASK_LOST', message: 'HTTP 404' } });
  });

  it('ends FAILED (TASK_LOST) at once when the stored task is not one of the connector\'s: its schema reads it once', async () => {
    const { events, final } = await run([{ status: 'SUCCEEDED' }], { task: { id: 'task-2' } });
    expect(final).toMatchObject({ status: 'FAILED', error: { code: 'TASK_LOST', message: 'not a scripted task reference' } });
    // Stored, then failed: never polled.
    expect(events.map((e) => [e.status, e.message])).toEqual([
      ['PENDING', null],
      ['RUNNING', 'Sent to the backend'],
      ['RUNNING', 'queued'],
      ['FAILED', 'queued'],
    ]);
  });

  it('keeps polling through a passing failure', async () => {
    const { final } = await run([new BackendFailure('tasks', 'timed out', 'TIMEOUT'), { status: 'SUCCEEDED' }]);
    expect(final?.status).toBe('SUCCEEDED');
  });

  it('ends FAILED (TIMEOUT) when the task never ends', async () => {
    const { final } = await run([{ status: 'RUNNING', progress: 1 }], { taskTimeoutMs: 50 });
    expect(final).toMatchObject({ status: 'FAILED', error: { code: 'TIMEOUT' } });
  });
});
