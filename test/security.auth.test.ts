// Holes found in a gateway with auth configured, each closed and proven through a real gateway: the mutation rate
// limit counts every root field however a document hides it (fragments, spreads, aliases, directives) on HTTP, SSE
// and graphql-ws; a token without snapshots:read reaches no estate data, even through a mutation's payload; a JWT must
// expire, and within the configured lifetime; and no two callers ever share an idempotency key or a rate bucket.
import { isAbstractType, isObjectType, type GraphQLNamedType } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { authSchema } from '../src/auth/config.js';
import { schema } from '../src/graphql/schema.js';
import { bearer, jwtSecrets, newToken, rsaKeys, sha256, signJwt, TEST_AUDIENCE, type KeyPair } from './helpers/auth.js';
import { executeRaw, postSse, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';
import { REDIS_URL, redisForTests } from './helpers/redis.js';

/** What a response says, whichever transport carried it. */
interface Result {
  data?: unknown;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** One operation over graphql-ws: its result, or the errors graphql-ws refused it with. */
function overWs(client: Client, query: string, variables?: Record<string, unknown>): Promise<Result> {
  return new Promise((resolve) => {
    let first: Result | undefined;
    client.subscribe(
      { query, variables },
      {
        next: (result) => {
          first ??= result;
        },
        error: (error) => resolve({ errors: Array.isArray(error) ? error : [{ message: String(error) }] }),
        complete: () => resolve(first ?? {}),
      },
    );
  });
}

const codes = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => (result.errors ?? []).map((e) => e.extensions?.code);

const EstateIds = `{ vms(first: 200) { edges { node { id name backend { name } snapshots(first: 5) { edges { node { id name } } } } } } }`;
const estateSchema = z.object({
  vms: z.object({
    edges: z.array(
      z.object({
        node: z.object({
          id: z.string(),
          name: z.string(),
          backend: z.object({ name: z.string() }),
          snapshots: z.object({ edges: z.array(z.object({ node: z.object({ id: z.string(), name: z.string() }) })) }),
        }),
      }),
    ),
  }),
});
type EstateVm = z.output<typeof estateSchema>['vms']['edges'][number]['node'];

async function estateOf(gw: TestGateway, token: string): Promise<EstateVm[]> {
  const { body } = await executeRaw(gw.graphqlUrl, { query: EstateIds }, bearer(token));
  return estateSchema.parse(body.data).vms.edges.map((e) => e.node);
}

describe('the mutation rate limit counts every root field the operation will execute', () => {
  const BURST = 5;
  const tokens = Array.from({ length: 14 }, () => newToken());
  let gw: TestGateway;
  let next = 0;
  /** A caller of its own for each case: a fresh, full bucket. */
  const caller = (): string => {
    const token = tokens[next++];
    if (!token) throw new Error('out of test tokens');
    return token;
  };
  beforeAll(async () => {
    gw = await startTestGateway({}, {
      auth: authSchema.parse({
        tokens: tokens.map((token, i) => ({ name: `caller-${i}`, sha256: sha256(token), scopes: ['snapshots:read', 'snapshots:write'] })),
      }),
      // Refills one a minute: nothing comes back while a test runs.
      rateLimit: { mutationsPerMinute: 1, burst: BURST },
    });
  });
  afterAll(async () => gw?.close());

  // Mutations that act on nothing (the id is not one of ours), so only the count matters.
  const del = (alias: string) => `${alias}: deleteSnapshot(input: { snapshotId: "nothing-${alias}" }) { __typename }`;
  const dels = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => del(`d${from + i}`)).join(' ');
  const post = (token: string, query: string, variables?: Record<string, unknown>) => executeRaw(gw.graphqlUrl, { query, variables }, bearer(token));

  it('refuses, acting on nothing, more mutations than the burst hidden in an inline fragment, a spread or nested fragments', async () => {
    const documents = [
      `mutation { ... on Mutation { ${dels(0, BURST + 1)} } }`,
      `mutation { ...All } fragment All on Mutation { ${dels(0, BURST + 1)} }`,
      `mutation { d0: deleteSnapshot(input: { snapshotId: "x" }) { __typename } ...Outer }
       fragment Outer on Mutation { ... on Mutation { ${dels(1, 3)} ...Inner } }
       fragment Inner on Mutation { ... { ${dels(3, BURST + 1)} } }`,
    ];
    for (const query of documents) {
      const token = caller();
      const refused = await post(token, query);
      expect(refused.status).toBe(429);
      expect(refused.body.data ?? null).toBeNull();
      expect(codes(refused.body)).toEqual(['RATE_LIMITED']);
      // The refusal took nothing: the caller's whole burst is still there.
      const allowed = await post(token, `mutation { ${dels(0, BURST)} }`);
      expect(allowed.status).toBe(200);
      expect(Object.keys(allowed.body.data ?? {})).toHaveLength(BURST);
    }
  });

  it('counts a response key that graphql merges into one execution once, and a fragment spread twice once', async () => {
    const token = caller();
    // d0..d4 are five executions, whatever the repetition.
    const query = `mutation { ${del('d0')} ${del('d0')} ...F ...F ... on Mutation { ${del('d1')} ...F } }
      fragment F on Mutation { ${dels(0, BURST)} }`;
    const allowed = await post(token, query);
    expect(allowed.status).toBe(200);
    expect(Object.keys(allowed.body.data ?? {}).sort()).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    // Exactly the burst was spent: one more is refused.
    expect((await post(token, `mutation { ${del('one')} }`)).status).toBe(429);
  });

  it('honours @skip and @include with the request variables: skipped fields cost nothing, included ones count', async () => {
    const query = `mutation ($skip: Boolean!, $include: Boolean = true) {
      ${dels(0, 3)}
      ... @skip(if: $skip) { ${dels(3, 6)} }
      ...More @include(if: $include)
      d8: deleteSnapshot(input: { snapshotId: "nothing-d8" }) @skip(if: $skip) { __typename }
    }
    fragment More on Mutation { ${dels(6, 8)} }`;
    const skipping = caller();
    // 3 + 2 (More, included by default) = 5: the whole burst, and no more.
    const allowed = await post(skipping, query, { skip: true });
    expect(allowed.status).toBe(200);
    expect(Object.keys(allowed.body.data ?? {})).toHaveLength(BURST);
    expect((await post(skipping, `mutation { ${del('one')} }`)).status).toBe(429);
    // Nothing skipped: 3 + 3 + 2 + 1 = 9, over the burst.
    expect((await post(caller(), query, { skip: false })).status).toBe(429);
    // Without More: 3 + 3 + 1 = 7, still over.
    expect((await post(caller(), query, { skip: false, include: false })).status).toBe(429);
  });

  it('charges deleteSnapshots one action per id, and says to split a request no wait would let through', async () => {
    const ids = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `nothing-${i}`));
    const bulk = (n: number) => `mutation { deleteSnapshots(input: { snapshotIds: ${ids(n)} }) { __typename } }`;
    const token = caller();
    const tooMany = await post(token, bulk(BURST + 1));
    expect(tooMany.status).toBe(429);
    expect(codes(tooMany.body)).toEqual(['RATE_LIMITED']);
    expect(tooMany.body.errors?.[0]?.message).toMatch(/asks for 6 actions, more than a burst of 5; split it/);
    // Through a variable the same: three ids, then three more, is six of a burst of five.
    const viaVariable = 'mutation ($ids: [ID!]!) { deleteSnapshots(input: { snapshotIds: $ids }) { __typename } }';
    const first = await post(token, viaVariable, { ids: ['a', 'b', 'c'] });
    expect(first.status).toBe(200);
    const second = await post(token, viaVariable, { ids: ['d', 'e', 'f'] });
    expect(second.status).toBe(429);
    expect(second.body.errors?.[0]?.extensions?.retryAfterSeconds).toEqual(expect.any(Number));
  });

  it('counts the same over SSE and graphql-ws as over HTTP', async () => {
    const hidden = `mutation { ... on Mutation { ${dels(0, BURST + 1)} } }`;
    const sseToken = caller();
    // Over SSE too the refusal is the request's status, before any event.
    expect(await postSse(gw.graphqlUrl, { query: hidden }, bearer(sseToken))).toEqual({ status: 429, events: [] });
    const spread = await postSse(gw.graphqlUrl, { query: `mutation { ...F } fragment F on Mutation { ${dels(0, BURST)} }` }, bearer(sseToken));
    expect(spread.status).toBe(200);
    expect(spread.events.map((event) => Object.keys(event.data ?? {}).length)).toEqual([BURST]);
    expect((await postSse(gw.graphqlUrl, { query: `mutation { ${del('one')} }` }, bearer(sseToken))).status).toBe(429);

    const client = wsClient(gw.wsUrl, bearer(caller()));
    try {
      const refused = await overWs(client, hidden);
      expect(refused.data ?? null).toBeNull();
      expect(codes(refused)).toEqual(['RATE_LIMITED']);
      const spent = await overWs(client, `mutation { ...F } fragment F on Mutation { ${dels(0, BURST)} }`);
      expect(spent.errors).toBeUndefined();
      expect(Object.keys(z.record(z.string(), z.unknown()).parse(spent.data))).toHaveLength(BURST);
      // The spread spent this socket caller's burst: the next mutation is refused.
      expect(codes(await overWs(client, `mutation { ${del('one')} }`))).toEqual(['RATE_LIMITED']);
    } finally {
      await client.dispose();
    }
  });
});

describe('a token without snapshots:read reaches no estate data', () => {
  const admin = newToken();
  const writer = newToken();
  let gw: TestGateway;
  let estate: EstateVm[];
  const sockets: Client[] = [];
  beforeAll(async () => {
    gw = await startTestGateway({}, {
      auth: authSchema.parse({
        tokens: [
          { name: 'admin', sha256: sha256(admin), scopes: ['snapshots:read', 'snapshots:write', 'schedules:write'] },
          { name: 'writer', sha256: sha256(writer), scopes: ['snapshots:write', 'schedules:write'] },
        ],
      }),
      rateLimit: { mutationsPerMinute: 6000, burst: 1000 },
    });
    estate = await estateOf(gw, admin);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await gw?.close();
  });
  const libvirtVm = (): EstateVm => {
    const vm = estate.find((v) => v.backend.name === 'lab-libvirt' && v.snapshots.edges.length > 0);
    if (!vm) throw new Error('no libvirt VM with snapshots');
    return vm;
  };
  const post = (query: string, variables?: Record<string, unknown>) => executeRaw(gw.graphqlUrl, { query, variables }, bearer(writer));
  /** No VM or snapshot name of the estate appears anywhere in a response. */
  const leaksNothing = (body: unknown) => {
    const text = JSON.stringify(body);
    for (const vm of estate) {
      expect(text).not.toContain(`"${vm.name}"`);
      for (const s of vm.snapshots.edges) expect(text).not.toContain(`"${s.node.name}"`);
    }
  };
  const forbidden = (result: Result) => {
    expect(result.errors?.length).toBeGreaterThan(0);
    for (const error of result.errors ?? []) {
      expect(error.extensions?.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/^\w+\.\w+ needs the snapshots:read scope, which this caller lacks$/);
    }
  };

  const cloneLeak = `mutation ($id: ID!) {
    cloneSnapshot(input: { snapshotId: $id }) {
      __typename
      ... on UnsupportedOperationError { capability backend { name health { status } vms(first: 100) { totalCount edges { node { name snapshots(first: 10) { edges { node { name } } } } } } } }
    }
  }`;

  it("refuses the estate behind a typed error's backend (cloneSnapshot on a backend without clone), over HTTP and graphql-ws", async () => {
    const snapshotId = libvirtVm().snapshots.edges[0]?.node.id;
    const { status, body } = await post(cloneLeak, { id: snapshotId });
    expect(status).toBe(403);
    forbidden(body);
    leaksNothing(body);
    const client = wsClient(gw.wsUrl, bearer(writer));
    sockets.push(client);
    const overSocket = await overWs(client, cloneLeak, { id: snapshotId });
    forbidden(overSocket);
    leaksNothing(overSocket);
  });

  it('lets a writer start an operation and see its own id, status, progress and error, never what is around it', async () => {
    const vm = libvirtVm();
    const create = (selection: string) =>
      post(`mutation ($input: CreateSnapshotInput!) { createSnapshot(input: $input) { __typename ... on OperationPayload { operation { ${selection} } } } }`, {
        input: { targetId: vm.id, name: `writer-${newToken().slice(0, 6)}` },
      });
    const own = await create('id kind status progress message error { code message } createdAt');
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data).toMatchObject({ createSnapshot: { __typename: 'OperationPayload', operation: { id: expect.any(String), kind: 'CREATE_SNAPSHOT' } } });
    // What the operation leads to is estate: a VM through the Node interface (its inherited id too), a backend.
    for (const selection of ['id target { id ... on VM { name snapshots(first: 5) { edges { node { name } } } } }', 'id target { id }', 'id backend { name vms(first: 5) { totalCount } }']) {
      const result = await create(selection);
      forbidden(result.body);
      leaksNothing(result.body);
    }
    // A revert's operation names its snapshot from the start: that is estate too.
    const snapshot = vm.snapshots.edges[0]?.node;
    const revert = await post(
      `mutation ($id: ID!) { revertSnapshot(input: { snapshotId: $id }) { __typename ... on OperationPayload { operation { id status snapshot { name vm { name } } } } } }`,
      { id: snapshot?.id },
    );
    expect(revert.body.data).toMatchObject({ revertSnapshot: { __typename: 'OperationPayload', operation: { snapshot: null } } });
    forbidden(revert.body);
    leaksNothing(revert.body);
  });

  it('refuses the reads themselves and the operation(id) subscription, over HTTP, SSE and graphql-ws', async () => {
    const started = await post(`mutation ($input: CreateSnapshotInput!) { createSnapshot(input: $input) { ... on OperationPayload { operation { id } } } }`, {
      input: { targetId: libvirtVm().id, name: `writer-${newToken().slice(0, 6)}` },
    });
    const id = z.object({ createSnapshot: z.object({ operation: z.object({ id: z.string() }) }) }).parse(started.body.data).createSnapshot.operation.id;
    const follow = `subscription ($id: ID!) { operation(id: $id) { id status } }`;
    forbidden((await post(`query ($id: ID!) { operation(id: $id) { id status } }`, { id })).body);
    forbidden((await post(EstateIds)).body);
    const client = wsClient(gw.wsUrl, bearer(writer));
    sockets.push(client);
    forbidden(await overWs(client, follow, { id }));
    expect(await postSse(gw.graphqlUrl, { query: follow, variables: { id } }, bearer(writer))).toEqual({ status: 403, events: [] });
  });

  it('puts snapshots:read on every type a mutation can lead to, other than its own payload, Operation and typed errors', () => {
    const writerVisible = new Set([
      'Mutation',
      'OperationPayload',
      'Operation',
      'OperationError',
      'SnapshotSchedulePayload',
      'SnapshotPolicyPayload',
      'ValidationError',
      'NotFoundError',
      'UnsupportedOperationError',
      'BackendError',
      'OperationsUnavailableError',
    ]);
    const scoped = z.object({ pothosOptions: z.object({ authScopes: z.object({ 'snapshots:read': z.literal(true) }) }) });
    const reached = new Map<string, GraphQLNamedType>();
    const visit = (type: GraphQLNamedType): void => {
      if (reached.has(type.name) || type.name.startsWith('__')) return;
      reached.set(type.name, type);
      if (isAbstractType(type)) for (const possible of schema.getPossibleTypes(type)) visit(possible);
      if (!isObjectType(type)) return;
      for (const field of Object.values(type.getFields())) {
        let named = field.type;
        while ('ofType' in named) named = named.ofType;
        visit(named);
      }
    };
    const mutation = schema.getMutationType();
    if (!mutation) throw new Error('no Mutation type');
    visit(mutation);
    const unscoped = [...reached.values()]
      .filter((type) => isObjectType(type) && !writerVisible.has(type.name) && !scoped.safeParse(type.extensions).success)
      .map((type) => type.name);
    expect(unscoped).toEqual([]);
    // The walk did reach the estate.
    expect([...reached.keys()]).toEqual(expect.arrayContaining(['Backend', 'VM', 'Drive', 'Snapshot', 'SnapshotSchedule', 'VMConnection', 'PageInfo']));
  });
});

describe('JWT lifetimes', () => {
  let keys: KeyPair;
  let strict: TestGateway;
  let lenient: TestGateway;
  const now = () => Math.floor(Date.now() / 1000);
  const DAY = 86_400;
  beforeAll(async () => {
    keys = await rsaKeys();
    const jwt = { publicKeyEnv: 'TEST_JWT_PUBLIC_KEY', audience: TEST_AUDIENCE, clockToleranceSeconds: 0 };
    strict = await startTestGateway({}, { auth: authSchema.parse({ jwt }), authSecrets: await jwtSecrets(keys) });
    lenient = await startTestGateway({}, {
      auth: authSchema.parse({ jwt: { ...jwt, requireExp: false, maxLifetimeSeconds: 3600 } }),
      authSecrets: await jwtSecrets(keys),
    });
  });
  afterAll(async () => {
    await strict?.close();
    await lenient?.close();
  });
  const read = { scope: 'snapshots:read' };
  const backendsWith = (gw: TestGateway, token: string) => executeRaw(gw.graphqlUrl, { query: '{ backends { name } }' }, bearer(token));

  it('refuses a token without exp, and one that lives longer than maxLifetimeSeconds, saying which, never echoing it', async () => {
    // A lifetime counted from now is a second shorter when the gateway reads the token in the next second.
    const fromNow = (seconds: number, why: string) => new RegExp(`the token lives (${seconds}|${seconds - 1}) s from now \\(${why}\\)`);
    const cases: [string | RegExp, Promise<string>][] = [
      ['the token has no expiry (exp claim), and this gateway accepts only tokens that expire', signJwt(keys.privateKey, read, { exp: null })],
      [
        `the token lives ${2 * DAY} s from its issue (iat) to its expiry (exp), longer than the ${DAY} s this gateway accepts`,
        signJwt(keys.privateKey, read, { iat: now(), exp: now() + 2 * DAY }),
      ],
      [fromNow(DAY + 600, 'it has no iat'), signJwt(keys.privateKey, read, { iat: null, exp: now() + DAY + 600 })],
      // An iat in the future cannot shorten a lifetime: it counts from now.
      [fromNow(10 * DAY, 'its iat is in the future'), signJwt(keys.privateKey, read, { iat: now() + 10 * DAY - 60, exp: now() + 10 * DAY })],
    ];
    for (const [message, pending] of cases) {
      const token = await pending;
      const { status, body } = await backendsWith(strict, token);
      expect(status).toBe(401);
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      if (typeof message === 'string') expect(body.errors?.[0]?.message).toContain(message);
      else expect(body.errors?.[0]?.message).toMatch(message);
      expect(JSON.stringify(body)).not.toContain(token.split('.')[1]);
    }
    expect((await backendsWith(strict, await signJwt(keys.privateKey, read, { iat: now(), exp: now() + DAY }))).status).toBe(200);
  });

  it('takes requireExp: false and a shorter maxLifetimeSeconds from the config', async () => {
    expect((await backendsWith(lenient, await signJwt(keys.privateKey, read, { exp: null }))).status).toBe(200);
    const long = await backendsWith(lenient, await signJwt(keys.privateKey, read, { iat: now(), exp: now() + 7200 }));
    expect(long.status).toBe(401);
    expect(long.body.errors?.[0]?.message).toContain('longer than the 3600 s this gateway accepts');
  });

  it('closes a graphql-ws socket that brings a token without exp, with the reason', async () => {
    const client = wsClient(strict.wsUrl, bearer(await signJwt(keys.privateKey, read, { exp: null })));
    try {
      const closed = await new Promise<unknown>((resolve) => {
        client.on('closed', resolve);
        client.subscribe({ query: '{ backends { name } }' }, { next: () => {}, error: () => {}, complete: () => {} });
      });
      expect(closed).toMatchObject({ code: 4401, reason: 'the token has no expiry (exp claim), and this gateway accepts only tokens that expire' });
    } finally {
      await client.dispose();
    }
  });

  it('starts nothing more on a socket whose token has expired: no query, no mutation, no subscription', async () => {
    const exp = now() + 2;
    const token = await signJwt(keys.privateKey, { scope: 'snapshots:read snapshots:write' }, { exp });
    const client = wsClient(strict.wsUrl, bearer(token));
    // A long-lived subscription holds the socket open (a lazy client closes it when nothing runs).
    const held = client.iterate({ query: 'subscription { operations { id } }' });
    void held.next().catch(() => undefined);
    try {
      expect(codes(await overWs(client, '{ backends { name } }'))).toEqual([]);
      // Poll until the token's expiry is past (no fixed sleep): each try is a new subscribe, so a new authentication.
      const deadline = Date.now() + 15_000;
      let refused: Result = {};
      while (Date.now() < deadline) {
        refused = await overWs(client, '{ backends { name } }');
        if (refused.errors?.length) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(now()).toBeGreaterThanOrEqual(exp);
      expect(refused.errors?.[0]).toMatchObject({ message: 'the token has expired', extensions: { code: 'UNAUTHENTICATED' } });
      expect((await overWs(client, 'mutation { deleteSnapshot(input: { snapshotId: "x" }) { __typename } }')).errors?.[0]?.message).toBe('the token has expired');
      expect((await overWs(client, 'subscription { operations { id } }')).errors?.[0]?.message).toBe('the token has expired');
    } finally {
      await held.return?.();
      await client.dispose();
    }
  });
});

const redisAvailable = await redisForTests('caller keys through Redis');

describe.each([
  { store: 'memory', redis: false },
  { store: 'Redis', redis: true },
])('no two callers share an idempotency key or a rate bucket ($store)', ({ redis }) => {
  let keys: KeyPair;
  let gw: TestGateway;
  let vmId: string;
  const enabled = !redis || redisAvailable;
  beforeAll(async () => {
    if (!enabled) return;
    keys = await rsaKeys();
    gw = await startTestGateway({}, {
      // No issuer pinned: any iss the key signed is taken, ':' and all.
      auth: authSchema.parse({ jwt: { publicKeyEnv: 'TEST_JWT_PUBLIC_KEY', audience: TEST_AUDIENCE } }),
      authSecrets: await jwtSecrets(keys),
      rateLimit: { mutationsPerMinute: 1, burst: 2 },
      ...(redis ? { redisUrl: REDIS_URL, redisKeyPrefix: `gw-test-callers-${newToken()}:` } : {}),
    });
    const token = await signJwt(keys.privateKey, { scope: 'snapshots:read', backends: '*' }, { sub: 'reader' });
    const vm = (await estateOf(gw, token)).find((v) => v.backend.name === 'lab-libvirt');
    if (!vm) throw new Error('no libvirt VM');
    vmId = vm.id;
  });
  afterAll(async () => gw?.close());

  const as = (iss: string, sub: string) => signJwt(keys.privateKey, { scope: 'snapshots:read snapshots:write', backends: '*' }, { iss, sub });
  /** The operation the same request (same target, same name) with `key` starts for this caller. */
  async function operationWith(token: string, key: string): Promise<string> {
    const { body } = await executeRaw(
      gw.graphqlUrl,
      {
        query: `mutation ($input: CreateSnapshotInput!) { createSnapshot(input: $input) { __typename ... on OperationPayload { operation { id } } ... on Error { message } } }`,
        variables: { input: { targetId: vmId, name: 'same-request', idempotencyKey: key } },
      },
      bearer(token),
    );
    return z.object({ createSnapshot: z.object({ operation: z.object({ id: z.string() }) }) }).parse(body.data).createSnapshot.operation.id;
  }

  it.skipIf(!enabled)("keeps subject 'eve/x' with key 'k' apart from subject 'eve' with key 'x/k'", async () => {
    const iss = `https://idp-${newToken().slice(0, 8)}.example`;
    const first = await operationWith(await as(iss, 'eve/x'), 'k');
    const second = await operationWith(await as(iss, 'eve'), 'x/k');
    expect(second).not.toBe(first);
    // Each is still its caller's own replay.
    expect(await operationWith(await as(iss, 'eve'), 'x/k')).toBe(second);
  });

  it.skipIf(!enabled)("keeps issuers and subjects apart where ':' would join them (iss 'a:b' + sub 'c', iss 'a' + sub 'b:c')", async () => {
    const base = `urn:idp-${newToken().slice(0, 8)}`;
    const one = await as(`${base}:b`, 'c');
    const other = await as(base, 'b:c');
    expect(await operationWith(other, 'k')).not.toBe(await operationWith(one, 'k'));
    // Each has spent one of its burst of 2; `one` spends its second, then is refused.
    const spend = await executeRaw(gw.graphqlUrl, { query: 'mutation { deleteSnapshot(input: { snapshotId: "x" }) { __typename } }' }, bearer(one));
    expect(spend.status).toBe(200);
    const spent = await executeRaw(gw.graphqlUrl, { query: 'mutation { deleteSnapshot(input: { snapshotId: "x" }) { __typename } }' }, bearer(one));
    expect(spent.status).toBe(429);
    // The other caller's bucket is its own: it has spent one of two.
    const theirs = await executeRaw(gw.graphqlUrl, { query: 'mutation { deleteSnapshot(input: { snapshotId: "x" }) { __typename } }' }, bearer(other));
    expect(theirs.status).toBe(200);
  });
});
