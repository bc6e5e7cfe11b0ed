// Runs a planned bulk delete (planning/deletionPlan.ts): every deletion's operation is recorded at once; each
// chain's are sent one after another in step order, at most CHAINS_AT_ONCE chains at a time; a deletion is not sent
// when one under it in the plan did not succeed.
import type { OperationRecord } from '../domain/operation.js';
import type { PlannedDeletion } from './planning/deletionPlan.js';

/** Chains (VMs, drives) whose deletions run at the same time, over all backends of one request. */
const CHAINS_AT_ONCE = 4;

/** What an operation waits for before it is sent, as the engine takes it: null to send, or why not. */
export interface Gate {
  waiting: string;
  until: Promise<string | null>;
}

/** A promise and the function that settles it. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** At most `limit` holders at a time; the others wait their turn, first come first served. */
class Slots {
  private free: number;
  private readonly queue: (() => void)[] = [];

  constructor(limit: number) {
    this.free = limit;
  }

  async take(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    return () => {
      const next = this.queue.shift();
      if (next) next();
      else this.free++;
    };
  }
}

export class DeletionRun {
  private readonly ends = new Map<PlannedDeletion, { promise: Promise<OperationRecord | null>; resolve: (record: OperationRecord | null) => void }>();
  private readonly gates = new Map<PlannedDeletion, Gate>();

  constructor(deletions: readonly PlannedDeletion[], limit = CHAINS_AT_ONCE) {
    for (const d of deletions) this.ends.set(d, deferred<OperationRecord | null>());
    const chains = new Map<string, PlannedDeletion[]>();
    for (const d of deletions) if (d.refusal === null) chains.set(d.chain, [...(chains.get(d.chain) ?? []), d]);
    const slots = new Slots(limit);
    for (const chain of chains.values()) {
      const steps = chain.sort((a, b) => a.step - b.step);
      // One backend request for the lot (a batch): nothing to wait for.
      if (steps.every((d) => d.step === 1)) continue;
      const taken = slots.take();
      void Promise.all(steps.map((d) => this.endOf(d))).then(async () => (await taken)());
      let before: Promise<unknown> = taken;
      for (const d of steps) {
        const previous = before;
        this.gates.set(d, {
          waiting: `waiting for its turn: step ${d.step} of ${steps.length} of its VM's deletions, run leaves first`,
          until: previous.then(() => this.blocked(d)),
        });
        before = this.endOf(d);
      }
    }
  }

  /** What the deletion's operation waits for; none for one sent at once. */
  gateOf(deletion: PlannedDeletion): Gate | undefined {
    return this.gates.get(deletion);
  }

  /** Tells the run how a deletion's operation ends: once `ended` settles (null: it never started). */
  started(deletion: PlannedDeletion, ended: Promise<OperationRecord | null>): void {
    void ended.then((record) => this.ends.get(deletion)?.resolve(record), () => this.ends.get(deletion)?.resolve(null));
  }

  private endOf(deletion: PlannedDeletion): Promise<OperationRecord | null> {
    return this.ends.get(deletion)?.promise ?? Promise.resolve(null);
  }

  /** Why the deletion must not be sent: one under it that did not succeed; null when all did. */
  private async blocked(deletion: PlannedDeletion): Promise<string | null> {
    for (const under of deletion.under) {
      const record = await this.endOf(under);
      if (record?.status !== 'SUCCEEDED') {
        const how = record ? record.status : 'not started';
        return `not sent: '${under.found.record.name}' under it was to be deleted first and was not (${how})`;
      }
    }
    return null;
  }
}
