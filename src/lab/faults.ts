// The faults a lab simulator can be told to have (LAB_FAULTS at start, or at runtime): what they are, how they
// are written (`cloudsigma=down,manageiq=error:0.2,denvr=slow:2000,danube=garbage`), and how they are read.
// Limits to some methods, `cut`, and garbage that is JSON are for tests only: LAB_FAULTS cannot give them.
import { z } from 'zod';

/** The lab's backends, by kind, as LAB_FAULTS names them. */
export const LAB_KINDS = ['libvirt', 'manageiq', 'cloudsigma', 'danube', 'denvr'] as const;
export type LabKind = (typeof LAB_KINDS)[number];

export type SimFault =
  /** Unreachable: every connection is reset. */
  | { mode: 'down' }
  /** Each request (of these methods, when given) answers HTTP 500 with this probability. */
  | { mode: 'error'; probability: number; methods?: readonly string[] }
  /**
   * Each request (of these methods, when given) is answered this much later; it is handled at once all the same,
   * so a client that gives up meanwhile does not undo it. An answer queued with failNext is as late.
   */
  | { mode: 'slow'; ms: number; methods?: readonly string[] }
  /** Each request (of these methods, when given) is handled, then its connection is cut instead of answered. */
  | { mode: 'cut'; methods?: readonly string[] }
  /**
   * Each request answers 200 with a body that is not JSON; with `json`, each read answers 200 JSON of the wrong
   * shape instead (what that simulator's reads send: a schema's rejection to test), and other requests go on as usual.
   */
  | { mode: 'garbage'; json?: boolean };

export type LabFaults = Partial<Record<LabKind, SimFault>>;

const MAX_SLOW_MS = 600_000;

/** Whether a fault that may be limited to some methods applies to a request of this one. */
export const appliesTo = (fault: { methods?: readonly string[] }, method: string): boolean =>
  !fault.methods || fault.methods.includes(method);

/** Whether a request that met this fault answers JSON of the wrong shape (a simulator's reads check it). */
export const wantsWrongShape = (fault: SimFault | null): boolean => fault?.mode === 'garbage' && fault.json === true;

/** The fault as LAB_FAULTS writes it. */
export function describeFault(fault: SimFault): string {
  const only = (methods: readonly string[] | undefined) => (methods ? ` (${methods.join(', ')} only)` : '');
  switch (fault.mode) {
    case 'down':
      return fault.mode;
    case 'garbage':
      return fault.json ? 'garbage (JSON of the wrong shape)' : 'garbage';
    case 'error':
      return `error:${fault.probability}${only(fault.methods)}`;
    case 'slow':
      return `slow:${fault.ms}${only(fault.methods)}`;
    case 'cut':
      return `cut${only(fault.methods)}`;
  }
}

/** The faults as LAB_FAULTS writes them; 'none' when there are none. */
export function describeFaults(faults: LabFaults): string {
  const entries = LAB_KINDS.flatMap((kind) => {
    const fault = faults[kind];
    return fault ? [`${kind}=${describeFault(fault)}`] : [];
  });
  return entries.length > 0 ? entries.join(',') : 'none';
}

const isLabKind = (value: string): value is LabKind => LAB_KINDS.some((kind) => kind === value);

/** One fault, or why the text is not one. */
function parseFault(text: string): SimFault | string {
  const [mode, argument, ...rest] = text.split(':');
  if (rest.length > 0) return `'${text}' has too many ':'`;
  if ((mode === 'down' || mode === 'garbage') && argument === undefined) return { mode };
  if (mode === 'error' && argument !== undefined) {
    const probability = Number(argument);
    if (argument.trim() === '' || !Number.isFinite(probability) || probability < 0 || probability > 1) {
      return `error:<p> needs a probability from 0 to 1, got '${argument}'`;
    }
    return { mode, probability };
  }
  if (mode === 'slow' && argument !== undefined) {
    const ms = Number(argument);
    if (!/^\d+$/.test(argument) || ms > MAX_SLOW_MS) return `slow:<ms> needs whole milliseconds from 0 to ${MAX_SLOW_MS}, got '${argument}'`;
    return { mode, ms };
  }
  return `unknown fault '${text}' (expected down, error:<p>, slow:<ms> or garbage)`;
}

/** Reads LAB_FAULTS; a mistake is one issue naming the entry. */
export function parseLabFaults(text: string): LabFaults | string {
  const faults: LabFaults = {};
  for (const entry of text.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const [kind = '', fault, ...rest] = entry.split('=').map((p) => p.trim());
    if (fault === undefined || rest.length > 0) return `'${entry}' must be backend=fault, e.g. cloudsigma=down`;
    if (!isLabKind(kind)) return `'${entry}': the backend must be one of ${LAB_KINDS.join(', ')}`;
    if (faults[kind]) return `'${kind}' is given twice`;
    const parsed = parseFault(fault);
    if (typeof parsed === 'string') return `'${entry}': ${parsed}`;
    faults[kind] = parsed;
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
