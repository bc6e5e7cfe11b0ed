// Backend fault tolerance through a real gateway and the real lab simulators: the circuit breaker (open, zero
// requests while open, closed again by the background probe), read retries and never-retried writes, per-backend
// timeouts, and every LAB_FAULTS mode.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config.js';
import { retryDelayMs } from '../src/connectors/http.js';
import { BACKEND_DOWN_MESSAGE } from '../src/operations/engine.js';
import { parseLabFaults, type LabFaults } from '../src/lab/labEnv.js';
import { simulatorLines, startLab, type Lab } from '../src/lab/lab.js';
import { graphql } from './gql/index.js';
import { collectWs, execute, query, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';
import { CreateSnapshot, FollowOperation } from './helpers/documents.js';
import { cloudsigma as cloudsigmaBackend } from '../src/connectors/cloudsigma/backend.js';
import { danube as danubeBackend } from '../src/connectors/danube/backend.js';
import { denvr as denvrBackend } from '../src/connectors/denvr/backend.js';
import { libvirt as libvirtBackend } from '../src/connectors/libvirt/backend.js';
import { manageiq as manageiqBackend } from '../src/connectors/manageiq/backend.js';

const FaultVms = graphql(`
  query FaultVms {
    vms(first: 100) {
      totalCount
      edges { node { id backend { name } } }
      backendErrors { backend { name } code backendCode httpStatus message }
    }
  }
`);

const FaultHealth = graphql(`
  query FaultHealth {
    backends { name health { status circuit lastError } }
  }
`);

/** The lab's VMs per backend at scale 1 (ManageIQ adds its 2 cloud instances). */
const LAB_VMS: Record<string, number> = { 'lab-libvirt': 5, 'lab-manageiq': 7, 'lab-cloudsigma': 5, 'lab-danube': 5, 'lab-denvr': 5 };

/** Requests the gateway sent to a backend so far, from /metrics (every status, or only these labels). */
async function requestsTo(gw: TestGateway, backend: string, labels: { method?: string; status?: string } = {}): Promise<number> {
  const text = await (await fetch(`${gw.adminUrl}/metrics`)).text();
  let total = 0;
  for (const [, b, method, status, value] of text.matchAll(/^gateway_backend_requests_total\{backend="([^"]+)",method="([^"]+)",status="([^"]+)"\} (\d+)$/gm)) {
    if (b === backend && (!labels.method || labels.method === method) && (!labels.status || labels.status === status)) total += Number(value);
  }
  return total;
}

/** gateway_backend_circuit_open for a backend, from /metrics. */
async function circuitOpen(gw: TestGateway, backend: string): Promise<number | null> {
  const text = await (await fetch(`${gw.adminUrl}/metrics`)).text();
  const found = text.match(new RegExp(`^gateway_backend_circuit_open\\{backend="${backend}"\\} (\\d+)$`, 'm'));
  return found ? Number(found[1]) : null;
}

/** Waits (bounded) until `check` holds, re-reading only what `check` reads (vitest's waitFor polls it). */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await check())) throw new Error(`never happened: ${what}`);
    },
    { timeout: timeoutMs, interval: 25 },
  );
}

const vmsPerBackend = (edges: readonly { node: { backend: { name: string } } }[]) => {
  const counts: Record<string, number> = {};
  for (const edge of edges) counts[edge.node.backend.name] = (counts[edge.node.backend.name] ?? 0) + 1;
  return counts;
};

const others = (backend: string) => Object.fromEntries(Object.entries(LAB_VMS).filter(([name]) => name !== backend));

describe('a backend that is down, behind an open circuit', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // The probe waits a minute here, so nothing but the queries below could reach the dead backend.
    gw = await startTestGateway({}, { http: { timeoutMs: 2_000, readRetries: 1, circuitBreaker: { consecutiveFailures: 3, halfOpenAfterMs: 60_000 } } });
  });
  afterAll(() => gw.close());

  it('costs nothing once open: no request reaches it, its part is a CIRCUIT_OPEN BackendError, the others answer in full', async () => {
    const healthy = await query(gw.graphqlUrl, FaultVms);
    expect(vmsPerBackend(healthy.vms.edges)).toEqual(LAB_VMS);
    const target = healthy.vms.edges.find((e) => e.node.backend.name === 'lab-cloudsigma')?.node.id;
    if (!target) throw new Error('no CloudSigma VM in the lab');

    gw.lab.setFaults({ cloudsigma: { mode: 'down' } });
    const first = await execute(gw.graphqlUrl, FaultVms);
    expect(first.data?.vms.backendErrors).toEqual([
      { backend: { name: 'lab-cloudsigma' }, code: expect.stringMatching(/^(UNREACHABLE|CIRCUIT_OPEN)$/), backendCode: null, httpStatus: null, message: expect.any(String) },
    ]);
    // Two listings, each tried twice: the third failure in a row opens the circuit, so the fourth try may not be sent.
    expect(await requestsTo(gw, 'lab-cloudsigma', { status: 'error' })).toBeGreaterThanOrEqual(3);
    expect(await requestsTo(gw, 'lab-cloudsigma', { status: 'error' })).toBeLessThanOrEqual(4);
    expect(await circuitOpen(gw, 'lab-cloudsigma')).toBe(1);

    const before = await requestsTo(gw, 'lab-cloudsigma');
    for (let i = 0; i < 3; i++) {
      const result = await execute(gw.graphqlUrl, FaultVms);
      expect(result.status).toBe(200);
      expect(vmsPerBackend(result.data?.vms.edges ?? [])).toEqual(others('lab-cloudsigma'));
      expect(result.data?.vms.backendErrors).toEqual([
        {
          backend: { name: 'lab-cloudsigma' },
          code: 'CIRCUIT_OPEN',
          backendCode: null,
          httpStatus: null,
          message: expect.stringMatching(/^the circuit is open after 3 failures in a row \(last: the backend (reset the connection|closed the connection without answering)\); calls fail at once until the backend answers again; next try in \d+ s$/),
        },
      ]);
      expect(result.errors).toEqual([
        expect.objectContaining({
          extensions: { code: 'BACKEND_ERROR', backend: 'lab-cloudsigma', errorCode: 'CIRCUIT_OPEN', backendCode: null, httpStatus: null },
        }),
      ]);
    }

    // Backend.health says so without pinging it; the others are pinged and fine.
    const health = await query(gw.graphqlUrl, FaultHealth);
    for (const backend of health.backends) {
      if (backend.name === 'lab-cloudsigma') {
        expect(backend.health).toEqual({ status: 'DOWN', circuit: 'OPEN', lastError: expect.stringMatching(/^the circuit is open after 3 failures in a row /) });
      } else {
        expect(backend.health).toEqual({ status: 'UP', circuit: 'CLOSED', lastError: null });
      }
    }

    // A mutation on it fails at once too, with nothing sent.
    const mutation = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: target, name: 'while-down' } });
    expect(mutation.createSnapshot).toMatchObject({ __typename: 'BackendError', code: 'CIRCUIT_OPEN', backend: { name: 'lab-cloudsigma' } });

    expect(await requestsTo(gw, 'lab-cloudsigma')).toBe(before);
    expect(await gw.started.gateway.metrics.backendRequestCount('lab-cloudsigma')).toBe(before);
    expect(await circuitOpen(gw, 'lab-libvirt')).toBe(0);
  });
});

describe('what opens a circuit', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(
      {},
      { http: { timeoutMs: 2_000, readRetries: 0, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } } },
      (spec) => (spec.kind === 'LIBVIRT' ? { ...spec, timeoutMs: 150 } : spec),
    );
  });
  afterAll(() => gw.close());
  afterEach(() => gw.lab.setFaults({}));

  it('4xx answers do not (they are answers); 5xx answers and timeouts do', async () => {
    await query(gw.graphqlUrl, FaultVms);
    for (let i = 0; i < 3; i++) {
      gw.lab.sim(libvirtBackend).failNext('GET', '/api/v1/vms', 404, { code: 'NOT_FOUND', message: 'gone', status: 404 });
      const result = await execute(gw.graphqlUrl, FaultVms);
      expect(result.data?.vms.backendErrors.map((e) => [e.code, e.backendCode, e.httpStatus])).toEqual([['NOT_FOUND', 'NOT_FOUND', 404]]);
    }
    expect(await circuitOpen(gw, 'lab-libvirt')).toBe(0);

    gw.lab.setFaults({ libvirt: { mode: 'slow', ms: 400 }, denvr: { mode: 'error', probability: 1 } });
    await execute(gw.graphqlUrl, FaultVms);
    const result = await execute(gw.graphqlUrl, FaultVms);
    expect(await circuitOpen(gw, 'lab-libvirt')).toBe(1);
    expect(await circuitOpen(gw, 'lab-denvr')).toBe(1);
    expect(await circuitOpen(gw, 'lab-manageiq')).toBe(0);
    expect(result.data?.vms.backendErrors.map((e) => [e.backend.name, e.code]).sort()).toEqual([
      ['lab-denvr', expect.stringMatching(/^(SERVER_ERROR|CIRCUIT_OPEN)$/)],
      ['lab-libvirt', expect.stringMatching(/^(TIMEOUT|CIRCUIT_OPEN)$/)],
    ]);
    expect(vmsPerBackend(result.data?.vms.edges ?? [])).toEqual({ 'lab-manageiq': 7, 'lab-cloudsigma': 5, 'lab-danube': 5 });
  });
});

describe('a backend that comes back', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({}, { http: { timeoutMs: 2_000, readRetries: 0, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 150 } } });
  });
  afterAll(() => gw.close());

  it('is tried again in the background while down, and its circuit closes with no query and no restart', async () => {
    expect(vmsPerBackend((await query(gw.graphqlUrl, FaultVms)).vms.edges)).toEqual(LAB_VMS);
    gw.lab.setFaults({ manageiq: { mode: 'down' } });
    await eventually(async () => {
      await execute(gw.graphqlUrl, FaultVms);
      return (await circuitOpen(gw, 'lab-manageiq')) === 1;
    }, 'the circuit opens');

    // From here on no GraphQL request is sent: only /metrics is read.
    const failedBefore = await requestsTo(gw, 'lab-manageiq', { status: 'error' });
    await eventually(async () => (await requestsTo(gw, 'lab-manageiq', { status: 'error' })) >= failedBefore + 2, 'two failed probes');
    expect(await circuitOpen(gw, 'lab-manageiq')).toBe(1);

    const answeredBefore = gw.lab.sim(manageiqBackend).requestCount();
    gw.lab.setFaults({});
    await eventually(async () => (await circuitOpen(gw, 'lab-manageiq')) === 0, 'the circuit closes');
    // The probe (the connector's ping) is what reached the simulator.
    expect(gw.lab.sim(manageiqBackend).requestCount()).toBeGreaterThan(answeredBefore);

    const back = await query(gw.graphqlUrl, FaultVms);
    expect(vmsPerBackend(back.vms.edges)).toEqual(LAB_VMS);
    const health = await query(gw.graphqlUrl, FaultHealth);
    expect(health.backends.find((b) => b.name === 'lab-manageiq')?.health).toEqual({ status: 'UP', circuit: 'CLOSED', lastError: null });
  });
});

const OperationState = graphql(`
  query FaultOperationState($id: ID!) { operation(id: $id) { status message error { code } } }
`);

describe('an operation whose backend goes down while it runs', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(
      { opMs: 1_500 },
      {
        http: { timeoutMs: 2_000, readRetries: 0, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 150 } },
        engine: { pollIntervalMs: 20, maxPollIntervalMs: 50, maxPollFailures: 3 },
      },
    );
  });
  afterAll(() => gw.close());

  it('stays RUNNING, saying the backend is not answering, well past maxPollFailures, and ends once it is back', async () => {
    const vm = (await query(gw.graphqlUrl, FaultVms)).vms.edges.map((e) => e.node).find((n) => n.backend.name === 'lab-manageiq');
    if (!vm) throw new Error('no ManageIQ VM');
    const { createSnapshot } = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: vm.id, name: 'through-an-outage' } });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
    const id = createSnapshot.operation.id;
    const state = async () => (await query(gw.graphqlUrl, OperationState, { id })).operation;
    await eventually(async () => (await state())?.status === 'RUNNING', 'the operation runs');

    gw.lab.setFaults({ manageiq: { mode: 'down' } });
    await eventually(async () => (await state())?.message === BACKEND_DOWN_MESSAGE, 'the operation says the backend is down');
    // Three failed polls would have lost the task before: after twice that many more failed requests to the backend
    // (its polls and the circuit's probes), it is still followed.
    const failedBefore = await requestsTo(gw, 'lab-manageiq', { status: 'error' });
    await eventually(async () => (await requestsTo(gw, 'lab-manageiq', { status: 'error' })) >= failedBefore + 6, 'six more failed requests');
    expect(await state()).toMatchObject({ status: 'RUNNING', message: BACKEND_DOWN_MESSAGE, error: null });

    gw.lab.setFaults({});
    await eventually(async () => (await state())?.status === 'SUCCEEDED', 'the operation ends', 10_000);
    expect((await state())?.message).not.toBe(BACKEND_DOWN_MESSAGE);
  });
});

describe('retries', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({}, { http: { timeoutMs: 2_000, readRetries: 2, retryBaseMs: 10, circuitBreaker: { consecutiveFailures: 100 } } });
  });
  afterAll(() => gw.close());
  afterEach(() => gw.lab.setFaults({}));

  it('retry a read that met a 503 or a dead backend, up to readRetries times', async () => {
    await query(gw.graphqlUrl, FaultVms);
    // The VM listing is libvirt's only request for this query (the token is already there).
    const answered = gw.lab.sim(libvirtBackend).requestCount();
    await query(gw.graphqlUrl, FaultVms);
    expect(gw.lab.sim(libvirtBackend).requestCount() - answered).toBe(1);

    const flaky = gw.lab.sim(libvirtBackend).requestCount();
    gw.lab.sim(libvirtBackend).failNext('GET', '/api/v1/vms', 503);
    gw.lab.sim(libvirtBackend).failNext('GET', '/api/v1/vms', 503);
    expect(vmsPerBackend((await query(gw.graphqlUrl, FaultVms)).vms.edges)).toEqual(LAB_VMS);
    expect(gw.lab.sim(libvirtBackend).requestCount() - flaky).toBe(3);

    const broken = gw.lab.sim(libvirtBackend).requestCount();
    for (let i = 0; i < 3; i++) gw.lab.sim(libvirtBackend).failNext('GET', '/api/v1/vms', 503);
    const failed = await execute(gw.graphqlUrl, FaultVms);
    expect(failed.data?.vms.backendErrors).toEqual([
      { backend: { name: 'lab-libvirt' }, code: 'SERVER_ERROR', backendCode: null, httpStatus: 503, message: expect.any(String) },
    ]);
    expect(gw.lab.sim(libvirtBackend).requestCount() - broken).toBe(3);

    gw.lab.setFaults({ libvirt: { mode: 'down' } });
    const down = await execute(gw.graphqlUrl, FaultVms);
    expect(down.data?.vms.backendErrors).toEqual([
      { backend: { name: 'lab-libvirt' }, code: 'UNREACHABLE', backendCode: null, httpStatus: null, message: expect.any(String) },
    ]);
    expect(await requestsTo(gw, 'lab-libvirt', { method: 'GET', status: 'error' })).toBe(3);
  });

  it.each([
    ['answers 500 to every POST (error:1)', (lab: Lab) => lab.setFaults({ libvirt: { mode: 'error', probability: 1, methods: ['POST'] } }), '500'],
    ['answers 503 once, which a read would retry', (lab: Lab) => lab.sim(libvirtBackend).failNext('POST', '/snapshots', 503), '503'],
  ] as const)('never retry a write: a create against a backend that %s is sent exactly once', async (_what, breakIt, status) => {
    const vm = (await query(gw.graphqlUrl, FaultVms)).vms.edges.find((e) => e.node.backend.name === 'lab-libvirt')?.node.id;
    if (!vm) throw new Error('no libvirt VM in the lab');
    const posts = await requestsTo(gw, 'lab-libvirt', { method: 'POST' });
    breakIt(gw.lab);
    const created = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: vm, name: `never-twice-${status}` } });
    if (created.createSnapshot.__typename !== 'OperationPayload') throw new Error(`expected an operation, got ${created.createSnapshot.__typename}`);
    const client = wsClient(gw.wsUrl);
    try {
      const states = await collectWs(client, FollowOperation, { id: created.createSnapshot.operation.id });
      expect(states.at(-1)?.data?.operation).toMatchObject({
        status: 'FAILED',
        error: { code: 'SERVER_ERROR', backendCode: null, httpStatus: Number(status) },
      });
    } finally {
      await client.dispose();
    }
    expect(await requestsTo(gw, 'lab-libvirt', { method: 'POST' })).toBe(posts + 1);
    expect(await requestsTo(gw, 'lab-libvirt', { method: 'POST', status })).toBe(1);
  });

  it('wait with exponential backoff and full jitter: between 0 and min(max, base * 2^(retry-1))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, random) => {
          const bound = Math.min(2_000, 100 * 2 ** (retry - 1));
          const wait = retryDelayMs(retry, 100, 2_000, () => random);
          return wait >= 0 && wait < bound && wait === random * bound;
        },
      ),
    );
    expect([1, 2, 3, 4, 5, 6].map((retry) => retryDelayMs(retry, 100, 2_000, () => 1))).toEqual([100, 200, 400, 800, 1600, 2000]);
    expect(retryDelayMs(3, 100, 2_000, () => 0)).toBe(0);
  });
});

describe('a backend with its own timeout', () => {
  it('times out on it while a slower backend on the global timeout answers', async () => {
    const gw = await startTestGateway(
      { faults: { denvr: { mode: 'slow', ms: 400 }, libvirt: { mode: 'slow', ms: 400 } } },
      { http: { timeoutMs: 5_000, readRetries: 0, circuitBreaker: { consecutiveFailures: 100 } } },
      (spec) => (spec.kind === 'DENVR' ? { ...spec, timeoutMs: 150 } : spec),
    );
    try {
      const result = await execute(gw.graphqlUrl, FaultVms);
      expect(vmsPerBackend(result.data?.vms.edges ?? [])).toEqual(others('lab-denvr'));
      expect(result.data?.vms.backendErrors).toEqual([
        { backend: { name: 'lab-denvr' }, code: 'TIMEOUT', backendCode: null, httpStatus: null, message: 'the backend took longer than 150 ms to answer' },
      ]);
      expect(await requestsTo(gw, 'lab-libvirt', { status: 'timeout' })).toBe(0);
      expect(await requestsTo(gw, 'lab-denvr', { status: 'timeout' })).toBe(1);
    } finally {
      await gw.close();
    }
  });
});

describe('LAB_FAULTS', () => {
  it('reads every mode, and the lab prints them back the same way', () => {
    const { env } = loadConfig([], { LAB_FAULTS: ' cloudsigma=down, manageiq=error:0.2,denvr=slow:2000,danube=garbage ' });
    expect(env.LAB_FAULTS).toEqual({
      cloudsigma: { mode: 'down' },
      manageiq: { mode: 'error', probability: 0.2 },
      denvr: { mode: 'slow', ms: 2000 },
      danube: { mode: 'garbage' },
    });
    expect(loadConfig([], { LAB_FAULTS: '' }).env.LAB_FAULTS).toEqual({});
  });

  it.each([
    ['vmware=down', /^env\.LAB_FAULTS: 'vmware=down': the backend must be one of libvirt, manageiq, cloudsigma, danube, denvr$/],
    ['cloudsigma=broken', /^env\.LAB_FAULTS: 'cloudsigma=broken': unknown fault 'broken' \(expected down, error:<p>, slow:<ms> or garbage\)$/],
    ['manageiq=error:2', /^env\.LAB_FAULTS: 'manageiq=error:2': error:<p> needs a probability from 0 to 1, got '2'$/],
    ['manageiq=error:', /^env\.LAB_FAULTS: 'manageiq=error:': error:<p> needs a probability from 0 to 1, got ''$/],
    ['denvr=slow:-5', /^env\.LAB_FAULTS: 'denvr=slow:-5': slow:<ms> needs whole milliseconds from 0 to 600000, got '-5'$/],
    ['denvr=slow', /^env\.LAB_FAULTS: 'denvr=slow': unknown fault 'slow'/],
    ['danube=down:1', /^env\.LAB_FAULTS: 'danube=down:1': unknown fault 'down:1'/],
    ['libvirt', /^env\.LAB_FAULTS: 'libvirt' must be backend=fault, e\.g\. cloudsigma=down$/],
    ['libvirt=down,libvirt=garbage', /^env\.LAB_FAULTS: 'libvirt' is given twice$/],
  ])('refuses %s in one line naming env.LAB_FAULTS', (value, message) => {
    expect(() => loadConfig([], { LAB_FAULTS: value })).toThrow(message);
  });

  describe('on the simulators themselves', () => {
    let lab: Lab;
    const faults = parseLabFaults('libvirt=down,manageiq=error:1,cloudsigma=garbage,danube=slow:300');
    beforeAll(async () => {
      if (typeof faults === 'string') throw new Error(faults);
      lab = await startLab({ scale: 1, latencyMs: 0, opMs: 50, faults });
    });
    afterAll(() => lab.close());

    it('down resets every connection; error:1 answers 500; garbage answers 200 with a body that is not JSON; slow answers late', async () => {
      expect(lab.faults()).toEqual(faults);
      // The start-up lines (of the gateway's embedded lab and of `npm run lab`) name each simulator's fault.
      expect(simulatorLines(lab)).toEqual([
        `lab-libvirt (LIBVIRT) at ${lab.sim(libvirtBackend).url}  FAULT: down`,
        `lab-manageiq (MANAGEIQ) at ${lab.sim(manageiqBackend).url}  FAULT: error:1`,
        `lab-cloudsigma (CLOUDSIGMA) at ${lab.sim(cloudsigmaBackend).apiUrl}  FAULT: garbage`,
        `lab-danube (DANUBE) at ${lab.sim(danubeBackend).apiUrl}  FAULT: slow:300`,
        `lab-denvr (DENVR) at ${lab.sim(denvrBackend).url}`,
      ]);
      await expect(fetch(`${lab.sim(libvirtBackend).url}/health`)).rejects.toThrow();
      expect(lab.sim(libvirtBackend).requestCount()).toBe(0);

      const error = await fetch(`${lab.sim(manageiqBackend).url}/api`);
      expect(error.status).toBe(500);

      const garbage = await fetch(`${lab.sim(cloudsigmaBackend).apiUrl}/servers/`);
      expect(garbage.status).toBe(200);
      const text = await garbage.text();
      expect(() => JSON.parse(text)).toThrow();

      const started = performance.now();
      const slow = await fetch(`${lab.sim(danubeBackend).apiUrl}/vm/`);
      expect(slow.status).toBe(401);
      expect(performance.now() - started).toBeGreaterThanOrEqual(300);

      // The same simulators, changed while running: back to normal, and error:0.5 fails some requests, not all.
      lab.setFaults({ manageiq: { mode: 'error', probability: 0.5 } });
      expect((await fetch(`${lab.sim(libvirtBackend).url}/health/liveness`)).status).toBe(200);
      expect((await fetch(`${lab.sim(cloudsigmaBackend).apiUrl}/servers/`)).status).toBe(401);
      const statuses = new Set<number>();
      for (let i = 0; i < 40; i++) statuses.add((await fetch(`${lab.sim(manageiqBackend).url}/api`)).status);
      expect(statuses).toContain(500);
      expect(statuses.size).toBeGreaterThan(1);
    });
  });

  it('through a gateway: error and garbage are BackendErrors for their part, the rest answers', async () => {
    const faults: LabFaults = loadConfig([], { LAB_FAULTS: 'manageiq=error:1,danube=garbage' }).env.LAB_FAULTS;
    const gw = await startTestGateway({ faults }, { http: { timeoutMs: 2_000, readRetries: 0, circuitBreaker: { consecutiveFailures: 100 } } });
    try {
      const result = await execute(gw.graphqlUrl, FaultVms);
      expect(vmsPerBackend(result.data?.vms.edges ?? [])).toEqual({ 'lab-libvirt': 5, 'lab-cloudsigma': 5, 'lab-denvr': 5 });
      const errors = result.data?.vms.backendErrors ?? [];
      expect(errors.map((e) => e.backend.name).sort()).toEqual(['lab-danube', 'lab-manageiq']);
      expect(errors.find((e) => e.backend.name === 'lab-danube')).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringMatching(/^unexpected answer to /) });
      expect(errors.find((e) => e.backend.name === 'lab-manageiq')?.message).toMatch(/500/);
      expect(await requestsTo(gw, 'lab-manageiq', { status: '500' })).toBeGreaterThan(0);
    } finally {
      await gw.close();
    }
  });
});
