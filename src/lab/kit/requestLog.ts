// The requests a simulator was sent, newest last and bounded, as the tests read them (a simulator's requests()).
import type { SimRequest } from '../simulatorServer.js';

export interface LoggedRequest {
  method: string;
  path: string;
  /** The query string as sent, without its `?`. */
  query: string;
  body: unknown;
  /** The W3C trace context the request carried, where it carried one (the gateway's tracing sends it). */
  traceparent?: string;
}

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];

  /** @param size how many of the newest requests are kept */
  constructor(private readonly size = 10_000) {}

  record(request: SimRequest): void {
    const traceparent = request.headers.traceparent;
    this.entries.push({
      method: request.method,
      path: request.path,
      query: request.query.toString(),
      body: request.body,
      ...(typeof traceparent === 'string' && { traceparent }),
    });
    if (this.entries.length > this.size) this.entries.shift();
  }

  /** Every request kept, in order (a copy). */
  requests = (): LoggedRequest[] => [...this.entries];
}
