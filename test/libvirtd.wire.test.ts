// The LIBVIRTD backend's reading of what libvirt answers, on samples captured from a real libvirtd
// (test/fixtures/libvirtd/), and of virsh itself where it cannot run: these run on every machine.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BackendFailure } from '../src/connectors/errors.js';
import { codeOfLibvirtError, mapDrive, mapSnapshot, powerStateOf } from '../src/connectors/libvirtd/mapping.js';
import { quote, runVirsh } from '../src/connectors/libvirtd/virsh.js';
import { filesOf, heldOutside, readCapacities, readDevices, readSnapshot } from '../src/connectors/libvirtd/wire.js';
import { rejectionOf } from './helpers/connectors.js';

const sample = (name: string) => readFileSync(new URL(`fixtures/libvirtd/${name}`, import.meta.url), 'utf8');

describe('libvirt XML and virsh text', () => {
  it('reads a domain disk as a drive: its file, target key and capacity', () => {
    const [disk] = readDevices(sample('domain-disks.xml')).disks;
    if (!disk) throw new Error('no disk read');
    expect(mapDrive('host', 'gw-probe', disk, readCapacities(sample('domblkinfo.txt')).get('vda') ?? null)).toMatchObject({
      key: JSON.stringify(['gw-probe', 'vda']),
      name: 'gw-probe.qcow2',
      sizeBytes: 67108864,
      status: 'IN_USE',
      vmKey: 'gw-probe',
    });
  });

  it("reads a disk's backing chain (overlays of external snapshots) and whether the guest agent is connected", () => {
    const devices = readDevices(sample('domain-devices-agent.xml'));
    expect(devices.guestAgent).toBe(false);
    const [disk] = devices.disks;
    if (!disk) throw new Error('no disk read');
    expect(filesOf(disk)).toEqual(['/var/lib/libvirt/images/gw-agent.d4', '/var/lib/libvirt/images/gw-agent.x y', '/var/lib/libvirt/images/gw-agent.qcow2']);
    // The same channel as libvirt shows it once an agent in the guest has opened it.
    expect(readDevices(sample('domain-devices-agent.xml').replace('state="disconnected"', 'state="connected"')).guestAgent).toBe(true);
    expect(readDevices(sample('domain-disks.xml')).guestAgent).toBe(false);
  });

  it('reads a disk-only snapshot of a running domain as held outside its disks, without memory', () => {
    const external = readSnapshot(sample('snapshot-external.xml'));
    expect(heldOutside(external)).toBe(true);
    expect(mapSnapshot('host', 'gw-agent', external, 'd4')).toMatchObject({ hasMemory: false, hasDisk: true, isCurrent: true });
    expect(heldOutside(readSnapshot(sample('snapshot-root.xml')))).toBe(false);
  });

  it('reads no capacity for a drive virsh gives none (an empty CD-ROM answers -)', () => {
    expect([...readCapacities(' vda   67108864   204800   458911\n hdc   -   -   -\n')]).toEqual([['vda', 67108864]]);
  });

  it('reads a snapshot: escaped description, state, memory and disks, parent, creation time, current', () => {
    const root = mapSnapshot('host', 'gw-probe', readSnapshot(sample('snapshot-root.xml')), 'second');
    expect(root).toMatchObject({ name: 'first one', description: 'R&D <x>', vmPowerState: 'RUNNING', hasMemory: true, hasDisk: true, isCurrent: false, parentKey: null });
    expect(root.createdAt?.toISOString()).toBe(new Date(1796233407 * 1000).toISOString());
    const child = mapSnapshot('host', 'gw-probe', readSnapshot(sample('snapshot-child.xml')), 'second');
    expect(child).toMatchObject({ isCurrent: true, parentKey: JSON.stringify(['gw-probe', 'first one']) });
  });

  it('keeps a numeric-looking name as text, and refuses XML that is not a snapshot', () => {
    const xml = '<nodes><name>0001</name><state>shutoff</state><creationTime>1</creationTime></nodes>';
    expect(mapSnapshot('host', 'd', readSnapshot(xml), null)).toMatchObject({ name: '0001', hasMemory: false, vmPowerState: 'STOPPED' });
    expect(() => readSnapshot('<nodes><state>x</state></nodes>')).toThrow(/snapshot XML/);
  });

  it.each([
    ['running', 'RUNNING'],
    ['paused', 'PAUSED'],
    ['shut off', 'STOPPED'],
    ['pmsuspended', 'PAUSED'],
    ['something new', 'UNKNOWN'],
  ])('maps domstate %s to %s', (state, power) => {
    expect(powerStateOf(state)).toBe(power);
  });

  it.each([
    ["operation failed: domain snapshot 'root' already exists", 'CONFLICT'],
    ["failed to get domain 'nope': Domain not found: no domain with matching name 'nope'", 'NOT_FOUND'],
    ["Domain snapshot not found: no domain snapshot with matching name 'x'", 'NOT_FOUND'],
    ['failed to connect to the hypervisor', 'UNREACHABLE'],
    ['internal error: qemu unexpectedly closed the monitor', 'SERVER_ERROR'],
  ])('gives "%s" the code %s', (message, code) => {
    expect(codeOfLibvirtError(message)).toBe(code);
  });

  it('quotes words the way virsh reads them back', () => {
    expect(quote(`it's "a;b" \\ c`)).toBe(`"it's \\"a;b\\" \\\\ c"`);
  });

  it('refuses a word with a line break before anything is run (the shell would take the rest as commands)', async () => {
    const options = { backend: 'host', uri: 'qemu:///system', binary: 'no-such-virsh', timeoutMs: 5_000 };
    const failure = await rejectionOf(runVirsh(options, [['snapshot-create-as', 'vm', '--description', 'x\n"destroy" "vm"']]), BackendFailure);
    // INVALID_REQUEST, not UNREACHABLE: the missing binary was never started.
    expect(failure).toMatchObject({ code: 'INVALID_REQUEST', message: 'virsh cannot carry a line break inside a word; nothing was sent' });
  });

  it('is UNREACHABLE when virsh cannot be run at all', async () => {
    const failure = await rejectionOf(runVirsh({ backend: 'host', uri: 'qemu:///system', binary: 'no-such-virsh', timeoutMs: 5_000 }, [['uri']]), BackendFailure);
    expect(failure).toMatchObject({ code: 'UNREACHABLE', backend: 'host' });
    expect(failure.message).toMatch(/virsh cannot be run/);
  });
});
