// The real "VM Snapshot API" server (libgo's own handlers over libvirtd + QEMU, set up by .ci/libgo.sh) and virsh,
// the judge of what libvirt holds. Under CI=true a missing server is a failure, never a skip.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'vitest';

export const LIBGO_URL = process.env.LIBGO_URL ?? 'http://127.0.0.1:18089';
/** The two domains setup.sh defines: one running, one shut off. */
export const RUNNING_VM = 'libgo-snap-vm1';
export const STOPPED_VM = 'libgo-snap-vm2';

const run = promisify(execFile);

/** Whether the server lists its VMs within two seconds. */
export async function libgoAnswers(url: string = LIBGO_URL): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/v1/vms`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Whether the real server is there; under CI=true its absence registers a failing test named `suite`. */
export async function libgoForTests(suite: string): Promise<boolean> {
  const available = await libgoAnswers();
  if (!available && process.env.CI === 'true') {
    describe(suite, () => {
      it(`needs the real libgo server at ${LIBGO_URL} (CI=true: run bash .ci/libgo.sh as root, or set LIBGO_URL)`, () => {
        throw new Error(`no libgo server answers at ${LIBGO_URL}`);
      });
    });
  }
  return available;
}

/** One virsh command on the system libvirt; its stdout. */
export async function virsh(...args: string[]): Promise<string> {
  const { stdout } = await run('virsh', ['-c', 'qemu:///system', ...args]);
  return stdout;
}

/** The snapshot names libvirt holds for a domain. */
export async function virshSnapshots(vm: string): Promise<string[]> {
  return (await virsh('snapshot-list', vm, '--name')).split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/** libvirt's current snapshot of a domain, or null when it has none. */
export async function virshCurrent(vm: string): Promise<string | null> {
  try {
    return (await virsh('snapshot-current', vm, '--name')).trim() || null;
  } catch {
    return null;
  }
}

/** A snapshot's parent as libvirt holds it, or null for a root. */
export async function virshParent(vm: string, name: string): Promise<string | null> {
  try {
    return (await virsh('snapshot-parent', vm, name)).trim() || null;
  } catch {
    return null;
  }
}

/** Deletes a domain's snapshots whose names start with `prefix` (children first, so none is re-parented in vain). */
export async function virshDeleteAll(vm: string, prefix: string): Promise<void> {
  for (const name of (await virshSnapshots(vm)).filter((n) => n.startsWith(prefix)).reverse()) {
    await virsh('snapshot-delete', vm, name).catch(() => undefined);
  }
}
