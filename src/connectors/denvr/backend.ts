// DenvrCloud's API (servers in clusters and namespaces, their snapshots) as a backend of the gateway.
import { z } from 'zod';
import { defineBackend } from '../backend.js';
import { createDenvrConnector, DENVR_CREDENTIALS, DENVR_SETTINGS } from './connector.js';
import { DENVR_SIM_DEFAULT_AUTH, DENVR_SIM_DEFAULT_SETTINGS, DENVR_SIM_DEFAULT_VMS, startDenvrSimulator } from './simulator.js';

export const denvr = defineBackend({
  kind: 'DENVR',
  description: 'DenvrCloud API (/api/v1/servers/snapshots/...).',
  credentials: DENVR_CREDENTIALS,
  settings: DENVR_SETTINGS,
  create: createDenvrConnector,
  contracts: 'contracts/denvr',
  lab: {
    name: 'denvr',
    knobs: z.object({}),
    async start(common) {
      const simulator = await startDenvrSimulator({
        ...common.server,
        vmCount: DENVR_SIM_DEFAULT_VMS * common.scale,
        auth: DENVR_SIM_DEFAULT_AUTH,
      });
      return { simulator, url: simulator.url, credentials: { ...DENVR_SIM_DEFAULT_AUTH }, settings: DENVR_SIM_DEFAULT_SETTINGS };
    },
  },
});
