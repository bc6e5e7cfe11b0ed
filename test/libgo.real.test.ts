// The LIBVIRT backend on the real "VM Snapshot API" server (libgo ebe201a over libvirtd + QEMU; `bash .ci/libgo.sh`
// sets it up as root, `npm run test:real` runs this file), with virsh as the judge of what libvirt holds. Runs
// whenever the server answers at LIBGO_URL; under CI=true always (a missing server fails).
import {
  LIBGO_URL,
  libgoForTests,
  RUNNING_VM,
  STOPPED_VM,
  virsh,
  virshCurrent,
  virshDeleteAll,
  virshParent,
  virshSnapshots,
} from './helpers/libgo.js';
import { libgoSuite, type LibgoTarget } from './helpers/libgoSuite.js';

const XML_TEXT: Record<string, string> = { '&gt;': '>', '&lt;': '<', '&quot;': '"', '&apos;': "'", '&amp;': '&' };

const real: LibgoTarget = {
  label: `the real VM Snapshot API at ${LIBGO_URL}`,
  url: LIBGO_URL,
  runningVM: RUNNING_VM,
  stoppedVM: STOPPED_VM,
  snapshots: virshSnapshots,
  current: virshCurrent,
  parent: virshParent,
  async description(vm, name) {
    const text = /<description>([^<]*)<\/description>/.exec(await virsh('snapshot-dumpxml', vm, name))?.[1];
    return text === undefined ? null : text.replace(/&(gt|lt|quot|apos|amp);/g, (entity) => XML_TEXT[entity] ?? entity);
  },
  async holdsMemory(vm, name) {
    return (await virsh('snapshot-dumpxml', vm, name)).includes(`<memory snapshot='internal'/>`);
  },
  async cleanup(prefix) {
    for (const vm of [RUNNING_VM, STOPPED_VM]) await virshDeleteAll(vm, prefix);
  },
};

await libgoSuite(() => real, await libgoForTests('the real VM Snapshot API'));
