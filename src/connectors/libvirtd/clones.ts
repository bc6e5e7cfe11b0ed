// Clones of a snapshot into a new drive, for LIBVIRTD on a local URI: a volume libvirt makes in the pool that holds
// the snapshot's disk, filled by qemu-img from the snapshot with its byte progress, followed as a task of this
// process. A clone that ended well is written down in the backend's ledger (its origin, and that it is whole).
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { ActionResult, TaskState } from '../../domain/operation.js';
import { BackendFailure } from '../errors.js';
import { joinKey, splitKey } from '../keys.js';
import type { BackendLedger } from '../ledger/ledger.js';
import { taskCodec, type TaskCodec } from '../tasks.js';
import { ConvertJob } from './convert.js';
import { poolOfDirectory } from './pools.js';
import type { VirshShells } from './virsh.js';
import {
  checked,
  CONTROL_CHARACTERS,
  DEVICES_XPATH,
  disksOf,
  readCapacities,
  readDevices,
  readSnapshot,
  SNAPSHOT_FIELDS_XPATH,
  type WireDisk,
  type WireSnapshot,
} from './wire.js';

interface CloneSettings {
  /** qemu-img's rate limit for the copy; none when null. */
  bytesPerSecond: number | null;
  /** The pool new volumes go to; the one holding the snapshot's disk when null. */
  pool: string | null;
}

/** The ledger key under which finished clones are written down, each as joinKey(volume path, snapshot key). */
const CLONES = 'clones';

const cloneTask = z.object({ clone: z.string().min(1), volume: z.string().min(1), snapshotKey: z.string() });
type CloneTask = z.output<typeof cloneTask>;

interface Job {
  copy: ConvertJob;
  /** What the operation shows while the copy runs. */
  phase: string;
  /** How it ended; null while it runs. */
  ended: TaskState | null;
  /** Stopped by a cancel (cancelOperation), not by a failure or the gateway closing. */
  cancelled: boolean;
  /** Resolves once `ended` is set (the volume written down, or removed). */
  settled: Promise<void>;
}

/** Why a new drive cannot have this name: libvirt makes it a file in the pool's directory. */
export function unfitVolumeName(name: string): string | null {
  if (name === '' || name === '.' || name === '..') return 'must name a file';
  if (name.includes('/')) return 'must not contain /';
  if (CONTROL_CHARACTERS.test(name)) return 'must not contain control characters';
  return Buffer.byteLength(name) > 255 ? 'must be at most 255 bytes' : null;
}

export class SnapshotClones {
  readonly tasks: TaskCodec;
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly backend: string,
    private readonly virsh: VirshShells,
    private readonly ledger: BackendLedger,
    private readonly settings: CloneSettings,
  ) {
    this.tasks = taskCodec(backend, 'libvirt clone', cloneTask, (task) => this.poll(task), (task) => this.cancel(task));
  }

  /** Makes the volume and starts the copy: the task answers at once, the copy goes on in this process. */
  async start(snapshotKey: string, domain: string, snapshotName: string, name: string | null): Promise<ActionResult> {
    const [disks, sizes, snapshot] = await this.virsh.run([
      ['dumpxml', domain, '--xpath', DEVICES_XPATH, '--wrap'],
      ['domblkinfo', domain, '--all'],
      ['snapshot-dumpxml', domain, snapshotName, '--xpath', SNAPSHOT_FIELDS_XPATH, '--wrap'],
    ]);
    const [devicesXml, snapshotXml] = [this.virsh.outOf(disks), this.virsh.outOf(snapshot)];
    const disk = this.diskToCopy(
      checked(this.backend, () => readDevices(devicesXml), `domain '${domain}'`).disks,
      checked(this.backend, () => readSnapshot(snapshotXml), `snapshot '${snapshotName}'`),
    );
    const capacity = sizes?.ok ? readCapacities(sizes.out).get(disk.target) : undefined;
    if (capacity === undefined) throw this.virsh.failure(sizes?.ok === false ? sizes.error : `no capacity for disk ${disk.target}`);
    const pool = this.settings.pool ?? (await poolOfDirectory(this.virsh, this.backend, dirname(disk.source)));
    if (pool === null) {
      const directory = dirname(disk.source);
      const why = `no storage pool holds ${directory}, where a clone's volume would go: define one (virsh pool-define-as images dir --target ${directory}) or set settings.clonePool`;
      throw new BackendFailure(this.backend, why, 'UNSUPPORTED');
    }
    const volumeName = name ?? `${domain}-${snapshotName}.qcow2`.replace(/[^\w.+-]/g, '_');
    // libvirt refuses a name its pool holds (CONFLICT): nothing is made then.
    await this.virsh.one(['vol-create-as', pool, volumeName, String(capacity), '--format', 'qcow2']);
    const volume = await this.virsh.one(['vol-path', '--pool', pool, volumeName]);
    const id = randomUUID();
    const copy = new ConvertJob({ source: disk.source, snapshot: snapshotName, target: volume, bytesPerSecond: this.settings.bytesPerSecond });
    const job: Job = {
      copy,
      phase: `copying disk ${disk.target} as snapshot '${snapshotName}' holds it into volume '${volumeName}' of pool '${pool}'`,
      ended: null,
      cancelled: false,
      settled: copy.ended.then(async (outcome) => {
        if (outcome.ok) job.ended = await this.succeeded(volume, snapshotKey);
        else job.ended = job.cancelled ? await this.stopped(volume) : await this.failed(volume, outcome.error);
      }),
    };
    this.jobs.set(id, job);
    const task: CloneTask = { clone: id, volume, snapshotKey };
    return { done: false, task, driveKey: volume, message: job.phase };
  }

  /** The snapshot each finished clone (by volume path) was made from. */
  async origins(): Promise<Map<string, string>> {
    const known = (await this.ledger.read([CLONES])).get(CLONES) ?? [];
    return new Map(known.flatMap((entry) => {
      const [volume, snapshotKey] = splitKey(entry, 2) ?? [];
      return volume === undefined || snapshotKey === undefined ? [] : [[volume, snapshotKey] as const];
    }));
  }

  /** Whether this volume is being filled by a copy of this process. */
  copying(volume: string): boolean {
    return [...this.jobs.values()].some((job) => job.ended === null && job.copy.target === volume);
  }

  /** Stops the copies still running; each removes its unfinished volume. */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((job) => job.ended === null);
    for (const job of running) job.copy.stop();
    await Promise.all(running.map((job) => job.settled));
  }

  private async poll(task: CloneTask): Promise<TaskState> {
    const job = this.jobs.get(task.clone);
    if (job?.ended) {
      this.jobs.delete(task.clone);
      return job.ended;
    }
    if (job) return { status: 'RUNNING', progress: job.copy.progress, message: job.phase };
    // Not a copy of this process: written down means it ended well; otherwise it stopped with the process that ran it.
    if ((await this.origins()).has(task.volume)) return { status: 'SUCCEEDED', driveKey: task.volume };
    await this.virsh.run([['vol-delete', task.volume]]);
    return {
      status: 'FAILED',
      error: { code: 'INTERRUPTED', message: `the copy stopped with the gateway process that ran it; its unfinished volume ${task.volume} was removed` },
    };
  }

  /**
   * Stops a copy of this process: CANCELLED once its volume is removed, or how it ended if it finished first; null
   * for a copy this process does not run (the poll tells what became of it).
   */
  private async cancel(task: CloneTask): Promise<TaskState | null> {
    const job = this.jobs.get(task.clone);
    if (!job || job.ended) return null;
    job.cancelled = true;
    job.copy.stop();
    await job.settled;
    this.jobs.delete(task.clone);
    return job.ended;
  }

  private async succeeded(volume: string, snapshotKey: string): Promise<TaskState> {
    try {
      await this.ledger.remember(CLONES, [joinKey(volume, snapshotKey)]);
      return { status: 'SUCCEEDED', driveKey: volume };
    } catch {
      return { status: 'SUCCEEDED', driveKey: volume, message: 'cloned; the gateway could not write down its origin (its store is unreachable), so the drive shows no clonedFrom' };
    }
  }

  /** A copy stopped by a cancel: CANCELLED once libvirt has removed its volume, the one thing the clone made. */
  private async stopped(volume: string): Promise<TaskState> {
    const [removed] = await this.virsh.run([['vol-delete', volume]]).catch(() => []);
    if (removed?.ok) return { status: 'CANCELLED', verified: true, message: `the copy was stopped and its unfinished volume ${volume} removed` };
    return { status: 'FAILED', error: { code: 'COPY_FAILED', message: `the copy was stopped, but its unfinished volume ${volume} could not be removed` } };
  }

  /** A copy that failed leaves nothing half-done: its volume goes. */
  private async failed(volume: string, why: string): Promise<TaskState> {
    const [removed] = await this.virsh.run([['vol-delete', volume]]).catch(() => []);
    const left = removed?.ok ? '' : `; its unfinished volume ${volume} could not be removed`;
    return { status: 'FAILED', error: { code: 'COPY_FAILED', message: `qemu-img: ${why}${left}` } };
  }

  /** The disk a clone copies: the first qcow2 file the snapshot holds internally. */
  private diskToCopy(disks: readonly WireDisk[], snapshot: WireSnapshot): { target: string; source: string } {
    const kept = disksOf(snapshot);
    for (const disk of disks) {
      const source = disk.source?.['@file'];
      const target = disk.target['@dev'];
      const how = kept.find((entry) => entry['@name'] === target)?.['@snapshot'] ?? 'internal';
      if (source !== undefined && disk.driver?.['@type'] === 'qcow2' && how === 'internal') return { target, source };
    }
    throw new BackendFailure(this.backend, `snapshot '${snapshot.name}' holds no qcow2 file disk internally, which is what a clone copies`, 'UNSUPPORTED');
  }
}
