// What every connector does around an HTTP call to its backend: authenticate (logging in once for all callers,
// renewing before expiry and after a 401), send through the shared HttpClient, turn a non-2xx answer into a
// BackendFailure the backend's own way, and parse a 2xx body with zod.
import type { z } from 'zod';
import { BackendFailure } from './errors.js';
import { joinUrl, parseWire, type HttpClient, type HttpMethod, type RawResponse } from './http.js';

export interface Token {
  value: string;
  /** Epoch milliseconds; Infinity when the backend gives no expiry. */
  expiresAt: number;
}

/** How a backend wants callers to prove who they are. */
export interface Auth {
  /** Headers for the next request (logging in first when there is no valid token). */
  headers(): Promise<Record<string, string>>;
  /** After a 401 answered to `sent`: renew, unless another caller already did. */
  renew(sent: Record<string, string>): Promise<void>;
}

/** Fixed headers (Basic auth, an API key): nothing to renew. */
export function staticAuth(headers: Record<string, string>): Auth {
  return { headers: async () => headers, renew: async () => undefined };
}

/**
 * A token from a login call: one login in flight for all concurrent callers, a new one when the token is within
 * `renewMarginMs` of expiry or the backend answers 401. `refresh` (when given) is tried before a full login.
 */
export function tokenAuth(options: {
  login: () => Promise<Token>;
  refresh?: (token: Token) => Promise<Token>;
  header: (token: string) => Record<string, string>;
  renewMarginMs?: number;
  /** Epoch milliseconds the token's expiresAt is read against; Date.now (looked up at each call) unless given. */
  now?: () => number;
}): Auth {
  const margin = options.renewMarginMs ?? 30_000;
  const now = options.now ?? (() => Date.now());
  let current: Token | null = null;
  let pending: Promise<Token> | null = null;

  /** One login (or refresh of `previous`) in flight for every caller. */
  const obtain = (previous: Token | null): Promise<Token> => {
    pending ??= (async () => {
      if (previous && options.refresh) {
        try {
          return await options.refresh(previous);
        } catch {
          // A refresh that fails falls back to a full login.
        }
      }
      return options.login();
    })()
      .then((token) => (current = token))
      .finally(() => {
        pending = null;
      });
    return pending;
  };

  return {
    async headers() {
      const token = current && current.expiresAt - now() > margin ? current : await obtain(current);
      return options.header(token.value);
    },
    async renew(sent) {
      if (current && JSON.stringify(options.header(current.value)) !== JSON.stringify(sent)) return;
      // The refused token still carries what a refresh needs.
      const refused = current;
      current = null;
      await obtain(refused);
    },
  };
}

interface BackendApiOptions {
  backend: string;
  baseUrl: string;
  http: HttpClient;
  auth?: Auth;
  /** Reads the backend's error body into a BackendFailure. */
  failure: (response: RawResponse) => BackendFailure;
}

export interface CallOptions {
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  headers?: Record<string, string>;
  /** Send without the auth headers (a health check, the login itself). */
  anonymous?: boolean;
  /** A 5xx answer for which this is true says nothing about the backend's health (see RequestOptions.neutral). */
  neutral?: (response: RawResponse) => boolean;
}

export const isOk = (response: RawResponse): boolean => response.status >= 200 && response.status < 300;

export class BackendApi {
  constructor(private readonly options: BackendApiOptions) {}

  /** One exchange, authenticated and retried once after a 401; any status comes back. */
  async send(method: HttpMethod, path: string, call: CallOptions = {}): Promise<RawResponse> {
    const { backend, baseUrl, http, auth } = this.options;
    const exchange = (authHeaders: Record<string, string>) =>
      http.send({
        backend,
        method,
        url: joinUrl(baseUrl, path, call.query),
        headers: { ...authHeaders, ...call.headers },
        ...(call.json === undefined ? {} : { json: call.json }),
        ...(call.neutral && { neutral: call.neutral }),
      });
    if (!auth || call.anonymous) return exchange({});
    const sent = await auth.headers();
    const response = await exchange(sent);
    if (response.status !== 401) return response;
    await auth.renew(sent);
    return exchange(await auth.headers());
  }

  /** One exchange whose 2xx body is parsed with `schema`; any other answer is the backend's failure. */
  async call<S extends z.ZodType>(method: HttpMethod, path: string, schema: S, call: CallOptions = {}): Promise<z.output<S>> {
    const response = await this.send(method, path, call);
    if (!isOk(response)) throw this.options.failure(response);
    return parseWire(this.options.backend, schema, response.body, `${method} ${path}`);
  }

  /** Like call, for answers whose body does not matter (204 and the like). */
  async expectOk(method: HttpMethod, path: string, call: CallOptions = {}): Promise<RawResponse> {
    const response = await this.send(method, path, call);
    if (!isOk(response)) throw this.options.failure(response);
    return response;
  }
}

/** One request for callers asking the same thing at the same time; nothing is kept once it answered. */
export class SingleFlight<T> {
  private pending: Promise<T> | null = null;

  run(load: () => Promise<T>): Promise<T> {
    this.pending ??= load().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }
}
