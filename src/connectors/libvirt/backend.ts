// The "VM Snapshot API" (libgo, a REST server over libvirt) as a backend of the gateway.
import { z } from 'zod';
import { defineBackend } from '../backend.js';
import { NO_SETTINGS } from '../credentials.js';
import { LIBVIRT_CREDENTIALS, createLibvirtConnector } from './connector.js';
import { LIBVIRT_SIM_DEFAULT_VMS, startLibvirtSimulator } from './simulator.js';

// The lab's libvirt requires a login, so the connector's auth path runs in every demo and test.
const LAB_CREDENTIALS = { username: 'lab', password: 'lab-password' };

export const libvirt = defineBackend({
  kind: 'LIBVIRT',
  description: "The 'VM Snapshot API' REST service (/api/v1/vms/{name}/snapshots).",
  credentials: LIBVIRT_CREDENTIALS,
  settings: NO_SETTINGS,
  create: createLibvirtConnector,
  contracts: 'contracts/libvirt-rest',
  lab: {
    name: 'libvirt',
    knobs: z.object({
      /** `false`: the lab's libvirt answers its snapshot list empty, as the released libgo server does. */
      LAB_LIBGO_LISTS: z.enum(['true', 'false']).default('true'),
    }),
    async start(common, knobs) {
      const simulator = await startLibvirtSimulator({
        ...common.server,
        vmCount: LIBVIRT_SIM_DEFAULT_VMS * common.scale,
        auth: LAB_CREDENTIALS,
        // A fixed libgo lists its snapshots, so the demo shows seeded trees; the released one answers empty.
        listsSnapshots: knobs.LAB_LIBGO_LISTS === 'true',
      });
      return { simulator, url: simulator.url, credentials: LAB_CREDENTIALS };
    },
  },
});
