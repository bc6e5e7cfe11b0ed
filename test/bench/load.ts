// One autocannon run of the dashboard query against a server, and the figures the bench reports; every response
// body is compared with the reference, so a run that served errors (even with HTTP 200) is caught, not measured.
import autocannon from 'autocannon';
import { DASHBOARD_QUERY } from './dashboardQuery.js';

export const REQUEST_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
export const REQUEST_BODY = JSON.stringify({ query: DASHBOARD_QUERY });

export interface LoadOptions {
  graphqlUrl: string;
  connections: number;
  /** Either a duration, or a number of requests (which all complete before the run ends: nothing left in flight). */
  run: { seconds: number } | { requests: number };
  /** The body every response must have (extensions aside: the gateway's say how fresh it is); others are mismatches. */
  expectBody: string;
}

export interface LoadFigures {
  /** Completed responses. */
  responses: number;
  /** Seconds the run took. */
  durationS: number;
  /** autocannon's mean of the per-second request counts. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** 2xx or not, bodies that differ from the reference. */
  mismatches: number;
  statusCodes: Record<string, number>;
}

export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const result = await autocannon({
    url: options.graphqlUrl,
    method: 'POST',
    headers: REQUEST_HEADERS,
    body: REQUEST_BODY,
    connections: options.connections,
    ...('seconds' in options.run ? { duration: options.run.seconds } : { amount: options.run.requests }),
    // Longer than any run: a saturated server's slowest answers are counted with their real latency, never dropped.
    timeout: 'seconds' in options.run ? options.run.seconds + 30 : 120,
    verifyBody: (body) => typeof body === 'string' && sameAnswer(body, options.expectBody),
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count ?? 0;
  return {
    responses: result.requests.total,
    durationS: result.duration,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    statusCodes,
  };
}

/** A response's text without the freshness the gateway puts last in `extensions` (when it was read, how long ago). */
const answerOf = (text: string): string => {
  const at = text.lastIndexOf(',"extensions":{"freshness":');
  return at < 0 ? text : `${text.slice(0, at)}}`;
};

/** Whether a response body is the reference's answer: the same text, freshness aside. Compared as text, not parsed. */
export function sameAnswer(body: string, reference: string): boolean {
  return answerOf(body) === answerOf(reference);
}

/** Whether every response of the run was a 200 with exactly the reference body. */
export function isClean(figures: LoadFigures): boolean {
  const only200 = Object.keys(figures.statusCodes).every((code) => code === '200');
  return (
    figures.responses > 0 &&
    only200 &&
    figures.non2xx === 0 &&
    figures.errors === 0 &&
    figures.timeouts === 0 &&
    figures.mismatches === 0
  );
}

/** POSTs the dashboard query once; answers the HTTP status and the raw body text. */
export async function postDashboard(graphqlUrl: string): Promise<{ status: number; text: string }> {
  const response = await fetch(graphqlUrl, { method: 'POST', headers: REQUEST_HEADERS, body: REQUEST_BODY });
  return { status: response.status, text: await response.text() };
}
