// What the environment tells the lab: the faults of each simulator (LAB_FAULTS, e.g.
// `cloudsigma=down,manageiq=error:0.2,denvr=slow:2000,danube=garbage`) and each simulator's own knobs.
import { z } from 'zod';
import { BACKENDS } from '../connectors/registry.js';
import { describeFault, parseFault, type SimFault } from './faults.js';

type Lab = NonNullable<(typeof BACKENDS)[number]['lab']>;
/** The lab's backends as LAB_FAULTS names them. */
type LabName = Lab['name'];

/** The backends that have a lab simulator, in registry order, with it. */
export const LAB_BACKENDS = BACKENDS.flatMap((backend) => (backend.lab ? [{ kind: backend.kind, lab: backend.lab }] : []));
export const LAB_NAMES = LAB_BACKENDS.map(({ lab }): LabName => lab.name);

/** How long a lab backend action takes unless LAB_OP_MS says: long enough to watch its progress move in the UI. */
export const DEFAULT_LAB_OP_MS = 8_000;

export type LabFaults = Partial<Record<LabName, SimFault>>;

/** The faults as LAB_FAULTS writes them; 'none' when there are none. */
export function describeFaults(faults: LabFaults): string {
  const entries = LAB_NAMES.flatMap((name) => {
    const fault = faults[name];
    return fault ? [`${name}=${describeFault(fault)}`] : [];
  });
  return entries.length > 0 ? entries.join(',') : 'none';
}

const isLabName = (value: string): value is LabName => LAB_NAMES.some((name) => name === value);

/** Reads LAB_FAULTS; a mistake is one issue naming the entry. */
export function parseLabFaults(text: string): LabFaults | string {
  const faults: LabFaults = {};
  for (const entry of text.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const [name = '', fault, ...rest] = entry.split('=').map((p) => p.trim());
    if (fault === undefined || rest.length > 0) return `'${entry}' must be backend=fault, e.g. cloudsigma=down`;
    if (!isLabName(name)) return `'${entry}': the backend must be one of ${LAB_NAMES.join(', ')}`;
    if (faults[name]) return `'${name}' is given twice`;
    const parsed = parseFault(fault);
    if (typeof parsed === 'string') return `'${entry}': ${parsed}`;
    faults[name] = parsed;
  }
  return faults;
}

/** LAB_FAULTS in an environment schema: a string in, LabFaults out, no faults when unset. */
export const labFaultsSchema = z
  .string()
  .transform((text, ctx): LabFaults => {
    const parsed = parseLabFaults(text);
    if (typeof parsed !== 'string') return parsed;
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  })
  .default({});

/** Every simulator's own knobs (LAB_LIBGO_LISTS, …), read from the environment at start; each backend reads its own. */
export const labKnobsSchema = z.object(
  LAB_BACKENDS.reduce<z.ZodRawShape>((shape, { lab }) => ({ ...shape, ...lab.knobs.shape }), {}),
);
export type LabKnobs = z.output<typeof labKnobsSchema>;
