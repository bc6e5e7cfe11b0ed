// `npm run bench:viewers`: what many screens polling the dashboard cost the backends. One viewer, then VIEWERS of
// them, each asking for the dashboard every POLL_MS for BENCH_SECONDS (starts spread over the first interval, as
// screens opened at different times), against the lab at LAB_SCALE; once with the shared read cache at its default
// window and once without it. Prints the backend requests of each run and the ratio many/one, from one run.
import { z } from 'zod';
import { DEFAULT_CACHE } from '../../src/cache/backendReads.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { startGateway } from '../../src/start.js';
import { Dashboard } from '../helpers/documents.js';
import { execute } from '../helpers/gateway.js';
import { benchEnv } from './env.js';

const env = benchEnv(
  z.object({
    BENCH_SECONDS: z.coerce.number().int().min(1).max(600).default(8),
    VIEWERS: z.coerce.number().int().min(2).max(1_000).default(20),
    POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
    LAB_SCALE: z.coerce.number().int().min(1).max(100).default(4),
  }),
);

const BACKENDS = ['lab-libvirt', 'lab-manageiq', 'lab-cloudsigma', 'lab-danube', 'lab-denvr'];

/** The backend requests `viewers` polling screens cost a fresh gateway over `lab`, and how many answers had errors. */
async function run(lab: Lab, viewers: number, freshnessMs: number): Promise<{ requests: number; queries: number; failed: number }> {
  const gateway = await startGateway({ specs: lab.specs, port: 0, host: '127.0.0.1', cache: { freshnessMs }, server: { adminPort: 'off' } });
  const url = `${gateway.server.url}/graphql`;
  const count = async () => (await Promise.all(BACKENDS.map((name) => gateway.gateway.metrics.backendRequestCount(name)))).reduce((a, b) => a + b, 0);
  let queries = 0;
  let failed = 0;
  try {
    const before = await count();
    const until = Date.now() + env.BENCH_SECONDS * 1000;
    const screen = async (offsetMs: number) => {
      await new Promise((resolve) => setTimeout(resolve, offsetMs));
      for (let next = Date.now(); next < until; next += env.POLL_MS) {
        const answer = await execute(url, Dashboard);
        queries++;
        if (answer.errors?.length) failed++;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next + env.POLL_MS - Date.now())));
      }
    };
    await Promise.all(Array.from({ length: viewers }, (_, i) => screen((i * env.POLL_MS) / viewers)));
    return { requests: (await count()) - before, queries, failed };
  } finally {
    await gateway.close();
  }
}

const lab = await startLab({ scale: env.LAB_SCALE, latencyMs: 0, opMs: 1_500 });
try {
  console.log(
    `Dashboard polled every ${env.POLL_MS} ms for ${env.BENCH_SECONDS} s, LAB_SCALE=${env.LAB_SCALE}; backend requests (all five lab backends):`,
  );
  for (const [label, freshnessMs] of [
    [`shared read cache (${DEFAULT_CACHE.defaultFreshMs} ms window)`, DEFAULT_CACHE.defaultFreshMs],
    ['no cache (freshnessMs 0)', 0],
  ] as const) {
    const one = await run(lab, 1, freshnessMs);
    const many = await run(lab, env.VIEWERS, freshnessMs);
    const ratio = one.requests === 0 ? Infinity : many.requests / one.requests;
    console.log(`  ${label}`);
    console.log(`    1 viewer:   ${one.requests} requests for ${one.queries} dashboards${one.failed ? ` (${one.failed} with errors)` : ''}`);
    console.log(`    ${env.VIEWERS} viewers: ${many.requests} requests for ${many.queries} dashboards${many.failed ? ` (${many.failed} with errors)` : ''}`);
    console.log(`    ${env.VIEWERS} viewers cost ${ratio.toFixed(2)}× what 1 costs`);
  }
} finally {
  await lab.close();
}
