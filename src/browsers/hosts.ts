// DNS rebinding: a hostile name that resolves to 127.0.0.1 makes its page, to the browser, same-origin with an open
// loopback gateway, so neither CORS nor the WebSocket origin check stops it. Its requests still name that host in
// `Host`: a gateway without authentication answers only loopback names and the hosts `http.allowedHosts` lists.
import type { Plugin } from 'graphql-yoga';
import { z } from 'zod';

/** A Host header as clients send it: a name or address, and a port. */
const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d{1,5})?$/;

/** `http.allowedHosts` entries: a host name or address, with or without a port, as it appears in `Host`. */
export const allowedHostsSchema = z
  .array(z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/, 'must be a host name or address, with an optional :port'))
  .max(1000)
  .transform((hosts) => hosts.map((host) => host.toLowerCase()));

export const HOST_MESSAGE = 'this host name is not one the gateway answers to: list it in http.allowedHosts';

export class HostPolicy {
  private readonly listed: ReadonlySet<string>;

  /** Checked where the gateway is open (no authentication) or hosts are listed; a Bearer token is no ambient credential. */
  constructor(
    allowedHosts: readonly string[],
    private readonly open: boolean,
  ) {
    this.listed = new Set(allowedHosts);
  }

  private get enforced(): boolean {
    return this.open || this.listed.size > 0;
  }

  accepts(host: string | null | undefined): boolean {
    if (!this.enforced) return true;
    // HTTP/1.1 requires Host; a request without one names no host the gateway answers to.
    if (!host) return false;
    const name = host.toLowerCase();
    return LOOPBACK_HOST.test(name) || this.listed.has(name) || this.listed.has(name.replace(/:\d{1,5}$/, ''));
  }
}

/** Answers 403, before anything else runs, a request sent to a host name the gateway does not answer to. */
export function useHostCheck(hosts: HostPolicy): Plugin {
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (hosts.accepts(request.headers.get('host'))) return;
      const body = { errors: [{ message: HOST_MESSAGE, extensions: { code: 'HOST_NOT_ALLOWED' } }] };
      endResponse(new fetchAPI.Response(JSON.stringify(body), { status: 403, headers: { 'content-type': 'application/json' } }));
    },
  };
}
