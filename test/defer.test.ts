// @defer and @stream through a real gateway over the lab, on HTTP (multipart/mixed), SSE and graphql-ws: the fast
// backends' parts come first and a slow one's when it answers; a failing backend's error travels in the part that
// holds its field; put together, the payloads are the answer the same query gives without the directives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMultipart, postSse, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';

type Payload = Record<string, unknown>;
interface Part {
  path: (string | number)[];
  data?: Record<string, unknown>;
  items?: unknown[];
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function partsOf(payload: Payload): Part[] {
  const parts = payload.incremental;
  if (!Array.isArray(parts)) return [];
  return parts.map((part) => {
    if (!isRecord(part) || !Array.isArray(part.path)) throw new Error(`not an incremental part: ${JSON.stringify(part)}`);
    return {
      path: part.path.filter((step): step is string | number => typeof step === 'string' || typeof step === 'number'),
      data: isRecord(part.data) ? part.data : undefined,
      items: Array.isArray(part.items) ? part.items : undefined,
      errors: Array.isArray(part.errors) ? part.errors : undefined,
    };
  });
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, step) => {
    if (typeof step === 'number') return Array.isArray(node) ? node[step] : undefined;
    return isRecord(node) ? node[step] : undefined;
  }, value);
}

function mergeInto(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    const existing = target[key];
    if (isRecord(existing) && isRecord(value)) mergeInto(existing, value);
    else target[key] = value;
  }
}

/** The whole answer the payloads make: each deferred part merged at its path, each streamed item put at its index. */
function assemble(payloads: Payload[]): Record<string, unknown> {
  const [first, ...rest] = payloads;
  const data = first && isRecord(first.data) ? structuredClone(first.data) : {};
  for (const part of [first, ...rest].flatMap((p) => (p ? partsOf(p) : []))) {
    if (part.data) {
      const target = at(data, part.path);
      if (!isRecord(target)) throw new Error(`no object at ${part.path.join('.')}`);
      mergeInto(target, part.data);
    } else if (part.items) {
      const index = part.path.at(-1);
      const list = at(data, part.path.slice(0, -1));
      if (typeof index !== 'number' || !Array.isArray(list)) throw new Error(`no list at ${part.path.join('.')}`);
      list.splice(index, part.items.length, ...part.items);
    }
  }
  return data;
}

const VMS = 'vms(first: 20) { totalCount backendErrors { message } edges { node { name powerState } } }';
const DASHBOARD = `query DeferredDashboard { backends { name ... @defer(label: "vms") { ${VMS} } } }`;
const PLAIN = `query PlainDashboard { backends { name ${VMS} } }`;
const STREAMED = `query StreamedVms { vms(first: 30) { totalCount edges @stream(initialCount: 2) { node { id name } } } }`;

/** Which backend each part of a payload answers for, by the index of `backends` its path starts with. */
const backendsIn = (payload: Payload, names: string[]): string[] =>
  partsOf(payload).map((part) => names[Number(part.path[1])] ?? `?${part.path.join('.')}`);

describe('@defer and @stream', () => {
  let gw: TestGateway;
  let names: string[];
  beforeAll(async () => {
    gw = await startTestGateway({}, { http: { timeoutMs: 5_000, readRetries: 0, circuitBreaker: { consecutiveFailures: 100 } } });
    const plain = await postMultipart(gw.graphqlUrl, { query: PLAIN });
    const backends = at(plain.payloads[0], ['data', 'backends']);
    names = Array.isArray(backends) ? backends.map((b) => String(at(b, ['name']))) : [];
  }, 60_000);
  afterAll(() => gw?.close());

  it('answers the fast backends first and the slow one when it answers, over HTTP multipart', async () => {
    gw.lab.setFaults({ denvr: { mode: 'slow', ms: 1_500 } });
    let payloads: Payload[] = [];
    try {
      const answer = await postMultipart(gw.graphqlUrl, { query: DASHBOARD });
      payloads = answer.payloads;
      expect(answer.contentType).toMatch(/^multipart\/mixed/);
      const [first, ...later] = payloads;
      if (!first) throw new Error('no payload');
      // The first payload holds the listing of backends and none of their VMs; more is to come.
      expect(first.hasNext).toBe(true);
      expect(at(first, ['data', 'backends'])).toEqual(names.map((name) => ({ name })));
      // DenvrCloud's part is the last to come, after every other backend's.
      const order = later.map((payload) => backendsIn(payload, names));
      expect(order.at(-1)).toContain('lab-denvr');
      expect(order.slice(0, -1).flat().sort()).toEqual(names.filter((n) => n !== 'lab-denvr').sort());
      expect(later.at(-1)?.hasNext).toBe(false);
    } finally {
      gw.lab.setFaults({});
    }
    const plain = await postMultipart(gw.graphqlUrl, { query: PLAIN });
    expect(assemble(payloads)).toEqual(at(plain.payloads[0], ['data']));
  });

  it("carries a failing backend's error in the part that holds its field, not in the first payload", async () => {
    gw.lab.setFaults({ manageiq: { mode: 'error', probability: 1 } });
    try {
      const { payloads } = await postMultipart(gw.graphqlUrl, { query: DASHBOARD });
      const index = names.indexOf('lab-manageiq');
      expect(payloads[0]?.errors).toBeUndefined();
      const parts = payloads.flatMap(partsOf);
      const failed = parts.find((part) => part.path[1] === index);
      expect(failed?.errors?.map((e) => [e.extensions?.code, e.extensions?.backend, e.path])).toEqual([
        ['BACKEND_ERROR', 'lab-manageiq', ['backends', index, 'vms']],
      ]);
      expect(at(failed?.data, ['vms', 'backendErrors', 0, 'message'])).toEqual(expect.stringContaining('500'));
      // Every other backend's part comes whole, without errors.
      const others = parts.filter((part) => part.path[1] !== index);
      expect(others).toHaveLength(names.length - 1);
      expect(others.every((part) => part.errors === undefined && Number(at(part.data, ['vms', 'totalCount'])) > 0)).toBe(true);
    } finally {
      gw.lab.setFaults({});
    }
  });

  it('streams list items after the first ones, adding up to the plain answer (graphql-jit stays out of it)', async () => {
    const { payloads } = await postMultipart(gw.graphqlUrl, { query: STREAMED });
    expect(payloads.length).toBeGreaterThan(1);
    expect(at(payloads[0], ['data', 'vms', 'edges'])).toHaveLength(2);
    const plain = await postMultipart(gw.graphqlUrl, { query: STREAMED.replace(' @stream(initialCount: 2)', '') });
    const whole = at(plain.payloads[0], ['data']);
    expect(at(whole, ['vms', 'edges'])).toHaveLength(27);
    expect(assemble(payloads)).toEqual(whole);
  });

  it('sends the same payloads over SSE and over graphql-ws', async () => {
    const plain = await postMultipart(gw.graphqlUrl, { query: PLAIN });
    const sse = await postSse(gw.graphqlUrl, { query: DASHBOARD });
    expect(sse.events.length).toBeGreaterThan(1);
    expect(assemble(sse.events.map((event) => ({ ...event })))).toEqual(at(plain.payloads[0], ['data']));

    const client = wsClient(gw.wsUrl);
    try {
      const results: Payload[] = [];
      for await (const result of client.iterate({ query: DASHBOARD })) results.push({ ...result });
      expect(results.length).toBeGreaterThan(1);
      expect(results[0]?.hasNext).toBe(true);
      expect(assemble(results)).toEqual(at(plain.payloads[0], ['data']));
    } finally {
      await client.dispose();
    }
  });
});
