// A bulk delete planned as snapshot chains need it: with every descendant where asked; each VM's (or drive's)
// deletions in one order, leaves first and newest first, run one after another (deleting a qcow2 snapshot merges
// its delta, and a VM takes one such job at a time); what each is deleted because of; the current snapshot flagged;
// one the backend would refuse, and every snapshot above it in the plan, refused before anything is sent.
import { randomUUID } from 'node:crypto';
import { BackendFailure } from '../../connectors/errors.js';
import type { SnapshotRecord } from '../../domain/model.js';
import type { DeleteBatch } from '../action.js';
import { findSnapshot, type Found, type Named, type PlanScope } from './find.js';
import { onSnapshot, type OperationPlan } from './plan.js';
import { backendFailed, isRefused, type Refused } from './refused.js';

export interface PlannedDeletion {
  found: Found<SnapshotRecord>;
  /** The snapshot given whose descendant this is; null for one given itself. */
  because: SnapshotRecord | null;
  /** Its place among the ids given; null for a descendant. */
  given: number | null;
  /** Its chain (one per backend and VM, or drive): a chain's deletions run one after another, in step order. */
  chain: string;
  /** 1 first; the members of one backend request share a step. */
  step: number;
  /** Why nothing is sent for it: the backend's refusal, or that of a snapshot under it; null when it goes ahead. */
  refusal: string | null;
  /** The plan's deletions under it, which must have succeeded before it is sent. */
  under: PlannedDeletion[];
  /** What the engine runs, where it goes ahead. */
  plan: OperationPlan;
}

interface DeletionPlan {
  /** Ids that name nothing deletable (not found, a read failed), by their place among those given. */
  refused: Map<number, Refused>;
  /** Every deletion: those given in the order given, then the descendants they bring, in the order they run. */
  deletions: PlannedDeletion[];
}

const idOf = (record: SnapshotRecord): string => `${record.backend}\u0000${record.key}`;
const chainOf = (record: SnapshotRecord): string => `${record.backend}\u0000${record.vmKey ?? record.driveKey ?? record.key}`;

/** The snapshots under `root` in its VM's tree, nearest first. */
function descendantsOf(root: SnapshotRecord, tree: readonly SnapshotRecord[]): SnapshotRecord[] {
  const found: SnapshotRecord[] = [];
  const seen = new Set([root.key]);
  for (let level = [root.key]; level.length > 0; ) {
    const next = tree.filter((s) => s.parentKey !== null && level.includes(s.parentKey) && !seen.has(s.key));
    for (const s of next) seen.add(s.key);
    found.push(...next);
    level = next.map((s) => s.key);
  }
  return found;
}

/** How far below a root a snapshot sits in its tree (0 where the backend keeps no tree). */
function depthIn(record: SnapshotRecord, tree: readonly SnapshotRecord[]): number {
  const byKey = new Map(tree.map((s) => [s.key, s]));
  let depth = 0;
  for (let at = record.parentKey; at !== null && depth <= tree.length; depth++) at = byKey.get(at)?.parentKey ?? null;
  return depth;
}

const deletePlanOf = (found: Found<SnapshotRecord>, batch: DeleteBatch | null): OperationPlan =>
  onSnapshot(found, {
    intent: { kind: 'DELETE_SNAPSHOT', snapshotKey: found.record.key },
    action: { kind: 'DELETE_SNAPSHOT', snapshotKey: found.record.key, batch, descendants: false },
    request: null,
  });

/** Deeper first (every child before its parent), then newest first. */
const runOrder = (tree: readonly SnapshotRecord[]) => (a: SnapshotRecord, b: SnapshotRecord): number =>
  depthIn(b, tree) - depthIn(a, tree) || (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0);

export async function planDeletions(scope: PlanScope, snapshots: readonly Named<'Snapshot'>[], includeDescendants: boolean): Promise<DeletionPlan> {
  const found = await Promise.all(snapshots.map((snapshot) => findSnapshot(scope, snapshot)));
  const refused = new Map<number, Refused>();
  // Each VM's tree, read once through the request's loaders.
  const trees = new Map<string, Promise<SnapshotRecord[] | BackendFailure>>();
  const treeOf = (item: Found<SnapshotRecord>): Promise<SnapshotRecord[] | BackendFailure> => {
    const { record } = item;
    if (record.vmKey === null || !item.capabilities.snapshotTree) return Promise.resolve([]);
    const key = chainOf(record);
    let tree = trees.get(key);
    if (!tree) {
      tree = scope.loaders.snapshotsOfVM.load({ backend: record.backend, key: record.vmKey }).catch((error: unknown) => {
        if (error instanceof BackendFailure) return error;
        throw error;
      });
      trees.set(key, tree);
    }
    return tree;
  };

  // Every VM's tree at once (one read each), before the deletions are put in order.
  const treesOf = await Promise.all(found.map((item) => (isRefused(item) ? null : treeOf(item))));
  const deletions = new Map<string, Omit<PlannedDeletion, 'step' | 'refusal' | 'under' | 'plan'> & { tree: SnapshotRecord[] }>();
  for (const [index, item] of found.entries()) {
    if (isRefused(item)) {
      refused.set(index, item);
      continue;
    }
    // Read for every item that is not refused.
    const tree = treesOf[index] ?? [];
    if (tree instanceof BackendFailure) {
      refused.set(index, backendFailed(item.connector, tree));
      continue;
    }
    const id = idOf(item.record);
    // Given twice over (as itself and as a descendant of another given one): it was given.
    deletions.set(id, { found: item, because: null, given: index, chain: chainOf(item.record), tree });
  }
  if (includeDescendants) {
    for (const given of [...deletions.values()]) {
      for (const record of descendantsOf(given.found.record, given.tree)) {
        if (!deletions.has(idOf(record))) deletions.set(idOf(record), { found: { ...given.found, record }, because: given.found.record, given: null, chain: given.chain, tree: given.tree });
      }
    }
  }

  const listed = [...deletions.values()];
  // Each chain's deletions leaves first, newest first. On a backend that deletes many in one request, the snapshots
  // of one level (none above another) are one step, sent together; elsewhere each is a step of its own.
  const chains = new Map<string, typeof listed>();
  for (const d of listed) chains.set(d.chain, [...(chains.get(d.chain) ?? []), d]);
  const planned = new Map<string, PlannedDeletion>();
  const ordered: PlannedDeletion[] = [];
  for (const chain of chains.values()) {
    const tree = chain[0]?.tree ?? [];
    const levels = [...new Set(chain.map((d) => depthIn(d.found.record, tree)))].sort((a, b) => b - a);
    for (const [position, d] of chain.sort((a, b) => runOrder(tree)(a.found.record, b.found.record)).entries()) {
      const { record, connector } = d.found;
      const under = descendantsOf(record, tree).flatMap((s) => planned.get(idOf(s)) ?? []);
      const blocked = under.find((u) => u.refusal !== null);
      const refusal = connector.refuseDelete?.(record) ?? (blocked ? `not deleted: '${blocked.found.record.name}' under it cannot be deleted (${blocked.refusal})` : null);
      const step = connector.bulkDelete ? levels.indexOf(depthIn(record, tree)) + 1 : position + 1;
      const deletion: PlannedDeletion = { found: d.found, because: d.because, given: d.given, chain: d.chain, step, refusal, under, plan: deletePlanOf(d.found, null) };
      planned.set(idOf(record), deletion);
      ordered.push(deletion);
    }
  }
  // One request per backend and step for what goes ahead (the connector splits it per VM or disk as its API needs).
  const batches = new Map<string, PlannedDeletion[]>();
  for (const d of ordered) {
    if (d.refusal !== null || d.found.connector.bulkDelete === undefined) continue;
    const key = `${d.found.connector.name}\u0000${d.step}`;
    batches.set(key, [...(batches.get(key) ?? []), d]);
  }
  for (const members of batches.values()) {
    if (members.length < 2) continue;
    const batch: DeleteBatch = { id: randomUUID(), snapshotKeys: members.map((d) => d.found.record.key) };
    for (const d of members) d.plan = deletePlanOf(d.found, batch);
  }
  const byGiven = ordered.filter((d) => d.given !== null).sort((a, b) => (a.given ?? 0) - (b.given ?? 0));
  return { refused, deletions: [...byGiven, ...ordered.filter((d) => d.given === null)] };
}
