// The HTTP client every connector shares: a keep-alive pool, a timeout per call, retries for reads only,
// bounded concurrency per backend, zod at the boundary, and the backend metrics.
// node:http rather than fetch: a dashboard query can cost a hundred backend calls, and fetch spends several
// times the CPU per call.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { z } from 'zod';
import type { Metrics } from '../metrics.js';
import { BackendFailure } from './errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpClientOptions {
  metrics: Metrics;
  /** Per call, in milliseconds. */
  timeoutMs?: number;
  /** Extra attempts for GETs that failed on the network or with 502/503/504. */
  readRetries?: number;
  /** Calls in flight at once, per backend. */
  concurrency?: number;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the text when the body is not JSON, or null when empty. */
  body: unknown;
}

export interface RequestOptions {
  backend: string;
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
}

/** Waits its turn: at most `size` holders at once. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

export class HttpClient {
  private readonly timeoutMs: number;
  private readonly readRetries: number;
  private readonly concurrency: number;
  private readonly gates = new Map<string, Semaphore>();
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(private readonly options: HttpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.readRetries = options.readRetries ?? 2;
    this.concurrency = options.concurrency ?? 16;
    this.httpAgent = new HttpAgent({ keepAlive: true, keepAliveMsecs: 15_000 });
    this.httpsAgent = new HttpsAgent({ keepAlive: true, keepAliveMsecs: 15_000 });
  }

  /** Closes the pooled connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** One exchange; any status comes back, only network failures and timeouts throw. */
  async send(request: RequestOptions): Promise<RawResponse> {
    const attempts = request.method === 'GET' ? 1 + this.readRetries : 1;
    let lastError: BackendFailure | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(50 * 2 ** attempt * (0.5 + Math.random()));
      try {
        const response = await this.gate(request.backend).run(() => this.once(request));
        if (!RETRYABLE_STATUS.has(response.status) || attempt === attempts - 1) return response;
        lastError = new BackendFailure(request.backend, `HTTP ${response.status}`, String(response.status));
      } catch (error) {
        if (!(error instanceof BackendFailure)) throw error;
        lastError = error;
      }
    }
    throw lastError ?? new BackendFailure(request.backend, 'request failed');
  }

  private gate(backend: string): Semaphore {
    let gate = this.gates.get(backend);
    if (!gate) this.gates.set(backend, (gate = new Semaphore(this.concurrency)));
    return gate;
  }

  private async once(request: RequestOptions): Promise<RawResponse> {
    const started = performance.now();
    let status = 'error';
    try {
      const response = await this.exchange(request);
      status = String(response.status);
      return response;
    } catch (error) {
      const timedOut = error instanceof TimedOut;
      status = timedOut ? 'timeout' : 'error';
      const message = timedOut
        ? `timed out after ${this.timeoutMs} ms`
        : `unreachable: ${error instanceof Error ? error.message : String(error)}`;
      throw new BackendFailure(request.backend, message, timedOut ? 'TIMEOUT' : 'UNREACHABLE');
    } finally {
      this.options.metrics.recordBackendRequest(request.backend, request.method, status, performance.now() - started);
    }
  }

  /** One request over the pool; the whole exchange, body included, must end within the timeout. */
  private exchange(request: RequestOptions): Promise<RawResponse> {
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
      ...request.headers,
    };
    return new Promise<RawResponse>((resolve, reject) => {
      const options = { method: request.method, headers };
      const onResponse = (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parseBody(text) });
        });
      };
      const req = secure
        ? httpsRequest(url, { ...options, agent: this.httpsAgent }, onResponse)
        : httpRequest(url, { ...options, agent: this.httpAgent }, onResponse);
      const timer = setTimeout(() => req.destroy(new TimedOut()), this.timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(body);
    });
  }
}

class TimedOut extends Error {
  override readonly name = 'TimedOut';
}

/** Parses a backend payload; a mismatch names the backend, the call and the field. */
export function parseWire<S extends z.ZodType>(backend: string, schema: S, body: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(body)';
  throw new BackendFailure(
    backend,
    `unexpected answer to ${where}: field ${field}: ${issue?.message ?? 'invalid'}`,
    'BAD_RESPONSE',
  );
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Joins a base URL and a path without doubling or dropping slashes. */
export function joinUrl(baseUrl: string, path: string, query?: Record<string, string | number | undefined>): string {
  const url = new URL(path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}
