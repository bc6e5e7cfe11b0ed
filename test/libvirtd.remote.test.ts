// The LIBVIRTD backend on a remote URI: this host's libvirtd reached through ssh (qemu+libssh://, the tests' own
// sshd, the host key verified), as a gateway on another host reaches its hypervisors. Reads and snapshot actions
// work as on the local URI; clones (which copy files on the gateway's host) are not offered; a host whose key is
// not known is refused, as that backend's BackendError only. Runs where .ci/sshd.sh has run; under CI=true always.
import { writeFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { CreateSnapshot, DeleteSnapshot, FollowOperation } from './helpers/documents.js';
import { collectWs, execute, query, wsClient } from './helpers/gateway.js';
import { virshSnapshots } from './helpers/libgo.js';
import { defineDomain, removeDomain, remoteUri, sshLibvirtdForTests } from './helpers/libvirtd.js';
import { startGateway, type StartedGateway } from '../src/start.js';
import type { Client } from 'graphql-ws';

const SUITE = 'the LIBVIRTD backend on a remote URI (libvirtd through ssh)';
const DOMAIN = 'gw-libvirtd-remote';
/** A known_hosts without the sshd's key: the backend that uses it must not connect. */
const UNKNOWN_HOSTS = '/tmp/gw-sshd/known_hosts.empty';

const RemoteEstate = graphql(`
  query LibvirtdRemoteEstate {
    vms(first: 1000, filter: { nameContains: "gw-libvirtd-remote" }) {
      totalCount
      edges { node { id name powerState backend { name } capabilities { clone memorySnapshots } drives { name } } }
      backendErrors { code message backend { name } }
    }
  }
`);

const RemoteClone = graphql(`
  mutation LibvirtdRemoteClone($snapshotId: ID!) {
    cloneSnapshot(input: { snapshotId: $snapshotId }) {
      __typename
      ... on UnsupportedOperationError { capability }
    }
  }
`);

const RemoteSnapshots = graphql(`
  query LibvirtdRemoteSnapshots($id: ID!) {
    vm(id: $id) { snapshots(first: 100) { edges { node { id name isCurrent hasMemory } } } }
  }
`);

const available = await sshLibvirtdForTests(SUITE);

describe.runIf(available)(SUITE, () => {
  let gateway: StartedGateway;
  let ws: Client;
  const graphqlUrl = () => `${gateway.server.url}/graphql`;

  beforeAll(async () => {
    await defineDomain(DOMAIN, true);
    await writeFile(UNKNOWN_HOSTS, '');
    gateway = await startGateway({
      specs: [
        { name: 'remote', kind: 'LIBVIRTD', baseUrl: remoteUri(), credentials: {}, settings: {} },
        { name: 'untrusted', kind: 'LIBVIRTD', baseUrl: remoteUri(UNKNOWN_HOSTS), credentials: {}, settings: {} },
      ],
      port: 0,
      host: '127.0.0.1',
      engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 },
    });
    ws = wsClient(`${gateway.server.url.replace(/^http/, 'ws')}/graphql`);
  }, 60_000);

  afterAll(async () => {
    await ws?.dispose();
    await gateway?.close();
    await removeDomain(DOMAIN);
    await rm(UNKNOWN_HOSTS, { force: true });
  }, 60_000);

  it('lists the domain through ssh, without clones; the host whose key is not known fails alone', async () => {
    const result = await execute(graphqlUrl(), RemoteEstate);
    const listed = result.data?.vms.edges.map((e) => e.node) ?? [];
    expect(listed).toEqual([
      expect.objectContaining({ name: DOMAIN, powerState: 'RUNNING', backend: { name: 'remote' }, capabilities: { clone: false, memorySnapshots: true } }),
    ]);
    expect(listed[0]?.drives).toEqual([{ name: `${DOMAIN}.qcow2` }]);
    expect(result.data?.vms.backendErrors).toEqual([
      { backend: { name: 'untrusted' }, code: 'UNREACHABLE', message: expect.stringMatching(/host key .* was not accepted/) },
    ]);
  });

  it('creates and deletes a snapshot through ssh, each followed over graphql-ws; a clone is UnsupportedOperationError', async () => {
    // The untrusted backend's error rides along in `errors`: only the remote one's VM is read here.
    const vm = (await execute(graphqlUrl(), RemoteEstate)).data?.vms.edges[0]?.node;
    if (!vm) throw new Error(`the gateway does not list ${DOMAIN}`);
    const started = (await query(graphqlUrl(), CreateSnapshot, { input: { targetId: vm.id, name: 'over ssh', includeMemory: true } })).createSnapshot;
    if (started.__typename !== 'OperationPayload') throw new Error(`create answered ${started.__typename}`);
    const created = (await collectWs(ws, FollowOperation, { id: started.operation.id })).at(-1)?.data?.operation;
    expect(created).toMatchObject({ status: 'SUCCEEDED', snapshot: { name: 'over ssh', isCurrent: true, hasMemory: true } });
    expect(await virshSnapshots(DOMAIN)).toEqual(['over ssh']);

    const snapshot = (await query(graphqlUrl(), RemoteSnapshots, { id: vm.id })).vm?.snapshots.edges[0]?.node;
    if (!snapshot) throw new Error('no snapshot listed');
    expect((await query(graphqlUrl(), RemoteClone, { snapshotId: snapshot.id })).cloneSnapshot).toEqual({ __typename: 'UnsupportedOperationError', capability: 'clone' });

    const deleted = (await query(graphqlUrl(), DeleteSnapshot, { input: { snapshotId: snapshot.id } })).deleteSnapshot;
    if (deleted.__typename !== 'OperationPayload') throw new Error(`delete answered ${deleted.__typename}`);
    expect((await collectWs(ws, FollowOperation, { id: deleted.operation.id })).at(-1)?.data?.operation).toMatchObject({ status: 'SUCCEEDED' });
    expect(await virshSnapshots(DOMAIN)).toEqual([]);
  }, 60_000);
});
