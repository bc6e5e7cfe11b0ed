// The Denvr simulator's estate and its rules: virtual servers and snapshots per cluster and namespace, snapshots that
// become ready, fail or go after opMs (due work settled lazily on the clock), failing clusters, and the tokens it issued.
import type { Clock } from '../../../lab/kit/clock.js';
import { OperationTimer } from '../../../lab/kit/operationTimer.js';
import { Schedule } from '../../../lab/kit/schedule.js';
import { TokenStore } from '../../../lab/kit/tokens.js';

export const DENVR_SIM_DEFAULT_VMS = 5;
export const DENVR_SIM_DEFAULT_CLUSTERS = ['Hou1', 'Msc1'] as const;
const DENVR_SIM_DEFAULT_NAMESPACE = 'denvr';
export const DENVR_SIM_DEFAULT_AUTH = { username: 'lab@denvr.test', password: 'lab-denvr-secret' };

export interface SimServerView {
  cluster: string;
  namespace: string;
  name: string;
  status: string;
}

export interface SimSnapshotView {
  cluster: string;
  namespace: string;
  name: string;
  sourceName: string | null;
  readyToUse: boolean;
  deleting: boolean;
  creationDate: string;
  rootDiskSize: string;
}

/** What every request naming a cluster answers while the cluster fails (see failCluster). */
export interface SimClusterFault {
  status: number;
  message: string;
  /** Only requests whose path contains this (e.g. 'GetSnapshots'); every request naming the cluster otherwise. */
  pathContains?: string;
}

export interface SimServer {
  cluster: string;
  namespace: string;
  name: string;
  status: string;
  configuration: string;
  gpuType: string;
  gpus: number;
  vcpus: number;
  memory: number;
  storage: number;
  image: string;
  privateIp: string;
  rootDiskSize: number;
  lastUpdated: Date;
}

export interface SimSnapshot {
  cluster: string;
  namespace: string;
  name: string;
  sourceName: string | null;
  osImage: string;
  rootDiskSize: string;
  createdAt: Date;
  readyAt: number;
  /** When its deletion ends; null until one is asked for. */
  goneAt: number | null;
  /** Whether its creation is to fail (at readyAt). */
  failing: boolean;
}

interface DenvrEstateOptions {
  vmCount: number;
  clusters: string[];
  opMs: number;
  clock: Clock;
}

export const DAY = 86_400;
const ROLES = ['train', 'infer', 'notebook', 'eval', 'etl', 'serve', 'dev', 'batch'];
// Every fourth server is in the research namespace: those ONLINE or OFFLINE, so each namespace has some to snapshot.
const STATUSES = ['ONLINE', 'OFFLINE', 'PENDING_RESOURCES', 'ONLINE', 'PLANNED', 'PENDING', 'PENDING_READINESS', 'OFFLINE'];
const CONFIGURATIONS: [string, string, number, number, number, number][] = [
  ['A100_40GB_PCIe_1x', 'nvidia.com/A100PCIE40GB', 1, 14, 112, 1700],
  ['H100_80GB_SXM_8x', 'nvidia.com/H100SXM480GB', 8, 200, 940, 20000],
  ['A100_40GB_PCIe_2x', 'nvidia.com/A100PCIE40GB', 2, 28, 224, 3400],
];
const IMAGES = ['Ubuntu_22.04.4_LTS', 'Ubuntu_20.04_LTS', 'habana-1.16.2'];
const SNAPSHOT_NAMES = ['base', 'nightly', 'before-upgrade'];
/** A Kubernetes object name: what Denvr's snapshots and servers are underneath [INF]. */
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** .NET's round-trip format: seven fractional digits and Z [INF: no capture shows one]. */
export const dotnet = (date: Date): string => `${date.toISOString().slice(0, 23)}0000Z`;

const idOf = (cluster: string, namespace: string, name: string): string => JSON.stringify([cluster, namespace, name]);

/** Why a snapshot cannot be created: the server is unknown, the name is not one, or the rule it breaks. */
type CreateRefusal =
  | { refused: 'no-server'; name: string }
  | { refused: 'bad-name'; name: string }
  | { refused: 'conflict' | 'not-settled'; message: string };

export class DenvrEstate {
  readonly servers: SimServer[] = [];
  readonly snapshots: SimSnapshot[] = [];
  readonly clusters: readonly string[];
  /** Snapshots whose creation failed: GetSnapshot answers their error. */
  private readonly failed = new Map<string, string>();
  private readonly clusterFaults = new Map<string, SimClusterFault>();
  private readonly snapshotFailures: string[] = [];
  private readonly schedule: Schedule;
  private readonly timer: OperationTimer;
  readonly accessTokens: TokenStore;
  /** One is issued with every login (so the store counts the logins). */
  readonly refreshTokens: TokenStore;

  constructor(private readonly options: DenvrEstateOptions) {
    this.clusters = options.clusters;
    this.schedule = new Schedule(options.clock);
    this.timer = new OperationTimer(options.clock, options.opMs);
    this.accessTokens = new TokenStore(options.clock);
    this.refreshTokens = new TokenStore(options.clock);
    this.seed();
  }

  now(): number {
    return this.options.clock.now();
  }

  /** VMs over the clusters in turn, every fourth in a second namespace, two or three snapshots each. */
  private seed(): void {
    const seedStart = Date.UTC(2025, 2, 1, 8);
    for (let i = 0; i < this.options.vmCount; i++) {
      const cluster = this.clusters[i % this.clusters.length] ?? 'Hou1';
      const [configuration, gpuType, gpus, vcpus, memory, storage] = CONFIGURATIONS[i % CONFIGURATIONS.length] ?? CONFIGURATIONS[0] ?? ['', '', 0, 0, 0, 0];
      const server: SimServer = {
        cluster,
        namespace: i % 4 === 3 ? 'research' : DENVR_SIM_DEFAULT_NAMESPACE,
        name: `${ROLES[i % ROLES.length] ?? 'vm'}-${String(i + 1).padStart(3, '0')}`,
        status: STATUSES[i % STATUSES.length] ?? 'ONLINE',
        configuration,
        gpuType,
        gpus,
        vcpus,
        memory,
        storage,
        image: IMAGES[i % IMAGES.length] ?? 'Ubuntu_22.04.4_LTS',
        privateIp: `172.16.${Math.floor(i / 250)}.${(i % 250) + 4}`,
        rootDiskSize: 100 + (i % 3) * 100,
        lastUpdated: new Date(seedStart + i * 60_000),
      };
      this.servers.push(server);
      const count = 2 + (i % 2);
      for (let s = 0; s < count; s++) {
        this.snapshots.push({
          cluster,
          namespace: server.namespace,
          name: `${server.name}-${SNAPSHOT_NAMES[s] ?? `s${s}`}`,
          sourceName: server.name,
          osImage: server.image,
          rootDiskSize: `${server.rootDiskSize}Gi`,
          createdAt: new Date(seedStart + i * 3_600_000 + s * DAY * 1000 + 123),
          readyAt: 0,
          goneAt: null,
          failing: false,
        });
      }
    }
  }

  /** Time passes: failures and deletions take effect when their moment has come. */
  settle(): void {
    this.schedule.settle();
  }

  readyToUse(s: SimSnapshot): boolean {
    return s.readyAt <= this.now() && !s.failing;
  }

  private remove(snapshot: SimSnapshot): void {
    const index = this.snapshots.indexOf(snapshot);
    if (index >= 0) this.snapshots.splice(index, 1);
  }

  findServer(cluster: string, namespace: string, name: string): SimServer | undefined {
    return this.servers.find((s) => s.cluster === cluster && s.namespace === namespace && s.name === name);
  }

  findSnapshot(cluster: string, namespace: string, name: string): SimSnapshot | undefined {
    return this.snapshots.find((s) => s.cluster === cluster && s.namespace === namespace && s.name === name);
  }

  /** Why the snapshot of this name failed, when its creation did. */
  failureOf(cluster: string, namespace: string, name: string): string | undefined {
    return this.failed.get(idOf(cluster, namespace, name));
  }

  /** A new snapshot of a server, ready (or failed, when one is queued) after opMs; or why there is none. */
  createSnapshot(input: { cluster: string; namespace: string; name?: string | null; sourceVMName?: string | null }): SimSnapshot | CreateRefusal {
    this.settle();
    const source = input.sourceVMName ? this.findServer(input.cluster, input.namespace, input.sourceVMName) : undefined;
    if (!source) return { refused: 'no-server', name: input.sourceVMName ?? '' };
    const span = this.timer.start();
    const name = input.name ?? `${source.name}-${span.startedAt.toString(36)}`;
    if (!K8S_NAME.test(name) || name.length > 63) return { refused: 'bad-name', name };
    if (this.findSnapshot(input.cluster, input.namespace, name)) return { refused: 'conflict', message: `A snapshot named '${name}' already exists.` };
    // A server that is not ONLINE or OFFLINE (planned, pending) has no settled machine [INF].
    if (source.status !== 'ONLINE' && source.status !== 'OFFLINE') {
      return { refused: 'not-settled', message: `Virtual server '${source.name}' is ${source.status}: it can be snapshotted once it is ONLINE or OFFLINE.` };
    }
    this.failed.delete(idOf(input.cluster, input.namespace, name));
    const failMessage = this.snapshotFailures.shift() ?? null;
    const snapshot: SimSnapshot = {
      cluster: input.cluster,
      namespace: input.namespace,
      name,
      sourceName: source.name,
      osImage: source.image,
      rootDiskSize: `${source.rootDiskSize}Gi`,
      createdAt: new Date(span.startedAt),
      readyAt: span.finishAt,
      goneAt: null,
      failing: failMessage !== null,
    };
    this.snapshots.push(snapshot);
    if (failMessage !== null) {
      // It disappears when it would have been ready, and GetSnapshot answers why.
      this.schedule.at(span.finishAt, () => {
        this.failed.set(idOf(snapshot.cluster, snapshot.namespace, snapshot.name), failMessage);
        this.remove(snapshot);
      });
    }
    return snapshot;
  }

  /** Still listed (and readable) until the deletion ends, opMs from the first request. */
  deleteSnapshot(snapshot: SimSnapshot): void {
    if (snapshot.goneAt !== null) return;
    snapshot.goneAt = this.timer.start().finishAt;
    this.schedule.at(snapshot.goneAt, () => this.remove(snapshot));
  }

  failNextSnapshot(message: string): void {
    this.snapshotFailures.push(message);
  }

  failCluster(cluster: string, fault: SimClusterFault | null): void {
    if (fault) this.clusterFaults.set(cluster, fault);
    else this.clusterFaults.delete(cluster);
  }

  clusterFault(cluster: string): SimClusterFault | undefined {
    return this.clusterFaults.get(cluster);
  }

  setStatus(cluster: string, name: string, status: string): void {
    const server = this.servers.find((s) => s.cluster === cluster && s.name === name);
    if (!server) throw new Error(`no simulated server ${cluster}/${name}`);
    server.status = status;
  }

  /** DestroyServer with DeleteSnapshots=false: the server is gone, its snapshots stay. */
  destroyServer(cluster: string, name: string): void {
    const index = this.servers.findIndex((s) => s.cluster === cluster && s.name === name);
    if (index < 0) throw new Error(`no simulated server ${cluster}/${name}`);
    this.servers.splice(index, 1);
  }

  serverViews(): SimServerView[] {
    return this.servers.map((s) => ({ cluster: s.cluster, namespace: s.namespace, name: s.name, status: s.status }));
  }

  snapshotViews(): SimSnapshotView[] {
    this.settle();
    return this.snapshots.map((s) => ({
      cluster: s.cluster,
      namespace: s.namespace,
      name: s.name,
      sourceName: s.sourceName,
      readyToUse: this.readyToUse(s),
      deleting: s.goneAt !== null,
      creationDate: dotnet(s.createdAt),
      rootDiskSize: s.rootDiskSize,
    }));
  }
}
