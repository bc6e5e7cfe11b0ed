// ManageIQ's REST API (VMs and cloud instances, snapshots through its tasks) as a backend of the gateway.
import { z } from 'zod';
import { defineBackend } from '../backend.js';
import { NO_SETTINGS } from '../credentials.js';
import { MANAGEIQ_CREDENTIALS, createManageIQConnector } from './connector.js';
import {
  MANAGEIQ_SIM_DEFAULT_AUTH,
  MANAGEIQ_SIM_DEFAULT_INSTANCES,
  MANAGEIQ_SIM_DEFAULT_VMS,
  startManageIQSimulator,
} from './simulator.js';

export const manageiq = defineBackend({
  kind: 'MANAGEIQ',
  description: 'ManageIQ REST API (/api/vms/:id/snapshots, /api/instances/:id/snapshots).',
  credentials: MANAGEIQ_CREDENTIALS,
  settings: NO_SETTINGS,
  create: createManageIQConnector,
  contracts: 'contracts/manageiq',
  lab: {
    name: 'manageiq',
    knobs: z.object({}),
    async start(common) {
      const simulator = await startManageIQSimulator({
        ...common.server,
        vmCount: MANAGEIQ_SIM_DEFAULT_VMS * common.scale,
        instanceCount: MANAGEIQ_SIM_DEFAULT_INSTANCES * common.scale,
      });
      // Reached with a group too, so the X-MIQ-Group path runs as well.
      return { simulator, url: simulator.url, credentials: { ...MANAGEIQ_SIM_DEFAULT_AUTH } };
    },
  },
});
