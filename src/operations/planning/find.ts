// Finding what a request names, through the request's own reads: the record, its backend, and what that backend
// can do for it. The reads are a port: a request's dataloaders fit it as they are.
import type { Backends } from '../../connectors/backends.js';
import { capabilitiesOf } from '../../connectors/capabilities.js';
import type { Connector } from '../../connectors/connector.js';
import { BackendFailure } from '../../connectors/errors.js';
import type { Capabilities, DriveRecord, ScheduleRecord, SnapshotRecord, VMRecord } from '../../domain/model.js';
import { unsupported, type Acting } from './capabilities.js';
import { backendFailed, notFound, type Refused } from './refused.js';

interface RecordRef {
  backend: string;
  key: string;
}

/** A read by backend and key. */
interface Reader<T> {
  load(ref: RecordRef): Promise<T>;
}

/** The reads a plan makes; a request's loaders (graphql/loaders.ts) are one, so a plan shares the request's cache. */
interface PlanReads {
  vm: Reader<VMRecord | null>;
  drive: Reader<DriveRecord | null>;
  snapshot: Reader<SnapshotRecord | null>;
  schedule: Reader<ScheduleRecord | null>;
  snapshotsOfVM: Reader<SnapshotRecord[]>;
}

/** Where a plan looks: the backends the caller may act on, and the reads over what it may see. */
export interface PlanScope {
  backends: Backends;
  loaders: PlanReads;
}

/** An id of the request, decoded: what it names (type, backend, key), the id as given, and the input field it came in. */
export interface Named<T extends string> extends RecordRef {
  type: T;
  id: string;
  field: string;
}

export interface Found<R> extends Acting {
  record: R;
}

type Loadable = VMRecord | DriveRecord | SnapshotRecord;

async function find<R extends Loadable>(
  scope: PlanScope,
  named: Named<string>,
  load: (ref: RecordRef) => Promise<R | null>,
): Promise<Found<R> | Refused> {
  const connector = scope.backends.get(named.backend);
  if (!connector) return notFound(named);
  try {
    const record = await load({ backend: named.backend, key: named.key });
    if (!record) return notFound(named);
    return { connector, record, capabilities: await capabilitiesAt(scope, connector, record) };
  } catch (error) {
    if (error instanceof BackendFailure) return backendFailed(connector, error);
    throw error;
  }
}

/** The VM a record points at by key, on the record's own backend. */
export const vmAt = (scope: PlanScope, record: { backend: string; vmKey: string | null }): Promise<VMRecord | null> | null =>
  record.vmKey === null ? null : scope.loaders.vm.load({ backend: record.backend, key: record.vmKey });

/** The capabilities that apply to a record: those of its VM where the backend says they differ by VM. */
async function capabilitiesAt(scope: PlanScope, connector: Connector, record: Loadable): Promise<Capabilities> {
  if (!connector.lacksFor) return capabilitiesOf(connector);
  return capabilitiesOf(connector, record.entity === 'VM' ? record : await vmAt(scope, record));
}

export const findSnapshot = (scope: PlanScope, named: Named<'Snapshot'>) =>
  find<SnapshotRecord>(scope, named, (ref) => scope.loaders.snapshot.load(ref));

export const findTarget = (scope: PlanScope, named: Named<'VM' | 'Drive'>) =>
  find<VMRecord | DriveRecord>(scope, named, (ref) => (named.type === 'VM' ? scope.loaders.vm.load(ref) : scope.loaders.drive.load(ref)));

/** The schedule an id names, on a backend that has schedules. */
export async function findSchedule(
  scope: PlanScope,
  named: Named<'SnapshotSchedule'>,
): Promise<{ connector: Connector; schedule: ScheduleRecord } | Refused> {
  const connector = scope.backends.get(named.backend);
  if (!connector) return notFound(named);
  const lacking = unsupported({ connector, capabilities: capabilitiesOf(connector) }, 'schedules');
  if (lacking) return lacking;
  try {
    const schedule = await scope.loaders.schedule.load({ backend: named.backend, key: named.key });
    return schedule ? { connector, schedule } : notFound(named);
  } catch (error) {
    if (error instanceof BackendFailure) return backendFailed(connector, error);
    throw error;
  }
}
