// Persisted documents through a real gateway: Apollo's automatic persisted queries (hash alone: PersistedQueryNotFound,
// then the document with its hash, then the hash alone answers), a hash that does not match refused, and trusted
// documents from an allowlist GraphQL Code Generator's client preset wrote (run by documentId; with `only`, a document
// sent in full is refused, HTTP 400).
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrustedDocuments } from '../src/graphql/persistedDocuments.js';
import { schema } from '../src/graphql/schema.js';
import { UI_DOCUMENTS } from '../src/ui/documents.js';
import { executeRaw, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';

const QUERY = '{ backends { name } }';
const HASH = createHash('sha256').update(QUERY).digest('hex');
const apq = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

/** Every answer of one graphql-ws operation (a query answers once); an error the server sent ends it as a rejection. */
async function overSocket(url: string, payload: { query: string; extensions?: Record<string, unknown> }): Promise<unknown[]> {
  const client = wsClient(url);
  try {
    const answers: unknown[] = [];
    for await (const answer of client.iterate(payload)) answers.push(answer);
    return answers;
  } finally {
    await client.dispose();
  }
}

describe('automatic persisted queries', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  }, 60_000);
  afterAll(() => gw?.close());

  it('answers an unknown hash PersistedQueryNotFound, learns the document sent with it, then runs it by hash (POST and GET)', async () => {
    const unknown = await executeRaw(gw.graphqlUrl, apq(HASH));
    expect(unknown.body.errors?.[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    const registered = await executeRaw(gw.graphqlUrl, { query: QUERY, ...apq(HASH) });
    expect(registered.body.data?.backends).toHaveLength(5);
    const byHash = await executeRaw(gw.graphqlUrl, apq(HASH));
    expect(byHash.body).toEqual(registered.body);
    const url = `${gw.graphqlUrl}?extensions=${encodeURIComponent(JSON.stringify(apq(HASH).extensions))}`;
    const get = await fetch(url, { headers: { accept: 'application/graphql-response+json' } });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual(registered.body);
  });

  it('over graphql-ws too: an unknown hash is PersistedQueryNotFound, the document with its hash is learnt, then the hash alone runs', async () => {
    const query = '{ backends { kind } }';
    const hash = createHash('sha256').update(query).digest('hex');
    await expect(overSocket(gw.wsUrl, { query: '', ...apq(hash) })).rejects.toMatchObject([{ message: 'PersistedQueryNotFound' }]);
    const learnt = await overSocket(gw.wsUrl, { query, ...apq(hash) });
    expect(learnt).toMatchObject([{ data: { backends: expect.arrayContaining([{ kind: 'LIBVIRT' }]) } }]);
    expect(await overSocket(gw.wsUrl, { query: '', ...apq(hash) })).toEqual(learnt);
    await expect(overSocket(gw.wsUrl, { query, ...apq(HASH) })).rejects.toMatchObject([{ message: 'provided sha does not match query' }]);
  });

  it('refuses a document whose hash is not its own, and learns nothing from it', async () => {
    const other = createHash('sha256').update('{ vms { totalCount } }').digest('hex');
    const lying = await executeRaw(gw.graphqlUrl, { query: QUERY, ...apq(other) });
    expect(lying.status).toBe(400);
    expect(lying.body.errors?.[0]).toMatchObject({ message: 'provided sha does not match query', extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } });
    expect((await executeRaw(gw.graphqlUrl, apq(other))).body.errors?.[0]?.message).toBe('PersistedQueryNotFound');
  });
});

describe('trusted documents from a codegen allowlist', () => {
  let dir: string;
  let trusted: Map<string, string>;
  let gw: TestGateway;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gw-persisted-'));
    await generate(
      {
        schema: printSchema(schema),
        documents: [new URL('fixtures/client/dashboard.graphql', import.meta.url).pathname],
        silent: true,
        generates: { [`${dir}/`]: { preset: 'client', presetConfig: { persistedDocuments: true } } },
      },
      true,
    );
    trusted = await readTrustedDocuments(join(dir, 'persisted-documents.json'));
    gw = await startTestGateway({}, { app: { persistedDocuments: { trusted, only: true, apq: true } } });
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs an allowlisted document by documentId, and refuses anything else', async () => {
    // As the client preset's generated document carries it: "sha256:<hex>".
    const documentId = [...trusted.keys()].find((key) => key.startsWith('sha256:'));
    if (!documentId) throw new Error('codegen wrote no persisted document');
    const ran = await executeRaw(gw.graphqlUrl, { documentId });
    expect(ran.status).toBe(200);
    expect(ran.body.data).toMatchObject({ vms: { totalCount: 27 } });
    // The same by APQ's hash field, which Apollo's link sends.
    expect((await executeRaw(gw.graphqlUrl, apq(documentId.slice('sha256:'.length)))).body.data).toEqual(ran.body.data);

    const full = await executeRaw(gw.graphqlUrl, { query: QUERY });
    expect(full.status).toBe(400);
    expect(full.body.errors?.[0]?.extensions).toMatchObject({ code: 'PERSISTED_QUERY_ONLY' });
    // Not even with its hash: in trusted-only mode nothing is learnt.
    expect((await executeRaw(gw.graphqlUrl, { query: QUERY, ...apq(HASH) })).status).toBe(400);
    expect((await executeRaw(gw.graphqlUrl, { documentId: HASH })).body.errors?.[0]?.message).toBe('PersistedQueryNotFound');
  });

  it('holds graphql-ws to the allowlist too: a document sent in full is refused there, a trusted one named by hash runs', async () => {
    await expect(overSocket(gw.wsUrl, { query: QUERY })).rejects.toMatchObject([{ extensions: { code: 'PERSISTED_QUERY_ONLY' } }]);
    await expect(overSocket(gw.wsUrl, { query: 'subscription { operations { id } }' })).rejects.toMatchObject([{ extensions: { code: 'PERSISTED_QUERY_ONLY' } }]);
    const documentId = [...trusted.keys()].find((key) => !key.startsWith('sha256:'));
    if (!documentId) throw new Error('codegen wrote no persisted document');
    expect(await overSocket(gw.wsUrl, { query: '', ...apq(documentId) })).toMatchObject([{ data: { vms: { totalCount: 27 } } }]);
  });

  it("trusts the progress UI's own documents where it serves the UI (so the UI runs in trusted-only mode), and not where it does not", async () => {
    const [estate] = [...UI_DOCUMENTS].find(([key, document]) => key.startsWith('sha256:') && document.includes('query UiEstate')) ?? [];
    if (!estate) throw new Error("the UI's persisted documents hold no UiEstate");
    const ran = await executeRaw(gw.graphqlUrl, { documentId: estate });
    expect(ran.status).toBe(200);
    expect(ran.body.data).toMatchObject({ vms: { totalCount: 27 } });
    const off = await startTestGateway({}, { app: { ui: false, persistedDocuments: { trusted, only: true, apq: false } } });
    try {
      expect((await executeRaw(off.graphqlUrl, { documentId: estate })).body.errors?.[0]?.message).toBe('PersistedQueryNotFound');
    } finally {
      await off.close();
    }
  });

  it('refuses an allowlist whose key is not its document’s hash', async () => {
    const { writeFile } = await import('node:fs/promises');
    const file = join(dir, 'lying.json');
    await writeFile(file, JSON.stringify({ [HASH]: '{ vms { totalCount } }' }));
    await expect(readTrustedDocuments(file)).rejects.toThrow(/does not hash to its key/);
  });
});
