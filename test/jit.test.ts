// graphql-jit must answer exactly what graphql-js answers: the same documents against two gateways over one lab,
// one compiled and one not, with the GraphQL features clients use (aliases, fragments, directives, variables).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../src/lab/lab.js';
import { startGateway, type StartedGateway } from '../src/start.js';
import { executeRaw } from './helpers/gateway.js';

const documents: { query: string; variables?: Record<string, unknown> }[] = [
  { query: '{ __typename backends { __typename name kind capabilities { revert clone } } }' },
  {
    query: `query($n: Int = 2, $withTree: Boolean!, $skipDrives: Boolean!) {
      first: vms(first: $n) { ...page }
      rest: vms(first: 100, after: "dm0tZGItMDI") { totalCount }
      all: vms { totalCount edges { node { name drives @skip(if: $skipDrives) { name } snapshotTree @include(if: $withTree) { name children { name } } } } }
    }
    fragment page on VMConnection { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ... on Node { id } ...vm } } }
    fragment vm on VM { name powerState currentSnapshot { name depth ancestors { name } } }`,
    variables: { withTree: true, skipDrives: true },
  },
  {
    query: `query($f: SnapshotFilter) { snapshots(first: 5, filter: $f) { totalCount edges { node { name isCurrent parent { name } metadata { key } } } } }`,
    variables: { f: { nameContains: 'e', statuses: ['READY'] } },
  },
  { query: '{ vms(first: 5000) { totalCount } }' },
  { query: '{ node(id: "nope") { id } nodes(ids: ["nope"]) { id } }' },
  { query: 'mutation { deleteSnapshots(input: { snapshotIds: [] }) { __typename } }' },
  { query: 'mutation { createSnapshot(input: { targetId: "x", name: "" }) { __typename ... on Error { message } ... on ValidationError { field } } }' },
];

describe('graphql-jit', () => {
  let lab: Lab;
  let jit: StartedGateway;
  let plain: StartedGateway;
  beforeAll(async () => {
    lab = await startLab({ scale: 1, latencyMs: 0, opMs: 0 });
    const start = (on: boolean) => startGateway({ specs: lab.specs, port: 0, host: '127.0.0.1', app: { jit: on } });
    [jit, plain] = await Promise.all([start(true), start(false)]);
  });
  afterAll(async () => {
    await jit?.close();
    await plain?.close();
    await lab?.close();
  });

  it.each(documents.map((d, i) => [i, d] as const))('answers document %i like graphql-js', async (_i, document) => {
    const [compiled, interpreted] = await Promise.all([
      executeRaw(`${jit.server.url}/graphql`, document),
      executeRaw(`${plain.server.url}/graphql`, document),
    ]);
    expect(compiled.status).toBe(interpreted.status);
    expect(compiled.body.data).toEqual(interpreted.body.data);
    // graphql-js adds locations to errors, graphql-jit not always: compare what clients read.
    const strip = (errors: typeof compiled.body.errors) => errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code }));
    expect(strip(compiled.body.errors)).toEqual(strip(interpreted.body.errors));
    expect(compiled.body.data ?? compiled.body.errors).toBeDefined();
  });
});
