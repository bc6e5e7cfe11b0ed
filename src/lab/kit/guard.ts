// The gate a simulator's routes pass through, in the order the simulators share: the request is logged, then a
// failure a test queued answers instead, then the simulator's own check (auth) may refuse it.
import type { SimHandler, SimRequest, SimResponse } from '../simulatorServer.js';
import type { FaultQueue } from './faultQueue.js';
import type { RequestLog } from './requestLog.js';

interface GuardParts {
  faults: FaultQueue;
  /** Where requests are logged; none when the simulator keeps no log. */
  log?: RequestLog;
  /** The refusal (a 401, say) for a request that may not go on; null when it may. */
  authenticate?: (request: SimRequest) => SimResponse | null;
}

type Guard = (handler: SimHandler, options?: { anonymous?: boolean }) => SimHandler;

/** Wraps handlers in the gate; an anonymous route skips `authenticate` (a login, a health check). */
export const guardWith =
  (parts: GuardParts): Guard =>
  (handler, options = {}) =>
  (request) => {
    parts.log?.record(request);
    const injected = parts.faults.take(request);
    if (injected) return injected;
    const refused = options.anonymous ? null : (parts.authenticate?.(request) ?? null);
    return refused ?? handler(request);
  };
