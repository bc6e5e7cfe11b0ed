// Property-based tests (fast-check) against a real gateway and the lab: random ids, random inputs, random
// variables and random queries never get a 5xx, a masked "Unexpected error" or a crash, and never change a backend.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authSchema } from '../src/auth/config.js';
import { encodeId, NODE_TYPES } from '../src/graphql/ids.js';
import { startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';

let gw: TestGateway;
let estate: string;

/** Everything a backend holds that a mutation could change, as the gateway reads it. */
const ESTATE = `{
  vms(first: 1000) { totalCount edges { node { id name currentSnapshot { id } snapshots(first: 1000) { totalCount edges { node { id name description } } } } } }
  drives(first: 1000) { totalCount }
  snapshots(first: 1000) { totalCount }
}`;

async function post(body: string, contentType = 'application/json'): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(gw.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': contentType, accept: 'application/graphql-response+json, application/json' },
    body,
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** What every answer must be: below 500, JSON, and, where it has errors, errors a client can act on. */
function expectHandled(answer: { status: number; type: string; text: string }, what: string): void {
  if (answer.status >= 500) throw new Error(`${what}: HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
  // A body of a type yoga reads no GraphQL from is 415 with no body: HTTP's own answer (text/plain is refused
  // before that, as a possible CSRF: 400 with CSRF_PREVENTED).
  if (!answer.type.includes('json')) {
    if (answer.status < 400) throw new Error(`${what}: HTTP ${answer.status} without a JSON body`);
    return;
  }
  const body: unknown = JSON.parse(answer.text);
  const errors = typeof body === 'object' && body !== null && 'errors' in body && Array.isArray(body.errors) ? body.errors : [];
  for (const error of errors) {
    const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : '';
    if (message === 'Unexpected error.') throw new Error(`${what}: a masked internal error: ${answer.text.slice(0, 300)}`);
  }
}

/** What the backends hold, as the gateway shows it: the answer's data (its extensions say when it was read). */
async function readEstate(): Promise<string> {
  const answer = await post(JSON.stringify({ query: ESTATE }));
  expect(answer.status).toBe(200);
  const body: unknown = JSON.parse(answer.text);
  return JSON.stringify(typeof body === 'object' && body !== null && 'data' in body ? body.data : body);
}

beforeAll(async () => {
  gw = await startTestGateway({ scale: 1, opMs: 50 });
  estate = await readEstate();
});
afterAll(async () => gw?.close());

const backendName = fc.oneof(fc.constantFrom('lab-libvirt', 'lab-manageiq', 'lab-cloudsigma', 'lab-danube', 'lab-denvr'), fc.string({ maxLength: 20 }));
/** Ids of every kind: well-formed ids of things that do not exist, and strings that are no id at all. */
const anyId = fc.oneof(
  fc.tuple(fc.constantFrom(...NODE_TYPES), backendName.filter((b) => b.length > 0), fc.string({ maxLength: 40 })).map(([type, backend, key]) => encodeId(type, backend, `fuzz-${key}`)),
  fc.string({ maxLength: 60 }),
  fc.base64String({ maxLength: 60 }),
  fc.constantFrom('', ' ', '%%%', '\u0000', 'VM:1:x', '../../etc/passwd'),
);
const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 50 }), fc.constantFrom('', ' ', 'a'.repeat(10_000)));
const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

const MUTATIONS = [
  'mutation($id: ID!, $name: String!) { createSnapshot(input: { targetId: $id, name: $name }) { __typename } }',
  'mutation($id: ID!) { revertSnapshot(input: { snapshotId: $id }) { __typename } }',
  'mutation($id: ID!, $name: String) { cloneSnapshot(input: { snapshotId: $id, name: $name }) { __typename } }',
  'mutation($id: ID!) { deleteSnapshot(input: { snapshotId: $id }) { __typename } }',
  'mutation($id: ID!, $name: String) { updateSnapshot(input: { snapshotId: $id, name: $name }) { __typename } }',
  'mutation($id: ID!) { deleteSnapshots(input: { snapshotIds: [$id, $id] }) { __typename } }',
  'mutation($id: ID!, $name: String!) { createSnapshotSchedule(input: { targetId: $id, name: $name, schedule: $name, retention: 1 }) { __typename } }',
];

const QUERIES = [
  'query($id: ID!) { node(id: $id) { id __typename } }',
  'query($id: ID!) { vm(id: $id) { id name } snapshot(id: $id) { id } }',
  'query($id: ID!) { operation(id: $id) { id status } }',
  'query($id: ID!) { nodes(ids: [$id, $id]) { id } }',
  'query($name: String) { vms(first: 5, filter: { name: $name }) { totalCount } }',
  'query($name: String) { operations(first: 5, after: $name) { totalCount } }',
  'query($name: String) { snapshots(first: 3, after: $name) { totalCount edges { cursor } } }',
];

describe('random input never gets a 5xx, a masked error, or a change on a backend', () => {
  it('mutations with random ids and names are refused with typed answers, and change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MUTATIONS), anyId, anyText, async (query, id, name) => {
        expectHandled(await post(JSON.stringify({ query, variables: { id, name } })), `${query} ${JSON.stringify({ id, name })}`);
      }),
      { numRuns: 300 },
    );
    expect(await readEstate()).toBe(estate);
  });

  it('queries with random ids, cursors and filters answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...QUERIES), anyId, anyText, async (query, id, name) => {
        expectHandled(await post(JSON.stringify({ query, variables: { id, name } })), query);
      }),
      { numRuns: 300 },
    );
  });

  it('variables of any shape and type are refused as the client’s error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MUTATIONS, ...QUERIES), fc.dictionary(fc.constantFrom('id', 'name', 'input', 'x'), anyJson), async (query, variables) => {
        expectHandled(await post(JSON.stringify({ query, variables })), `${query} ${JSON.stringify(variables)}`);
      }),
      { numRuns: 300 },
    );
    expect(await readEstate()).toBe(estate);
  });

  it('random documents, made of the schema’s own words or of noise, and random bodies, answer', async () => {
    const word = fc.constantFrom(
      'query', 'mutation', 'subscription', 'fragment', 'on', '{', '}', '(', ')', ':', '$id', '...', '@include(if: true)', '"x"', '1', '-1', '99999999999',
      'vms', 'drives', 'snapshots', 'backends', 'node', 'nodes', 'operations', 'edges', 'node', 'id', 'name', 'children', 'parent', 'snapshotTree',
      'first', 'after', 'filter', 'createSnapshot', 'deleteSnapshot', 'input', 'targetId', '__typename', '__schema', 'types', 'VM', 'Snapshot',
    );
    const document = fc.oneof(
      fc.array(word, { maxLength: 40 }).map((words) => words.join(' ')),
      fc.string({ maxLength: 500 }),
      fc.constantFrom('{'.repeat(500), '{ vms { '.repeat(50), '{ __typename }'),
    );
    await fc.assert(
      fc.asyncProperty(document, fc.option(anyJson), async (query, variables) => {
        expectHandled(await post(JSON.stringify({ query, variables })), query);
      }),
      { numRuns: 400 },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), anyJson.map((v) => JSON.stringify(v))), fc.constantFrom('application/json', 'text/plain', 'application/graphql'), async (body, type) => {
        expectHandled(await post(body, type), body);
      }),
      { numRuns: 200 },
    );
    expect(await readEstate()).toBe(estate);
    const health = await fetch(`${gw.url}/health`);
    expect(health.status).toBe(200);
  });

  it('over graphql-ws, random subscriptions and mutations end in results or errors, never an internal close', async () => {
    const client = wsClient(gw.wsUrl);
    const closes: unknown[] = [];
    client.on('closed', (event) => closes.push(event));
    const operation = fc.oneof(
      fc.tuple(fc.constantFrom(...MUTATIONS, ...QUERIES), anyId, anyText).map(([query, id, name]) => ({ query, variables: { id, name } })),
      fc.tuple(fc.constantFrom('subscription($id: ID!) { operation(id: $id) { id } }', 'subscription($f: OperationFilter) { operations(filter: $f) { id } }'), anyId, anyJson).map(
        ([query, id, f]) => ({ query, variables: { id, f } }),
      ),
      fc.string({ maxLength: 200 }).map((query) => ({ query, variables: {} })),
    );
    try {
      await fc.assert(
        fc.asyncProperty(operation, async ({ query, variables }) => {
          const outcome = await new Promise<string>((resolve) => {
            let settled = false;
            const dispose = client.subscribe(
              { query, variables },
              {
                // A stream that starts is a valid subscription: enough to know it was taken, so let it go.
                next: () => {
                  if (!settled) resolve('next');
                  settled = true;
                  dispose();
                },
                error: () => resolve('error'),
                complete: () => resolve('complete'),
              },
            );
            setTimeout(() => resolve('still open'), 500);
          });
          expect(['next', 'error', 'complete', 'still open']).toContain(outcome);
        }),
        { numRuns: 150 },
      );
    } finally {
      await client.dispose();
    }
    expect(closes.filter((event) => typeof event === 'object' && event !== null && 'code' in event && event.code !== 1000)).toEqual([]);
    expect(await readEstate()).toBe(estate);
  });
});

describe('random credentials', () => {
  const token = 'a-valid-token-for-the-property-test';
  let guarded: TestGateway;
  beforeAll(async () => {
    guarded = await startTestGateway({}, {
      auth: authSchema.parse({ tokens: [{ name: 'valid', sha256: createHash('sha256').update(token).digest('hex'), scopes: ['snapshots:read'] }] }),
    });
  });
  afterAll(async () => guarded?.close());

  it('any Authorization header but the token is 401 UNAUTHENTICATED, never a 5xx; JWT-shaped noise too', async () => {
    const segment = fc.base64String({ maxLength: 80 }).map((b) => b.replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_'));
    const header = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ maxLength: 100 }).map((t) => `Bearer ${t}`),
      fc.tuple(segment, segment, segment).map(([a, b, c]) => `Bearer ${a}.${b}.${c}`),
      fc.constantFrom('Bearer', 'Bearer ', `Bearer ${token}x`, `bearer  ${token.slice(1)}`, `Basic ${token}`),
    );
    await fc.assert(
      fc.asyncProperty(header, async (authorization) => {
        const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
        // fetch refuses header values with control characters; the server never sees those.
        if (!/^[\t\x20-\x7e]*$/.test(authorization)) return;
        headers.authorization = authorization;
        const response = await fetch(guarded.graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query: '{ backends { name } }' }) });
        expect(response.status).toBe(401);
        const body = await response.json();
        expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }),
      { numRuns: 300 },
    );
  });
});
