// Real libvirtd for the LIBVIRTD backend's tests: tiny QEMU domains of their own (128 MiB, no OS, a 64 MiB qcow2
// disk), defined and removed around a suite, and whether the system libvirt answers. Under CI=true a missing
// libvirtd is a failure, never a skip.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, it } from 'vitest';
import { virsh } from './libgo.js';

export const LIBVIRT_URI = 'qemu:///system';
export const IMAGES = '/var/lib/libvirt/images';
const run = promisify(execFile);

/** Whether virsh reaches the system libvirtd. */
async function libvirtdAnswers(): Promise<boolean> {
  try {
    await virsh('uri');
    return true;
  } catch {
    return false;
  }
}

/** Whether libvirtd is there; under CI=true its absence registers a failing test named `suite`. */
export async function libvirtdForTests(suite: string): Promise<boolean> {
  const available = await libvirtdAnswers();
  if (!available && process.env.CI === 'true') {
    describe(suite, () => {
      it(`needs libvirtd at ${LIBVIRT_URI} (CI=true: run bash .ci/libgo.sh as root, which starts it)`, () => {
        throw new Error(`virsh does not reach ${LIBVIRT_URI}`);
      });
    });
  }
  return available;
}

/**
 * Defines a tiny domain with one qcow2 disk, started or not; KVM where /dev/kvm is there, TCG otherwise. With
 * `agentChannel`, it has a guest agent's channel, with no agent behind it (the domain has no OS).
 */
export async function defineDomain(name: string, running: boolean, options: { agentChannel?: boolean } = {}): Promise<void> {
  await removeDomain(name);
  const disk = `${IMAGES}/${name}.qcow2`;
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '64M']);
  const type = existsSync('/dev/kvm') ? 'kvm' : 'qemu';
  const xml = `<domain type='${type}'><name>${name}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><emulator>/usr/bin/qemu-system-x86_64</emulator>
<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${disk}'/><target dev='vda' bus='virtio'/></disk>
${options.agentChannel ? "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>" : ''}
<memballoon model='none'/></devices></domain>`;
  const file = `/tmp/${name}.xml`;
  await writeFile(file, xml);
  await virsh('define', file);
  await rm(file, { force: true });
  if (running) await virsh('start', name);
}

/** Stops and undefines a domain with its snapshots' metadata, and removes its disk; nothing when it is not there. */
export async function removeDomain(name: string): Promise<void> {
  await virsh('destroy', name).catch(() => undefined);
  await virsh('undefine', name, '--snapshots-metadata').catch(() => undefined);
  await rm(`${IMAGES}/${name}.qcow2`, { force: true });
  // Overlay files of disk-only snapshots taken while it ran (`<disk>.<snapshot>`).
  for (const file of await readdir(IMAGES)) if (file.startsWith(`${name}.`) && file !== `${name}.qcow2`) await rm(`${IMAGES}/${file}`, { force: true });
}

/** Writes `bytes` of `pattern` (a byte, e.g. 0xab) at the start of a shut-off domain's disk. */
export async function fillDisk(name: string, pattern: number, bytes: number): Promise<void> {
  await run('qemu-io', ['-f', 'qcow2', '-c', `write -P ${pattern} 0 ${bytes}`, `${IMAGES}/${name}.qcow2`]);
}

/** Whether a qcow2 file holds `pattern` over its first `bytes` (qemu-io's own verification). */
export async function holdsPattern(file: string, pattern: number, bytes: number): Promise<boolean> {
  // qemu-io exits 1 when the pattern does not match; what it printed says which.
  const stdout = await run('qemu-io', ['-r', '-U', '-f', 'qcow2', '-c', `read -P ${pattern} 0 ${bytes}`, file]).then(
    (done) => done.stdout,
    (failed: unknown) => (failed instanceof Error && 'stdout' in failed && typeof failed.stdout === 'string' ? failed.stdout : ''),
  );
  return !/verification failed/i.test(stdout) && /read \d+\/\d+ bytes/.test(stdout);
}

/**
 * A storage pool over the images directory, where clones' volumes go: the host's own where one has it, else a
 * transient one made here (gone with `release`, or when libvirtd restarts).
 */
export async function imagesPool(): Promise<{ name: string; release(): Promise<void> }> {
  for (const name of (await virsh('pool-list', '--name')).split('\n').map((line) => line.trim()).filter(Boolean)) {
    if ((await virsh('pool-dumpxml', name, '--xpath', '/pool/target/path', '--wrap')).includes(`<path>${IMAGES}</path>`)) {
      return { name, release: async () => undefined };
    }
  }
  const name = 'gw-test-images';
  await virsh('pool-create-as', name, 'dir', '--target', IMAGES);
  return { name, release: async () => void (await virsh('pool-destroy', name).catch(() => undefined)) };
}

/** The tests' own ssh server (.ci/sshd.sh): its port, the client key and the known_hosts that holds its host key. */
export const SSHD = { port: 2222, key: '/tmp/gw-sshd/client_ed25519', knownHosts: '/tmp/gw-sshd/known_hosts' } as const;

/** A remote URI of this host's libvirtd through the tests' sshd, the host key verified against `knownHosts`. */
export const remoteUri = (knownHosts: string = SSHD.knownHosts): string =>
  `qemu+libssh://root@127.0.0.1:${SSHD.port}/system?keyfile=${SSHD.key}&known_hosts=${knownHosts}&sshauth=privkey`;

/** Whether virsh reaches libvirtd through the tests' sshd; under CI=true its absence registers a failing test. */
export async function sshLibvirtdForTests(suite: string): Promise<boolean> {
  const available = existsSync(SSHD.key) && (await virshAt(remoteUri(), 'uri').then(() => true, () => false));
  if (!available && process.env.CI === 'true') {
    describe(suite, () => {
      it('needs libvirtd through ssh at 127.0.0.1:2222 (CI=true: run bash .ci/libgo.sh and bash .ci/sshd.sh as root)', () => {
        throw new Error(`virsh does not reach ${remoteUri()}`);
      });
    });
  }
  return available;
}

/** virsh on another URI than the system one, as the tests' judge; its output. */
async function virshAt(uri: string, ...args: string[]): Promise<string> {
  return (await run('virsh', ['-q', '-c', uri, ...args], { timeout: 20_000 })).stdout;
}
