// The faults a lab simulator can be told to have (LAB_FAULTS at start, or at runtime): what they are, and how
// one is written (`down`, `error:0.2`, `slow:2000`, `garbage`) and read; labEnv.ts reads the list per backend.
// Limits to some methods, `cut`, and garbage that is JSON are for tests only: LAB_FAULTS cannot give them.
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

/** One fault, or why the text is not one. */
export function parseFault(text: string): SimFault | string {
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
