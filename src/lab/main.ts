// `npm run lab`: the simulators alone, so a gateway (or anything else) can be pointed at them.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_LAB_OP_MS, describeFaults, labFaultsSchema, labKnobsSchema } from './labEnv.js';
import { envOrExit } from '../tools/envOrExit.js';
import { simulatorLines, startLab } from './lab.js';

const env = envOrExit(
  'lab',
  z.object({
    LAB_SCALE: z.coerce.number().int().min(1).max(1000).default(1),
    LAB_LATENCY_MS: z.coerce.number().int().min(0).default(0),
    LAB_OP_MS: z.coerce.number().int().min(0).default(DEFAULT_LAB_OP_MS),
    LAB_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
    LAB_CONFIG_OUT: z.string().optional(),
    LAB_FAULTS: labFaultsSchema,
  }),
);
const knobs = envOrExit('lab', labKnobsSchema);

const { LAB_SCALE, LAB_LATENCY_MS, LAB_OP_MS, LAB_PORT, LAB_CONFIG_OUT, LAB_FAULTS } = env;
const lab = await startLab({ scale: LAB_SCALE, latencyMs: LAB_LATENCY_MS, opMs: LAB_OP_MS, basePort: LAB_PORT, faults: LAB_FAULTS, knobs });

const envVarFor = (backend: string, credential: string): string =>
  `${backend.replace(/\W/g, '_').toUpperCase()}_${credential.toUpperCase()}`;

// A gateway config for these simulators; credentials come from environment variables, as in production.
const config = {
  backends: lab.specs.map((spec) => ({
    name: spec.name,
    kind: spec.kind,
    baseUrl: spec.baseUrl,
    ...(Object.keys(spec.settings).length > 0 && { settings: spec.settings }),
    credentials: Object.fromEntries(
      Object.keys(spec.credentials).map((credential) => [credential, envVarFor(spec.name, credential)]),
    ),
  })),
};
const variables = lab.specs.flatMap((spec) =>
  Object.entries(spec.credentials).map(
    ([credential, value]) => `${envVarFor(spec.name, credential)}=${value}`,
  ),
);

console.log(`Faults (LAB_FAULTS): ${describeFaults(LAB_FAULTS)}`);
for (const line of simulatorLines(lab)) console.log(line);
if (LAB_CONFIG_OUT) {
  writeFileSync(LAB_CONFIG_OUT, `${JSON.stringify(config, null, 2)}\n`);
  console.log(`Gateway config written to ${LAB_CONFIG_OUT}; start a gateway on it with:`);
} else {
  console.log(`Gateway config (save it as lab.json):\n${JSON.stringify(config, null, 2)}\nthen start a gateway on it with:`);
}
console.log(`  ${variables.join(' ')} npm start -- --config ${LAB_CONFIG_OUT ?? 'lab.json'}`);

const stop = () => void lab.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
