// The HTTP client every connector shares: a keep-alive pool, a timeout per call (per backend if configured),
// retries for reads only (exponential backoff, full jitter), bounded concurrency and a circuit breaker per
// backend (cockatiel's retry, bulkhead and breaker), zod at the boundary, and the backend metrics.
// node:http rather than fetch: a dashboard query can cost a hundred backend calls, and fetch spends several
// times the CPU per call.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { bulkhead, ExponentialBackoff, handleWhen, retry, type BulkheadPolicy, type GeneratorFn, type RetryPolicy } from 'cockatiel';
import type { z } from 'zod';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Metrics } from '../metrics.js';
import { TRACER_NAME } from '../tracing.js';
import { answerStatus, Circuit, DEFAULT_CIRCUIT, type CircuitOptions } from './circuit.js';
import { urlForLog } from '../logging.js';
import { BackendFailure } from './errors.js';
import { networkWords, rawError } from './failureWords.js';

/** Backend calls' spans (no-ops until tracing is set up: src/tracing.ts). */
const tracer = trace.getTracer(TRACER_NAME);

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpClientOptions {
  metrics: Metrics;
  /** Per call, in milliseconds, for backends that set none of their own. */
  timeoutMs?: number;
  /** Extra attempts for GETs that failed on the network or with 502/503/504. */
  readRetries?: number;
  /** The wait before a read's first retry may be up to this; it doubles with each retry, up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Calls in flight at once, per backend. */
  concurrency?: number;
  /** When a backend's circuit opens, and when it is tried again. */
  circuitBreaker?: Partial<CircuitOptions>;
}

/** What one backend sets for itself. */
interface BackendHttpOptions {
  /** Per call, in milliseconds; the client's timeoutMs when absent. */
  timeoutMs?: number;
  /** A cheap call (the connector's ping) that tries the backend again while its circuit is open. */
  probe?: () => Promise<void>;
}

/** One backend's share of the client: its concurrency gate, its circuit and its timeout. */
interface Lane {
  gate: BulkheadPolicy;
  circuit: Circuit;
  timeoutMs: number;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the text when the body is not JSON, or null when empty. */
  body: unknown;
}

interface RequestOptions {
  backend: string;
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  /**
   * Whether a 5xx answer to this request says nothing about the backend's health (a server that answers 500 for a
   * thing that does not exist, say): such an answer neither opens nor closes the circuit.
   */
  neutral?: (response: RawResponse) => boolean;
}

/** A 5xx answer that the request called neutral: carried past the circuit, which counts it neither way. */
class NeutralAnswer extends Error {
  override readonly name = 'NeutralAnswer';
  constructor(readonly response: RawResponse) {
    super(`neutral HTTP ${response.status}`);
  }
}

/** At most `size` calls at once; the rest wait their turn, however many. */
export const concurrencyGate = (size: number): BulkheadPolicy => bulkhead(size, Number.POSITIVE_INFINITY);

const RETRYABLE_STATUS = new Set([502, 503, 504]);

/** A 502/503/504 answer: worth another try for a read (any other answer is the answer). */
const isRetryableAnswer = (value: unknown): boolean => RETRYABLE_STATUS.has(answerStatus(value) ?? 0);

/**
 * The wait before retry number `retry` (1, 2, ...): exponential backoff with full jitter, a random time between 0
 * and min(maxMs, baseMs * 2^(retry-1)), so clients that failed together do not come back together.
 */
export function retryDelayMs(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  return random() * Math.min(maxMs, baseMs * 2 ** (retry - 1));
}

/** retryDelayMs as cockatiel's backoff generator; its state is the number of the next retry. */
const fullJitter: GeneratorFn<number> = (retry = 1, options) => [retryDelayMs(retry, options.initialDelay, options.maxDelay), retry + 1];

export class HttpClient {
  private readonly timeoutMs: number;
  /** Reads only: a network failure, a timeout or a 502/503/504, never an open circuit (it lets no retry through). */
  private readonly readRetry: RetryPolicy;
  private readonly concurrency: number;
  private readonly circuitOptions: CircuitOptions;
  private readonly lanes = new Map<string, Lane>();
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(private readonly options: HttpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.readRetry = retry(
      handleWhen((error) => error instanceof BackendFailure && error.code !== 'CIRCUIT_OPEN').orWhenResult(isRetryableAnswer),
      {
        maxAttempts: options.readRetries ?? 2,
        backoff: new ExponentialBackoff({ generator: fullJitter, initialDelay: options.retryBaseMs ?? 100, maxDelay: options.retryMaxMs ?? 2_000 }),
      },
    );
    this.concurrency = options.concurrency ?? 16;
    this.circuitOptions = { ...DEFAULT_CIRCUIT, ...options.circuitBreaker };
    this.httpAgent = new HttpAgent({ keepAlive: true, keepAliveMsecs: 15_000 });
    this.httpsAgent = new HttpsAgent({ keepAlive: true, keepAliveMsecs: 15_000 });
  }

  /** Sets a backend's own timeout and the probe that closes its circuit again after an outage. */
  addBackend(backend: string, options: BackendHttpOptions): void {
    const lane = this.lane(backend);
    if (options.timeoutMs !== undefined) lane.timeoutMs = options.timeoutMs;
    if (options.probe) lane.circuit.setProbe(options.probe);
  }

  /** The circuit breaker in front of a backend. */
  circuit(backend: string): Circuit {
    return this.lane(backend).circuit;
  }

  /** Closes the pooled connections and stops the circuits' probes. */
  close(): void {
    for (const lane of this.lanes.values()) lane.circuit.close();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** One exchange; any status comes back, only network failures, timeouts and an open circuit throw. */
  async send(request: RequestOptions): Promise<RawResponse> {
    const lane = this.lane(request.backend);
    // The circuit is asked once the gate lets the call through, so calls queued behind an outage fail at once too.
    const attempt = () => lane.gate.execute(() => this.throughCircuit(lane, request));
    // Writes are never retried: a lost answer does not mean the backend did not act. The last try's answer or
    // failure is the call's.
    return request.method === 'GET' ? this.readRetry.execute(attempt) : attempt();
  }

  /** One exchange through the backend's circuit; a neutral 5xx comes back without counting as a failure. */
  private async throughCircuit(lane: Lane, request: RequestOptions): Promise<RawResponse> {
    try {
      return await lane.circuit.run(async () => {
        const response = await this.once(request, lane.timeoutMs);
        // Thrown past the breaker, which handles only BackendFailure: neither a failure nor a success for it.
        if (response.status >= 500 && request.neutral?.(response)) throw new NeutralAnswer(response);
        return response;
      });
    } catch (error) {
      if (error instanceof NeutralAnswer) return error.response;
      throw error;
    }
  }

  private lane(backend: string): Lane {
    let lane = this.lanes.get(backend);
    if (!lane) {
      lane = { gate: concurrencyGate(this.concurrency), circuit: new Circuit(backend, this.circuitOptions), timeoutMs: this.timeoutMs };
      this.lanes.set(backend, lane);
    }
    return lane;
  }

  private async once(request: RequestOptions, timeoutMs: number): Promise<RawResponse> {
    const started = performance.now();
    let status = 'error';
    // A span per call (a no-op without tracing), a child of the operation's; its context goes to the backend.
    const span = tracer.startSpan(`${request.backend} ${request.method}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'gateway.backend': request.backend, 'http.request.method': request.method },
    });
    // The redacted URL only where the span goes somewhere: every backend call pays for it otherwise.
    if (span.isRecording()) span.setAttribute('url.full', urlForLog(request.url));
    const traceHeaders: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), traceHeaders);
    try {
      const response = await this.exchange({ ...request, headers: { ...traceHeaders, ...request.headers } }, timeoutMs);
      status = String(response.status);
      return response;
    } catch (error) {
      const timedOut = error instanceof TimedOut;
      status = timedOut ? 'timeout' : 'error';
      // The client gets words; the log gets the raw error and where the call went.
      const where = `${request.method} ${urlForLog(request.url)}`;
      if (timedOut) {
        const raw = `no answer within ${timeoutMs} ms (${where})`;
        throw new BackendFailure(request.backend, `the backend took longer than ${timeoutMs} ms to answer`, 'TIMEOUT', { raw });
      }
      const cause = error instanceof CutAfterSending ? error.cause : error;
      const raw = `${rawError(cause)} (${where})`;
      // Only a write's lost answer matters: the backend may have acted on it.
      if (error instanceof CutAfterSending && request.method !== 'GET') {
        const words = `the connection was cut after the request was sent: ${networkWords(cause)}`;
        throw new BackendFailure(request.backend, words, 'ANSWER_LOST', { raw });
      }
      throw new BackendFailure(request.backend, networkWords(cause), 'UNREACHABLE', { raw });
    } finally {
      this.options.metrics.recordBackendRequest(request.backend, request.method, status, performance.now() - started);
      const code = Number(status);
      if (Number.isInteger(code)) span.setAttribute('http.response.status_code', code);
      else span.setAttribute('error.type', status);
      if (!(code >= 200 && code < 400)) span.setStatus({ code: SpanStatusCode.ERROR, message: status });
      span.end();
    }
  }

  /** One request over the pool; the whole exchange, body included, must end within the timeout. */
  private exchange(request: RequestOptions, timeoutMs: number): Promise<RawResponse> {
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
      let sent = false;
      const onResponse = (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => reject(error instanceof TimedOut ? error : new CutAfterSending(error)));
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parseBody(text) });
        });
      };
      const req = secure
        ? httpsRequest(url, { ...options, agent: this.httpsAgent }, onResponse)
        : httpRequest(url, { ...options, agent: this.httpAgent }, onResponse);
      const timer = setTimeout(() => req.destroy(new TimedOut()), timeoutMs);
      // 'finish': the whole request was handed to the OS, so the backend may have it.
      req.on('finish', () => (sent = true));
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(sent && !(error instanceof TimedOut) ? new CutAfterSending(error) : error);
      });
      req.end(body);
    });
  }
}

class TimedOut extends Error {
  override readonly name = 'TimedOut';
}

/** The connection failed once the request was out: the answer, not the request, was lost. */
class CutAfterSending extends Error {
  override readonly name = 'CutAfterSending';
  constructor(override readonly cause: Error) {
    super(cause.message);
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


/** Joins a base URL and a path without doubling or dropping slashes. */
export function joinUrl(baseUrl: string, path: string, query?: Record<string, string | number | undefined>): string {
  const url = new URL(path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}
