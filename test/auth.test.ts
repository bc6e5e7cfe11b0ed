// Authentication, scopes and tenancy through a real gateway: static tokens (stored hashed) and JWTs (a public key,
// and a JWKS URL served over real HTTP), the same on HTTP, SSE and graphql-ws; what a caller may not see does not
// exist for it (queries, node, mutations, operation(id), the operations stream); the mutation rate limit; and a
// gateway that will not listen beyond loopback without authentication.
import { createServer, type Server } from 'node:http';
import { print } from 'graphql';
import type { ResultOf, TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Client } from 'graphql-ws';
import { exportJWK, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthConfig } from '../src/auth/config.js';
import { authSchema } from '../src/auth/config.js';
import { encodeId } from '../src/graphql/ids.js';
import { boundPort } from '../src/net.js';
import { InsecureStartError, startGateway } from '../src/start.js';
import { graphql } from './gql/index.js';
import { bearer, jwtSecrets, newToken, rsaKeys, sha256, signJwt, type KeyPair } from './helpers/auth.js';
import { CreateSnapshot } from './helpers/documents.js';
import { until } from './helpers/logs.js';
import { executeWith, operationSubscribers, startTestGateway, wsClient, type TestGateway, type Variables } from './helpers/gateway.js';
import { denvr as denvrBackend } from '../src/connectors/denvr/backend.js';
import { libvirt as libvirtBackend } from '../src/connectors/libvirt/backend.js';

const Estate = graphql(`
  query AuthEstate {
    backends { name }
    vms(first: 200) { totalCount edges { node { id name backend { name } snapshots(first: 50) { edges { node { id name } } } } } }
  }
`);

const NodeById = graphql(`
  query AuthNode($id: ID!) { node(id: $id) { id __typename } }
`);

const OperationLookups = graphql(`
  query AuthOperation($id: ID!) {
    operation(id: $id) { id status }
    node(id: $id) { id }
    operations(first: 100) { totalCount edges { node { id } } }
  }
`);

const Follow = graphql(`
  subscription AuthFollow($id: ID!) { operation(id: $id) { id status } }
`);

const Stream = graphql(`
  subscription AuthStream { operations { id status backend { name } } }
`);

const CreateSchedule = graphql(`
  mutation AuthCreateSchedule($input: CreateSnapshotScheduleInput!) {
    createSnapshotSchedule(input: $input) { __typename ... on Error { message } }
  }
`);

type Vm = { id: string; name: string; backend: { name: string }; snapshots: { edges: { node: { id: string; name: string } }[] } };

describe('authentication and tenancy with static tokens', () => {
  const tokens = {
    admin: newToken(),
    reader: newToken(),
    libvirt: newToken(),
    scheduler: newToken(),
    research: newToken(),
  };
  const config: AuthConfig = authSchema.parse({
    tokens: [
      { name: 'admin', sha256: sha256(tokens.admin), scopes: ['snapshots:read', 'snapshots:write', 'schedules:write'] },
      { name: 'reader', sha256: sha256(tokens.reader), scopes: ['snapshots:read'] },
      { name: 'libvirt-team', sha256: sha256(tokens.libvirt), scopes: ['snapshots:read', 'snapshots:write'], backends: ['lab-libvirt'] },
      { name: 'scheduler', sha256: sha256(tokens.scheduler), scopes: ['snapshots:read', 'snapshots:write'] },
      { name: 'research', sha256: sha256(tokens.research), scopes: ['snapshots:read', 'snapshots:write'], backends: ['lab-denvr/research'] },
    ],
  });
  let gw: TestGateway;
  let all: Vm[];
  const sockets: Client[] = [];
  const run = <R, V>(token: string, document: TypedDocumentNode<R, V>, ...variables: Variables<V>) =>
    executeWith(gw.graphqlUrl, bearer(token), document, ...variables);

  beforeAll(async () => {
    gw = await startTestGateway({ scale: 2, opMs: 100 }, { auth: config, rateLimit: { mutationsPerMinute: 6000, burst: 1000 } });
    const estate = await run(tokens.admin, Estate);
    all = estate.data?.vms.edges.map((e) => e.node) ?? [];
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await gw?.close();
  });
  const vmOf = (backend: string): Vm => {
    const vm = all.find((v) => v.backend.name === backend);
    if (!vm) throw new Error(`no VM of ${backend}`);
    return vm;
  };

  it('answers 401 UNAUTHENTICATED with a Bearer challenge to no token and to a wrong one; GraphiQL itself loads', async () => {
    for (const headers of [{}, bearer('not-a-token'), { authorization: 'Basic YWRtaW46YWRtaW4=' }]) {
      const response = await fetch(gw.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query: '{ backends { name } }' }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const body = await response.json();
      expect(body.data ?? null).toBeNull();
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const page = await fetch(gw.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('GraphiQL');
  });

  it('lets a read-only token read, and refuses it every mutation with FORBIDDEN, sending nothing', async () => {
    const read = await run(tokens.reader, Estate);
    expect(read.errors).toBeUndefined();
    expect(read.data?.backends).toHaveLength(5);
    const vm = vmOf('lab-libvirt');
    const before = gw.lab.sim(libvirtBackend).snapshotsOf(vm.name).length;
    const refused = await run(tokens.reader, CreateSnapshot, { input: { targetId: vm.id, name: 'not-allowed' } });
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({
      message: 'Mutation.createSnapshot needs the snapshots:write scope, which this caller lacks',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(gw.lab.sim(libvirtBackend).snapshotsOf(vm.name).length).toBe(before);
  });

  it('needs schedules:write for schedules, whatever else the token may do', async () => {
    const vm = vmOf('lab-danube');
    const input = { targetId: vm.id, name: 'nightly', schedule: '0 3 * * *', retention: 7 };
    const refused = await run(tokens.scheduler, CreateSchedule, { input });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('schedules:write');
    const allowed = await run(tokens.admin, CreateSchedule, { input });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data?.createSnapshotSchedule.__typename).toBe('SnapshotSchedulePayload');
  });

  it('shows a backend-limited token its backend only; the others do not exist for it', async () => {
    const seen = await run(tokens.libvirt, Estate);
    expect(seen.errors).toBeUndefined();
    expect(seen.data?.backends.map((b) => b.name)).toEqual(['lab-libvirt']);
    const names = new Set(seen.data?.vms.edges.map((e) => e.node.backend.name));
    expect([...names]).toEqual(['lab-libvirt']);
    expect(seen.data?.vms.totalCount).toBe(all.filter((v) => v.backend.name === 'lab-libvirt').length);

    const foreign = vmOf('lab-cloudsigma');
    expect((await run(tokens.libvirt, NodeById, { id: foreign.id })).data?.node).toBeNull();
    // A hidden VM answers exactly like one that never existed, on its own backend or on the caller's.
    const answers = await Promise.all(
      [foreign.id, encodeId('VM', 'lab-cloudsigma', 'no-such-vm'), encodeId('VM', 'lab-libvirt', 'no-such-vm')].map(async (targetId) => {
        const result = await run(tokens.libvirt, CreateSnapshot, { input: { targetId, name: 'x' } });
        const payload = result.data?.createSnapshot;
        return payload?.__typename === 'NotFoundError' ? `${payload.__typename}: ${payload.message}` : payload?.__typename;
      }),
    );
    expect(answers).toEqual(Array(3).fill('NotFoundError: input.targetId: no VM has this id'));
  });

  it('limits a DenvrCloud grant to its namespace, in lists, by id and in mutations', async () => {
    const denvr = all.filter((v) => v.backend.name === 'lab-denvr');
    const inResearch = new Set(gw.lab.sim(denvrBackend).servers().filter((v) => v.namespace === 'research').map((v) => v.name));
    expect(inResearch.size).toBeGreaterThan(0);
    expect(denvr.length).toBeGreaterThan(inResearch.size);
    const seen = await run(tokens.research, Estate);
    expect(seen.errors).toBeUndefined();
    expect(seen.data?.backends.map((b) => b.name)).toEqual(['lab-denvr']);
    const vms = seen.data?.vms.edges.map((e) => e.node) ?? [];
    expect(vms.map((v) => v.name).sort()).toEqual([...inResearch].sort());
    expect(vms.every((v) => v.snapshots.edges.length > 0)).toBe(true);

    const outside = denvr.find((v) => !inResearch.has(v.name));
    const outsideSnapshot = outside?.snapshots.edges[0]?.node;
    if (!outside || !outsideSnapshot) throw new Error('no Denvr VM outside research');
    expect((await run(tokens.research, NodeById, { id: outside.id })).data?.node).toBeNull();
    expect((await run(tokens.research, NodeById, { id: outsideSnapshot.id })).data?.node).toBeNull();
    const refused = await run(tokens.research, CreateSnapshot, { input: { targetId: outside.id, name: 'x' } });
    expect(refused.data?.createSnapshot.__typename).toBe('NotFoundError');
    const inside = vms[0];
    if (!inside) throw new Error('no research VM');
    const allowed = await run(tokens.research, CreateSnapshot, { input: { targetId: inside.id, name: 'research-ok' } });
    expect(allowed.data?.createSnapshot.__typename).toBe('OperationPayload');
  });

  it("keeps one tenant's operations from another: operation(id), node, operations, both subscriptions, idempotency keys", async () => {
    const cloudsigmaWatcher = wsClient(gw.wsUrl, bearer(tokens.libvirt));
    sockets.push(cloudsigmaWatcher);
    // The libvirt team watches every change it may see; it must see its own operation and never the admin's.
    const streamed: { id: string; backend: string; status: string }[] = [];
    let teamDone: () => void = () => undefined;
    const teamFinished = new Promise<void>((resolve) => (teamDone = resolve));
    let teamOperationId = '';
    const stream = cloudsigmaWatcher.iterate<ResultOf<typeof Stream>>({ query: print(Stream) });
    const reading = (async () => {
      for await (const event of stream) {
        const op = event.data?.operations;
        if (op) streamed.push({ id: op.id, backend: op.backend.name, status: op.status });
        if (op?.status === 'SUCCEEDED' && op.id === teamOperationId) teamDone();
      }
    })();
    while ((await operationSubscribers(gw.adminUrl)) < 1) await new Promise((resolve) => setTimeout(resolve, 20));

    const key = `shared-key-${newToken()}`;
    const adminOp = await run(tokens.admin, CreateSnapshot, { input: { targetId: vmOf('lab-danube').id, name: 'admin-only', idempotencyKey: key } });
    if (adminOp.data?.createSnapshot.__typename !== 'OperationPayload') throw new Error('admin could not start');
    const adminId = adminOp.data.createSnapshot.operation.id;
    // The same idempotency key from another caller is that caller's own: it starts a new operation.
    const teamOp = await run(tokens.libvirt, CreateSnapshot, { input: { targetId: vmOf('lab-libvirt').id, name: 'team-own', idempotencyKey: key } });
    if (teamOp.data?.createSnapshot.__typename !== 'OperationPayload') throw new Error('team could not start');
    const teamId = teamOp.data.createSnapshot.operation.id;
    expect(teamId).not.toBe(adminId);

    const looked = await run(tokens.libvirt, OperationLookups, { id: adminId });
    expect(looked.data?.operation).toBeNull();
    expect(looked.data?.node).toBeNull();
    expect(looked.data?.operations.edges.map((e) => e.node.id)).toContain(teamId);
    expect(looked.data?.operations.edges.map((e) => e.node.id)).not.toContain(adminId);
    const adminView = await run(tokens.admin, OperationLookups, { id: adminId });
    expect(adminView.data?.operation?.id).toBe(adminId);

    const follow = await collectFollow(cloudsigmaWatcher, adminId);
    expect(follow).toMatchObject([{ message: 'no operation has the id given', extensions: { code: 'NOT_FOUND' } }]);
    // Wait for both to end, then the stream must hold the team's changes only.
    await collectFollow(wsClientFor(tokens.admin), adminId);
    await collectFollow(wsClientFor(tokens.libvirt), teamId);
    // Events reach a subscriber in order, and the admin's ended first: once the team's end is in, any admin event would be too.
    teamOperationId = teamId;
    if (streamed.some((e) => e.id === teamId && e.status === 'SUCCEEDED')) teamDone();
    await teamFinished;
    await cloudsigmaWatcher.dispose();
    await reading.catch(() => undefined);
    expect(streamed.length).toBeGreaterThanOrEqual(2);
    expect(streamed.every((e) => e.id === teamId && e.backend === 'lab-libvirt')).toBe(true);
  });

  function wsClientFor(token: string): Client {
    const client = wsClient(gw.wsUrl, bearer(token));
    sockets.push(client);
    return client;
  }

  /** The events (or the errors) of operation(id) over graphql-ws, until it completes. */
  async function collectFollow(client: Client, id: string): Promise<unknown[]> {
    const seen: unknown[] = [];
    try {
      for await (const event of client.iterate({ query: print(Follow), variables: { id } })) seen.push(...(event.errors ?? [event.data]));
    } catch (errors) {
      return Array.isArray(errors) ? errors : [errors];
    }
    return seen;
  }


  it('closes a graphql-ws socket that brings no valid token with 4401 and the reason; a valid one subscribes', async () => {
    for (const params of [undefined, bearer('wrong')]) {
      const client = wsClient(gw.wsUrl, params);
      sockets.push(client);
      const closed = await new Promise<{ code: unknown; reason: unknown }>((resolve) => {
        client.on('closed', (event) => {
          if (typeof event === 'object' && event !== null && 'code' in event && 'reason' in event) resolve({ code: event.code, reason: event.reason });
        });
        client.subscribe({ query: '{ backends { name } }' }, { next: () => {}, error: () => {}, complete: () => {} });
      });
      expect(closed.code).toBe(4401);
      expect(closed.reason).toMatch(/authentication required|not valid/);
    }
    // connectionParams may also carry the bare token.
    const client = wsClient(gw.wsUrl, { token: tokens.reader });
    sockets.push(client);
    const result = await new Promise<unknown>((resolve, reject) =>
      client.subscribe({ query: '{ backends { name } }' }, { next: resolve, error: reject, complete: () => {} }),
    );
    expect(result).toMatchObject({ data: { backends: expect.any(Array) } });
  });

  it('authenticates SSE streams by their Authorization header', async () => {
    const sse = (headers: Record<string, string>) =>
      fetch(gw.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
        body: JSON.stringify({ query: '{ backends { name } }' }),
      });
    const refused = await sse({});
    expect(refused.status).toBe(401);
    const allowed = await sse(bearer(tokens.reader));
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('event: next');
  });
});

describe('JWTs', () => {
  let keys: KeyPair;
  let other: KeyPair;
  let jwks: Server;
  let jwksUrl: string;
  let gwKey: TestGateway;
  let gwJwks: TestGateway;

  const sign = (claims: Record<string, unknown>, options: { key?: CryptoKey; expiresIn?: string | number; kid?: string } = {}) =>
    signJwt(options.key ?? keys.privateKey, claims, { exp: options.expiresIn, kid: options.kid });

  beforeAll(async () => {
    keys = await rsaKeys();
    other = await rsaKeys();
    const jwk: JWK = { ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${boundPort(jwks)}/.well-known/jwks.json`;
    const common = { issuer: 'https://idp.example', audience: 'snapshot-gateway', clockToleranceSeconds: 0 };
    gwKey = await startTestGateway({}, {
      auth: authSchema.parse({ jwt: { publicKeyEnv: 'TEST_JWT_PUBLIC_KEY', ...common } }),
      authSecrets: await jwtSecrets(keys),
    });
    gwJwks = await startTestGateway({}, { auth: authSchema.parse({ jwt: { jwksUrl, ...common } }) });
  });
  afterAll(async () => {
    await gwKey?.close();
    await gwJwks?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  const backendsWith = async (gw: TestGateway, token: string) =>
    executeWith(gw.graphqlUrl, bearer(token), graphql(`query JwtBackends { backends { name } }`));

  it('accepts a valid token (public key and JWKS URL alike) and maps its claims to scopes and backends', async () => {
    const token = await sign({ scope: 'snapshots:read', backends: ['lab-manageiq', 'lab-danube'] });
    for (const gw of [gwKey, gwJwks]) {
      const result = await backendsWith(gw, token);
      expect(result.errors).toBeUndefined();
      expect(result.data?.backends.map((b) => b.name).sort()).toEqual(['lab-danube', 'lab-manageiq']);
    }
    const noRead = await sign({ scope: 'snapshots:write', backends: '*' });
    const refused = await backendsWith(gwJwks, noRead);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses expired, wrongly signed, foreign and subject-less tokens with the reason', async () => {
    const cases: [string, Promise<string>][] = [
      ['the token has expired', sign({ scope: 'snapshots:read' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
      ['the token signature does not verify', sign({ scope: 'snapshots:read' }, { key: other.privateKey })],
      [
        "the token's aud claim is not accepted",
        signJwt(keys.privateKey, { scope: 'snapshots:read' }, { sub: 'a', aud: 'someone-else', iat: null }),
      ],
      [
        'the token has no subject (sub)',
        signJwt(keys.privateKey, { scope: 'snapshots:read' }, { sub: null, iat: null }),
      ],
    ];
    for (const [message, token] of cases) {
      const result = await backendsWith(gwKey, await token);
      expect(result.status).toBe(401);
      expect(result.errors?.[0]).toMatchObject({ message, extensions: { code: 'UNAUTHENTICATED' } });
    }
    const unknownKid = await backendsWith(gwJwks, await sign({ scope: 'snapshots:read' }, { kid: 'key-2', key: other.privateKey }));
    expect(unknownKid.errors?.[0]?.message).toBe('the token is signed with a key this gateway does not know');
  });

  it('checks the token on every graphql-ws subscribe: one that expired since the socket opened starts nothing', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await sign({ scope: 'snapshots:read', backends: '*' }, { expiresIn: exp });
    const client = wsClient(gwKey.wsUrl, bearer(token));
    // A long-lived subscription holds the socket open (a lazy client closes it when nothing runs).
    const held = client.iterate({ query: 'subscription { operations { id } }' });
    void held.next().catch(() => undefined);
    try {
      const first = await new Promise<unknown>((resolve, reject) =>
        client.subscribe({ query: '{ backends { name } }' }, { next: resolve, error: reject, complete: () => {} }),
      );
      expect(first).toMatchObject({ data: { backends: expect.any(Array) } });
      // Each try is a new subscribe, so a new check of the token: tried until its expiry is past.
      const second = await until(
        'the token to expire',
        async () => {
          const answer = await new Promise<unknown>((resolve) =>
            client.subscribe({ query: '{ backends { name } }' }, { next: resolve, error: resolve, complete: () => {} }),
          );
          return Array.isArray(answer) ? answer : null;
        },
        15_000,
      );
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
      expect(second).toMatchObject([{ message: 'the token has expired', extensions: { code: 'UNAUTHENTICATED' } }]);
    } finally {
      await held.return?.();
      await client.dispose();
    }
  });
});

describe('the mutation rate limit', () => {
  const fast = newToken();
  const other = newToken();
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({}, {
      auth: authSchema.parse({
        tokens: [
          { name: 'fast', sha256: sha256(fast), scopes: ['snapshots:read', 'snapshots:write'] },
          { name: 'other', sha256: sha256(other), scopes: ['snapshots:read', 'snapshots:write'] },
        ],
      }),
      rateLimit: { mutationsPerMinute: 6, burst: 3 },
    });
  });
  afterAll(async () => gw?.close());

  it('answers 429 RATE_LIMITED with Retry-After past the burst, acting not at all; other callers are unaffected', async () => {
    const vms = await executeWith(gw.graphqlUrl, bearer(fast), graphql(`query RateVms { vms(first: 200) { edges { node { id name backend { name } } } } }`));
    const vm = vms.data?.vms.edges.map((e) => e.node).find((v) => v.backend.name === 'lab-libvirt');
    if (!vm) throw new Error('no libvirt VM');
    const before = gw.lab.sim(libvirtBackend).snapshotsOf(vm.name).length;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await executeWith(gw.graphqlUrl, bearer(fast), CreateSnapshot, { input: { targetId: vm.id, name: `rate-${i}` } })).status);
    }
    const response = await fetch(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...bearer(fast) },
      body: JSON.stringify({ query: print(CreateSnapshot), variables: { input: { targetId: vm.id, name: 'rate-over' } } }),
    });
    expect(statuses).toEqual([200, 200, 200]);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = await response.json();
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    expect(body.errors[0].message).toMatch(/^rate limit: this caller may send 6 mutations a minute \(bursts of 3\); retry in \d+ s$/);
    // The three allowed ones land; the refused one never started, so it cannot land after them.
    const deadline = Date.now() + 10_000;
    while (gw.lab.sim(libvirtBackend).snapshotsOf(vm.name).length < before + 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(gw.lab.sim(libvirtBackend).snapshotsOf(vm.name).length).toBe(before + 3);
    expect(gw.lab.sim(libvirtBackend).snapshotsOf(vm.name).filter((s) => s.name === 'rate-over')).toEqual([]);
    // Queries are not limited, and another token has its own bucket.
    expect((await executeWith(gw.graphqlUrl, bearer(fast), graphql(`query RateAfter { backends { name } }`))).status).toBe(200);
    expect((await executeWith(gw.graphqlUrl, bearer(other), CreateSnapshot, { input: { targetId: vm.id, name: 'other-ok' } })).status).toBe(200);
  });
});

describe('starting without authentication', () => {
  it('refuses to listen beyond loopback without auth, unless told it is insecure', async () => {
    await expect(startGateway({ specs: [], port: 0, host: '0.0.0.0' })).rejects.toBeInstanceOf(InsecureStartError);
    await expect(startGateway({ specs: [], port: 0, host: '0.0.0.0' })).rejects.toThrow(
      'refusing to listen on 0.0.0.0 without authentication: configure auth.jwt or auth.tokens, or set auth.insecure (GATEWAY_INSECURE=true) to run open',
    );
    const open = await startGateway({ specs: [], port: 0, host: '0.0.0.0', insecure: true });
    expect(open.authRequired).toBe(false);
    await open.close();
    const guarded = await startGateway({
      specs: [],
      port: 0,
      host: '0.0.0.0',
      auth: authSchema.parse({ tokens: [{ name: 't', sha256: sha256(newToken()), scopes: ['snapshots:read'] }] }),
    });
    expect(guarded.authRequired).toBe(true);
    await guarded.close();
  });
});
