// The LIBVIRT backend through a real gateway on the simulator answering as the released libgo does (an empty snapshot
// list, the generic 500s, the 503 /health): the same suite as on the real server (test/libgo.real.test.ts), with the
// simulator's state as the judge, so it runs on every machine.
import { afterAll } from 'vitest';
import { startLibvirtSimulator } from '../src/connectors/libvirt/simulator.js';
import { libgoSuite } from './helpers/libgoSuite.js';

const sim = await startLibvirtSimulator({ vmCount: 3, listsSnapshots: false });
afterAll(() => sim.close());

const [runningVM = '', stoppedVM = ''] = sim.vmNames();
const wire = (vm: string, name: string) => sim.snapshotsOf(vm).find((s) => s.name === name);

await libgoSuite(
  () => ({
    label: `the simulator answering as libgo ebe201a (${sim.url})`,
    url: sim.url,
    runningVM,
    stoppedVM,
    snapshots: async (vm) => sim.snapshotsOf(vm).map((s) => s.name),
    current: async (vm) => sim.currentOf(vm),
    parent: async (vm, name) => wire(vm, name)?.parent ?? null,
    description: async (vm, name) => wire(vm, name)?.description ?? null,
    holdsMemory: async (vm, name) => ['running', 'paused'].includes(wire(vm, name)?.state ?? ''),
    // The simulator goes with the file.
    cleanup: async () => undefined,
  }),
  true,
);
