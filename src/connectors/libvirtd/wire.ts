// What libvirt answers through virsh, parsed: the domain XML's disks and a snapshot's XML (without its copy of the
// domain), checked with zod as every backend's payloads are.
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

// Text stays text (a snapshot named 0001 is not a number); the elements that repeat are always lists.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => name === 'disk',
});

/** The XPath that keeps a snapshot's own fields, not the domain it copies (the bulk of its XML). */
export const SNAPSHOT_FIELDS_XPATH = '/domainsnapshot/*[not(self::domain) and not(self::inactiveDomain) and not(self::cookie)]';
/** The XPath of a domain's disks. */
export const DISKS_XPATH = '/domain/devices/disk';

const text = z.string();

const wireDisk = z.object({
  '@device': z.string().optional(),
  '@type': z.string().optional(),
  source: z
    .object({ '@file': z.string().optional(), '@dev': z.string().optional(), '@name': z.string().optional(), '@volume': z.string().optional() })
    .optional(),
  target: z.object({ '@dev': z.string(), '@bus': z.string().optional() }),
  driver: z.object({ '@type': z.string().optional() }).optional(),
});
export type WireDisk = z.output<typeof wireDisk>;

const wireDisks = z.object({ nodes: z.union([z.literal(''), z.object({ disk: z.array(wireDisk).default([]) })]) });

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

export class WireError extends Error {
  override readonly name = 'WireError';
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

/** A domain's disks, from `dumpxml <domain> --xpath DISKS_XPATH --wrap`. */
export function readDisks(xml: string): WireDisk[] {
  const { nodes } = parsed(wireDisks, xml, 'domain disks');
  return nodes === '' ? [] : nodes.disk.filter((disk) => (disk['@device'] ?? 'disk') === 'disk');
}

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
