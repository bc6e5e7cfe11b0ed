// Per-request dataloaders: every key of a tree level is grouped by backend and fetched with one connector
// call per backend; each record fetched primes the by-key loaders, so parents and children cost nothing more.
import DataLoader from 'dataloader';
import type { Visibility } from '../auth/principal.js';
import type { Backends } from '../connectors/backends.js';
import type { Connector } from '../connectors/connector.js';
import { BackendFailure } from '../connectors/errors.js';
import type { DriveRecord, ScheduleRecord, SnapshotRecord, VMRecord } from '../domain/model.js';

export interface RecordRef {
  backend: string;
  key: string;
}

const cacheKeyFn = (ref: RecordRef): string => `${ref.backend}\u0000${ref.key}`;

/** A loader that groups refs by backend and asks each backend once; a failing backend fails only its own refs. */
function groupedLoader<V>(
  backends: Backends,
  fetch: (connector: Connector, keys: string[]) => Promise<V[]>,
  unknownBackend: (ref: RecordRef) => V | Error,
): DataLoader<RecordRef, V, string> {
  return new DataLoader<RecordRef, V, string>(
    async (refs) => {
      const results: (V | Error)[] = new Array<V | Error>(refs.length);
      const groups = new Map<string, number[]>();
      refs.forEach((ref, index) => {
        const slots = groups.get(ref.backend) ?? [];
        slots.push(index);
        groups.set(ref.backend, slots);
      });
      await Promise.all(
        [...groups].map(async ([name, slots]) => {
          const connector = backends.get(name);
          if (!connector) {
            for (const slot of slots) results[slot] = unknownBackend(refs[slot] ?? { backend: name, key: '' });
            return;
          }
          try {
            const values = await fetch(connector, slots.map((slot) => refs[slot]?.key ?? ''));
            slots.forEach((slot, i) => {
              const value = values[i];
              results[slot] = value === undefined ? new BackendFailure(name, 'answer is missing a result', 'BAD_RESPONSE') : value;
            });
          } catch (error) {
            const failure = error instanceof Error ? error : new Error(String(error));
            for (const slot of slots) results[slot] = failure;
          }
        }),
      );
      return results;
    },
    { cacheKeyFn },
  );
}

/** Splits a flat list into one list per key, in key order. */
function groupBy<T>(keys: readonly string[], items: readonly T[], keyOf: (item: T) => string | null): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) groups.get(key)?.push(item);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * The request's loaders over the backends it may see; where its grants stop at namespaces, records outside them
 * are dropped from every list and answer null by key, exactly as if they did not exist.
 */
export function createLoaders(backends: Backends, visibility: Visibility) {
  const keep = <T extends { key: string }>(connector: Connector, records: T[]): T[] =>
    visibility.unrestricted ? records : records.filter((record) => visibility.sees(connector, record.key));
  const byKeys = <T extends { key: string }>(connector: Connector, records: (T | null)[]): (T | null)[] =>
    visibility.unrestricted ? records : records.map((record) => (record && visibility.sees(connector, record.key) ? record : null));

  const vm = groupedLoader<VMRecord | null>(backends, async (c, keys) => byKeys(c, await c.getVMs(keys)), () => null);
  const drive = groupedLoader<DriveRecord | null>(backends, async (c, keys) => byKeys(c, await c.getDrives(keys)), () => null);
  const snapshot = groupedLoader<SnapshotRecord | null>(backends, async (c, keys) => byKeys(c, await c.getSnapshots(keys)), () => null);
  const schedule = groupedLoader<ScheduleRecord | null>(
    backends,
    async (c, keys) => (c.getSchedules ? byKeys(c, await c.getSchedules(keys)) : keys.map(() => null)),
    () => null,
  );

  const prime = <T extends RecordRef>(loader: DataLoader<RecordRef, T | null, string>, records: readonly T[]): void => {
    for (const record of records) loader.prime(record, record);
  };

  const noBackend = (ref: RecordRef) => new BackendFailure(ref.backend, `no backend is named '${ref.backend}'`, 'NOT_FOUND');

  /** One whole-backend list per backend name; the records prime `byKey`. */
  const perBackend = <T extends RecordRef>(
    list: (connector: Connector) => Promise<T[]>,
    byKey: DataLoader<RecordRef, T | null, string>,
  ) =>
    new DataLoader<string, T[]>(async (names) =>
      Promise.all(
        names.map(async (name) => {
          const connector = backends.get(name);
          if (!connector) return new BackendFailure(name, `no backend is named '${name}'`, 'NOT_FOUND');
          try {
            const records = keep(connector, await list(connector));
            prime(byKey, records);
            return records;
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        }),
      ),
    );

  const vmsOfBackend = perBackend((c) => c.listVMs(), vm);
  const drivesOfBackend = perBackend((c) => c.listDrives(), drive);

  /** The records under many parents of one backend in one call, split per parent; each primes `byKey`. */
  const childrenOf = <T extends RecordRef>(
    list: (connector: Connector, parentKeys: string[]) => Promise<T[]>,
    parentOf: (record: T) => string | null,
    byKey: DataLoader<RecordRef, T | null, string>,
  ) =>
    groupedLoader<T[]>(
      backends,
      async (c, keys) => {
        const records = keep(c, await list(c, keys));
        prime(byKey, records);
        return groupBy(keys, records, parentOf);
      },
      noBackend,
    );

  const snapshotsOfVM = childrenOf((c, keys) => c.listSnapshotsOfVMs(keys), (s) => s.vmKey, snapshot);
  const snapshotsOfDrive = childrenOf((c, keys) => c.listSnapshotsOfDrives(keys), (s) => s.driveKey, snapshot);
  const drivesOfVM = childrenOf((c, keys) => c.listDrivesOfVMs(keys), (d) => d.vmKey, drive);

  const schedulesOf = groupedLoader<ScheduleRecord[]>(
    backends,
    async (c, keys) => {
      if (!c.listSchedules) return keys.map(() => []);
      // A key here is 'vm:<key>' or 'drive:<key>', so VMs and drives of one backend share one call.
      const vmKeys = keys.filter((k) => k.startsWith('vm:')).map((k) => k.slice(3));
      const driveKeys = keys.filter((k) => k.startsWith('drive:')).map((k) => k.slice(6));
      const schedules = keep(c, await c.listSchedules({ vmKeys, driveKeys }));
      prime(schedule, schedules);
      return keys.map((k) =>
        schedules.filter((s) => (k.startsWith('vm:') ? `vm:${s.vmKey}` === k : `drive:${s.driveKey}` === k)),
      );
    },
    noBackend,
  );

  return {
    vm,
    drive,
    snapshot,
    schedule,
    vmsOfBackend,
    drivesOfBackend,
    drivesOfVM,
    snapshotsOfVM,
    snapshotsOfDrive,
    schedulesOf,
    /** Drives of a VM: those its record carries, else one grouped call. */
    async drivesOf(record: VMRecord): Promise<DriveRecord[]> {
      const connector = backends.get(record.backend);
      if (record.drives && connector) {
        const drives = keep(connector, record.drives);
        prime(drive, drives);
        return drives;
      }
      return drivesOfVM.load(record);
    },
    /** Snapshots of a drive; where snapshots are whole-VM, those of its VM that include the disks. */
    async snapshotsOfDriveRecord(record: DriveRecord): Promise<SnapshotRecord[]> {
      const connector = backends.get(record.backend);
      if (connector?.capabilities.driveSnapshots) return snapshotsOfDrive.load(record);
      if (record.vmKey === null) return [];
      const ofVM = await snapshotsOfVM.load({ backend: record.backend, key: record.vmKey });
      return ofVM.filter((s) => s.hasDisk && (s.driveKey === null || s.driveKey === record.key));
    },
    /** The snapshots that share a tree with this one (its VM's, else its drive's). */
    async familyOf(record: SnapshotRecord): Promise<SnapshotRecord[]> {
      if (record.vmKey !== null) return snapshotsOfVM.load({ backend: record.backend, key: record.vmKey });
      if (record.driveKey !== null) return snapshotsOfDrive.load({ backend: record.backend, key: record.driveKey });
      return [record];
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
