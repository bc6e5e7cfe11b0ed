// What the request loaders read from the backends: through the shared read cache, each backend with its freshness
// window, or straight from the backend (mutations plan on what is there now). A read of many keys loads only those
// the cache cannot answer, in one call; a read that answers in part keeps its records and is not kept itself.
import type { Connector } from '../connectors/connector.js';
import { PartialFailure } from '../connectors/errors.js';
import type { DriveRecord, ScheduleRecord, SnapshotRecord, VMRecord } from '../domain/model.js';
import { z } from 'zod';
import { ReadCache, type Answers, type SharedTier, type Shelf } from './readCache.js';
import { driveSchema, scheduleSchema, snapshotSchema, vmSchema } from './recordSchemas.js';
import { ResponseCache } from './responses.js';

export interface CacheSettings {
  /** How long an answer is fresh, per backend (0: not cached); `defaultFreshMs` for those not named. */
  freshMs: ReadonlyMap<string, number>;
  defaultFreshMs: number;
  /** What the cache may hold, in bytes (about: an answer counts as twice its JSON). */
  maxBytes: number;
}

export const DEFAULT_CACHE = { defaultFreshMs: 2_000, maxBytes: 64 * 1024 * 1024 } as const;

/** The process's cache of backend reads, one shelf per kind of read. */
export class SharedReads {
  readonly cache: ReadCache;
  /** Whole query answers (a quarter of the byte budget), emptied with the read cache. */
  readonly responses: ResponseCache;
  readonly vms: Shelf<VMRecord[]>;
  readonly vm: Shelf<VMRecord | null>;
  readonly snapshotsOfVM: Shelf<SnapshotRecord[]>;
  readonly snapshot: Shelf<SnapshotRecord | null>;
  readonly everySnapshot: Shelf<SnapshotRecord[]>;
  readonly drives: Shelf<DriveRecord[]>;
  readonly drive: Shelf<DriveRecord | null>;
  readonly drivesOfVM: Shelf<DriveRecord[]>;
  readonly snapshotsOfDrive: Shelf<SnapshotRecord[]>;
  readonly schedules: Shelf<ScheduleRecord[]>;
  readonly schedule: Shelf<ScheduleRecord | null>;

  constructor(
    private readonly settings: CacheSettings,
    now: () => number = Date.now,
    /** Where replicas share what they read (Redis); none alone. */
    tier: SharedTier | null = null,
  ) {
    this.cache = new ReadCache(settings.maxBytes, now, tier);
    this.responses = new ResponseCache(settings.maxBytes / 4, now);
    this.vms = this.cache.shelf('vms', z.array(vmSchema));
    this.vm = this.cache.shelf('vm', vmSchema.nullable());
    this.snapshotsOfVM = this.cache.shelf('snapshotsOfVM', z.array(snapshotSchema));
    this.snapshot = this.cache.shelf('snapshot', snapshotSchema.nullable());
    this.everySnapshot = this.cache.shelf('everySnapshot', z.array(snapshotSchema));
    this.drives = this.cache.shelf('drives', z.array(driveSchema));
    this.drive = this.cache.shelf('drive', driveSchema.nullable());
    this.drivesOfVM = this.cache.shelf('drivesOfVM', z.array(driveSchema));
    this.snapshotsOfDrive = this.cache.shelf('snapshotsOfDrive', z.array(snapshotSchema));
    this.schedules = this.cache.shelf('schedules', z.array(scheduleSchema));
    this.schedule = this.cache.shelf('schedule', scheduleSchema.nullable());
  }

  freshMsOf(backend: string): number {
    return this.settings.freshMs.get(backend) ?? this.settings.defaultFreshMs;
  }

  /**
   * This backend changed (or may have): its answers go at once, here and (`everywhere`) in the shared tier; a
   * replica told of another's change (which moved the tier on already) forgets only its own.
   */
  invalidate(backend: string, everywhere = true): void {
    this.cache.invalidate(backend, everywhere);
    // An answer may hold any backend's part; which is not worth tracking while changes are this rare.
    this.responses.clear();
  }

  /** One request's reads through the cache. */
  forRequest(): BackendReads {
    return new BackendReads(this, (backend) => this.freshMsOf(backend));
  }

  /** Reads that ask the backends again and keep what they answer for every reader (the inventory poller). */
  polling(): BackendReads {
    return new BackendReads(this, (backend) => this.freshMsOf(backend), true);
  }

  /** One request's reads straight from the backends (what a mutation plans on). */
  direct(): BackendReads {
    return new BackendReads(this, () => 0);
  }
}

/** A request's reads, and how old the oldest answer it used was. */
export class BackendReads {
  /** When the backend gave the oldest answer this request used (epoch ms); null before any read. */
  oldest: number | null = null;
  /** The shortest freshness window among the backends this request read (0: one was read past the cache). */
  windowMs: number | null = null;

  constructor(
    private readonly shared: SharedReads,
    private readonly freshMs: (backend: string) => number,
    /** Load every key anew and keep it (the inventory poller), rather than answer what is held. */
    private readonly reload = false,
  ) {}

  listVMs(c: Connector): Promise<VMRecord[]> {
    return this.whole(this.shared.vms, c, '', () => c.listVMs());
  }

  getVMs(c: Connector, keys: readonly string[]): Promise<(VMRecord | null)[]> {
    return this.byKey(this.shared.vm, c, keys, (missing) => c.getVMs(missing));
  }

  listSnapshotsOfVMs(c: Connector, vmKeys: readonly string[]): Promise<SnapshotRecord[]> {
    return this.under(this.shared.snapshotsOfVM, c, vmKeys, (missing) => c.listSnapshotsOfVMs(missing), (s) => s.vmKey);
  }

  getSnapshots(c: Connector, keys: readonly string[]): Promise<(SnapshotRecord | null)[]> {
    return this.byKey(this.shared.snapshot, c, keys, (missing) => c.getSnapshots(missing));
  }

  listSnapshots(c: Connector): Promise<SnapshotRecord[]> {
    const list = c.listSnapshots?.bind(c);
    return list ? this.whole(this.shared.everySnapshot, c, '', list) : Promise.resolve([]);
  }

  listDrives(c: Connector): Promise<DriveRecord[]> {
    const drives = c.drives;
    return drives ? this.whole(this.shared.drives, c, '', () => drives.listDrives()) : Promise.resolve([]);
  }

  async getDrives(c: Connector, keys: readonly string[]): Promise<(DriveRecord | null)[]> {
    const drives = c.drives;
    return drives ? this.byKey(this.shared.drive, c, keys, (missing) => drives.getDrives(missing)) : keys.map(() => null);
  }

  listDrivesOfVMs(c: Connector, vmKeys: readonly string[]): Promise<DriveRecord[]> {
    const drives = c.drives;
    return drives ? this.under(this.shared.drivesOfVM, c, vmKeys, (missing) => drives.listDrivesOfVMs(missing), (d) => d.vmKey) : Promise.resolve([]);
  }

  listSnapshotsOfDrives(c: Connector, driveKeys: readonly string[]): Promise<SnapshotRecord[]> {
    const drives = c.drives;
    if (!drives) return Promise.resolve([]);
    return this.under(this.shared.snapshotsOfDrive, c, driveKeys, (missing) => drives.listSnapshotsOfDrives(missing), (s) => s.driveKey);
  }

  listSchedules(c: Connector, scope: { vmKeys: readonly string[]; driveKeys: readonly string[] }): Promise<ScheduleRecord[]> {
    const schedules = c.schedules;
    if (!schedules) return Promise.resolve([]);
    const key = JSON.stringify([[...scope.vmKeys].sort(), [...scope.driveKeys].sort()]);
    return this.whole(this.shared.schedules, c, key, () => schedules.list(scope));
  }

  async getSchedules(c: Connector, keys: readonly string[]): Promise<(ScheduleRecord | null)[]> {
    const schedules = c.schedules;
    return schedules ? this.byKey(this.shared.schedule, c, keys, (missing) => schedules.get(missing)) : keys.map(() => null);
  }

  /** A read of the whole backend (or one scope of it), kept under one key. */
  private async whole<T>(shelf: Shelf<T>, c: Connector, key: string, load: () => Promise<T>): Promise<T> {
    this.noteWindow(c);
    const answers = await shelf.readMany(c.name, [key], this.freshMs(c.name), async () => new Map([[key, await load()]]), this.reload);
    const [value] = this.values(answers, [key], () => []);
    if (value === undefined) throw new Error(`no answer for '${key}'`);
    return value;
  }

  /** Records by key, in key order (null where there is none); only the keys the cache cannot answer are loaded. */
  private async byKey<T extends { key: string }>(
    shelf: Shelf<T | null>,
    c: Connector,
    keys: readonly string[],
    load: (keys: string[]) => Promise<(T | null)[]>,
  ): Promise<(T | null)[]> {
    this.noteWindow(c);
    const answers = await shelf.readMany(
      c.name,
      keys,
      this.freshMs(c.name),
      async (missing) => {
        const got = await load(missing);
        return new Map(missing.map((key, i) => [key, got[i] ?? null]));
      },
      this.reload,
    );
    return this.values(answers, keys, (values) => values.flatMap((value) => (value ? [value] : [])));
  }

  /** The records under many parents, as one list in parent order; each parent's kept on its own. */
  private async under<T>(
    shelf: Shelf<T[]>,
    c: Connector,
    parentKeys: readonly string[],
    load: (keys: string[]) => Promise<T[]>,
    parentOf: (record: T) => string | null,
  ): Promise<T[]> {
    this.noteWindow(c);
    const keys = [...new Set(parentKeys)];
    const answers = await shelf.readMany(
      c.name,
      keys,
      this.freshMs(c.name),
      async (missing) => {
        const groups = new Map<string, T[]>(missing.map((key) => [key, []]));
        for (const record of await load(missing)) {
          const parent = parentOf(record);
          if (parent !== null) groups.get(parent)?.push(record);
        }
        return groups;
      },
      this.reload,
    );
    return this.values(answers, keys, (values) => values.flat()).flat();
  }

  private noteWindow(c: Connector): void {
    const window = this.reload ? 0 : this.freshMs(c.name);
    this.windowMs = this.windowMs === null ? window : Math.min(this.windowMs, window);
  }

  /**
   * The values of the keys, in order, noting how old each is. Where a load failed in part, the failure is thrown
   * again with the records every other key got (the loaders keep them); any other failure is thrown as it is.
   */
  private values<V, R>(answers: Answers<V>, keys: readonly string[], recordsOf: (values: V[]) => R[]): V[] {
    const values: V[] = [];
    let failure: unknown = null;
    for (const key of keys) {
      const answer = answers.get(key);
      if (!answer) continue;
      if ('error' in answer) {
        failure ??= answer.error;
        continue;
      }
      values.push(answer.value);
      this.oldest = this.oldest === null ? answer.at : Math.min(this.oldest, answer.at);
    }
    if (failure === null) return values;
    if (failure instanceof PartialFailure) {
      throw new PartialFailure(failure.backend, [...recordsOf(values), ...failure.records], failure.failures, failure.failedKeys);
    }
    throw failure;
  }
}
