// README's walkthrough as written, through a real gateway over the lab: its query answers without errors, and its
// create and subscription, with a target of each lab backend put in (a drive where the backend snapshots drives),
// end SUCCEEDED with the snapshot named and no error.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executeRaw, startTestGateway, wsClient, type TestGateway } from './helpers/gateway.js';

const blocks = async (): Promise<string[]> => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  return [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
};

const estate = z.object({
  data: z.object({
    vms: z.object({
      edges: z.array(z.object({ node: z.object({ id: z.string(), powerState: z.string(), backend: z.object({ name: z.string(), capabilities: z.object({ driveSnapshots: z.boolean() }) }), drives: z.array(z.object({ id: z.string() })) }) })),
    }),
  }),
});
const created = z.object({ data: z.object({ createSnapshot: z.object({ operation: z.object({ id: z.string(), status: z.string() }) }) }) });

describe("README's walkthrough", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  }, 60_000);
  afterAll(() => gw?.close());

  it('works as written on every lab backend', async () => {
    const [query, actions] = await blocks();
    if (!query || !actions) throw new Error('README has no walkthrough blocks');
    const answer = await executeRaw(gw.graphqlUrl, { query });
    expect(answer.body.errors).toBeUndefined();
    expect(estate.parse(answer.body).data.vms.edges.length).toBe(10);

    const [mutation, subscription] = actions.split(/\n\n(?=subscription)/);
    if (!mutation || !subscription) throw new Error('README has no create and subscription');
    // Every backend's first VM: the same fields the README's query selects, over the whole estate.
    const all = estate.parse((await executeRaw(gw.graphqlUrl, { query: query.replace('vms(first: 10)', 'vms(first: 1000)') })).body).data.vms.edges;
    const backends = [...new Set(all.map((e) => e.node.backend.name))];
    expect(backends).toHaveLength(5);
    const client = wsClient(gw.wsUrl);
    try {
      for (const backend of backends) {
        // As the README says: one RUNNING or STOPPED.
        const fit = (e: (typeof all)[number]) => ['RUNNING', 'STOPPED'].includes(e.node.powerState) && (!e.node.backend.capabilities.driveSnapshots || e.node.drives.length > 0);
        const vm = all.find((e) => e.node.backend.name === backend && fit(e))?.node;
        if (!vm) throw new Error(`no VM on ${backend}`);
        const target = vm.backend.capabilities.driveSnapshots ? vm.drives[0]?.id : vm.id;
        if (!target) throw new Error(`no target on ${backend}`);
        const made = await executeRaw(gw.graphqlUrl, { query: mutation.replace('<VM or drive id>', target).replace('before-upgrade', `before-upgrade-${backends.indexOf(backend)}`) });
        const parsed = created.safeParse(made.body);
        if (!parsed.success) throw new Error(`${backend}: ${JSON.stringify(made.body)}`);
        const { operation } = parsed.data.data.createSnapshot;
        const events: Record<string, unknown>[] = [];
        for await (const event of client.iterate({ query: subscription.replace('<operation id>', operation.id) })) {
          expect(event.errors).toBeUndefined();
          events.push({ ...event.data });
        }
        expect(events.at(-1)?.operation).toMatchObject({ status: 'SUCCEEDED', error: null, snapshot: { name: `before-upgrade-${backends.indexOf(backend)}` } });
      }
    } finally {
      await client.dispose();
    }
  });
});
