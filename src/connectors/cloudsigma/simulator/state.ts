// The CloudSigma simulator's estate and its rules: servers with attached drives, drive snapshots that become
// available and go after opMs, clones that run as jobs (and may fail halfway), due work settled lazily on the clock.
import type { Clock } from '../../../lab/kit/clock.js';
import { finished, OperationTimer, progress, type Span } from '../../../lab/kit/operationTimer.js';
import { Schedule } from '../../../lab/kit/schedule.js';

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
  /** From its creation to its success. */
  span: Span;
  /** Halfway through, when it is to fail. */
  failAt: number | null;
  failMessage: string | null;
  drive: string;
}

interface CloudSigmaEstateOptions {
  serverCount: number;
  unattachedDrives?: number;
  opMs: number;
  clock: Clock;
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
  private readonly schedule: Schedule;
  private readonly timer: OperationTimer;
  private counter = 0;

  constructor(private readonly options: CloudSigmaEstateOptions) {
    this.schedule = new Schedule(options.clock);
    this.timer = new OperationTimer(options.clock, options.opMs);
    this.seed();
  }

  now(): number {
    return this.options.clock.now();
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
    const percent = (at: number) => Math.floor(progress(job.span, at) * 100);
    if (job.failAt !== null && now >= job.failAt) return { state: 'error', progress: percent(job.failAt) };
    if (finished(job.span, now)) return { state: 'success', progress: 100 };
    return { state: 'started', progress: percent(now) };
  }

  settle(): void {
    this.schedule.settle();
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
    const span = this.timer.start();
    const now = new Date(span.startedAt);
    return objects.map((o) => {
      const snapshot: SimSnapshot = {
        uuid: this.uuid('5'),
        drive: o.drive,
        name: o.name ?? autoName(o.drive, now),
        meta: o.meta ?? {},
        createdAt: now,
        readyAt: span.finishAt,
        allocatedSize: 0,
        goneAt: null,
      };
      this.snapshots.push(snapshot);
      return snapshot;
    });
  }

  /** Still there until opMs after the first request to delete it. */
  startDeletion(snapshot: SimSnapshot): void {
    if (snapshot.goneAt !== null) return;
    snapshot.goneAt = this.timer.start().finishAt;
    this.schedule.at(snapshot.goneAt, () => {
      const index = this.snapshots.indexOf(snapshot);
      if (index >= 0) this.snapshots.splice(index, 1);
    });
  }

  /** A new drive cloned from an available snapshot, `cloning_dst` while its job runs (it fails halfway when one is queued). */
  clone(snapshot: SimSnapshot, options: { name?: string; media?: string }): SimDrive {
    const source = this.findDrive(snapshot.drive);
    const startedAt = this.now();
    // A job never takes no time: its progress is measured over its span.
    const span: Span = { startedAt, finishAt: startedAt + Math.max(1, this.options.opMs) };
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
    const job: SimJob = {
      uuid: this.uuid('b'),
      operation: 'drive_clone',
      resources: [`${CLOUDSIGMA_API_PATH}/drives/${drive.uuid}/`, `${CLOUDSIGMA_API_PATH}/snapshots/${snapshot.uuid}/`],
      span,
      failAt: failMessage === null ? null : (span.startedAt + span.finishAt) / 2,
      failMessage,
      drive: drive.uuid,
    };
    drive.jobs.push(job.uuid);
    this.drives.push(drive);
    this.jobs.set(job.uuid, job);
    // The drive is cloned into until the job ends (halfway, when it fails).
    this.schedule.at(job.failAt ?? span.finishAt, () => {
      drive.override = job.failAt === null ? null : 'unavailable';
      drive.jobs = drive.jobs.filter((j) => j !== job.uuid);
    });
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
