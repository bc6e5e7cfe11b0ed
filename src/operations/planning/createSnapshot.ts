// Planning a create: the target found, the capabilities its options need, the backend's refusals, and the name free.
import type { Connector, CreateSnapshotRequest } from '../../connectors/connector.js';
import type { VMRecord } from '../../domain/model.js';
import { unsupported } from './capabilities.js';
import { findTarget, type Named, type PlanScope } from './find.js';
import type { OperationPlan } from './plan.js';
import { invalid, isRefused, type Refused } from './refused.js';

interface CreateSnapshotInput {
  target: Named<'VM' | 'Drive'>;
  request: CreateSnapshotRequest;
  /** Whether it carries an idempotency key, whose replay must answer its operation even once the name exists. */
  idempotent: boolean;
}

/**
 * Whether another snapshot of the VM has the name (names are unique per VM on every backend that names them).
 * Advisory only: if the backend cannot be read, its own answer to the create decides.
 */
async function nameTaken(scope: PlanScope, connector: Connector, vm: VMRecord, name: string): Promise<boolean> {
  if (connector.findSnapshot) return connector.findSnapshot({ entity: 'VM', key: vm.key }, name).then((s) => s !== null, () => false);
  return (await scope.loaders.snapshotsOfVM.load(vm).catch(() => [])).some((s) => s.name === name);
}

export async function planCreateSnapshot(scope: PlanScope, input: CreateSnapshotInput): Promise<OperationPlan | Refused> {
  const found = await findTarget(scope, input.target);
  if (isRefused(found)) return found;
  const { connector, record: target } = found;
  const { request } = input;
  const lacking =
    (target.entity === 'Drive' ? unsupported(found, 'driveSnapshots') : null) ??
    (request.includeMemory ? unsupported(found, 'memorySnapshots') : null) ??
    (request.quiesce ? unsupported(found, 'quiesce') : null) ??
    (request.metadata.length > 0 ? unsupported(found, 'metadata') : null);
  if (lacking) return lacking;
  const refused = connector.refuseSnapshotTarget?.(target);
  if (refused) return invalid(input.target.field, refused);
  // The connector names the field relative to the mutation's input.
  const refusal = connector.refuseCreate?.(request, target);
  if (refusal) return invalid(`input.${refusal.field}`, refusal.message);
  // Where snapshots belong to drives, names are unique per drive, not per VM: the backend's answer decides.
  if (target.entity === 'VM' && !found.capabilities.driveSnapshots && !input.idempotent) {
    if (await nameTaken(scope, connector, target, request.name)) {
      return invalid('input.name', `'${request.name}' is taken by another snapshot of this VM`);
    }
  }
  const on = { entity: target.entity, key: target.key };
  return {
    backend: connector.name,
    target: on,
    snapshotKey: null,
    intent: { kind: 'CREATE_SNAPSHOT', target: on, name: request.name },
    action: { kind: 'CREATE_SNAPSHOT', target: on, request },
    request,
  };
}
