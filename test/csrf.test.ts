// What a browser on another origin can do to a gateway, sent as browsers send it: forms (urlencoded, multipart,
// text/plain) and body-less POSTs are refused as CSRF and change nothing; JSON, or the CSRF header, runs; GET runs
// no mutation; CORS answers only listed origins; a WebSocket upgrade from a foreign page is refused.
import { request as httpRequest } from 'node:http';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { authSchema } from '../src/auth/config.js';
import { CSRF_MESSAGE } from '../src/browsers/csrfPrevention.js';
import { newToken, sha256 } from './helpers/auth.js';
import { CreateSnapshot } from './helpers/documents.js';
import { libvirtVmId, operationCount, snapshotNames } from './helpers/effects.js';
import { execute, query, startTestGateway, type TestGateway } from './helpers/gateway.js';

const LISTED = 'http://app.example:5173';
const FOREIGN = 'http://evil.example';

const CREATE = print(CreateSnapshot);
const errorAnswer = z.object({ errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string() }) })).min(1) });

/** A POST as a form or a script would send it; answers the status and the parsed body. */
async function post(url: string, body: BodyInit | null, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { accept: 'application/graphql-response+json, application/json', ...headers }, body });
  return { status: response.status, body: await response.json() };
}

/** The status a WebSocket upgrade with this Origin gets: 101 when it opened. */
function upgradeStatus(url: string, origin?: string, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { ...(origin === undefined ? {} : { origin }), ...(host === undefined ? {} : { headers: { host } }) });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

describe('CSRF prevention (on by default)', () => {
  let gw: TestGateway;
  let vmId: string;
  beforeAll(async () => {
    gw = await startTestGateway({}, { app: { cors: { origins: [LISTED], credentials: true, maxAgeSeconds: 600 } } });
    vmId = await libvirtVmId(gw);
  });
  afterAll(async () => gw?.close());

  const variables = (name: string) => JSON.stringify({ input: { targetId: vmId, name } });

  /** Sends a forged request, expects the typed refusal, and checks that nothing ran. */
  async function expectRefused(name: string, send: () => Promise<{ status: number; body: unknown }>): Promise<void> {
    const before = await operationCount(gw);
    const { status, body } = await send();
    expect(status).toBe(400);
    const [error] = errorAnswer.parse(body).errors;
    expect(error).toEqual({ message: CSRF_MESSAGE, extensions: { code: 'CSRF_PREVENTED' } });
    expect(error?.message).toMatch(/application\/json.*x-graphql-csrf/);
    expect(await operationCount(gw)).toBe(before);
    expect(await snapshotNames(gw)).not.toContain(name);
  }

  it('refuses a form-encoded mutation (what an auto-submitted HTML form sends) and creates nothing', async () => {
    await expectRefused('csrf-form', () => post(gw.graphqlUrl, new URLSearchParams({ query: CREATE, variables: variables('csrf-form') }), { origin: FOREIGN }));
  });

  it('refuses a text/plain mutation (a form with enctype=text/plain, or a no-cors fetch) and creates nothing', async () => {
    const body = JSON.stringify({ query: CREATE, variables: JSON.parse(variables('csrf-text')) });
    await expectRefused('csrf-text', () => post(gw.graphqlUrl, body, { 'content-type': 'text/plain;charset=UTF-8', origin: FOREIGN }));
  });

  it('refuses a multipart mutation (the GraphQL multipart request spec, which a form can send) and creates nothing', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: CREATE, variables: JSON.parse(variables('csrf-multipart')) }));
    form.set('map', '{}');
    await expectRefused('csrf-multipart', () => post(gw.graphqlUrl, form));
  });

  it('refuses a POST with no content type, and an empty CSRF header counts as none', async () => {
    const body = new TextEncoder().encode(JSON.stringify({ query: CREATE, variables: JSON.parse(variables('csrf-untyped')) }));
    await expectRefused('csrf-untyped', () => post(gw.graphqlUrl, body));
    const form = new URLSearchParams({ query: CREATE, variables: variables('csrf-empty-header') });
    await expectRefused('csrf-empty-header', () => post(gw.graphqlUrl, form, { 'x-graphql-csrf': '' }));
  });

  it('runs a JSON mutation: a browser preflights it, so CORS decides', async () => {
    const before = await operationCount(gw);
    const result = await execute(gw.graphqlUrl, CreateSnapshot, { input: { targetId: vmId, name: 'csrf-json' } });
    expect(result.status).toBe(200);
    expect(result.data?.createSnapshot.__typename).toBe('OperationPayload');
    expect(await operationCount(gw)).toBe(before + 1);
  });

  it('runs a form-encoded mutation that carries a CSRF header (only a script sets one, and it forces the preflight)', async () => {
    for (const header of ['x-graphql-csrf', 'apollo-require-preflight']) {
      const before = await operationCount(gw);
      const { status, body } = await post(gw.graphqlUrl, new URLSearchParams({ query: CREATE, variables: variables(`csrf-${header}`) }), { [header]: '1' });
      expect(status).toBe(200);
      expect(body).toMatchObject({ data: { createSnapshot: { __typename: 'OperationPayload' } } });
      expect(await operationCount(gw)).toBe(before + 1);
    }
  });

  it('runs no mutation over GET (yoga refuses it), but GET reads and SSE subscriptions work without a header', async () => {
    const before = await operationCount(gw);
    const params = new URLSearchParams({ query: CREATE, variables: variables('csrf-get') });
    const refused = await fetch(`${gw.graphqlUrl}?${params}`, { headers: { accept: 'application/graphql-response+json' } });
    expect(refused.status).toBe(405);
    expect(await operationCount(gw)).toBe(before);
    expect(await snapshotNames(gw)).not.toContain('csrf-get');

    const read = await fetch(`${gw.graphqlUrl}?${new URLSearchParams({ query: '{ backends { name } }' })}`, { headers: { origin: FOREIGN } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ data: { backends: expect.arrayContaining([{ name: 'lab-libvirt' }]) } });

    // An EventSource's GET: the stream opens and its first event is the operation's state.
    const { createSnapshot } = await query(gw.graphqlUrl, CreateSnapshot, { input: { targetId: vmId, name: 'csrf-sse' } });
    if (createSnapshot.__typename !== 'OperationPayload') throw new Error(`create answered ${createSnapshot.__typename}`);
    const subscription = new URLSearchParams({ query: `subscription { operation(id: "${createSnapshot.operation.id}") { id } }` });
    const abort = new AbortController();
    const stream = await fetch(`${gw.graphqlUrl}?${subscription}`, { headers: { accept: 'text/event-stream', origin: FOREIGN }, signal: abort.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body?.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (reader && !text.includes('event: next')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    abort.abort();
    expect(text).toContain(createSnapshot.operation.id);
  });
});

describe('CSRF prevention switched off (http.csrfPrevention: false)', () => {
  let gw: TestGateway;
  afterAll(async () => gw?.close());

  it('runs a form-encoded mutation: what every gateway did before CSRF prevention', async () => {
    gw = await startTestGateway({}, { app: { csrfPrevention: false } });
    const vmId = await libvirtVmId(gw);
    const form = new URLSearchParams({ query: CREATE, variables: JSON.stringify({ input: { targetId: vmId, name: 'csrf-off' } }) });
    const { status, body } = await post(gw.graphqlUrl, form);
    expect(status).toBe(200);
    expect(body).toMatchObject({ data: { createSnapshot: { __typename: 'OperationPayload' } } });
    expect(await operationCount(gw)).toBe(1);
  });
});

describe('CORS from the allowlist (http.cors)', () => {
  let gw: TestGateway;
  let open: TestGateway;
  beforeAll(async () => {
    [gw, open] = await Promise.all([
      startTestGateway({}, { app: { cors: { origins: [LISTED], credentials: true, maxAgeSeconds: 600 } } }),
      startTestGateway(),
    ]);
  });
  afterAll(async () => Promise.all([gw?.close(), open?.close()]));

  const preflight = (url: string, origin: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-request-id' },
    });
  const corsHeaders = (response: Response) => [...response.headers].filter(([name]) => name.startsWith('access-control-'));

  it('answers a listed origin\'s preflight with the allowlisted methods and headers', async () => {
    const response = await preflight(gw.graphqlUrl, LISTED);
    expect(response.status).toBe(204);
    expect(Object.fromEntries(corsHeaders(response))).toEqual({
      'access-control-allow-origin': LISTED,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'content-type, authorization, x-request-id, x-graphql-csrf, apollo-require-preflight, x-apollo-operation-name, x-graphql-yoga-csrf',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id, retry-after',
      'access-control-max-age': '600',
    });
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('answers an unlisted origin\'s preflight with no CORS header at all, and so does a gateway with no list', async () => {
    for (const response of [await preflight(gw.graphqlUrl, FOREIGN), await preflight(open.graphqlUrl, LISTED), await preflight(gw.graphqlUrl, 'null')]) {
      expect(response.status).toBe(204);
      expect(corsHeaders(response)).toEqual([]);
    }
  });

  it('lets a listed origin read the answer and its x-request-id; an unlisted one gets no CORS header on the answer', async () => {
    const body = JSON.stringify({ query: '{ backends { name } }' });
    const send = (url: string, origin: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin, 'x-request-id': 'cors-1' }, body });
    const listed = await send(gw.graphqlUrl, LISTED);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(listed.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(listed.headers.get('x-request-id')).toBe('cors-1');
    for (const response of [await send(gw.graphqlUrl, FOREIGN), await send(open.graphqlUrl, FOREIGN)]) {
      expect(response.status).toBe(200);
      expect(corsHeaders(response)).toEqual([]);
    }
  });

  it('refuses a WebSocket upgrade from a foreign page (403), and accepts a listed one, its own pages and non-browsers', async () => {
    expect(await upgradeStatus(gw.wsUrl, FOREIGN)).toBe(403);
    expect(await upgradeStatus(gw.wsUrl, 'null')).toBe(403);
    expect(await upgradeStatus(open.wsUrl, LISTED)).toBe(403);
    // GraphiQL, served by the gateway, opens its socket from the gateway's own origin.
    expect(await upgradeStatus(gw.wsUrl, gw.url)).toBe(101);
    expect(await upgradeStatus(open.wsUrl, open.url)).toBe(101);
    expect(await upgradeStatus(gw.wsUrl, LISTED)).toBe(101);
    expect(await upgradeStatus(gw.wsUrl)).toBe(101);
  });
});

/** A request with the Host header a browser sends after DNS rebinding: the hostile name, with the gateway's port. */
function withHost(url: string, host: string, method: 'GET' | 'POST', body?: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const request = httpRequest(url, { method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) }));
    });
    request.once('error', reject);
    request.end(body);
  });
}

describe('DNS rebinding: an open gateway answers only loopback names and the hosts it lists', () => {
  let open: TestGateway;
  let listing: TestGateway;
  let authed: TestGateway;
  beforeAll(async () => {
    [open, listing, authed] = await Promise.all([
      startTestGateway(),
      startTestGateway({}, { app: { allowedHosts: ['gateway.internal'] } }),
      startTestGateway({}, { auth: authSchema.parse({ tokens: [{ name: 'ci', sha256: sha256(newToken()), scopes: ['snapshots:read'] }] }) }),
    ]);
  });
  afterAll(async () => Promise.all([open?.close(), listing?.close(), authed?.close()]));

  const rebound = (gw: TestGateway) => `evil.example:${new URL(gw.url).port}`;

  it('refuses a mutation and a read sent to a hostile name (403 HOST_NOT_ALLOWED) and creates nothing', async () => {
    const vmId = await libvirtVmId(open);
    const before = await operationCount(open);
    const create = JSON.stringify({ query: CREATE, variables: { input: { targetId: vmId, name: 'rebound' } } });
    for (const answer of [await withHost(open.graphqlUrl, rebound(open), 'POST', create), await withHost(`${open.graphqlUrl}?query=%7B__typename%7D`, rebound(open), 'GET')]) {
      expect(answer.status).toBe(403);
      expect(errorAnswer.parse(answer.body).errors[0]?.extensions.code).toBe('HOST_NOT_ALLOWED');
    }
    expect(await operationCount(open)).toBe(before);
    expect(await snapshotNames(open)).not.toContain('rebound');
  });

  it('refuses the WebSocket upgrade of a rebound page, whose Origin matches the hostile Host', async () => {
    const host = rebound(open);
    expect(await upgradeStatus(open.wsUrl, `http://${host}`, host)).toBe(403);
  });

  it('answers loopback names, a listed host, and any host once callers must authenticate', async () => {
    const typename = JSON.stringify({ query: '{ __typename }' });
    const port = (gw: TestGateway) => new URL(gw.url).port;
    expect((await withHost(open.graphqlUrl, `localhost:${port(open)}`, 'POST', typename)).status).toBe(200);
    expect((await withHost(open.graphqlUrl, `[::1]:${port(open)}`, 'POST', typename)).status).toBe(200);
    expect((await withHost(listing.graphqlUrl, `gateway.internal:${port(listing)}`, 'POST', typename)).status).toBe(200);
    expect((await withHost(listing.graphqlUrl, rebound(listing), 'POST', typename)).status).toBe(403);
    // With authentication a page has no credential to ride on: the host is not checked, and the caller must log in.
    const asked = await withHost(authed.graphqlUrl, rebound(authed), 'POST', typename);
    expect(asked.status).toBe(401);
  });
});
