// The CloudSigma simulator's estate and its rules: servers with attached drives, drive snapshots that become
// available and go after opMs, clones that run as jobs (and may fail halfway), all settled lazily against the clock.
export const CLOUDSIGMA_SIM_DEFAULT_SERVERS = 5;
export const CLOUDSIGMA_SIM_DEFAULT_AUTH = { username: 'lab@cloudsigma.test', password: 'lab-cloudsigma-secret' };
/** Where the API lives on the simulator, as on the real clouds (https://{loc}.cloudsigma.com/api/2.0/). */
export const CLOUDSIGMA_API_PATH = '/api/2.0';

export interface SimServerView {
  uuid: string;
  name: string;
  status: string;
  drives: string[];
}

export interface SimDriveView {
  uuid: string;
  name: string;
  size: number;
  status: string;
  mountedOn: string | null;
  meta: Record<string, unknown>;
}

export interface SimSnapshotView {
  uuid: string;
  drive: string;
  name: string;
  status: string;
  meta: Record<string, unknown>;
  timestamp: string;
  allocatedSize: number | null;
}

export interface SimServer {
  uuid: string;
  name: string;
  status: string;
  /** Attached drives, in boot order. */
  drives: string[];
}

export interface SimDrive {
  uuid: string;
  name: string;
  size: number;
  media: string;
  meta: Record<string, unknown>;
  /** Set while the drive is being cloned into; otherwise mounted/unmounted follows the servers. */
  override: string | null;
  jobs: string[];
}

export interface SimSnapshot {
  uuid: string;
  drive: string;
  name: string;
  meta: Record<string, unknown>;
  createdAt: Date;
  readyAt: number;
  allocatedSize: number;
  goneAt: number | null;
}

export interface SimJob {
  uuid: string;
  operation: string;
  resources: string[];
  created: Date;
  finishAt: number;
  failAt: number | null;
  failMessage: string | null;
  drive: string;
}

export interface CloudSigmaEstateOptions {
  serverCount: number;
  unattachedDrives?: number;
  opMs: number;
  now: () => number;
}

export const GIB = 1024 ** 3;
const ROLES = ['web', 'db', 'cache', 'api', 'worker', 'queue', 'build', 'proxy', 'mail', 'dns'];
const SERVER_STATUSES = ['running', 'stopped', 'running', 'paused', 'stopped'];
const SNAPSHOT_NAMES = ['before-upgrade', 'nightly', 'weekly'];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** "2014-06-05 09:53:28.851859+00:00": what the snapshot captures show. */
export function spaceTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 23)}000+00:00`;
}
/** The auto-generated snapshot name: "<drive-uuid>__YYYY-MM-DD__HH_MM_SS". */
const autoName = (drive: string, date: Date): string =>
  `${drive}__${date.toISOString().slice(0, 10)}__${date.toISOString().slice(11, 19).replace(/:/g, '_')}`;

export class CloudSigmaEstate {
  readonly servers: SimServer[] = [];
  readonly drives: SimDrive[] = [];
  readonly snapshots: SimSnapshot[] = [];
  readonly jobs = new Map<string, SimJob>();
  private readonly cloneFailures: string[] = [];
  private counter = 0;

  constructor(private readonly options: CloudSigmaEstateOptions) {
    this.seed();
  }

  now(): number {
    return this.options.now();
  }

  /** Deterministic uuids (a lab restarted shows the same ids), one segment telling the resource type. */
  private uuid(type: 'a' | 'd' | '5' | 'b'): string {
    const n = ++this.counter;
    return `${n.toString(16).padStart(8, '0')}-c5${type}0-4000-8000-${n.toString(16).padStart(12, '0')}`;
  }

  private seed(): void {
    const width = Math.max(2, String(this.options.serverCount).length);
    let driveIndex = 0;
    for (let i = 0; i < this.options.serverCount; i++) {
      const name = `${ROLES[i % ROLES.length] ?? 'node'}-${pad(i + 1, width)}`;
      const server: SimServer = { uuid: this.uuid('a'), name, status: SERVER_STATUSES[i % SERVER_STATUSES.length] ?? 'stopped', drives: [] };
      server.drives.push(this.seedDrive(`${name}-boot`, (10 + (i % 4) * 10) * GIB, driveIndex++).uuid);
      if (i % 2 === 0) server.drives.push(this.seedDrive(`${name}-data`, (50 + (i % 3) * 50) * GIB, driveIndex++).uuid);
      this.servers.push(server);
    }
    const spare = this.options.unattachedDrives ?? Math.max(2, Math.floor(this.options.serverCount / 2));
    for (let i = 0; i < spare; i++) this.seedDrive(`spare-${pad(i + 1, width)}`, 20 * GIB, driveIndex++);
  }

  private seedDrive(name: string, size: number, index: number): SimDrive {
    const seedStart = Date.UTC(2024, 5, 1, 8);
    const drive: SimDrive = { uuid: this.uuid('d'), name, size, media: 'disk', meta: {}, override: null, jobs: [] };
    this.drives.push(drive);
    const count = 2 + (index % 2);
    for (let s = 0; s < count; s++) {
      const createdAt = new Date(seedStart + index * 3_600_000 + s * 86_400_000 + 123_456);
      this.snapshots.push({
        uuid: this.uuid('5'),
        drive: drive.uuid,
        name: SNAPSHOT_NAMES[s] ?? autoName(drive.uuid, createdAt),
        meta: s === 0 ? { description: `Taken before the upgrade of ${name}`, team: ROLES[index % ROLES.length] ?? 'ops' } : {},
        createdAt,
        readyAt: 0,
        allocatedSize: s * 256 * 1024 ** 2,
        goneAt: null,
      });
    }
    return drive;
  }

  // ---- time passes (applied lazily, before every answer) ----

  jobState(job: SimJob): { state: string; progress: number } {
    const now = this.now();
    const span = Math.max(1, job.finishAt - job.created.getTime());
    const progress = (to: number) => Math.max(0, Math.min(100, Math.floor(((to - job.created.getTime()) / span) * 100)));
    if (job.failAt !== null && now >= job.failAt) return { state: 'error', progress: progress(job.failAt) };
    if (now >= job.finishAt) return { state: 'success', progress: 100 };
    return { state: 'started', progress: progress(now) };
  }

  settle(): void {
    const now = this.now();
    for (let i = this.snapshots.length - 1; i >= 0; i--) {
      const goneAt = this.snapshots[i]?.goneAt;
      if (goneAt !== null && goneAt !== undefined && now >= goneAt) this.snapshots.splice(i, 1);
    }
    for (const job of this.jobs.values()) {
      const drive = this.drives.find((d) => d.uuid === job.drive);
      if (!drive || drive.override !== 'cloning_dst') continue;
      const { state } = this.jobState(job);
      if (state === 'started') continue;
      drive.override = state === 'success' ? null : 'unavailable';
      drive.jobs = drive.jobs.filter((j) => j !== job.uuid);
    }
  }

  mountedOn(drive: string): SimServer | undefined {
    return this.servers.find((s) => s.drives.includes(drive));
  }

  driveStatus(drive: SimDrive): string {
    return drive.override ?? (this.mountedOn(drive.uuid) ? 'mounted' : 'unmounted');
  }

  snapshotStatus(snapshot: SimSnapshot): string {
    return this.now() >= snapshot.readyAt ? 'available' : 'creating';
  }

  findDrive(uuid: string | undefined): SimDrive | undefined {
    return this.drives.find((d) => d.uuid === uuid);
  }

  findSnapshot(uuid: string | undefined): SimSnapshot | undefined {
    return this.snapshots.find((s) => s.uuid === uuid);
  }

  // ---- changes ----

  /** Snapshots of existing drives, available after opMs; the first unknown drive refuses them all. */
  createSnapshots(objects: { drive: string; name?: string; meta?: Record<string, unknown> }[]): SimSnapshot[] | { missing: string } {
    const missing = objects.find((o) => !this.findDrive(o.drive));
    if (missing) return { missing: missing.drive };
    const now = new Date(this.now());
    return objects.map((o) => {
      const snapshot: SimSnapshot = {
        uuid: this.uuid('5'),
        drive: o.drive,
        name: o.name ?? autoName(o.drive, now),
        meta: o.meta ?? {},
        createdAt: now,
        readyAt: now.getTime() + this.options.opMs,
        allocatedSize: 0,
        goneAt: null,
      };
      this.snapshots.push(snapshot);
      return snapshot;
    });
  }

  /** Still there until opMs after the first request to delete it. */
  startDeletion(snapshot: SimSnapshot): void {
    snapshot.goneAt ??= this.now() + this.options.opMs;
  }

  /** A new drive cloned from an available snapshot, `cloning_dst` while its job runs (it fails halfway when one is queued). */
  clone(snapshot: SimSnapshot, options: { name?: string; media?: string }): SimDrive {
    const source = this.findDrive(snapshot.drive);
    const created = new Date(this.now());
    const drive: SimDrive = {
      uuid: this.uuid('d'),
      name: options.name ?? snapshot.name,
      size: source?.size ?? GIB,
      media: options.media ?? 'disk',
      meta: {},
      override: 'cloning_dst',
      jobs: [],
    };
    const failMessage = this.cloneFailures.shift() ?? null;
    const span = Math.max(1, this.options.opMs);
    const job: SimJob = {
      uuid: this.uuid('b'),
      operation: 'drive_clone',
      resources: [`${CLOUDSIGMA_API_PATH}/drives/${drive.uuid}/`, `${CLOUDSIGMA_API_PATH}/snapshots/${snapshot.uuid}/`],
      created,
      finishAt: created.getTime() + span,
      failAt: failMessage === null ? null : created.getTime() + span / 2,
      failMessage,
      drive: drive.uuid,
    };
    drive.jobs.push(job.uuid);
    this.drives.push(drive);
    this.jobs.set(job.uuid, job);
    return drive;
  }

  failNextClone(message: string): void {
    this.cloneFailures.push(message);
  }

  // ---- what the tests see ----

  serverViews(): SimServerView[] {
    return this.servers.map((s) => ({ uuid: s.uuid, name: s.name, status: s.status, drives: [...s.drives] }));
  }

  driveViews(): SimDriveView[] {
    this.settle();
    return this.drives.map((d) => ({
      uuid: d.uuid,
      name: d.name,
      size: d.size,
      status: this.driveStatus(d),
      mountedOn: this.mountedOn(d.uuid)?.uuid ?? null,
      meta: { ...d.meta },
    }));
  }

  snapshotViews(): SimSnapshotView[] {
    this.settle();
    return this.snapshots.map((s) => ({
      uuid: s.uuid,
      drive: s.drive,
      name: s.name,
      status: this.snapshotStatus(s),
      meta: { ...s.meta },
      timestamp: spaceTimestamp(s.createdAt),
      allocatedSize: this.snapshotStatus(s) === 'available' ? s.allocatedSize : null,
    }));
  }
}
