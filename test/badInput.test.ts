// Bad input gets a typed error or a GraphQL validation error, never a 500 and never a change on a backend;
// a failing backend gets a BackendError for its part while the other backend still answers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLibvirtSimulator, type LibvirtSimulator } from '../src/connectors/libvirt/simulator.js';
import { encodeId } from '../src/graphql/ids.js';
import { startGateway, type StartedGateway } from '../src/start.js';
import { graphql } from './gql/index.js';
import { execute, executeRaw, query, UNCACHED } from './helpers/gateway.js';
import { CreateSnapshot, DeleteSnapshot, FirstVms } from './helpers/documents.js';

const Dashboard = graphql(`
  query PartialDashboard {
    vms(first: 1000) {
      totalCount
      backendErrors { message code backendCode httpStatus backend { name } }
      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount backendErrors { message backend { name } } } } }
    }
  }
`);

/** Two libvirt backends behind one gateway, so one can fail while the other answers. */
describe('bad input and failing backends', () => {
  let good: LibvirtSimulator;
  let bad: LibvirtSimulator;
  let gw: StartedGateway;
  let url: string;

  beforeAll(async () => {
    good = await startLibvirtSimulator({ vmCount: 3, listsSnapshots: true });
    bad = await startLibvirtSimulator({ vmCount: 2, listsSnapshots: true });
    gw = await startGateway({
      cache: UNCACHED,
      specs: [
        { name: 'good', kind: 'LIBVIRT', baseUrl: good.url, credentials: {}, settings: {} },
        { name: 'bad', kind: 'LIBVIRT', baseUrl: bad.url, credentials: {}, settings: {} },
      ],
      port: 0,
      host: '127.0.0.1',
      http: { timeoutMs: 300, readRetries: 0 },
      engine: { pollIntervalMs: 20 },
    });
    url = `${gw.server.url}/graphql`;
  });
  afterAll(async () => {
    await gw?.close();
    await good?.close();
    await bad?.close();
  });
  afterEach(() => bad.setFault(null));

  /** The state of both backends, to prove a rejected request changed nothing. */
  const state = () =>
    JSON.stringify([good, bad].map((sim) => sim.vmNames().map((vm) => [vm, sim.vmStatus(vm), sim.snapshotsOf(vm)])));

  async function aVm() {
    const vm = (await query(url, FirstVms)).vms.edges.find((e) => e.node.backend.name === 'good')?.node;
    if (!vm) throw new Error('no VM on the good backend');
    return vm;
  }

  it.each([
    ['an empty name', { name: '' }, 'input.name', /must not be empty/],
    ['a blank name', { name: '   ' }, 'input.name', /must not be empty/],
    ['an over-long name', { name: 'x'.repeat(129) }, 'input.name', /at most 128/],
    ['a name with a control character', { name: 'bad\u0007name' }, 'input.name', /control characters/],
    ['an over-long description', { name: 'ok', description: 'd'.repeat(1025) }, 'input.description', /at most 1024/],
    ['an empty idempotency key', { name: 'ok', idempotencyKey: '' }, 'input.idempotencyKey', /./],
  ])('answers ValidationError for %s and changes nothing', async (_what, fields, field, message) => {
    const vm = await aVm();
    const before = state();
    const { createSnapshot } = await query(url, CreateSnapshot, { input: { targetId: vm.id, ...fields } });
    expect(createSnapshot).toMatchObject({ __typename: 'ValidationError', field });
    expect(createSnapshot.__typename === 'ValidationError' && createSnapshot.message).toMatch(message);
    expect(state()).toBe(before);
  });

  it.each([
    ['61 * * * *', /schedule is not a valid cron expression: .*61/],
    ['0 3 * *', /five-field cron expression/],
    ['0 0 3 * * *', /five-field cron expression/],
    ['every day', /five-field cron expression/],
  ])('answers ValidationError for the cron expression %j, checked by cron-parser', async (schedule, message) => {
    const vm = await aVm();
    const result = await executeRaw(url, {
      query: `mutation($i: CreateSnapshotScheduleInput!) { createSnapshotSchedule(input: $i) {
        __typename ... on ValidationError { field message } } }`,
      variables: { i: { targetId: vm.id, name: 'nightly', schedule, retention: 7 } },
    });
    expect(result.body.data?.createSnapshotSchedule).toMatchObject({ __typename: 'ValidationError', field: 'input.schedule' });
    expect(JSON.stringify(result.body.data?.createSnapshotSchedule)).toMatch(message);
  });

  it('answers ValidationError for a retention below 1', async () => {
    const vm = await aVm();
    const result = await executeRaw(url, {
      query: `mutation($i: CreateSnapshotScheduleInput!) { createSnapshotSchedule(input: $i) {
        __typename ... on ValidationError { field message } } }`,
      variables: { i: { targetId: vm.id, name: 'nightly', schedule: '0 3 * * *', retention: 0 } },
    });
    expect(result.body.data?.createSnapshotSchedule).toMatchObject({ __typename: 'ValidationError', field: 'input.retention' });
  });

  it('answers ValidationError for a malformed id and for an id of the wrong type', async () => {
    const vm = await aVm();
    const snapshot = vm.snapshots.edges[0]?.node;
    if (!snapshot) throw new Error('no snapshot');
    const before = state();
    for (const targetId of ['garbage', '!!', encodeId('Snapshot', 'good', 'x'), snapshot.id]) {
      const { createSnapshot } = await query(url, CreateSnapshot, { input: { targetId, name: 'ok' } });
      expect(createSnapshot).toMatchObject({ __typename: 'ValidationError', field: 'input.targetId' });
    }
    const { deleteSnapshot } = await query(url, DeleteSnapshot, { input: { snapshotId: vm.id } });
    expect(deleteSnapshot).toMatchObject({ __typename: 'ValidationError', field: 'input.snapshotId' });
    expect(state()).toBe(before);
  });

  it('answers NotFoundError for an id from nowhere', async () => {
    const before = state();
    for (const targetId of [encodeId('VM', 'good', 'no-such-vm'), encodeId('VM', 'no-such-backend', 'vm')]) {
      const { createSnapshot } = await query(url, CreateSnapshot, { input: { targetId, name: 'ok' } });
      expect(createSnapshot).toMatchObject({ __typename: 'NotFoundError', id: targetId });
    }
    const ghost = encodeId('Snapshot', 'good', JSON.stringify(['vm-web-01', 'no-such-snapshot']));
    const { deleteSnapshot } = await query(url, DeleteSnapshot, { input: { snapshotId: ghost } });
    expect(deleteSnapshot).toMatchObject({ __typename: 'NotFoundError' });
    expect(state()).toBe(before);
  });

  it('answers a GraphQL validation error (not a 500) for a missing required field or a wrong type', async () => {
    const before = state();
    const missing = await executeRaw(url, {
      query: 'mutation($t: ID!) { createSnapshot(input: { targetId: $t }) { __typename } }',
      variables: { t: 'x' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors?.[0]?.message).toMatch(/name/);
    const wrongType = await executeRaw(url, {
      query: 'mutation($i: CreateSnapshotInput!) { createSnapshot(input: $i) { __typename } }',
      variables: { i: { targetId: 'x', name: 42, includeMemory: 'yes' } },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors?.length).toBeGreaterThan(0);
    const noInput = await executeRaw(url, { query: 'mutation { deleteSnapshot { __typename } }' });
    expect(noInput.status).toBe(400);
    expect(state()).toBe(before);
  });

  it('rejects a huge, negative or overflowing first with a typed error', async () => {
    const huge = await executeRaw(url, { query: '{ vms(first: 1000000) { totalCount } }' });
    expect(huge.status).toBe(200);
    expect(huge.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(huge.body.errors?.[0]?.message).toMatch(/'first' must be between 0 and 1000/);
    const negative = await executeRaw(url, { query: '{ vms(first: -1) { totalCount } }' });
    expect(negative.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const overflow = await executeRaw(url, { query: '{ vms(first: 99999999999) { totalCount } }' });
    expect(overflow.status).toBe(400);
    expect(overflow.body.errors?.[0]?.message).toMatch(/Int cannot represent/);
    const badCursor = await executeRaw(url, { query: '{ vms(first: 1, after: "%%%") { totalCount } }' });
    expect(badCursor.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // A well-formed cursor of another list is no operations cursor either.
    const vmCursor = Buffer.from('0001\u0000vm', 'utf8').toString('base64url');
    for (const after of ['%%%', vmCursor]) {
      const badOperationsCursor = await executeRaw(url, { query: `{ operations(first: 1, after: "${after}") { totalCount } }` });
      expect(badOperationsCursor.body.errors?.[0]).toMatchObject({ message: "'after' is not a cursor from this list", extensions: { code: 'BAD_USER_INPUT' } });
    }
    const badNode = await executeRaw(url, { query: '{ node(id: "not-an-id") { id } }' });
    expect(badNode.status).toBe(200);
    expect(badNode.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers the rest of the query when one backend fails with a 500', async () => {
    bad.failNext('GET', '/api/v1/vms', 500, { code: 'INTERNAL_SERVER_ERROR', message: 'libvirt went away', status: 500 });
    const result = await execute(url, Dashboard);
    expect(result.status).toBe(200);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.edges.every((e) => e.node.backend.name === 'good')).toBe(true);
    expect(result.data?.vms.edges.every((e) => e.node.currentSnapshot !== null)).toBe(true);
    expect(result.data?.vms.backendErrors).toEqual([
      {
        backend: { name: 'bad' },
        code: 'SERVER_ERROR',
        backendCode: 'INTERNAL_SERVER_ERROR',
        httpStatus: 500,
        message: expect.stringContaining('libvirt went away'),
      },
    ]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Backend 'bad' failed: .*libvirt went away/),
      path: ['vms'],
      extensions: { code: 'BACKEND_ERROR', backend: 'bad', errorCode: 'SERVER_ERROR', backendCode: 'INTERNAL_SERVER_ERROR', httpStatus: 500 },
    });
  });

  it('names the backend and the field when a backend sends JSON its schema rejects', async () => {
    bad.setFault({ mode: 'garbage', json: true });
    const result = await execute(url, Dashboard);
    expect(result.data?.vms.totalCount).toBe(3);
    expect(result.data?.vms.backendErrors[0]?.backend.name).toBe('bad');
    expect(result.data?.vms.backendErrors[0]).toMatchObject({ code: 'BAD_RESPONSE', backendCode: null, httpStatus: null });
    expect(result.data?.vms.backendErrors[0]?.message).toMatch(/unexpected answer to GET \/api\/v1\/vms: field \S+/);
  });

  it('gives up on a backend that does not answer in time, and still answers for the other', async () => {
    const slow = await startLibvirtSimulator({ vmCount: 1, latencyMs: 1_000 });
    const both = await startGateway({
      cache: UNCACHED,
      specs: [
        { name: 'good', kind: 'LIBVIRT', baseUrl: good.url, credentials: {}, settings: {} },
        { name: 'slow', kind: 'LIBVIRT', baseUrl: slow.url, credentials: {}, settings: {} },
      ],
      port: 0,
      host: '127.0.0.1',
      http: { timeoutMs: 200, readRetries: 0 },
    });
    try {
      const result = await execute(`${both.server.url}/graphql`, Dashboard);
      expect(result.data?.vms.totalCount).toBe(3);
      expect(result.data?.vms.backendErrors).toEqual([
        { backend: { name: 'slow' }, code: 'TIMEOUT', backendCode: null, httpStatus: null, message: 'the backend took longer than 200 ms to answer' },
      ]);
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'BACKEND_ERROR', backend: 'slow', errorCode: 'TIMEOUT', backendCode: null, httpStatus: null });
    } finally {
      await both.close();
      await slow.close();
    }
  });

  it('reports a failed snapshot list on the VM it belongs to, and keeps the VM', async () => {
    const vm = bad.vmNames()[0] ?? '';
    bad.failNext('GET', `/vms/${vm}/snapshots`, 500, { code: 'INTERNAL_SERVER_ERROR', message: 'disk on fire', status: 500 });
    const result = await execute(url, Dashboard);
    const failed = result.data?.vms.edges.find((e) => e.node.name === vm)?.node;
    expect(failed?.snapshots.totalCount).toBe(0);
    expect(failed?.snapshots.backendErrors[0]?.message).toMatch(/disk on fire/);
    expect(result.data?.vms.totalCount).toBe(5);
    expect(result.errors?.some((e) => e.extensions?.backend === 'bad')).toBe(true);
  });
});
