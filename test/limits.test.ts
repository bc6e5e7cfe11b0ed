// Query limits through a real gateway: depth, cost, aliases and introspection refused with their codes over HTTP,
// SSE and graphql-ws alike while the same operation under the limit answers; the dashboard and GraphiQL's queries
// fit the defaults; oversized HTTP bodies (sized or chunked) get a 413 and oversized WebSocket messages a 1009.
import { request } from 'node:http';
import { getIntrospectionQuery, type GraphQLFormattedError } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GRAPHIQL_START } from '../src/app.js';
import { graphql } from './gql/index.js';
import { CreateSnapshot, Dashboard } from './helpers/documents.js';
import { collectSse, collectWs, execute, executeRaw, query, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';

const errorList = z.array(z.object({ message: z.string(), extensions: z.record(z.string(), z.unknown()).optional() }));

/** The errors a graphql-ws operation ends with: an `error` message (validation) or results carrying errors. */
async function wsErrors<R, V>(url: string, document: TypedDocumentNode<R, V>, variables: V): Promise<readonly GraphQLFormattedError[]> {
  const client = wsClient(url);
  try {
    return (await collectWs(client, document, variables)).flatMap((result) => result.errors ?? []);
  } catch (error) {
    return errorList.parse(error);
  } finally {
    await client.dispose();
  }
}

/** The errors of an SSE request: a refused operation is one event carrying them, as a validation error is. */
async function sseErrors<R, V>(url: string, document: TypedDocumentNode<R, V>, variables: V): Promise<readonly GraphQLFormattedError[]> {
  return (await collectSse(url, document, variables)).flatMap((result) => result.errors ?? []);
}

const codes = (errors: readonly GraphQLFormattedError[] | undefined): unknown[] => (errors ?? []).map((e) => e.extensions?.code);

// ---- documents: each refused one next to the same shape within the limits ----

const TreeTenDeep = graphql(`
  query TreeTenDeep {
    vms(first: 1000) { edges { node { snapshotTree { children { children { children { children { children { children {
      children { children { children { children { name } } } } } } } } } } } } } }
  }
`);

const VmSnapshotsOfSnapshotsOfVms = graphql(`
  query VmSnapshotsOfSnapshotsOfVms {
    vms(first: 1000) { edges { node { snapshots(first: 1000) { edges { node { vm {
      snapshots(first: 1000) { edges { node { id } } }
    } } } } } } }
  }
`);

const FewVmSnapshotsOfSnapshots = graphql(`
  query FewVmSnapshotsOfSnapshots($vms: Int!, $snapshots: Int!) {
    vms(first: $vms) { edges { node { snapshots(first: $snapshots) { edges { node { vm {
      snapshots(first: $snapshots) { edges { node { id } } }
    } } } } } } }
  }
`);

const FilteredBeside = graphql(`
  query FilteredBeside($name: String!) { drives(first: 5) { totalCount } vms(first: 5, filter: { nameContains: $name }) { totalCount } }
`);

const DeepTree = graphql(`
  query DeepTree { vms(first: 2) { edges { node { snapshotTree { children { children { children { name } } } } } } } }
`);
const ShallowTree = graphql(`
  query ShallowTree { vms(first: 2) { edges { node { snapshotTree { children { name } } } } } }
`);

const PageOfVms = graphql(`
  query PageOfVms($n: Int!) { vms(first: $n) { edges { node { name } } } }
`);

const ManyAliases = graphql(`
  query ManyAliases { a: backends { name } b: backends { name } c: backends { n: name } }
`);
const TwoAliases = graphql(`
  query TwoAliases { a: backends { name } b: backends { name } }
`);
const AliasesInFragment = graphql(`
  query AliasesInFragment { a: backends { ...Names } }
  fragment Names on Backend { n: name k: kind }
`);

const Introspection = graphql(`
  query Introspection { __schema { queryType { name } } __type(name: "VM") { name } }
`);
const Typename = graphql(`
  query Typename { __typename backends { __typename name } }
`);

const DeepFollow = graphql(`
  subscription DeepFollow($id: ID!) { operation(id: $id) { snapshot { parent { parent { parent { parent { parent { name } } } } } } } }
`);
const FirstVmOfEachBackend = graphql(`
  query FirstVmOfEachBackend { backends { name vms(first: 1) { edges { node { id } } } } }
`);
const CostlyFollow = graphql(`
  subscription CostlyFollow($id: ID!) { operation(id: $id) { snapshot { vm { snapshots(first: 1000) { edges { node { name } } } } } } }
`);
const AliasedFollow = graphql(`
  subscription AliasedFollow($id: ID!) { operation(id: $id) { a: status b: status c: status } }
`);
const FollowStatus = graphql(`
  subscription FollowStatus($id: ID!) { operation(id: $id) { status snapshot { vm { snapshots(first: 10) { totalCount } } } } }
`);

describe('query limits with the defaults', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => gw?.close());

  it('run the dashboard query, GraphiQL start query and GraphiQL introspection', async () => {
    const dashboard = await query(gw.graphqlUrl, Dashboard);
    expect(dashboard.vms.totalCount).toBeGreaterThan(20);
    const start = await executeRaw(gw.graphqlUrl, { query: GRAPHIQL_START });
    expect(start.body.errors).toBeUndefined();
    const introspection = await executeRaw(gw.graphqlUrl, { query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) });
    expect(introspection.status).toBe(200);
    expect(introspection.body.errors).toBeUndefined();
    expect(introspection.body.data).toMatchObject({ __schema: { queryType: { name: 'Query' } } });
    const graphiql = await fetch(gw.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('<title>Snapshot gateway</title>');
  });

  it('refuse ten levels of snapshot children under 1000 VMs as too deep, before reading any backend', async () => {
    const before = await backendRequests(gw);
    const result = await execute(gw.graphqlUrl, TreeTenDeep);
    expect(result.status).toBe(400);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([
      { message: 'The operation is 15 fields deep; at most 12 are allowed', extensions: { code: 'QUERY_TOO_DEEP' } },
    ]);
    expect(await backendRequests(gw)).toBe(before);
  });

  it('refuse 1000-item connections nested three times as too complex, counting the pages asked in variables', async () => {
    const literal = await execute(gw.graphqlUrl, VmSnapshotsOfSnapshotsOfVms);
    expect(literal.status).toBe(400);
    expect(codes(literal.errors)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(literal.errors?.[0]?.message).toMatch(/^The operation may cost 3004003001, over the limit of 100000000/);
    // The same document is measured afresh for each request's variables (yoga caches validation per document).
    const small = await execute(gw.graphqlUrl, FewVmSnapshotsOfSnapshots, { vms: 3, snapshots: 2 });
    expect(small.errors).toBeUndefined();
    expect(small.data?.vms.edges).toHaveLength(3);
    const large = await execute(gw.graphqlUrl, FewVmSnapshotsOfSnapshots, { vms: 1000, snapshots: 1000 });
    expect(codes(large.errors)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('refuse the whole operation when an argument fails its validation, since it cannot be measured', async () => {
    const before = await backendRequests(gw);
    const result = await execute(gw.graphqlUrl, FilteredBeside, { name: 'x'.repeat(201) });
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toMatchObject([{ message: expect.stringMatching(/^filter\.nameContains: /), extensions: { code: 'BAD_USER_INPUT' } }]);
    expect(await backendRequests(gw)).toBe(before);
    expect((await execute(gw.graphqlUrl, FilteredBeside, { name: 'web' })).errors).toBeUndefined();
  });

  it('keep refusing a first over the page cap as bad input rather than as cost', async () => {
    const result = await execute(gw.graphqlUrl, FewVmSnapshotsOfSnapshots, { vms: 1, snapshots: 5000 });
    expect(codes(result.errors)).toContain('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/'first' must be between 0 and 1000, got 5000/);
  });
});

describe('query limits configured small, on every transport', () => {
  let gw: TestGateway;
  let operationId: string;
  beforeAll(async () => {
    gw = await startTestGateway({}, { limits: { maxDepth: 7, maxCost: 500, maxAliases: 2, introspection: false, maxBodyBytes: 8192 } });
    const started = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: await firstLibvirtVm(gw), name: 'limits' } });
    if (started.createSnapshot.__typename !== 'OperationPayload') throw new Error(`no operation: ${JSON.stringify(started)}`);
    operationId = started.createSnapshot.operation.id;
  });
  afterAll(async () => gw?.close());

  it('answers the same shapes under the limits over HTTP, SSE and graphql-ws', async () => {
    expect((await execute(gw.graphqlUrl, ShallowTree)).errors).toBeUndefined();
    expect((await execute(gw.graphqlUrl, PageOfVms, { n: 5 })).data?.vms.edges).toHaveLength(5);
    expect((await execute(gw.graphqlUrl, TwoAliases)).errors).toBeUndefined();
    expect((await execute(gw.graphqlUrl, Typename)).data?.__typename).toBe('Query');
    const ws = await collectWs(wsClient(gw.wsUrl), FollowStatus, { id: operationId });
    expect(ws.at(-1)?.data?.operation.status).toBe('SUCCEEDED');
    const sse = await collectSse(gw.graphqlUrl, FollowStatus, { id: operationId });
    expect(sse.at(-1)?.data?.operation.status).toBe('SUCCEEDED');
  });

  it('refuses too deep an operation over HTTP, SSE and graphql-ws', async () => {
    const http = await execute(gw.graphqlUrl, DeepTree);
    expect(http.status).toBe(400);
    expect(http.errors).toEqual([{ message: 'The operation is 8 fields deep; at most 7 are allowed', extensions: { code: 'QUERY_TOO_DEEP' } }]);
    expect(codes(await sseErrors(gw.graphqlUrl, DeepFollow, { id: operationId }))).toEqual(['QUERY_TOO_DEEP']);
    expect(codes(await wsErrors(gw.wsUrl, DeepFollow, { id: operationId }))).toEqual(['QUERY_TOO_DEEP']);
  });

  it('refuses too costly an operation over HTTP, SSE and graphql-ws', async () => {
    const http = await execute(gw.graphqlUrl, PageOfVms, { n: 200 });
    expect(http.status).toBe(400);
    expect(http.errors).toEqual([{ message: expect.stringMatching(/^The operation may cost 601, over the limit of 500: /), extensions: { code: 'QUERY_TOO_COMPLEX' } }]);
    expect(codes(await sseErrors(gw.graphqlUrl, CostlyFollow, { id: operationId }))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(await wsErrors(gw.wsUrl, CostlyFollow, { id: operationId }))).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('refuses too many aliases, counting those of fragments, over HTTP, SSE and graphql-ws', async () => {
    const http = await execute(gw.graphqlUrl, ManyAliases);
    expect(http.status).toBe(400);
    expect(http.errors).toMatchObject([
      { message: 'The operation uses 4 aliases; at most 2 are allowed', extensions: { code: 'TOO_MANY_ALIASES' } },
    ]);
    expect(codes((await execute(gw.graphqlUrl, AliasesInFragment)).errors)).toEqual(['TOO_MANY_ALIASES']);
    expect(codes(await sseErrors(gw.graphqlUrl, AliasedFollow, { id: operationId }))).toEqual(['TOO_MANY_ALIASES']);
    expect(codes(await wsErrors(gw.wsUrl, AliasedFollow, { id: operationId }))).toEqual(['TOO_MANY_ALIASES']);
  });

  it('refuses introspection over HTTP, SSE and graphql-ws, and serves no GraphiQL', async () => {
    const http = await execute(gw.graphqlUrl, Introspection);
    expect(http.status).toBe(400);
    expect(codes(http.errors)).toEqual(['INTROSPECTION_DISABLED', 'INTROSPECTION_DISABLED']);
    expect(http.errors?.[1]?.message).toBe('Introspection is disabled on this gateway: "__type" cannot be queried');
    expect(http.errors?.[0]?.message).toBe('Introspection is disabled on this gateway: "__schema" cannot be queried');
    expect(codes(await sseErrors(gw.graphqlUrl, Introspection, {}))).toEqual(['INTROSPECTION_DISABLED', 'INTROSPECTION_DISABLED']);
    expect(codes(await wsErrors(gw.wsUrl, Introspection, {}))).toEqual(['INTROSPECTION_DISABLED', 'INTROSPECTION_DISABLED']);
    const page = await fetch(gw.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('<title>Snapshot gateway</title>');
  });

  it('answers a body over maxBodyBytes with 413, whether it declares its length or comes in chunks', async () => {
    const padded = (bytes: number) => JSON.stringify({ query: `{ __typename }${' '.repeat(bytes)}` });
    const fits = await post(gw.graphqlUrl, [padded(8000)], true);
    expect(fits.status).toBe(200);
    const sized = await post(gw.graphqlUrl, [padded(9000)], true);
    expect(sized.status).toBe(413);
    expect(sized.body).toMatchObject({ errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] });
    const body = padded(40_000);
    const chunks = Array.from({ length: 10 }, (_, i) => body.slice(i * 4000, (i + 1) * 4000));
    const chunked = await post(gw.graphqlUrl, chunks, false);
    expect(chunked.status).toBe(413);
    expect(chunked.body).toMatchObject({ errors: [{ extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] });
    // The gateway still answers afterwards.
    expect((await execute(gw.graphqlUrl, Typename)).data?.__typename).toBe('Query');
  });

  it('closes a WebSocket whose message is over maxBodyBytes with 1009', async () => {
    const socket = new WebSocket(gw.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    const query = `subscription { operations { id } }${' '.repeat(9000)}`;
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
    expect(await closed).toBe(1009);
  });
});

/** Every request the gateway has sent to a backend so far, from its metrics. */
async function backendRequests(gw: TestGateway): Promise<number> {
  const text = await (await fetch(`${gw.adminUrl}/metrics`)).text();
  return [...text.matchAll(/^gateway_backend_requests_total\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

async function firstLibvirtVm(gw: TestGateway): Promise<string> {
  const { backends } = await query(gw.graphqlUrl, FirstVmOfEachBackend);
  const id = backends.find((b) => b.name === 'lab-libvirt')?.vms.edges[0]?.node.id;
  if (!id) throw new Error('no libvirt VM in the lab');
  return id;
}

/** POSTs raw chunks, with a content-length (sized) or chunked; answers the status and the JSON body. */
function post(url: string, chunks: string[], sized: boolean): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const length = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(sized ? { 'content-length': length } : {}) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    const write = (i: number): void => {
      if (i === chunks.length) return void req.end();
      req.write(chunks[i], () => setImmediate(() => write(i + 1)));
    };
    write(0);
  });
}
