// Which browser pages may act on the gateway: those of the origins the config lists, and, over WebSocket (which
// has no CORS), the gateway's own pages (GraphiQL). Read by the CORS answers (cors.ts) and the upgrade (wsServer.ts).
import { z } from 'zod';
import { HOST_MESSAGE, type HostPolicy } from './hosts.js';

/** An Origin header naming a web origin; `null` (sandboxed frames, file: pages) and anything else names none. */
const originHeader = z.url({ protocol: /^https?$/ }).transform((value) => new URL(value));

export class OriginPolicy {
  private readonly listed: ReadonlySet<string>;

  constructor(
    origins: readonly string[],
    private readonly hosts: HostPolicy,
  ) {
    this.listed = new Set(origins);
  }

  /** Whether pages of `origin` may call across origins (CORS). */
  lists(origin: string | null | undefined): origin is string {
    return typeof origin === 'string' && this.listed.has(origin);
  }

  /**
   * Whether a WebSocket upgrade may go on. No Origin: not a browser (browsers always send one on a WebSocket).
   * Otherwise the page must be listed, or the gateway's own: the host and port the request was sent to.
   */
  /** Why a WebSocket upgrade may not go on (see acceptsUpgrade), or null where it may. */
  upgradeRefusal(origin: string | undefined, host: string | undefined): string | null {
    if (!this.hosts.accepts(host)) return HOST_MESSAGE;
    return this.acceptsUpgrade(origin, host) ? null : 'this origin may not open a WebSocket here: list it in http.cors.origins';
  }

  private acceptsUpgrade(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined || this.lists(origin)) return true;
    const parsed = originHeader.safeParse(origin);
    return parsed.success && host !== undefined && parsed.data.host === host.toLowerCase();
  }
}
