// The LIBVIRTD connector: libvirtd itself, reached through virsh shells kept open on any libvirt URI
// (qemu:///system, qemu+ssh://…, qemu+tls://…). A read of the estate is a few batches of commands whatever the number
// of domains; snapshot actions are synchronous (libvirt answers when they are done); a clone (local URIs) is a copy
// this process runs and follows as a task.
import type { Capability, DriveRecord, SnapshotRecord, VMRecord } from '../../domain/model.js';
import type { ActionResult, OperationKind } from '../../domain/operation.js';
import { SingleFlight } from '../api.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  BulkDeleteSlice,
  CancelSlice,
  CloneSlice,
  Connector,
  ConnectorFactory,
  ConnectorOptions,
  CreateSnapshotRequest,
  Flags,
  Refusal,
  RevertSlice,
  SnapshotTarget,
  SubtreeDeleteSlice,
  UpdateSlice,
  UpdateSnapshotRequest,
} from '../connector.js';
import type { NoCredentials } from '../credentials.js';
import { BackendFailure } from '../errors.js';
import { byKeys, splitKey } from '../keys.js';
import { isActive, lacksWhenInactive } from '../libvirtMemory.js';
import { listedDrives } from '../listedDrives.js';
import { noTasks, type TaskCodec } from '../tasks.js';
import type { LibvirtdSettings } from './settings.js';
import { SnapshotClones, unfitVolumeName } from './clones.js';
import { mapDrive, mapSnapshot, mapVM, mapVolume, parseSnapshotKey, powerStateOf, snapshotKeyOf } from './mapping.js';
import { readVolumes } from './pools.js';
import { linesOf, VirshShells, type VirshAnswer, type VirshCommand } from './virsh.js';
import { checked, CONTROL_CHARACTERS, DEVICES_XPATH, filesOf, heldOutside, readCapacities, readDevices, readSnapshot, SNAPSHOT_FIELDS_XPATH } from './wire.js';

const FLAGS: Flags = {
  // Internal snapshots of a running or paused domain keep its RAM (lacksFor takes it away from shut-off ones).
  memorySnapshots: true,
  // Disk-only snapshots of a running domain, where its guest agent answers (lacksFor takes it away elsewhere).
  quiesce: true,
  snapshotTree: true,
  metadata: false,
};

/** How long one virsh run may take: a revert restores a domain's RAM. */
const VIRSH_TIMEOUT_MS = 120_000;

/** A domain name or snapshot name virsh and libvirt's XML carry as given: printable, no newline. */
const unfit = (name: string): string | null => (CONTROL_CHARACTERS.test(name) ? 'must not contain control characters' : null);

const described = (why: string | null): string | null => (why ? `description ${why}` : null);

/** A description libvirt's XML can hold: line breaks and tabs, but no other control characters (XML 1.0 has none). */
const unfitDescription = (text: string | null | undefined): string | null =>
  text && /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text) ? 'must not contain control characters other than tabs and line breaks' : null;

/** A URI of this host's libvirtd (no host part, no remote transport): its files are the gateway's to read. */
const isLocal = (uri: string): boolean => /^[a-z]+(\+unix)?:\/\/\//.test(uri);

/** The domains with their disks' files (which tell the volumes no domain has). */
interface Estate {
  vms: VMRecord[];
  attached: Set<string>;
}

/** What libvirt does for each kind of action, in the words an operation shows while it runs. */
const ACTING: Record<Exclude<OperationKind, 'CLONE_SNAPSHOT'>, string> = {
  CREATE_SNAPSHOT: 'taking the snapshot',
  REVERT_SNAPSHOT: 'restoring the domain as the snapshot holds it',
  DELETE_SNAPSHOT: 'deleting the snapshot',
  UPDATE_SNAPSHOT: 'redefining the snapshot',
};

/** What libvirt 9.0 cannot do with a snapshot whose disks are overlay files (external), in its own words. */
const EXTERNAL_REVERT = 'libvirt cannot revert to this snapshot: it is disk-only, its disks kept in overlay files (external), which libvirt 9.0 does not revert to';
const EXTERNAL_CLONE = 'this snapshot is disk-only, its disks kept in overlay files (external): a clone copies a disk that holds its snapshot inside';

class LibvirtdConnector implements Connector {
  readonly kind = 'LIBVIRTD';
  readonly flags = FLAGS;
  readonly name: string;
  readonly tasks: TaskCodec;
  readonly drives = listedDrives({
    // A libvirt snapshot covers every disk of its domain.
    driveSnapshots: false,
    listDrives: () => this.listDrives(),
    listSnapshotsOfDrives: (driveKeys) => this.snapshotsOfDrives(driveKeys),
  });
  /** Clones copy files: only where the gateway runs on libvirtd's host. */
  readonly clone?: CloneSlice;
  /** A clone's copy is a job of this process, which a cancel stops (its volume removed); the rest is synchronous. */
  readonly cancel?: CancelSlice;
  readonly revert: RevertSlice = {
    revertSnapshot: (key) => this.act(key, (domain, name) => ['snapshot-revert', domain, name]),
    refuse: (snapshot) => (this.isExternal(snapshot) ? EXTERNAL_REVERT : null),
  };
  readonly update: UpdateSlice = {
    updateSnapshot: (key, request) => this.updateSnapshot(key, request),
    // A snapshot's name is its identity in libvirt: redefining it under another name would make a second one.
    refuse: (_snapshot, request) =>
      request.name !== undefined ? 'libvirt cannot rename a snapshot; only its description can change' : described(unfitDescription(request.description)),
  };
  readonly bulkDelete: BulkDeleteSlice = { deleteSnapshots: (keys) => this.deleteMany(keys) };
  readonly subtreeDelete: SubtreeDeleteSlice = { deleteSubtree: (key) => this.act(key, (domain, name) => ['snapshot-delete', domain, name, '--children']) };
  private readonly virsh: VirshShells;
  private readonly estate = new SingleFlight<Estate>();
  private readonly snapshotReads = new Map<string, Promise<SnapshotRecord[]>>();
  private readonly clones: SnapshotClones | null;
  /** Domains whose guest agent answered at the last read of the estate: those that can quiesce. */
  private agents = new Set<string>();
  /** Per domain, its snapshots held in overlay files, as the last read of its snapshots found them. */
  private readonly external = new Map<string, Set<string>>();

  constructor(options: ConnectorOptions<NoCredentials, LibvirtdSettings>) {
    this.name = options.name;
    this.virsh = new VirshShells({ backend: options.name, uri: options.baseUrl, timeoutMs: VIRSH_TIMEOUT_MS });
    const { cloneBytesPerSecond, clonePool } = options.settings;
    this.clones = isLocal(options.baseUrl)
      ? new SnapshotClones(options.name, this.virsh, options.ledger, { bytesPerSecond: cloneBytesPerSecond ?? null, pool: clonePool ?? null })
      : null;
    const clones = this.clones;
    if (clones) {
      this.clone = {
        cloneSnapshot: (key, name) => {
          const { domain, name: snapshot } = this.snapshotRef(key);
          return clones.start(key, domain, snapshot, name);
        },
        refuse: (snapshot, name) => {
          if (this.isExternal(snapshot)) return { field: 'snapshotId', message: EXTERNAL_CLONE };
          const unfitName = name === null ? null : unfitVolumeName(name);
          return unfitName ? { field: 'name', message: unfitName } : null;
        },
      };
      this.cancel = { kinds: ['CLONE_SNAPSHOT'] };
    }
    this.tasks = clones?.tasks ?? noTasks(options.name, 'libvirt actions are synchronous; there is no task to poll');
  }

  lacksFor(vm: VMRecord): readonly Capability[] {
    return [...lacksWhenInactive(vm), ...(this.agents.has(vm.key) ? [] : (['quiesce'] as const))];
  }

  async listVMs(): Promise<VMRecord[]> {
    return (await this.estate.run(() => this.readEstate())).vms;
  }

  /** The domains' disks, and the volumes of the pools no domain has (a clone's new drive among them). */
  private async listDrives(): Promise<DriveRecord[]> {
    const [estate, volumes, origins] = await Promise.all([
      this.estate.run(() => this.readEstate()),
      readVolumes(this.virsh, this.name),
      this.clones?.origins() ?? new Map<string, string>(),
    ]);
    const free = volumes.filter((volume) => !estate.attached.has(volume.target.path));
    return [
      ...estate.vms.flatMap((vm) => vm.drives ?? []),
      ...free.map((volume) => mapVolume(this.name, volume, origins.get(volume.target.path) ?? null, this.clones?.copying(volume.target.path) ?? false)),
    ];
  }

  getVMs(keys: readonly string[]): Promise<(VMRecord | null)[]> {
    return byKeys(keys, () => this.listVMs());
  }

  listSnapshotsOfVMs(vmKeys: readonly string[]): Promise<SnapshotRecord[]> {
    const domains = [...new Set(vmKeys)].sort();
    // A query asks for the same domains' snapshots from the VM and the drive level at once: one read for both.
    const key = JSON.stringify(domains);
    const pending = this.snapshotReads.get(key);
    if (pending) return pending;
    const read = this.readSnapshots(domains).finally(() => this.snapshotReads.delete(key));
    this.snapshotReads.set(key, read);
    return read;
  }

  /** Every snapshot of these domains: one batch for their names and current snapshots, one for their XML. */
  private async readSnapshots(domains: readonly string[]): Promise<SnapshotRecord[]> {
    const listed = await this.read(domains.flatMap((domain) => [['snapshot-list', domain, '--name', '--topological'], ['snapshot-current', domain, '--name']]));
    const trees = domains.map((domain, i) => {
      const names = listed[2 * i];
      const current = listed[2 * i + 1];
      // A domain that is gone has no snapshots; one without a current snapshot answers an error for it.
      if (!names?.ok) return { domain, names: [], current: null };
      return { domain, names: linesOf(names.out), current: current?.ok ? current.out : null };
    });
    const wanted = trees.flatMap((tree) => tree.names.map((name) => ({ tree, name })));
    const xml = await this.read(wanted.map(({ tree, name }) => ['snapshot-dumpxml', tree.domain, name, '--xpath', SNAPSHOT_FIELDS_XPATH, '--wrap']));
    for (const domain of domains) this.external.set(domain, new Set());
    return wanted.flatMap(({ tree, name }, i) => {
      const answer = xml[i];
      // Deleted between the two runs: not there any more.
      if (!answer?.ok) return [];
      const snapshot = checked(this.name, () => readSnapshot(answer.out), `snapshot '${name}'`);
      if (heldOutside(snapshot)) this.external.get(tree.domain)?.add(name);
      return [mapSnapshot(this.name, tree.domain, snapshot, tree.current)];
    });
  }

  async getSnapshots(keys: readonly string[]): Promise<(SnapshotRecord | null)[]> {
    const domains = keys.flatMap((key) => splitKey(key, 2)?.[0] ?? []);
    return byKeys(keys, () => this.listSnapshotsOfVMs(domains));
  }

  async ping(): Promise<void> {
    await this.virsh.one(['uri']);
  }

  refuseSnapshotTarget(target: VMRecord | DriveRecord): string | null {
    return target.entity === 'Drive' ? 'libvirt snapshots whole domains: use the id of the VM this drive belongs to' : null;
  }

  refuseCreate(request: CreateSnapshotRequest, target: VMRecord | DriveRecord): Refusal | null {
    const why = unfit(request.name);
    if (why) return { field: 'name', message: why };
    const unheld = unfitDescription(request.description);
    if (unheld) return { field: 'description', message: unheld };
    if (request.quiesce && request.includeMemory) return { field: 'quiesce', message: 'libvirt quiesces disk-only snapshots: ask for it with includeMemory false' };
    // A disk-only snapshot of an active domain names its overlay files after itself.
    const active = target.entity === 'VM' && isActive(target.powerState);
    if (active && !request.includeMemory && request.name.includes('/')) {
      return { field: 'name', message: 'must not contain / in a disk-only snapshot of a running domain: libvirt names its overlay files after it' };
    }
    return null;
  }

  /**
   * A full checkpoint of an active domain where memory is asked for; an internal disk snapshot of a shut-off one;
   * disk-only of an active one otherwise (libvirt 9.0 takes those only as overlay files, external), quiesced if asked.
   */
  async createSnapshot(target: SnapshotTarget, request: CreateSnapshotRequest): Promise<ActionResult> {
    const diskOnly = !request.includeMemory && isActive(powerStateOf(await this.virsh.one(['domstate', target.key])));
    const flags = diskOnly ? ['--disk-only', '--atomic', ...(request.quiesce ? ['--quiesce'] : [])] : [];
    // The name and description go in XML (a file), so a description may hold line breaks the shell could not carry.
    const description = request.description ? `<description>${escapeXml(request.description)}</description>` : '';
    const xml = `<domainsnapshot><name>${escapeXml(request.name)}</name>${description}</domainsnapshot>`;
    await withXmlFile(xml, (file) => this.virsh.one(['snapshot-create', target.key, file, ...flags]));
    const snapshotKey = snapshotKeyOf(target.key, request.name);
    if (!diskOnly) return { done: true, snapshotKey };
    const quiesced = request.quiesce ? ', its file systems quiesced by the guest agent' : '';
    return { done: true, snapshotKey, message: `disk-only${quiesced}: libvirt keeps it in overlay files beside the disks, which libvirt 9.0 cannot revert to` };
  }

  /** Whether the last read of its domain's snapshots found this one held in overlay files. */
  private isExternal(snapshot: SnapshotRecord): boolean {
    const ref = parseSnapshotKey(snapshot.key);
    return ref !== null && (this.external.get(ref.domain)?.has(ref.name) ?? false);
  }

  deleteSnapshot(snapshotKey: string): Promise<ActionResult> {
    // libvirt re-parents the children of the snapshot it deletes.
    return this.act(snapshotKey, (domain, name) => ['snapshot-delete', domain, name]);
  }

  actingMessage(kind: OperationKind): string | null {
    // A clone answers at once with its copy's phase; the others run for as long as libvirt takes, with no figures.
    if (kind === 'CLONE_SNAPSHOT') return null;
    return `libvirt is at work on it (${ACTING[kind]}); it reports no progress for snapshots, so there are no figures to show`;
  }

  async close(): Promise<void> {
    // A copy stopped removes its volume through virsh: before the shells go.
    await this.clones?.close();
    this.virsh.close();
  }

  /**
   * A new description: the snapshot's XML redefined with it (`snapshot-create --redefine`), kept current if it was.
   * The XML goes through a file of the gateway's host, which virsh reads for a remote URI too.
   */
  private async updateSnapshot(snapshotKey: string, request: UpdateSnapshotRequest): Promise<ActionResult> {
    const { domain, name } = this.snapshotRef(snapshotKey);
    const [xml, current] = await this.run([['snapshot-dumpxml', domain, name, '--security-info'], ['snapshot-current', domain, '--name']]);
    const edited = withDescription(this.virsh.outOf(xml), request.description ?? '');
    const wasCurrent = current?.ok === true && current.out === name;
    await withXmlFile(edited, (file) => this.virsh.one(['snapshot-create', domain, file, '--redefine', ...(wasCurrent ? ['--current'] : [])]));
    return { done: true, snapshotKey };
  }

  /** Many deletes in one virsh run: one after the other (so per domain in turn), each with its own result. */
  private async deleteMany(snapshotKeys: readonly string[]): Promise<(ActionResult | Error)[]> {
    const refs = snapshotKeys.map((key) => parseSnapshotKey(key));
    const sendable = refs.flatMap((ref) => (ref ? [ref] : []));
    const answers = await this.run(sendable.map(({ domain, name }) => ['snapshot-delete', domain, name]));
    return snapshotKeys.map((key, i): ActionResult | Error => {
      const ref = refs[i];
      const answer = ref ? answers[sendable.indexOf(ref)] : undefined;
      if (answer === undefined) return this.notASnapshot(key);
      return answer.ok ? { done: true, snapshotKey: key } : this.virsh.failure(answer.error);
    });
  }

  /** One action on a snapshot; done when virsh answers. */
  private async act(snapshotKey: string, command: (domain: string, name: string) => VirshCommand): Promise<ActionResult> {
    const { domain, name } = this.snapshotRef(snapshotKey);
    await this.virsh.one(command(domain, name));
    return { done: true, snapshotKey };
  }

  /** Every domain with its state and disks (with their capacity): two batches of commands, whatever their number. */
  private async readEstate(): Promise<Estate> {
    const domains = linesOf(await this.virsh.one(['list', '--all', '--name']));
    const described = await this.read(
      domains.flatMap((domain): VirshCommand[] => [['domstate', domain], ['dumpxml', domain, '--xpath', DEVICES_XPATH, '--wrap'], ['domblkinfo', domain, '--all']]),
    );
    const attached = new Set<string>();
    const agents = new Set<string>();
    const vms = domains.flatMap((domain, i) => {
      const [state, disks, sizes] = [described[3 * i], described[3 * i + 1], described[3 * i + 2]];
      // Undefined between the two runs: gone.
      if (!state?.ok || !disks?.ok) return [];
      const capacities = sizes?.ok ? readCapacities(sizes.out) : new Map<string, number>();
      const devices = checked(this.name, () => readDevices(disks.out), `domain '${domain}'`);
      if (devices.guestAgent) agents.add(domain);
      for (const file of devices.disks.flatMap(filesOf)) attached.add(file);
      const drives = devices.disks.map((disk) => mapDrive(this.name, domain, disk, capacities.get(disk.target['@dev']) ?? null));
      return [mapVM(this.name, domain, state.out, drives)];
    });
    this.agents = agents;
    return { vms, attached };
  }

  private async snapshotsOfDrives(driveKeys: readonly string[]): Promise<SnapshotRecord[]> {
    const domains = driveKeys.flatMap((key) => splitKey(key, 2)?.[0] ?? []);
    return (await this.listSnapshotsOfVMs(domains)).filter((snapshot) => snapshot.hasDisk);
  }

  /** Commands that act (or read what an action needs), in one virsh run, in order. */
  private run(commands: readonly VirshCommand[]): Promise<VirshAnswer[]> {
    return this.virsh.run(commands);
  }

  /** Commands that only read, split over a few virsh runs at once when there are many. */
  private read(commands: readonly VirshCommand[]): Promise<VirshAnswer[]> {
    return this.virsh.read(commands);
  }

  /** The domain and name a snapshot key holds; NOT_FOUND when it is not a key of this backend. */
  private snapshotRef(snapshotKey: string): { domain: string; name: string } {
    const ref = parseSnapshotKey(snapshotKey);
    if (!ref) throw this.notASnapshot(snapshotKey);
    return ref;
  }

  private notASnapshot(key: string): BackendFailure {
    return new BackendFailure(this.name, `'${key}' is not a libvirt snapshot key`, 'NOT_FOUND');
  }
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** XML handed to virsh in a file of the gateway's host (which virsh reads for a remote URI too), gone afterwards. */
async function withXmlFile<T>(xml: string, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-libvirtd-'));
  try {
    const file = join(dir, 'snapshot.xml');
    await writeFile(file, xml);
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A snapshot's XML with this description (none when empty): the first <description> is the snapshot's own. */
function withDescription(xml: string, description: string): string {
  const element = description === '' ? '' : `<description>${escapeXml(description)}</description>`;
  const start = xml.indexOf('<description>');
  const domainAt = xml.search(/<(domain|inactiveDomain)[\s>]/);
  if (start >= 0 && (domainAt < 0 || start < domainAt)) {
    const end = xml.indexOf('</description>', start) + '</description>'.length;
    return xml.slice(0, start) + element + xml.slice(end);
  }
  return xml.replace(/(<\/name>)/, `$1${element}`);
}

export const createLibvirtdConnector: ConnectorFactory<NoCredentials, LibvirtdSettings> = (options) => new LibvirtdConnector(options);
