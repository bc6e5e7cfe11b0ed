// The rules of a policy's definition, checked before it is kept: a name its snapshots can carry, one target that
// exists (a VM or drive, or a filter over a backend), a schedule that fires, and a retention that keeps something.
// A target is checked as a create on it would be (capabilities, the backend's refusals) with the policy's options.
import { randomUUID } from 'node:crypto';
import type { Named, PlanScope } from '../operations/planning/find.js';
import { planCreateSnapshot } from '../operations/planning/createSnapshot.js';
import { invalid, isRefused, type Refused } from '../operations/planning/refused.js';
import { maxAgeMsOf, type PolicyRecord, type PolicyTarget } from './model.js';
import { snapshotNameOf } from './runner.js';
import { scheduleProblem } from './schedule.js';
import { RUNS_KEPT } from './store.js';

/** Snapshot names are `<name>-<yyyymmddhhmm>`: 11 characters leave the 24 Danube allows. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,10}$/;

export interface PolicyDefinition {
  name: string;
  target: { node: Named<'VM' | 'Drive'> } | { filter: { backend: string; nameContains: string | null } };
  schedule: string;
  retention: { count: number | null; maxAgeHours: number | null };
  quiesce: boolean;
  includeMemory: boolean;
  active: boolean;
}

function retentionProblem(retention: PolicyDefinition['retention']): Refused | null {
  const { count, maxAgeHours } = retention;
  if (count === null && maxAgeHours === null) return invalid('input.retention', 'give count, maxAgeHours or both: a policy keeps what one of them allows');
  if (count !== null && (!Number.isInteger(count) || count < 1 || count > RUNS_KEPT)) return invalid('input.retention.count', `must be a whole number from 1 to ${RUNS_KEPT}`);
  if (maxAgeHours !== null && !(maxAgeHours > 0 && maxAgeHours <= 24 * 366)) return invalid('input.retention.maxAgeHours', 'must be more than 0 and at most a year (8784)');
  return null;
}

/** Checks a target as a create on it would be: what it lacks is refused as it would be then. */
async function targetProblem(scope: PlanScope, definition: PolicyDefinition): Promise<Refused | null> {
  if ('filter' in definition.target) {
    return scope.backends.get(definition.target.filter.backend) ? null : invalid('input.targetFilter.backendId', 'no backend has this id');
  }
  const { node } = definition.target;
  const request = { name: snapshotNameOf(definition, new Date()), description: null, includeMemory: definition.includeMemory, quiesce: definition.quiesce, metadata: [] };
  const planned = await planCreateSnapshot(scope, { target: node, request, idempotent: true });
  if (!isRefused(planned)) return null;
  if (planned.refused === 'NOT_FOUND') return invalid(node.field, `no VM or drive has the id '${node.id}'`);
  return planned;
}

/** The policy a definition makes (a new one, or `existing` changed), or why it cannot be kept. */
export async function planPolicy(scope: PlanScope, definition: PolicyDefinition, existing: PolicyRecord | null = null): Promise<PolicyRecord | Refused> {
  if (!NAME.test(definition.name)) return invalid('input.name', 'must be 1 to 11 letters, digits, - or _, starting with a letter or digit (its snapshots are named <name>-<yyyymmddhhmm>)');
  const problem = scheduleProblem(definition.schedule);
  if (problem) return invalid('input.schedule', problem);
  const refused = retentionProblem(definition.retention) ?? (await targetProblem(scope, definition));
  if (refused) return refused;
  const now = new Date().toISOString();
  const target: PolicyTarget =
    'node' in definition.target
      ? { kind: 'NODE', entity: definition.target.node.type, backend: definition.target.node.backend, key: definition.target.node.key }
      : { kind: 'FILTER', backend: definition.target.filter.backend, nameContains: definition.target.filter.nameContains };
  return {
    id: existing?.id ?? randomUUID(),
    name: definition.name,
    target,
    schedule: definition.schedule,
    retention: { count: definition.retention.count, maxAgeMs: maxAgeMsOf(definition.retention.maxAgeHours) },
    quiesce: definition.quiesce,
    includeMemory: definition.includeMemory,
    active: definition.active,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
}
