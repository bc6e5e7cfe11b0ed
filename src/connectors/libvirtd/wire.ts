// What libvirt answers through virsh, parsed: the domain XML's disks and a snapshot's XML (without its copy of the
// domain), checked with zod as every backend's payloads are.
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { BackendFailure } from '../errors.js';

// Text stays text (a snapshot named 0001 is not a number); the elements that repeat are always lists.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => name === 'disk' || name === 'channel',
});

/** The XPath that keeps a snapshot's own fields, not the domain it copies (the bulk of its XML). */
export const SNAPSHOT_FIELDS_XPATH = '/domainsnapshot/*[not(self::domain) and not(self::inactiveDomain) and not(self::cookie)]';
/** The XPath of a domain's disks and its guest agent's channel (whose state says whether an agent answers). */
export const DEVICES_XPATH = "/domain/devices/*[self::disk or self::channel[target/@name='org.qemu.guest_agent.0']]";
/** The XPath of a storage volume's name, capacity and file. */
export const VOLUME_XPATH = '/volume/*[self::name or self::capacity or self::target]';
/** The XPath of a storage pool's directory. */
export const POOL_PATH_XPATH = '/pool/target/path';

const text = z.string();

/** A file under a disk's active one (an external snapshot's overlay sits on it); `<backingStore/>` ends the chain. */
interface WireBacking {
  source?: { '@file'?: string | undefined } | undefined;
  backingStore?: WireBacking | '' | undefined;
}
const wireBacking: z.ZodType<WireBacking> = z.lazy(() =>
  z.object({ source: z.object({ '@file': z.string().optional() }).optional(), backingStore: z.union([z.literal(''), wireBacking]).optional() }),
);

const wireDisk = z.object({
  '@device': z.string().optional(),
  '@type': z.string().optional(),
  source: z
    .object({ '@file': z.string().optional(), '@dev': z.string().optional(), '@name': z.string().optional(), '@volume': z.string().optional() })
    .optional(),
  target: z.object({ '@dev': z.string(), '@bus': z.string().optional() }),
  driver: z.object({ '@type': z.string().optional() }).optional(),
  backingStore: z.union([z.literal(''), wireBacking]).optional(),
});
export type WireDisk = z.output<typeof wireDisk>;

const wireChannel = z.object({ target: z.object({ '@name': z.string().optional(), '@state': z.string().optional() }) });

const wireDevices = z.object({
  nodes: z.union([z.literal(''), z.object({ disk: z.array(wireDisk).default([]), channel: z.array(wireChannel).default([]) })]),
});

/** What a domain's devices tell: its disks, and whether a guest agent is connected (libvirt sees it in the guest). */
interface WireDevices {
  disks: WireDisk[];
  guestAgent: boolean;
}

const wireSnapshot = z.object({
  nodes: z.object({
    name: text,
    description: text.optional(),
    state: text,
    creationTime: text.regex(/^\d+$/),
    parent: z.object({ name: text }).optional(),
    memory: z.object({ '@snapshot': z.string() }).optional(),
    disks: z.union([z.literal(''), z.object({ disk: z.array(z.object({ '@name': z.string(), '@snapshot': z.string().optional() })).default([]) })]).optional(),
  }),
});
export type WireSnapshot = z.output<typeof wireSnapshot>['nodes'];

const wireVolume = z.object({
  nodes: z.object({
    name: text,
    capacity: z.object({ '#text': text.regex(/^\d+$/), '@unit': z.literal('bytes').optional() }),
    target: z.object({ path: text, format: z.object({ '@type': z.string() }).optional() }),
  }),
});
export type WireVolume = z.output<typeof wireVolume>['nodes'];

const wirePoolPath = z.object({ nodes: z.union([z.literal(''), z.object({ path: text })]) });

class WireError extends Error {
  override readonly name = 'WireError';
}

/** What `read` parsed, or the backend's failure naming what could not be read. */
export function checked<T>(backend: string, read: () => T, what: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof WireError) throw new BackendFailure(backend, `unexpected XML for ${what}: ${error.message}`, 'BAD_RESPONSE');
    throw error;
  }
}

function parsed<S extends z.ZodType>(schema: S, xml: string, what: string): z.output<S> {
  let tree: unknown;
  try {
    tree = parser.parse(xml);
  } catch (error) {
    throw new WireError(`${what}: not XML (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = schema.safeParse(tree);
  if (!result.success) throw new WireError(`${what}: ${result.error.issues[0]?.message ?? 'unexpected XML'}`);
  return result.data;
}

/** A domain's disks and guest agent, from `dumpxml <domain> --xpath DEVICES_XPATH --wrap`. */
export function readDevices(xml: string): WireDevices {
  const { nodes } = parsed(wireDevices, xml, 'domain devices');
  if (nodes === '') return { disks: [], guestAgent: false };
  return {
    disks: nodes.disk.filter((disk) => (disk['@device'] ?? 'disk') === 'disk'),
    guestAgent: nodes.channel.some((channel) => channel.target['@name'] === 'org.qemu.guest_agent.0' && channel.target['@state'] === 'connected'),
  };
}

/** The files a disk reads: its own, then those of its backing chain (overlays of external snapshots sit on them). */
export function filesOf(disk: WireDisk): string[] {
  const files: string[] = [];
  let link: WireBacking | '' | undefined = disk;
  while (link !== undefined && link !== '') {
    if (link.source?.['@file']) files.push(link.source['@file']);
    link = link.backingStore;
  }
  return files;
}

/** Whether libvirt keeps this snapshot in overlay files beside the disks (external) rather than inside them. */
export const heldOutside = (snapshot: WireSnapshot): boolean =>
  snapshot.memory?.['@snapshot'] === 'external' ||
  disksOf(snapshot).some((disk) => disk['@snapshot'] === 'external');

/** The disks a snapshot's XML lists, with how each is kept (none for `<disks/>` or no element). */
export const disksOf = (snapshot: WireSnapshot): { '@name': string; '@snapshot'?: string | undefined }[] =>
  snapshot.disks === '' || snapshot.disks === undefined ? [] : snapshot.disks.disk;

/** Characters no libvirt name carries (virsh's shell and libvirt's XML would not keep them as given). */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A snapshot's own fields, from `snapshot-dumpxml <domain> <name> --xpath SNAPSHOT_FIELDS_XPATH --wrap`. */
export function readSnapshot(xml: string): WireSnapshot {
  return parsed(wireSnapshot, xml, 'snapshot XML').nodes;
}

/** The capacity of each disk, by target, from `domblkinfo <domain> --all` without its header (virsh -q). */
export function readCapacities(out: string): Map<string, number> {
  const capacities = new Map<string, number>();
  for (const line of out.split('\n')) {
    const [target, capacity] = line.trim().split(/\s+/);
    // An empty drive (a CD-ROM without a medium) has '-' for its sizes.
    if (target && capacity && /^\d+$/.test(capacity)) capacities.set(target, Number(capacity));
  }
  return capacities;
}

/** A storage volume, from `vol-dumpxml <path> --xpath VOLUME_XPATH --wrap`. */
export function readVolume(xml: string): WireVolume {
  return parsed(wireVolume, xml, 'volume XML').nodes;
}

/** A pool's directory, from `pool-dumpxml <pool> --xpath POOL_PATH_XPATH --wrap`; null for pools without one. */
export function readPoolPath(xml: string): string | null {
  const { nodes } = parsed(wirePoolPath, xml, 'pool XML');
  return nodes === '' ? null : nodes.path;
}

/** The paths of a pool's volumes, from `vol-list <pool>` without its header (virsh -q): `name   path` per line. */
export function readVolumePaths(out: string): string[] {
  // The path is what follows the column gap; a volume name has no run of spaces before a '/'.
  return out.split('\n').flatMap((line) => /\s{2,}(\/.*?)\s*$/.exec(line)?.[1] ?? []);
}
