// One backend's circuit breaker (cockatiel): failed calls in a row open it, an open circuit fails calls at once
// with CIRCUIT_OPEN, and a probe on a timer tries the backend again so the circuit closes without user traffic.
import {
  BrokenCircuitError,
  CircuitState as BreakerState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleType,
  type CircuitBreakerPolicy,
  type FailureReason,
} from 'cockatiel';
import type { CircuitState } from '../domain/model.js';
import { BackendFailure } from './errors.js';

export interface CircuitOptions {
  /** Failed calls in a row (network error, timeout, 5xx answer) that open the circuit. */
  consecutiveFailures: number;
  /** How long an open circuit waits before the backend is tried again. */
  halfOpenAfterMs: number;
}

export const DEFAULT_CIRCUIT: CircuitOptions = { consecutiveFailures: 5, halfOpenAfterMs: 5_000 };

/** The HTTP status of what a policy's call returned (cockatiel hands result filters `unknown`), if it has one. */
export const answerStatus = (value: unknown): number | null =>
  typeof value === 'object' && value !== null && 'status' in value && typeof value.status === 'number' ? value.status : null;

/** A 5xx answer: the backend is in trouble (a 4xx is an answer, and counts as a success). */
const isServerError = (value: unknown): boolean => (answerStatus(value) ?? 0) >= 500;

/** The failure that opened the circuit: in words for a client, and raw for the log. */
function failureText(reason: FailureReason<unknown> | { isolated: true }): { words: string; raw: string } {
  if ('error' in reason) {
    const raw = reason.error instanceof BackendFailure ? reason.error.logged : reason.error.message;
    return { words: reason.error.message, raw };
  }
  if ('value' in reason && typeof reason.value === 'object' && reason.value !== null && 'status' in reason.value) {
    const words = `the backend answered HTTP ${String(reason.value.status)}`;
    return { words, raw: words };
  }
  return { words: 'held open', raw: 'held open' };
}

const STATES: Record<BreakerState, CircuitState> = {
  [BreakerState.Closed]: 'CLOSED',
  [BreakerState.Open]: 'OPEN',
  [BreakerState.HalfOpen]: 'HALF_OPEN',
  [BreakerState.Isolated]: 'OPEN',
};

export class Circuit {
  private readonly policy: CircuitBreakerPolicy;
  /** When the circuit last went from closed to open (a failed probe keeps it). */
  private openSince: Date | null = null;
  /** When it last opened (or re-opened after a failed probe). */
  private openedAt: Date | null = null;
  private lastFailure = { words: '', raw: '' };
  private probe: (() => Promise<void>) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly backend: string,
    private readonly options: CircuitOptions,
  ) {
    // Exchanges throw BackendFailure only for network errors and timeouts; 5xx answers come back as results.
    this.policy = circuitBreaker(handleType(BackendFailure).orWhenResult(isServerError), {
      halfOpenAfter: options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.consecutiveFailures),
    });
    this.policy.onBreak((reason) => {
      const now = new Date();
      this.openSince ??= now;
      this.openedAt = now;
      this.lastFailure = failureText(reason);
      // Just past the moment the breaker lets a call through again.
      this.schedule(options.halfOpenAfterMs + 1);
    });
    this.policy.onReset(() => {
      this.openSince = null;
      this.openedAt = null;
      clearTimeout(this.timer);
      this.timer = undefined;
    });
  }

  get state(): CircuitState {
    return STATES[this.policy.state];
  }

  /** When the open circuit will try the backend again; null while closed. */
  get retryAt(): Date | null {
    return this.openedAt && new Date(this.openedAt.getTime() + this.options.halfOpenAfterMs);
  }

  /** When the circuit opened and stayed open (or half-open) since; null while closed. */
  get since(): Date | null {
    return this.openSince;
  }

  /** When the backend last failed the call that opened (or reopened) the circuit; null while closed. */
  get failedAt(): Date | null {
    return this.openedAt;
  }

  /** The call that tries the backend again while the circuit is open (its connector's ping). */
  setProbe(probe: () => Promise<void>): void {
    this.probe = probe;
    if (this.state === 'OPEN') this.schedule(this.options.halfOpenAfterMs);
  }

  /** Runs one exchange with the backend; an open circuit answers CIRCUIT_OPEN without running it. */
  async run<T>(exchange: () => Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(exchange);
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw this.openFailure();
      throw error;
    }
  }

  /** What a call gets while the circuit is open: in words (when it opened is in Backend.health, not here). */
  openFailure(): BackendFailure {
    const retryAt = this.retryAt?.getTime() ?? Date.now();
    const seconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
    const failures = this.options.consecutiveFailures;
    return new BackendFailure(
      this.backend,
      `the circuit is open after ${failures} ${failures === 1 ? 'failure' : 'failures in a row'} (last: ${this.lastFailure.words}); calls fail at once until the backend answers again; next try in ${seconds} s`,
      'CIRCUIT_OPEN',
      { raw: `circuit open since ${this.openSince?.toISOString() ?? 'just now'}; last failure: ${this.lastFailure.raw}` },
    );
  }

  /** Why the backend counts as down while the circuit is not closed (Backend.health.lastError). */
  explain(): string {
    if (this.state !== 'HALF_OPEN') return this.openFailure().message;
    return `the circuit is half-open: the backend is being tried again (last failure: ${this.lastFailure.words})`;
  }

  /** Stops the probe timer (shutdown). */
  close(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(waitMs: number): void {
    if (this.stopped || !this.probe) return;
    clearTimeout(this.timer);
    // unref: a waiting probe never keeps a process (or a test run) alive.
    this.timer = setTimeout(() => void this.tryAgain(), waitMs).unref();
  }

  /** The probe's call is the half-open test: it closes the circuit, or a failure opens it again (and reschedules). */
  private async tryAgain(): Promise<void> {
    this.timer = undefined;
    if (this.stopped || this.policy.state !== BreakerState.Open || !this.probe) return;
    try {
      await this.probe();
    } catch {
      // The breaker has recorded what happened; the probe's own error says nothing more.
    }
    // Still open with nothing scheduled (the probe came too early, or failed before reaching the network): later.
    if (this.policy.state === BreakerState.Open && this.timer === undefined) this.schedule(this.options.halfOpenAfterMs);
  }
}

/** Where each backend's circuit is found (the HTTP client keeps them). */
export interface Circuits {
  circuit(backend: string): Circuit;
}
