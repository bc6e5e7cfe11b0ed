// Danube Cloud's API (VM snapshots through its tasks, snapshot definitions as schedules) as a backend of the gateway.
import { z } from 'zod';
import { defineBackend } from '../backend.js';
import { NO_SETTINGS } from '../credentials.js';
import { DANUBE_CREDENTIALS, createDanubeConnector } from './connector.js';
import { DANUBE_SIM_DEFAULT_AUTH, DANUBE_SIM_DEFAULT_VMS, startDanubeSimulator } from './simulator.js';

export const danube = defineBackend({
  kind: 'DANUBE',
  description: 'Danube Cloud (/vm/{hostname}/snapshot/..., snapshot definitions).',
  credentials: DANUBE_CREDENTIALS,
  settings: NO_SETTINGS,
  create: createDanubeConnector,
  contracts: 'contracts/danube',
  lab: {
    name: 'danube',
    knobs: z.object({}),
    async start(common) {
      const simulator = await startDanubeSimulator({
        ...common.server,
        vmCount: DANUBE_SIM_DEFAULT_VMS * common.scale,
        auth: DANUBE_SIM_DEFAULT_AUTH,
      });
      // Logs in for a token (the API-key path is tested apart).
      return { simulator, url: simulator.apiUrl, credentials: { ...DANUBE_SIM_DEFAULT_AUTH } };
    },
  },
});
