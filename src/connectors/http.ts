// The HTTP client every connector shares: keep-alive (Node's fetch pools connections), a timeout per call,
// retries for reads only, bounded concurrency per backend, zod at the boundary, and the backend metrics.
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
  headers: Headers;
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
class Semaphore {
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

  constructor(private readonly options: HttpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.readRetries = options.readRetries ?? 2;
    this.concurrency = options.concurrency ?? 16;
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
      const response = await fetch(request.url, {
        method: request.method,
        headers: {
          accept: 'application/json',
          ...(request.json === undefined ? {} : { 'content-type': 'application/json' }),
          ...request.headers,
        },
        body: request.json === undefined ? undefined : JSON.stringify(request.json),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = String(response.status);
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: parseBody(text) };
    } catch (error) {
      status = isTimeout(error) ? 'timeout' : 'error';
      const message = isTimeout(error)
        ? `timed out after ${this.timeoutMs} ms`
        : `unreachable: ${error instanceof Error ? (causeMessage(error) ?? error.message) : String(error)}`;
      throw new BackendFailure(request.backend, message, status === 'timeout' ? 'TIMEOUT' : 'UNREACHABLE');
    } finally {
      this.options.metrics.recordBackendRequest(request.backend, request.method, status, performance.now() - started);
    }
  }
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

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function causeMessage(error: Error): string | undefined {
  return error.cause instanceof Error ? error.cause.message : undefined;
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
