// Live inventory tests' kit: a target to snapshot on each lab backend, a snapshot taken behind a gateway's back (by a
// second gateway over the same simulators, speaking each backend's API), and the wait for a poller's baseline.
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import type { ConnectorSpec } from '../../src/connectors/registry.js';
import { startGateway, type StartedGateway } from '../../src/start.js';
import { z } from 'zod';
import { graphql } from '../gql/index.js';
import { CreateSnapshot, FollowOperation } from './documents.js';
import { collectWs, query, wsClient } from './gateway.js';

const Targets = graphql(`
  query InventoryTargets {
    backends { id name capabilities { driveSnapshots } }
    vms(first: 100) { edges { node { id powerState backend { name } drives { id } } } }
  }
`);

export const InventoryFeed = graphql(`
  subscription InventoryFeed($filter: InventoryChangeFilter) {
    inventoryChanges(filter: $filter) {
      kind entity nodeId name changedFields detectedAt
      backend { name }
      vm { id name }
      snapshot { id name }
    }
  }
`);

export type Change = ResultOf<typeof InventoryFeed>['inventoryChanges'];

/** Each backend's id and a target to snapshot on it (a drive where snapshots are of drives). */
export async function targetsOf(graphqlUrl: string): Promise<Map<string, { backendId: string; targetId: string }>> {
  const { backends, vms } = await query(graphqlUrl, Targets);
  const targets = new Map<string, { backendId: string; targetId: string }>();
  for (const backend of backends) {
    const vm = vms.edges.find((e) =>
        e.node.backend.name === backend.name &&
        (e.node.powerState === 'RUNNING' || e.node.powerState === 'STOPPED') &&
        (!backend.capabilities.driveSnapshots || e.node.drives.length > 0),
    )?.node;
    const targetId = backend.capabilities.driveSnapshots ? vm?.drives[0]?.id : vm?.id;
    if (targetId) targets.set(backend.name, { backendId: backend.id, targetId });
  }
  return targets;
}

/** A second gateway over the same simulators, reading every answer from them: what it does, the other does not see. */
export const startOtherGateway = (specs: ConnectorSpec[]): Promise<StartedGateway> =>
  startGateway({ specs, port: 0, host: '127.0.0.1', engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 }, cache: { freshnessMs: 0 }, server: { adminPort: 'off' } });

/** Takes a snapshot through another gateway over the same simulators, and waits for it to be SUCCEEDED there. */
export async function takeBehindItsBack(other: StartedGateway, targetId: string, name: string): Promise<void> {
  const url = `${other.server.url}/graphql`;
  const made = (await query(url, CreateSnapshot, { input: { targetId, name } })).createSnapshot;
  if (made.__typename !== 'OperationPayload') throw new Error(`create answered ${made.__typename}: ${JSON.stringify(made)}`);
  const ws = wsClient(url.replace(/^http/, 'ws'));
  try {
    const last = (await collectWs(ws, FollowOperation, { id: made.operation.id })).at(-1)?.data?.operation;
    if (last?.status !== 'SUCCEEDED') throw new Error(`the snapshot '${name}' ended ${last?.status}: ${last?.error?.message ?? last?.message}`);
  } finally {
    await ws.dispose();
  }
}

/** Waits until the gateway's poller of these backends has taken its baseline (what later changes are told against). */
export async function untilBaseline(gw: StartedGateway, backends: readonly string[], timeoutMs = 10_000): Promise<void> {
  const watch = gw.gateway.inventory.watch;
  const deadline = Date.now() + timeoutMs;
  while (!backends.every((name) => watch.looks(name).told >= 1)) {
    if (Date.now() > deadline) throw new Error(`no baseline of ${backends.join(', ')} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Hears inventory changes over graphql-ws in the background, each with when it came, until stopped. */
export function hear(client: Client, variables: VariablesOf<typeof InventoryFeed> = {}): { seen: { change: Change; at: number }[]; stop(): Promise<void> } {
  const seen: { change: Change; at: number }[] = [];
  const iterator = client.iterate<ResultOf<typeof InventoryFeed>>({ query: print(InventoryFeed), variables });
  const reading = (async () => {
    for await (const result of iterator) if (result.data) seen.push({ change: result.data.inventoryChanges, at: Date.now() });
  })();
  return {
    seen,
    async stop() {
      await iterator.return?.();
      await reading;
    },
  };
}

/** A dashboard as a @live query: every VM with its snapshots. */
const LiveDashboard = `query LiveDashboard @live {
  vms(first: 500) { edges { node { id name backend { name } snapshots(first: 100) { edges { node { name } } } } } }
}`;

const liveAnswer = z.object({
  data: z.object({
    vms: z.object({ edges: z.array(z.object({ node: z.object({ name: z.string(), snapshots: z.object({ edges: z.array(z.object({ node: z.object({ name: z.string() }) })) }) }) })) }),
  }),
});

/** Every snapshot name a payload of LiveDashboard shows. */
const snapshotNamesIn = (payload: unknown): string[] =>
  liveAnswer.parse(payload).data.vms.edges.flatMap((e) => e.node.snapshots.edges.map((s) => s.node.name));

/** A LiveDashboard over graphql-ws in the background: every payload's snapshot names and when it came, until stopped. */
export function watchLive(client: Client): { payloads: { names: Set<string>; at: number }[]; stop(): Promise<void> } {
  const payloads: { names: Set<string>; at: number }[] = [];
  const iterator = client.iterate({ query: LiveDashboard });
  const reading = (async () => {
    for await (const result of iterator) payloads.push({ names: new Set(snapshotNamesIn(result)), at: Date.now() });
  })();
  return {
    payloads,
    async stop() {
      await iterator.return?.();
      await reading;
    },
  };
}
