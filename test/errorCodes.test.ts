// The set of BackendError codes: how an HTTP status maps into it, that docs/errors.md and the schema list every
// code, and what a client sees in `backendErrors` and `errors` for each kind of backend failure of the lab.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isObjectType } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_ERROR_CODES, BackendFailure } from '../src/connectors/errors.js';
import { schema } from '../src/graphql/schema.js';
import { graphql } from './gql/index.js';
import { execute, startTestGateway, type TestGateway } from './helpers/gateway.js';

describe('BackendFailure.fromAnswer', () => {
  it.each([
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [410, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [400, 'INVALID_REQUEST'],
    [422, 'INVALID_REQUEST'],
    [406, 'INVALID_REQUEST'],
    [412, 'INVALID_REQUEST'],
    [423, 'INVALID_REQUEST'],
    [499, 'INVALID_REQUEST'],
    [429, 'RATE_LIMITED'],
    [500, 'SERVER_ERROR'],
    [502, 'SERVER_ERROR'],
    [503, 'SERVER_ERROR'],
    [599, 'SERVER_ERROR'],
    [100, 'BAD_RESPONSE'],
    [200, 'BAD_RESPONSE'],
    [302, 'BAD_RESPONSE'],
    [0, 'BAD_RESPONSE'],
    [600, 'BAD_RESPONSE'],
  ] as const)('HTTP %i is %s, with the status and the backend’s code kept', (status, code) => {
    const failure = BackendFailure.fromAnswer('b', 'it failed', status, 'VENDOR_CODE');
    expect(failure).toMatchObject({ backend: 'b', message: 'it failed', code, backendCode: 'VENDOR_CODE', httpStatus: status });
    expect(BackendFailure.fromAnswer('b', 'it failed', status)).toMatchObject({ code, backendCode: null, httpStatus: status });
  });

  it('answers a member of the set for any status, and keeps it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 1_000 }), (status) => {
        const failure = BackendFailure.fromAnswer('b', 'm', status);
        return BACKEND_ERROR_CODES.includes(failure.code) && failure.httpStatus === status;
      }),
    );
  });

  it('a failure of our own has no backend code or status unless given', () => {
    expect(new BackendFailure('b', 'gone', 'UNREACHABLE')).toMatchObject({ code: 'UNREACHABLE', backendCode: null, httpStatus: null });
    expect(new BackendFailure('b', 'done badly', 'TASK_FAILED', { backendCode: 'FAILURE' })).toMatchObject({ backendCode: 'FAILURE', httpStatus: null });
  });
});

describe('the set is documented', () => {
  it('docs/errors.md has one table row per code, and no other', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual([...BACKEND_ERROR_CODES]);
  });

  it('BackendError.code’s description names every code', () => {
    const type = schema.getType('BackendError');
    if (!isObjectType(type)) throw new Error('BackendError is not an object type');
    const description = type.getFields().code?.description ?? '';
    for (const code of BACKEND_ERROR_CODES) expect(description).toContain(`- ${code}: `);
  });
});

const BrokenVms = graphql(`
  query BrokenVms {
    vms(first: 100) {
      totalCount
      backendErrors { backend { name } code backendCode httpStatus message }
    }
  }
`);

/** The one BackendError of a query, and the `errors` entry that reports it, when `backend` fails. */
async function failureSeen(gw: TestGateway, backend: string) {
  const result = await execute(gw.graphqlUrl, BrokenVms);
  expect(result.status).toBe(200);
  expect(result.data?.vms.backendErrors.map((e) => e.backend.name)).toEqual([backend]);
  expect(result.errors).toHaveLength(1);
  return { error: result.data?.vms.backendErrors[0], reported: result.errors?.[0] };
}

describe('what a client sees in backendErrors, per kind of failure', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(
      {},
      { http: { timeoutMs: 2_000, readRetries: 0, circuitBreaker: { consecutiveFailures: 100 } } },
      // Short enough to wait for, long enough for a healthy answer on a busy machine.
      (spec) => (spec.kind === 'CLOUDSIGMA' ? { ...spec, timeoutMs: 1_000 } : spec),
    );
    // Logged in everywhere before any fault, so each failure below is the listing's own.
    expect((await execute(gw.graphqlUrl, BrokenVms)).data?.vms.backendErrors).toEqual([]);
  });
  afterAll(() => gw.close());
  afterEach(() => gw.lab.setFaults({}));

  it('UNREACHABLE for a backend that resets every connection (down)', async () => {
    gw.lab.setFaults({ danube: { mode: 'down' } });
    const { error, reported } = await failureSeen(gw, 'lab-danube');
    expect(error).toEqual({
      backend: { name: 'lab-danube' },
      code: 'UNREACHABLE',
      backendCode: null,
      httpStatus: null,
      message: expect.stringMatching(/^the backend (reset the connection|closed the connection without answering)$/),
    });
    expect(reported).toMatchObject({
      path: ['vms'],
      extensions: { code: 'BACKEND_ERROR', backend: 'lab-danube', errorCode: 'UNREACHABLE', backendCode: null, httpStatus: null },
    });
  });

  it('TIMEOUT for a backend slower than its timeout (slow)', async () => {
    gw.lab.setFaults({ cloudsigma: { mode: 'slow', ms: 3_000 } });
    const { error, reported } = await failureSeen(gw, 'lab-cloudsigma');
    expect(error).toEqual({
      backend: { name: 'lab-cloudsigma' },
      code: 'TIMEOUT',
      backendCode: null,
      httpStatus: null,
      message: 'the backend took longer than 1000 ms to answer',
    });
    expect(reported).toMatchObject({
      extensions: { code: 'BACKEND_ERROR', backend: 'lab-cloudsigma', errorCode: 'TIMEOUT', backendCode: null, httpStatus: null },
    });
  });

  it('SERVER_ERROR with httpStatus 500 for a backend that answers 500 (error:1)', async () => {
    gw.lab.setFaults({ libvirt: { mode: 'error', probability: 1 } });
    const { error, reported } = await failureSeen(gw, 'lab-libvirt');
    expect(error).toEqual({
      backend: { name: 'lab-libvirt' },
      code: 'SERVER_ERROR',
      backendCode: null,
      httpStatus: 500,
      message: 'injected fault: internal server error',
    });
    expect(reported).toMatchObject({
      extensions: { code: 'BACKEND_ERROR', backend: 'lab-libvirt', errorCode: 'SERVER_ERROR', backendCode: null, httpStatus: 500 },
    });
  });

  it('BAD_RESPONSE for a backend that answers 200 with a body that is not JSON (garbage)', async () => {
    gw.lab.setFaults({ manageiq: { mode: 'garbage' } });
    const { error, reported } = await failureSeen(gw, 'lab-manageiq');
    expect(error).toEqual({
      backend: { name: 'lab-manageiq' },
      code: 'BAD_RESPONSE',
      backendCode: null,
      httpStatus: null,
      message: expect.stringMatching(/^unexpected answer to GET /),
    });
    expect(reported).toMatchObject({
      extensions: { code: 'BACKEND_ERROR', backend: 'lab-manageiq', errorCode: 'BAD_RESPONSE', backendCode: null, httpStatus: null },
    });
  });
});

describe('what a client sees in backendErrors once a circuit is open', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // The probe waits a minute, so the circuit stays open for the whole test.
    gw = await startTestGateway({}, { http: { timeoutMs: 2_000, readRetries: 0, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } } });
  });
  afterAll(() => gw.close());

  it('CIRCUIT_OPEN, with neither a backend code nor a status: nothing was sent', async () => {
    gw.lab.setFaults({ denvr: { mode: 'down' } });
    const deadline = Date.now() + 10_000;
    let seen = await failureSeen(gw, 'lab-denvr');
    while (seen.error?.code !== 'CIRCUIT_OPEN' && Date.now() < deadline) seen = await failureSeen(gw, 'lab-denvr');
    expect(seen.error).toEqual({
      backend: { name: 'lab-denvr' },
      code: 'CIRCUIT_OPEN',
      backendCode: null,
      httpStatus: null,
      message: expect.stringMatching(/^the circuit is open after 2 failures in a row \(last: the backend (reset the connection|closed the connection without answering)\); calls fail at once until the backend answers again; next try in \d+ s$/),
    });
    expect(seen.reported).toMatchObject({
      extensions: { code: 'BACKEND_ERROR', backend: 'lab-denvr', errorCode: 'CIRCUIT_OPEN', backendCode: null, httpStatus: null },
    });
  });
});
