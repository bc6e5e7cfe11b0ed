// Storage pools and their volumes as LIBVIRTD reads them: every volume (a drive, attached to a domain or not), and
// the pool whose directory holds a file (where a clone's new volume goes). A few batches, whatever their number.
import { linesOf, type VirshShells } from './virsh.js';
import { checked, POOL_PATH_XPATH, readPoolPath, readVolume, readVolumePaths, VOLUME_XPATH, type WireVolume } from './wire.js';

interface Pool {
  name: string;
  /** Its directory; null for pools that have none (a logical volume group, say). */
  path: string | null;
}

/** The active pools with their directories. */
async function readPools(virsh: VirshShells, backend: string): Promise<Pool[]> {
  const names = linesOf(await virsh.one(['pool-list', '--name']));
  const xml = await virsh.read(names.map((name) => ['pool-dumpxml', name, '--xpath', POOL_PATH_XPATH, '--wrap']));
  return names.map((name, i) => {
    const answer = xml[i];
    return { name, path: answer?.ok ? checked(backend, () => readPoolPath(answer.out), `pool '${name}'`) : null };
  });
}

/** The pool whose directory is `directory`, or null when none is. */
export async function poolOfDirectory(virsh: VirshShells, backend: string, directory: string): Promise<string | null> {
  const pools = await readPools(virsh, backend);
  return pools.find((pool) => pool.path !== null && trimmed(pool.path) === trimmed(directory))?.name ?? null;
}

/** Every volume of the active pools. */
export async function readVolumes(virsh: VirshShells, backend: string): Promise<WireVolume[]> {
  const pools = linesOf(await virsh.one(['pool-list', '--name']));
  const listed = await virsh.read(pools.map((pool) => ['vol-list', pool]));
  // A pool stopped between the two runs has no volumes to show.
  const paths = listed.flatMap((answer) => (answer.ok ? readVolumePaths(answer.out) : []));
  const xml = await virsh.read(paths.map((path) => ['vol-dumpxml', path, '--xpath', VOLUME_XPATH, '--wrap']));
  return xml.flatMap((answer, i) => (answer.ok ? [checked(backend, () => readVolume(answer.out), `volume '${paths[i]}'`)] : []));
}

const trimmed = (path: string): string => path.replace(/\/+$/, '');
