// Failures a test queues: the next request that matches gets this answer instead of the real one (failNext).
import type { SimRequest, SimResponse } from '../simulatorServer.js';

export class FaultQueue {
  private readonly queued: { method: string; pathContains: string; status: number; body: unknown }[] = [];

  /** @param emptyBody what an injected failure sends when the test gives no body */
  constructor(private readonly emptyBody: unknown = {}) {}

  /** The next request whose method matches and whose path contains `pathContains` gets this answer instead. */
  failNext = (method: string, pathContains: string, status: number, body?: unknown): void => {
    this.queued.push({ method: method.toUpperCase(), pathContains, status, body });
  };

  /** The injected answer for this request (a string body is sent as text), or null when none is queued for it. */
  take(request: SimRequest): SimResponse | null {
    const index = this.queued.findIndex((f) => f.method === request.method && request.path.includes(f.pathContains));
    const [fault] = index >= 0 ? this.queued.splice(index, 1) : [];
    if (!fault) return null;
    return typeof fault.body === 'string'
      ? { status: fault.status, text: fault.body }
      : { status: fault.status, body: fault.body ?? this.emptyBody };
  }
}
