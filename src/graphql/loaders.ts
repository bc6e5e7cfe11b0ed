// Per-request dataloaders: every key of a tree level is grouped by backend and fetched with one connector
// call per backend, each backend answering when it comes (through the shared read cache, cache/backendReads.ts, which may answer it); each record fetched
// primes the by-key loaders, so parents and children cost nothing more. Visibility is applied here, after the cache.
// A read that answers in part (PartialFailure) keeps its records: keys of the failed parts fail alone, and a
// whole-backend list carries the failures beside its records.
import DataLoader from 'dataloader';
import type { Visibility } from '../auth/principal.js';
import type { BackendReads } from '../cache/backendReads.js';
import type { Backends } from '../connectors/backends.js';
import type { Connector } from '../connectors/connector.js';
import { BackendFailure, PartialFailure } from '../connectors/errors.js';
import type { DriveRecord, ScheduleRecord, SnapshotRecord, VMRecord } from '../domain/model.js';
import { asError } from '../thrown.js';

interface RecordRef {
  backend: string;
  key: string;
}

/** A whole-backend list: its records, and why the parts missing from it are missing (none when it is whole). */
export interface Listing<T> {
  records: T[];
  failures: readonly BackendFailure[];
}

type AnyRecord = VMRecord | DriveRecord | SnapshotRecord | ScheduleRecord;
type Entity = AnyRecord['entity'];
type RecordOf<E extends Entity> = Extract<AnyRecord, { entity: E }>;

const isEntity = <E extends Entity>(value: unknown, entity: E): value is RecordOf<E> =>
  typeof value === 'object' && value !== null && 'entity' in value && value.entity === entity;

/** The records a partial read got, of the entity the read returns (a connector throws its own records). */
const recordsOf = <E extends Entity>(failure: PartialFailure, entity: E): RecordOf<E>[] =>
  failure.records.filter((record) => isEntity(record, entity));

/** Why a key's answer is missing from a partial read: its part's failure, or, where the read cannot tell, all of them. */
function failureFor(failure: PartialFailure, key: string): BackendFailure | null {
  if (failure.failedKeys) return failure.failedKeys.get(key) ?? null;
  const [first, ...more] = failure.failures;
  if (!first || more.length === 0) return first ?? null;
  const raw = failure.failures.map((f) => f.logged).join('; ');
  return new BackendFailure(failure.backend, failure.message, first.code, { backendCode: first.backendCode, httpStatus: first.httpStatus, raw });
}

/**
 * Keys grouped by backend: the keys of one backend asked in the same tick go out in one call, and each backend's
 * answer is handed out when it comes, so a slow backend holds back no other (nor their next tree level, nor a
 * deferred part).
 */
class BackendLoader<V> {
  private readonly loaders = new Map<string, DataLoader<string, V>>();

  constructor(private readonly batch: (backend: string, keys: readonly string[]) => Promise<(V | Error)[]>) {}

  private of(backend: string): DataLoader<string, V> {
    let loader = this.loaders.get(backend);
    if (!loader) this.loaders.set(backend, (loader = new DataLoader((keys) => this.batch(backend, keys))));
    return loader;
  }

  load(ref: RecordRef): Promise<V> {
    return this.of(ref.backend).load(ref.key);
  }

  /** Like DataLoader's: each ref's value or its error, in order. */
  loadMany(refs: readonly RecordRef[]): Promise<(V | Error)[]> {
    return Promise.all(refs.map((ref) => this.load(ref).catch(asError)));
  }

  prime(ref: RecordRef, value: V): void {
    this.of(ref.backend).prime(ref.key, value);
  }
}

/**
 * A loader that asks each backend once per tick for its keys; a failing backend fails only its own refs, and a
 * partial answer (`partly`) fails only the refs of its failed parts.
 */
function groupedLoader<V>(
  backends: Backends,
  fetch: (connector: Connector, keys: string[]) => Promise<V[]>,
  partly: (connector: Connector, keys: string[], failure: PartialFailure) => (V | Error)[],
  unknownBackend: (ref: RecordRef) => V | Error,
): BackendLoader<V> {
  return new BackendLoader<V>(async (name, asked) => {
    const keys = [...asked];
    const connector = backends.get(name);
    if (!connector) return keys.map((key) => unknownBackend({ backend: name, key }));
    let values: (V | Error)[];
    try {
      values = await fetch(connector, keys);
    } catch (error) {
      const failure = asError(error);
      values = failure instanceof PartialFailure ? partly(connector, keys, failure) : keys.map(() => failure);
    }
    return keys.map((_, i) => {
      const value = values[i];
      // null is an answer (no such record); only a missing slot is not.
      return value === undefined ? new BackendFailure(name, 'answer is missing a result', 'BAD_RESPONSE') : value;
    });
  });
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
 * The loaders over the backends a request may see; where its grants stop at namespaces, records outside them are
 * dropped from every list and answer null by key, exactly as if they did not exist.
 */
function buildLoaders(backends: Backends, visibility: Visibility, reads: BackendReads) {
  const keep = <T extends { key: string }>(connector: Connector, records: T[]): T[] =>
    visibility.unrestricted ? records : records.filter((record) => visibility.sees(connector, record.key));
  const byKeys = <T extends { key: string }>(connector: Connector, records: (T | null)[]): (T | null)[] =>
    visibility.unrestricted ? records : records.map((record) => (record && visibility.sees(connector, record.key) ? record : null));

  /** Records by key; where the read answered in part, a key it did not find fails with its part's failure. */
  const byKeyLoader = <E extends Entity>(entity: E, get: (c: Connector, keys: string[]) => Promise<(RecordOf<E> | null)[]>) =>
    groupedLoader<RecordOf<E> | null>(
      backends,
      async (c, keys) => byKeys(c, await get(c, keys)),
      (c, keys, failure) => {
        const found = new Map(recordsOf(failure, entity).map((record) => [record.key, record]));
        return keys.map((key) => {
          const record = found.get(key);
          if (record) return byKeys(c, [record])[0] ?? null;
          return failureFor(failure, key) ?? null;
        });
      },
      () => null,
    );

  const vm = byKeyLoader('VM', (c, keys) => reads.getVMs(c, keys));
  // A backend without drives (or schedules) has none: every key answers null, every list is empty.
  const drive = byKeyLoader('Drive', (c, keys) => reads.getDrives(c, keys));
  const snapshot = byKeyLoader('Snapshot', (c, keys) => reads.getSnapshots(c, keys));
  const schedule = byKeyLoader('SnapshotSchedule', (c, keys) => reads.getSchedules(c, keys));

  const prime = <T extends RecordRef>(loader: BackendLoader<T | null>, records: readonly T[]): void => {
    for (const record of records) loader.prime(record, record);
  };

  const noBackend = (ref: RecordRef) => new BackendFailure(ref.backend, `no backend is named '${ref.backend}'`, 'NOT_FOUND');

  /** One whole-backend list per backend name, whole or in part; the records prime `byKey`. */
  const perBackend = <E extends Entity>(
    entity: E,
    list: (connector: Connector) => Promise<RecordOf<E>[]>,
    byKey: BackendLoader<RecordOf<E> | null>,
  ) =>
    // One key per backend: nothing to batch, and each answers when it comes.
    new DataLoader<string, Listing<RecordOf<E>>>(
      async ([name = '']) => {
        const connector = backends.get(name);
        if (!connector) return [new BackendFailure(name, `no backend is named '${name}'`, 'NOT_FOUND')];
        const listing = (records: RecordOf<E>[], failures: readonly BackendFailure[]): Listing<RecordOf<E>> => {
          const kept = keep(connector, records);
          prime(byKey, kept);
          return { records: kept, failures };
        };
        try {
          return [listing(await list(connector), [])];
        } catch (error) {
          if (error instanceof PartialFailure) return [listing(recordsOf(error, entity), error.failures)];
          return [asError(error)];
        }
      },
      { batch: false },
    );

  const vmsOfBackend = perBackend('VM', (c) => reads.listVMs(c), vm);
  const drivesOfBackend = perBackend('Drive', (c) => reads.listDrives(c), drive);
  // Asked only of backends that list every snapshot at once (listSnapshots); see snapshotsOfBackend.
  const everySnapshotOf = perBackend('Snapshot', (c) => reads.listSnapshots(c), snapshot);

  /**
   * The records under many parents of one backend in one call, split per parent; each primes `byKey`. Where the
   * read answered in part, the parents of its failed parts fail and the others get their records.
   */
  const childrenOf = <E extends Entity>(
    entity: E,
    list: (connector: Connector, parentKeys: string[]) => Promise<RecordOf<E>[]>,
    parentOf: (record: RecordOf<E>) => string | null,
    byKey: BackendLoader<RecordOf<E> | null>,
  ) => {
    const split = (c: Connector, keys: string[], records: RecordOf<E>[]): RecordOf<E>[][] => {
      const kept = keep(c, records);
      prime(byKey, kept);
      return groupBy(keys, kept, parentOf);
    };
    return groupedLoader<RecordOf<E>[]>(
      backends,
      async (c, keys) => split(c, keys, await list(c, keys)),
      (c, keys, failure) => {
        const groups = split(c, keys, recordsOf(failure, entity));
        return keys.map((key, i) => failureFor(failure, key) ?? groups[i] ?? []);
      },
      noBackend,
    );
  };

  /**
   * A backend that lists every snapshot at once answers its VMs' snapshots from that listing, which the VM listing
   * can send beside itself (prefetchSnapshots); where the listing answered in part, the per-VM read tells which VMs
   * failed.
   */
  const snapshotsOfVMs = async (c: Connector, keys: string[]): Promise<SnapshotRecord[]> => {
    if (c.listSnapshots) {
      const every = await everySnapshotOf.load(c.name);
      const wanted = new Set(keys);
      if (every.failures.length === 0) return every.records.filter((s) => s.vmKey !== null && wanted.has(s.vmKey));
    }
    return reads.listSnapshotsOfVMs(c, keys);
  };
  const snapshotsOfVM = childrenOf('Snapshot', snapshotsOfVMs, (s) => s.vmKey, snapshot);
  const snapshotsOfDrive = childrenOf('Snapshot', (c, keys) => reads.listSnapshotsOfDrives(c, keys), (s) => s.driveKey, snapshot);
  const drivesOfVM = childrenOf('Drive', (c, keys) => reads.listDrivesOfVMs(c, keys), (d) => d.vmKey, drive);

  // A key here is 'vm:<key>' or 'drive:<key>', so VMs and drives of one backend share one call.
  const ownerKey = (k: string): string => (k.startsWith('vm:') ? k.slice(3) : k.slice(6));
  const schedulesByOwner = (c: Connector, keys: string[], records: ScheduleRecord[]): ScheduleRecord[][] => {
    const schedules = keep(c, records);
    prime(schedule, schedules);
    return keys.map((k) => schedules.filter((s) => (k.startsWith('vm:') ? `vm:${s.vmKey}` === k : `drive:${s.driveKey}` === k)));
  };
  const schedulesOf = groupedLoader<ScheduleRecord[]>(
    backends,
    async (c, keys) => {
      if (!c.schedules) return keys.map(() => []);
      const vmKeys = keys.filter((k) => k.startsWith('vm:')).map(ownerKey);
      const driveKeys = keys.filter((k) => k.startsWith('drive:')).map(ownerKey);
      return schedulesByOwner(c, keys, await reads.listSchedules(c, { vmKeys, driveKeys }));
    },
    (c, keys, failure) => {
      const groups = schedulesByOwner(c, keys, recordsOf(failure, 'SnapshotSchedule'));
      return keys.map((key, i) => failureFor(failure, ownerKey(key)) ?? groups[i] ?? []);
    },
    noBackend,
  );

  /** The children of many parents as one list; a failure once however many parents it failed (one call fails them alike). */
  const settledChildren = <T>(values: (T[] | Error)[]): Listing<T> => {
    const failures = new Set<BackendFailure>();
    const records: T[] = [];
    for (const value of values) {
      if (value instanceof BackendFailure) failures.add(value);
      else if (value instanceof Error) throw value;
      else records.push(...value);
    }
    return { records, failures: [...failures] };
  };

  async function snapshotsOfBackend(connector: Connector): Promise<Listing<SnapshotRecord>> {
    if (connector.listSnapshots) return everySnapshotOf.load(connector.name);
    const vms = await vmsOfBackend.load(connector.name);
    const ofVMs = settledChildren(await snapshotsOfVM.loadMany(vms.records));
    const parts = [vms.failures, ofVMs.failures];
    let records = ofVMs.records;
    if (connector.drives?.driveSnapshots) {
      const drives = await drivesOfBackend.load(connector.name);
      const ofDrives = settledChildren(await snapshotsOfDrive.loadMany(drives.records));
      records = [...new Map([...records, ...ofDrives.records].map((s) => [s.key, s])).values()];
      parts.push(drives.failures, ofDrives.failures);
    }
    return { records, failures: [...new Set(parts.flat())] };
  }

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
    snapshotsOfBackend,
    prefetchSnapshots(connector: Connector): void {
      if (connector.listSnapshots) everySnapshotOf.load(connector.name).catch(() => undefined);
    },
    async drivesOf(record: VMRecord): Promise<DriveRecord[]> {
      const connector = backends.get(record.backend);
      if (record.drives && connector) {
        const drives = keep(connector, record.drives);
        prime(drive, drives);
        return drives;
      }
      return drivesOfVM.load(record);
    },
    async snapshotsOfDriveRecord(record: DriveRecord): Promise<SnapshotRecord[]> {
      const connector = backends.get(record.backend);
      if (connector?.drives?.driveSnapshots) return snapshotsOfDrive.load(record);
      if (record.vmKey === null) return [];
      const ofVM = await snapshotsOfVM.load({ backend: record.backend, key: record.vmKey });
      return ofVM.filter((s) => s.hasDisk && (s.driveKey === null || s.driveKey === record.key));
    },
    async familyOf(record: SnapshotRecord): Promise<SnapshotRecord[]> {
      if (record.vmKey !== null) return snapshotsOfVM.load({ backend: record.backend, key: record.vmKey });
      if (record.driveKey !== null) return snapshotsOfDrive.load({ backend: record.backend, key: record.driveKey });
      return [record];
    },
  };
}

type Built = ReturnType<typeof buildLoaders>;

/**
 * A request's loaders, built on first use: a context that reads nothing (a subscriber whose group's events run in
 * another subscriber's context, a mutation refused before it reads) costs a few pointers rather than some forty
 * closures and a dozen maps.
 */
export class Loaders {
  private built: Built | null = null;
  private ownReads: BackendReads | null = null;

  constructor(
    private readonly backends: Backends,
    private readonly visibility: Visibility,
    private readonly openReads: () => BackendReads,
  ) {}

  /** The request's backend reads (how old its answers are). */
  get reads(): BackendReads {
    return (this.ownReads ??= this.openReads());
  }

  get vm(): Built['vm'] {
    return this.all.vm;
  }
  get drive(): Built['drive'] {
    return this.all.drive;
  }
  get snapshot(): Built['snapshot'] {
    return this.all.snapshot;
  }
  get schedule(): Built['schedule'] {
    return this.all.schedule;
  }
  get vmsOfBackend(): Built['vmsOfBackend'] {
    return this.all.vmsOfBackend;
  }
  get drivesOfBackend(): Built['drivesOfBackend'] {
    return this.all.drivesOfBackend;
  }
  get drivesOfVM(): Built['drivesOfVM'] {
    return this.all.drivesOfVM;
  }
  get snapshotsOfVM(): Built['snapshotsOfVM'] {
    return this.all.snapshotsOfVM;
  }
  get snapshotsOfDrive(): Built['snapshotsOfDrive'] {
    return this.all.snapshotsOfDrive;
  }
  get schedulesOf(): Built['schedulesOf'] {
    return this.all.schedulesOf;
  }

  /**
   * Every snapshot of one backend: its own list where it has one (snapshots whose VM is gone are in it), else those
   * of its VMs, and of its drives where snapshots belong to drives; the parts that failed are in `failures`.
   */
  snapshotsOfBackend(connector: Connector): Promise<Listing<SnapshotRecord>> {
    return this.all.snapshotsOfBackend(connector);
  }
  /** Starts the read its VMs' snapshots will come from, where that is one listing of the whole backend. */
  prefetchSnapshots(connector: Connector): void {
    this.all.prefetchSnapshots(connector);
  }
  /** Drives of a VM: those its record carries, else one grouped call. */
  drivesOf(record: VMRecord): Promise<DriveRecord[]> {
    return this.all.drivesOf(record);
  }
  /** Snapshots of a drive; where snapshots are whole-VM, those of its VM that include the disks. */
  snapshotsOfDriveRecord(record: DriveRecord): Promise<SnapshotRecord[]> {
    return this.all.snapshotsOfDriveRecord(record);
  }
  /** The snapshots that share a tree with this one (its VM's, else its drive's). */
  familyOf(record: SnapshotRecord): Promise<SnapshotRecord[]> {
    return this.all.familyOf(record);
  }

  private get all(): Built {
    return (this.built ??= buildLoaders(this.backends, this.visibility, this.reads));
  }
}

/** Loaders over `reads`, or over the reads `reads()` opens when the first one is used. */
export const createLoaders = (backends: Backends, visibility: Visibility, reads: BackendReads | (() => BackendReads)): Loaders =>
  new Loaders(backends, visibility, typeof reads === 'function' ? reads : () => reads);
