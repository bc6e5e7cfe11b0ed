// Child-process entry for the servers under load, so each gets a process (and event loop) of its own, apart from
// autocannon: `serve.ts gateway` (startGateway on the lab's config file; BENCH_JIT=on|off) or `serve.ts plain`.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import { startGateway } from '../../src/start.js';
import { startPlainServer } from './plainServer.js';

const env = z
  .object({
    BENCH_SERVER: z.enum(['gateway', 'plain']),
    /** gateway: the lab's config file (credentials come from the variables it names). */
    BENCH_CONFIG: z.string().optional(),
    BENCH_JIT: z.enum(['on', 'off']).default('on'),
    /** plain: a file holding the dashboard response to answer with. */
    BENCH_RESPONSE: z.string().optional(),
  })
  .parse({ ...process.env, BENCH_SERVER: process.argv[2] });

async function start(): Promise<{ url: string; adminUrl: string; close(): Promise<void> }> {
  if (env.BENCH_SERVER === 'plain') {
    if (!env.BENCH_RESPONSE) throw new Error('plain: set BENCH_RESPONSE to a response file');
    const plain = await startPlainServer(readFileSync(env.BENCH_RESPONSE, 'utf8'), 0, '127.0.0.1');
    return { url: plain.url, adminUrl: '-', close: () => plain.close() };
  }
  if (!env.BENCH_CONFIG) throw new Error('gateway: set BENCH_CONFIG to a gateway config file');
  // Built the way src/main.ts builds a gateway from a config file; only jit is varied.
  const config = loadConfig(['--config', env.BENCH_CONFIG], process.env);
  const specs = config.backends.map((b) => ({ ...b, credentials: config.secrets.get(b.name) ?? {} }));
  const started = await startGateway({
    specs,
    port: 0,
    host: '127.0.0.1',
    http: config.http,
    limits: config.limits,
    app: { jit: env.BENCH_JIT === 'on' },
  });
  return { url: started.server.url, adminUrl: started.server.adminUrl ?? '-', close: () => started.close() };
}

const server = await start();
// The parent waits for this line.
console.log(`READY ${server.url} ${server.adminUrl}`);
const stop = () => void server.close().then(() => process.exit(0), () => process.exit(1));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
