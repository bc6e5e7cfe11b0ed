// The Denvr simulator's estate and its rules: virtual servers and snapshots per cluster and namespace, snapshots that
// become ready, fail or go after opMs (settled lazily against the clock), failing clusters, and the tokens it issued.
import { randomBytes } from 'node:crypto';

export const DENVR_SIM_DEFAULT_VMS = 5;
export const DENVR_SIM_DEFAULT_CLUSTERS = ['Hou1', 'Msc1'] as const;
export const DENVR_SIM_DEFAULT_NAMESPACE = 'denvr';
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
  goneAt: number | null;
  failAt: number | null;
  failMessage: string | null;
}

export interface DenvrEstateOptions {
  vmCount: number;
  clusters: string[];
  opMs: number;
  now: () => number;
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
export type CreateRefusal =
  | { refused: 'no-server'; name: string }
  | { refused: 'bad-name'; name: string }
  | { refused: 'conflict' | 'not-settled'; message: string };

export type TokenKind = 'access' | 'refresh';

export class DenvrEstate {
  readonly servers: SimServer[] = [];
  readonly snapshots: SimSnapshot[] = [];
  readonly clusters: readonly string[];
  /** Snapshots whose creation failed: GetSnapshot answers their error. */
  private readonly failed = new Map<string, string>();
  private readonly clusterFaults = new Map<string, SimClusterFault>();
  private readonly snapshotFailures: string[] = [];
  private readonly tokens = { access: new Map<string, number>(), refresh: new Map<string, number>() };
  logins = 0;
  refreshes = 0;

  constructor(private readonly options: DenvrEstateOptions) {
    this.clusters = options.clusters;
    this.seed();
  }

  now(): number {
    return this.options.now();
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
          failAt: null,
          failMessage: null,
        });
      }
    }
  }

  /** Time passes: failures and deletions take effect when their moment has come. */
  settle(): void {
    const now = this.now();
    for (let i = this.snapshots.length - 1; i >= 0; i--) {
      const s = this.snapshots[i];
      if (!s) continue;
      if (s.failAt !== null && s.failAt <= now) {
        this.failed.set(idOf(s.cluster, s.namespace, s.name), s.failMessage ?? 'the snapshot failed');
        this.snapshots.splice(i, 1);
      } else if (s.goneAt !== null && s.goneAt <= now) {
        this.snapshots.splice(i, 1);
      }
    }
  }

  readyToUse(s: SimSnapshot): boolean {
    return s.readyAt <= this.now() && s.failAt === null;
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
    const now = this.now();
    const name = input.name ?? `${source.name}-${now.toString(36)}`;
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
      createdAt: new Date(now),
      readyAt: now + this.options.opMs,
      goneAt: null,
      failAt: failMessage === null ? null : now + this.options.opMs,
      failMessage,
    };
    this.snapshots.push(snapshot);
    return snapshot;
  }

  /** Still listed (and readable) until the deletion ends, opMs from the first request. */
  deleteSnapshot(snapshot: SimSnapshot): void {
    snapshot.goneAt ??= this.now() + this.options.opMs;
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

  /** A new access or refresh token, valid for ttlSeconds. */
  issue(kind: TokenKind, ttlSeconds: number): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens[kind].set(token, this.now() + ttlSeconds * 1000);
    return token;
  }

  isValid(kind: TokenKind, token: string): boolean {
    const expiresAt = this.tokens[kind].get(token);
    return expiresAt !== undefined && expiresAt > this.now();
  }

  /** Every token of this kind issued so far stops being valid. */
  expireTokens(kind: TokenKind): void {
    for (const token of this.tokens[kind].keys()) this.tokens[kind].set(token, 0);
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
