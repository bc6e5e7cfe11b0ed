// The HTTP plumbing every simulator shares: a loopback server, a route table, JSON bodies, the latency knob,
// the lab's faults (down, error, slow, cut, garbage; changeable while running; each request carries the one it met),
// and a request counter the tests and the bench read.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { boundPort, sleep } from '../net.js';
import { appliesTo, type SimFault } from './faults.js';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  params: Record<string, string>;
  /** The simulator's fault when the request came (a read checks it for garbage that is JSON: wantsWrongShape). */
  fault: SimFault | null;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  /** Sent as is instead of JSON (e.g. an HTML or empty body). */
  text?: string;
  headers?: Record<string, string>;
}

export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

export interface Route {
  method: string;
  /** A path pattern with `:name` segments, e.g. /api/v1/vms/:name/snapshots. */
  pattern: string;
  handler: SimHandler;
}

interface SimulatorOptions {
  /** Added to every response. */
  latencyMs?: number;
  /** Answers when no route matches. */
  notFound?: SimHandler;
}

export interface RunningSimulator {
  url: string;
  /** Requests answered so far (a request refused while down is not answered). */
  requestCount(): number;
  /**
   * The newest requests (up to 1000) as they came, each with the paths of those still unanswered then: what a client
   * sent at once shows as overlapping, what it sent only after an answer does not.
   */
  arrivals(): { path: string; pending: string[] }[];
  /** Gives the simulator a fault from now on, or takes it away (null). */
  setFault(fault: SimFault | null): void;
  fault(): SimFault | null;
  close(): Promise<void>;
}


/** What an `error` or `garbage` fault answers instead of the route, or null when the request goes on as usual. */
function faultyAnswer(fault: SimFault | null, method: string): SimResponse | null {
  if (fault?.mode === 'garbage' && !fault.json) {
    // Claims JSON and is not: the worst kind of garbage, from a proxy or a half-written answer.
    return { status: 200, text: '<html>garbage, not {"json"', headers: { 'content-type': 'application/json' } };
  }
  if (fault?.mode === 'error' && appliesTo(fault, method) && Math.random() < fault.probability) {
    return { status: 500, body: { message: 'injected fault: internal server error' } };
  }
  return null;
}

function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return null;
  }
  return params;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Starts a simulator on 127.0.0.1 (port 0 unless given). Trailing slashes matter to some APIs, so paths are kept as sent. */
export async function startSimulator(
  routes: Route[],
  options: SimulatorOptions = {},
  port = 0,
): Promise<RunningSimulator> {
  let count = 0;
  let fault: SimFault | null = null;
  const pending = new Map<object, string>();
  const arrivals: { path: string; pending: string[] }[] = [];
  const server: Server = createServer((req, res) => {
    // Down: a request on a connection opened before the fault is cut too.
    if (fault?.mode === 'down') return void req.socket.resetAndDestroy();
    count++;
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    arrivals.push({ path, pending: [...pending.values()] });
    if (arrivals.length > 1000) arrivals.shift();
    pending.set(req, path);
    res.once('close', () => pending.delete(req));
    // The fault in force when the request came: a slow answer stays slow when the fault is lifted meanwhile.
    const met = fault;
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const body = await readBody(req);
      const faulty = faultyAnswer(met, req.method ?? 'GET');
      if (faulty) return void send(faulty);
      let response: SimResponse = { status: 404, body: { message: 'no such route' } };
      let params: Record<string, string> | null = null;
      const route = routes.find((r) => r.method === req.method && (params = match(r.pattern, url.pathname)) !== null);
      const request: SimRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        params: params ?? {},
        fault: met,
      };
      try {
        if (route) response = await route.handler(request);
        else if (options.notFound) response = await options.notFound(request);
      } catch (error) {
        response = { status: 500, body: { message: error instanceof Error ? error.message : String(error) } };
      }
      await send(response);
    })();

    /** The answer, after the latency and a slow fault's delay; a cut fault cuts the connection instead. */
    async function send(response: SimResponse): Promise<void> {
      if (options.latencyMs) await sleep(options.latencyMs);
      const method = req.method ?? 'GET';
      if (met?.mode === 'slow' && appliesTo(met, method)) await sleep(met.ms);
      if (met?.mode === 'cut' && appliesTo(met, method)) return void req.socket.resetAndDestroy();
      const payload = response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body));
      res.writeHead(response.status, {
        'content-type': response.text === undefined ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
        ...response.headers,
      });
      res.end(payload);
    }
  });
  // Down: new connections are reset as soon as they are accepted (what a client of a dead server sees).
  server.on('connection', (socket) => {
    if (fault?.mode === 'down') socket.resetAndDestroy();
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${boundPort(server)}`,
    requestCount: () => count,
    arrivals: () => [...arrivals],
    setFault(next) {
      fault = next;
      // Pooled keep-alive connections must not outlive the server going down.
      if (next?.mode === 'down') server.closeAllConnections();
    },
    fault: () => fault,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
