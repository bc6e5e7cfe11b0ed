// `npm run bench:live`: how fast a change made behind the gateway's back reaches its clients, and what watching costs.
// 1. A gateway at its default freshness window, one @live dashboard and one inventoryChanges subscriber on it; ROUNDS
//    times per lab backend a snapshot is taken through another gateway over the same simulators (the backend's own
//    API, not through this gateway). Prints, per backend, the longest delay from SUCCEEDED to each client, against
//    the bound of one window plus 1 s.
// 2. What 1 and WATCHERS live dashboards cost the backends over BENCH_SECONDS while a snapshot is taken every second:
//    backend requests of each run and the ratio, from one run.
import { z } from 'zod';
import { DEFAULT_CACHE } from '../../src/cache/backendReads.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { startGateway, type StartedGateway } from '../../src/start.js';
import { wsClient } from '../helpers/gateway.js';
import { hear, startOtherGateway, takeBehindItsBack, targetsOf, untilBaseline, watchLive } from '../helpers/inventory.js';
import { benchEnv } from './env.js';

const env = benchEnv(
  z.object({
    ROUNDS: z.coerce.number().int().min(1).max(100).default(3),
    WATCHERS: z.coerce.number().int().min(2).max(1_000).default(20),
    BENCH_SECONDS: z.coerce.number().int().min(2).max(600).default(8),
    LAB_SCALE: z.coerce.number().int().min(1).max(100).default(4),
  }),
);

const WINDOW_MS = DEFAULT_CACHE.defaultFreshMs;
const BACKENDS = ['lab-libvirt', 'lab-manageiq', 'lab-cloudsigma', 'lab-danube', 'lab-denvr'];

/** A gateway at its defaults over the lab. */
const gatewayOver = (lab: Lab): Promise<StartedGateway> => startGateway({ specs: lab.specs, port: 0, host: '127.0.0.1', server: { adminPort: 'off' } });
const wsOf = (gw: StartedGateway) => `${gw.server.url.replace(/^http/, 'ws')}/graphql`;

/** Live dashboards in the background, on one socket. */
function liveDashboards(gw: StartedGateway, count: number) {
  const client = wsClient(wsOf(gw));
  const screens = Array.from({ length: count }, () => watchLive(client));
  return {
    screens,
    async stop() {
      await Promise.all(screens.map((s) => s.stop()));
      await client.dispose();
    },
  };
}

async function until(test: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

const lab = await startLab({ scale: env.LAB_SCALE, latencyMs: 0, opMs: 200 });
const other = await startOtherGateway(lab.specs);
try {
  const targets = await targetsOf(`${other.server.url}/graphql`);
  const bound = WINDOW_MS + 1_000;

  const gw = await gatewayOver(lab);
  const subscriberClient = wsClient(wsOf(gw));
  const subscriber = hear(subscriberClient, { filter: { kinds: ['ADDED'], entities: ['SNAPSHOT'] } });
  const live = liveDashboards(gw, 1);
  const screen = live.screens[0];
  try {
    await untilBaseline(gw, BACKENDS);
    console.log(`A snapshot taken behind the gateway's back (LAB_SCALE=${env.LAB_SCALE}, window ${WINDOW_MS} ms, bound ${bound} ms), ${env.ROUNDS} per backend:`);
    let worst = 0;
    for (const backend of BACKENDS) {
      const target = targets.get(backend);
      if (!target) throw new Error(`no target on ${backend}`);
      const delays = { live: [] as number[], subscriber: [] as number[] };
      for (let round = 0; round < env.ROUNDS; round++) {
        // Short: Danube takes names of at most 24 characters.
        const name = `bl-${round}-${Date.now() % 1e9}`;
        await takeBehindItsBack(other, target.targetId, name);
        const done = Date.now();
        const heard = await until(() => subscriber.seen.some((s) => s.change.name === name), 3 * bound);
        const shown = await until(() => screen?.payloads.some((p) => p.names.has(name)) ?? false, 3 * bound);
        const heardAt = subscriber.seen.find((s) => s.change.name === name)?.at;
        const shownAt = screen?.payloads.find((p) => p.names.has(name))?.at;
        if (!heard || !shown || heardAt === undefined || shownAt === undefined) throw new Error(`'${name}' never reached ${heard ? 'the live dashboard' : 'the subscriber'}`);
        delays.subscriber.push(heardAt - done);
        delays.live.push(shownAt - done);
      }
      const max = (values: number[]) => Math.max(...values);
      worst = Math.max(worst, max(delays.live), max(delays.subscriber));
      console.log(`  ${backend.padEnd(15)} subscriber max ${max(delays.subscriber)} ms (${delays.subscriber.join(', ')}), @live max ${max(delays.live)} ms (${delays.live.join(', ')})`);
    }
    console.log(`  worst ${worst} ms against ${bound} ms: ${worst <= bound ? 'within' : 'OVER'} one window plus 1 s`);
  } finally {
    await subscriber.stop();
    await subscriberClient.dispose();
    await live.stop();
    await gw.close();
  }

  console.log(`Live dashboards for ${env.BENCH_SECONDS} s, a snapshot taken behind the gateway's back every second; backend requests:`);
  const cost = async (watchers: number) => {
    const watched = await gatewayOver(lab);
    const count = async () => (await Promise.all(BACKENDS.map((name) => watched.gateway.metrics.backendRequestCount(name)))).reduce((a, b) => a + b, 0);
    const dashboards = liveDashboards(watched, watchers);
    try {
      await untilBaseline(watched, BACKENDS);
      const before = await count();
      const target = targets.get('lab-libvirt');
      if (!target) throw new Error('no libvirt target');
      for (let second = 0; second < env.BENCH_SECONDS; second++) {
        const started = Date.now();
        await takeBehindItsBack(other, target.targetId, `bc-${watchers}-${Date.now() % 1e9}`);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1_000 - (Date.now() - started))));
      }
      const payloads = dashboards.screens.reduce((sum, s) => sum + s.payloads.length, 0);
      return { requests: (await count()) - before, payloads };
    } finally {
      await dashboards.stop();
      await watched.close();
    }
  };
  const one = await cost(1);
  const many = await cost(env.WATCHERS);
  console.log(`  1 live dashboard:   ${one.requests} backend requests (${one.payloads} payloads pushed)`);
  console.log(`  ${env.WATCHERS} live dashboards: ${many.requests} backend requests (${many.payloads} payloads pushed)`);
  console.log(`  ${env.WATCHERS} cost ${(many.requests / Math.max(1, one.requests)).toFixed(2)}× what 1 costs`);
} finally {
  await other.close();
  await lab.close();
}
