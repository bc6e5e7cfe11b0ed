// Whether this host's libvirtd answers, for the lab's start-up lines: a user with libvirt sees how to add it.
import { runVirsh } from './virsh.js';

const LOCAL_LIBVIRT_URI = 'qemu:///system';

/** The line that says how to add the local libvirtd, or null when virsh is not there or does not reach it. */
export async function localLibvirtdHint(): Promise<string | null> {
  try {
    const [answer] = await runVirsh({ backend: 'local', uri: LOCAL_LIBVIRT_URI, timeoutMs: 1_500 }, [['uri']]);
    if (!answer?.ok) return null;
  } catch {
    return null;
  }
  const backend = JSON.stringify({ backends: [{ name: 'host', kind: 'LIBVIRTD', baseUrl: LOCAL_LIBVIRT_URI }] });
  return `libvirtd answers at ${LOCAL_LIBVIRT_URI} on this host: to see its domains, start with a config file holding ${backend} (docs/backends/libvirtd.md)`;
}
