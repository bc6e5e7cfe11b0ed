// Runs the gateway's snapshot policies: at each slot of a policy's schedule, one replica (the one whose claim of the
// slot succeeds) takes a snapshot of each target through the engine, then prunes, of the snapshots the policy itself
// took, those beyond its retention. Each take and prune is an Operation anyone can follow; each run is recorded.
import { randomUUID } from 'node:crypto';
import { ANONYMOUS, Visibility } from '../auth/principal.js';
import type { Backends } from '../connectors/backends.js';
import type { SharedReads } from '../cache/backendReads.js';
import { encodeId, type NodeType } from '../graphql/ids.js';
import { createLoaders } from '../graphql/loaders.js';
import type { Logger } from '../logging.js';
import { isTerminal } from '../domain/operation.js';
import type { OperationEngine } from '../operations/engine.js';
import { specOf } from '../operations/planned.js';
import { planCreateSnapshot } from '../operations/planning/createSnapshot.js';
import { planDeleteSnapshot } from '../operations/planning/deleteSnapshots.js';
import type { Named, PlanScope } from '../operations/planning/find.js';
import { isRefused, type Refused } from '../operations/planning/refused.js';
import type { PolicyRecord, PolicyRun, RunOperation } from './model.js';
import { slotAtOrBefore, slotsBetween } from './schedule.js';
import { RUNS_KEPT, type PolicyStore } from './store.js';

interface RunnerOptions {
  store: PolicyStore;
  engine: OperationEngine;
  backends: Backends;
  reads: SharedReads;
  logger: Logger;
  /** This replica's name in the runs it makes; a random one by default. */
  replica?: string;
}

/** A snapshot's name from its policy and slot: `nightly-202612041900` (fits Danube's 24 characters with a name of 11). */
export const snapshotNameOf = (policy: { name: string }, slot: Date): string =>
  `${policy.name}-${slot.toISOString().slice(0, 16).replace(/[-T:]/g, '')}`;

/** How long a run may stay RUNNING on another replica before it counts as abandoned (that replica stopped). */
const ABANDONED_AFTER_MS = 15 * 60_000;

/** A prune's status when the snapshot was gone already: nothing sent, nothing left to prune. */
const GONE = 'GONE';

/** An operation of a run that did its part: it succeeded, or (a prune) found nothing left to do. */
const didItsPart = (o: RunOperation): boolean => o.status === 'SUCCEEDED' || o.status === GONE;

/** A snapshot or target by backend and key, as one string. */
const keyOf = (backend: string, key: string): string => `${backend}\u0000${key}`;

const refusalWords = (refused: Refused): string =>
  refused.refused === 'UNSUPPORTED' ? `the backend cannot do ${refused.capability}` : refused.refused === 'BACKEND_FAILED' ? refused.failure.message : refused.message;

export class PolicyRunner {
  readonly replica: string;
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: RunnerOptions) {
    this.replica = options.replica ?? randomUUID();
  }

  /** Looks for due slots every `everyMs` (cron's unit is the minute). */
  start(everyMs = 10_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.tick(new Date()).catch((error: unknown) => this.options.logger.error({ error: String(error) }, 'snapshot policies could not be run'));
    }, everyMs);
    this.timer.unref();
  }

  /** Stops looking for due slots (before the engine drains, so no run starts into a closing engine). */
  halt(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops looking; runs under way finish (their operations are the engine's to drain). */
  async stop(): Promise<void> {
    this.halt();
    await this.settled();
  }

  /** Resolves once every run started here has ended. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /**
   * Starts the run of every active policy whose latest slot at `now` is after its last run's (slots before the policy
   * existed never run), once its last run has ended. Slots missed meanwhile are not run one by one: the latest runs
   * once, marked catchUp. Answers the runs this replica claimed.
   */
  async tick(now: Date): Promise<PolicyRun[]> {
    const claimed: PolicyRun[] = [];
    for (const policy of await this.options.store.list()) {
      const latest = await this.finishAbandoned(policy, now);
      // One run of a policy at a time: a slot that comes while the last run is still at work waits for it.
      if (!policy.active || latest?.status === 'RUNNING') continue;
      const slot = slotAtOrBefore(policy.schedule, now);
      const last = await this.options.store.lastSlot(policy.id);
      const floor = new Date(last ?? policy.createdAt);
      if (slot.getTime() <= floor.getTime()) continue;
      const missed = slotsBetween(policy.schedule, floor, slot) - 1;
      const run: PolicyRun = {
        id: randomUUID(),
        policyId: policy.id,
        scheduledFor: slot.toISOString(),
        startedAt: now.toISOString(),
        finishedAt: null,
        status: 'RUNNING',
        catchUp: missed > 0,
        replica: this.replica,
        taken: [],
        pruned: [],
        message: missed > 0 ? `${missed} earlier slot${missed === 1 ? '' : 's'} passed with no gateway to run it; only this, the latest, ran` : null,
      };
      if (!(await this.options.store.claim(run))) continue;
      claimed.push(run);
      const work = this.execute(policy, run, now)
        .catch((error: unknown) => this.options.logger.error({ policy: policy.id, error: String(error) }, 'a snapshot policy run failed'))
        .finally(() => this.running.delete(work));
      this.running.add(work);
    }
    return claimed;
  }

  /**
   * Finishes the latest run of a policy left RUNNING by another replica for longer than a run takes (that replica
   * stopped during it): from how its operations ended, which the engine's takeover saw through. Nothing is re-sent.
   * Answers the latest run as it is now (null before the first).
   */
  private async finishAbandoned(policy: PolicyRecord, now: Date): Promise<PolicyRun | null> {
    const [latest] = await this.options.store.runs(policy.id, 1);
    if (!latest || latest.status !== 'RUNNING' || latest.replica === this.replica) return latest ?? null;
    if (now.getTime() - Date.parse(latest.startedAt) < ABANDONED_AFTER_MS) return latest;
    const ops = [...latest.taken, ...latest.pruned];
    const records = await Promise.all(ops.map((o) => (o.operationId === null ? null : this.options.engine.get(o.operationId).catch(() => null))));
    // Still at work somewhere (taken over, not ended yet): look again at a later tick.
    if (records.some((r) => r !== null && !isTerminal(r.status))) return latest;
    ops.forEach((o, index) => {
      const record = records[index];
      if (o.operationId === null) return;
      o.status = record?.status ?? 'UNKNOWN';
      if (latest.taken.includes(o)) o.snapshotKey = record?.status === 'SUCCEEDED' ? record.snapshotKey : null;
    });
    const good = ops.filter(didItsPart).length;
    const stopped = `replica ${latest.replica} stopped during this run; replica ${this.replica} finished it from how its operations ended (nothing was sent again)`;
    const finished: PolicyRun = {
      ...latest,
      // Its prune never ran: at best PARTIAL (the next run prunes what this one would have).
      status: good > 0 ? 'PARTIAL' : 'FAILED',
      finishedAt: now.toISOString(),
      message: [latest.message, stopped].filter((m) => m !== null).join('; '),
    };
    await this.options.store.saveRun(finished);
    return finished;
  }

  /** What the policy's plans see: every backend, read directly (a policy acts for the gateway, not for a caller). */
  private scope(): PlanScope {
    const { backends, reads } = this.options;
    return { backends, loaders: createLoaders(backends, new Visibility(ANONYMOUS.grants), reads.direct()) };
  }

  private async execute(policy: PolicyRecord, run: PolicyRun, now: Date): Promise<void> {
    const scope = this.scope();
    // What went wrong (the run is then PARTIAL or FAILED), beside what it says in any case (a catch-up).
    const notes: string[] = [];
    const said = run.message;
    const slot = new Date(run.scheduledFor);
    const targets = await this.targetsOf(policy).catch((error: unknown) => {
      notes.push(`its targets could not be listed: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    });
    for (const target of targets) {
      const request = { name: snapshotNameOf(policy, slot), description: `taken by the gateway's policy '${policy.name}'`, includeMemory: policy.includeMemory, quiesce: policy.quiesce, metadata: [] };
      const planned = await planCreateSnapshot(scope, { target, request, idempotent: true });
      if (isRefused(planned)) {
        notes.push(`${target.key}: not taken: ${refusalWords(planned)}`);
        continue;
      }
      // Keyed by policy, slot and target: were a slot ever run twice, the engine would answer the first operation.
      const outcome = await this.options.engine.start(specOf(planned, { idempotencyKey: `policy:${policy.id}:${run.scheduledFor}:${target.backend}:${target.key}`, requestId: null }));
      if ('operation' in outcome) run.taken.push({ operationId: outcome.operation.id, backend: target.backend, key: target.key, snapshotKey: null, status: null });
    }
    const message = () => [said, ...notes].filter((note) => note !== null).join('; ') || null;
    run.message = message();
    await this.options.store.saveRun(run);
    await this.ended(run.taken);
    await this.options.store.saveRun(run);
    await this.prune(policy, run, now, scope, notes);
    run.message = message();
    const all = [...run.taken, ...run.pruned];
    const good = all.filter(didItsPart).length;
    run.status = run.taken.length > 0 && good === all.length && notes.length === 0 ? 'SUCCEEDED' : good > 0 ? 'PARTIAL' : 'FAILED';
    run.finishedAt = new Date().toISOString();
    await this.options.store.saveRun(run);
  }

  /** The VMs and drives a policy snapshots now. */
  private async targetsOf(policy: PolicyRecord): Promise<Named<'VM' | 'Drive'>[]> {
    const { target } = policy;
    const named = (type: 'VM' | 'Drive', backend: string, key: string): Named<'VM' | 'Drive'> => ({
      type,
      backend,
      key,
      id: encodeId(type satisfies NodeType, backend, key),
      field: 'targetId',
    });
    if (target.kind === 'NODE') return [named(target.entity, target.backend, target.key)];
    const connector = this.options.backends.get(target.backend);
    if (!connector) throw new Error(`backend '${target.backend}' is not configured here`);
    const needle = target.nameContains?.toLowerCase() ?? '';
    const vms = (await connector.listVMs()).filter((vm) => vm.name.toLowerCase().includes(needle));
    if (!connector.drives?.driveSnapshots) return vms.map((vm) => named('VM', target.backend, vm.key));
    const drives = await connector.drives.listDrivesOfVMs(vms.map((vm) => vm.key));
    return drives.map((drive) => named('Drive', target.backend, drive.key));
  }

  /** Waits for each operation to end, and notes how it did (and, for a take, the snapshot it made). */
  private async ended(operations: RunOperation[]): Promise<void> {
    await Promise.all(
      operations.map(async (o) => {
        if (o.operationId === null) return;
        const record = await this.options.engine.whenEnded(o.operationId);
        o.status = record?.status ?? 'UNKNOWN';
        o.snapshotKey = record?.status === 'SUCCEEDED' ? record.snapshotKey : null;
      }),
    );
  }

  /**
   * Deletes, of the snapshots the policy's runs took (and that were not pruned yet), those beyond its retention:
   * per target, more than `count` (the newest stay), or older than `maxAgeMs`.
   */
  private async prune(policy: PolicyRecord, run: PolicyRun, now: Date, scope: PlanScope, notes: string[]): Promise<void> {
    const { count, maxAgeMs } = policy.retention;
    const runs = await this.options.store.runs(policy.id, RUNS_KEPT);
    const gone = new Set(runs.flatMap((r) => r.pruned.filter(didItsPart).map((p) => keyOf(p.backend, p.key))));
    // A snapshot's age is from when its run took it (a catch-up takes it later than its slot).
    const takes = runs.flatMap((r) =>
      r.taken.flatMap((t) => (t.snapshotKey && !gone.has(keyOf(t.backend, t.snapshotKey)) ? [{ ...t, snapshotKey: t.snapshotKey, slot: r.scheduledFor, at: r.startedAt }] : [])),
    );
    const byTarget = new Map<string, typeof takes>();
    for (const take of takes) byTarget.set(keyOf(take.backend, take.key), [...(byTarget.get(keyOf(take.backend, take.key)) ?? []), take]);
    const doomed = [...byTarget.values()].flatMap((list) =>
      list
        .sort((a, b) => b.slot.localeCompare(a.slot))
        .filter((take, index) => (count !== null && index >= count) || (maxAgeMs !== null && now.getTime() - Date.parse(take.at) > maxAgeMs)),
    );
    for (const take of doomed) {
      const snapshot: Named<'Snapshot'> = { type: 'Snapshot', backend: take.backend, key: take.snapshotKey, id: encodeId('Snapshot', take.backend, take.snapshotKey), field: 'snapshotId' };
      const planned = await planDeleteSnapshot(scope, { snapshot, includeDescendants: false });
      if (isRefused(planned)) {
        // Gone already (deleted by someone else): nothing to prune, and nothing to keep track of.
        if (planned.refused === 'NOT_FOUND') run.pruned.push({ operationId: null, backend: take.backend, key: take.snapshotKey, snapshotKey: null, status: GONE });
        else notes.push(`${take.snapshotKey}: not pruned: ${refusalWords(planned)}`);
        continue;
      }
      const outcome = await this.options.engine.start(specOf(planned, { idempotencyKey: `policy:${policy.id}:prune:${take.backend}:${take.snapshotKey}`, requestId: null }));
      if ('operation' in outcome) run.pruned.push({ operationId: outcome.operation.id, backend: take.backend, key: take.snapshotKey, snapshotKey: null, status: null });
    }
    await this.options.store.saveRun(run);
    await this.ended(run.pruned.filter((p) => p.status === null));
  }
}
