// CloudSigma's API 2.0 (servers, drives and drive snapshots) as a backend of the gateway.
import { z } from 'zod';
import { defineBackend } from '../backend.js';
import { NO_SETTINGS } from '../credentials.js';
import { CLOUDSIGMA_CREDENTIALS, createCloudSigmaConnector } from './connector.js';
import { CLOUDSIGMA_SIM_DEFAULT_AUTH, CLOUDSIGMA_SIM_DEFAULT_SERVERS, startCloudSigmaSimulator } from './simulator.js';

export const cloudsigma = defineBackend({
  kind: 'CLOUDSIGMA',
  description: 'CloudSigma API 2.0 (/snapshots/, /drives/, /servers/).',
  credentials: CLOUDSIGMA_CREDENTIALS,
  settings: NO_SETTINGS,
  create: createCloudSigmaConnector,
  contracts: 'contracts/cloudsigma',
  lab: {
    name: 'cloudsigma',
    knobs: z.object({}),
    async start(common) {
      const simulator = await startCloudSigmaSimulator({
        ...common.server,
        serverCount: CLOUDSIGMA_SIM_DEFAULT_SERVERS * common.scale,
        auth: CLOUDSIGMA_SIM_DEFAULT_AUTH,
      });
      // Basic auth with the account's email and password.
      return { simulator, url: simulator.apiUrl, credentials: { ...CLOUDSIGMA_SIM_DEFAULT_AUTH } };
    },
  },
});
