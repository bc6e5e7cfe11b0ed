// The CLI when it cannot serve: one clear line and a non-zero exit, not a stack trace.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { withoutRedis } from './helpers/gateway.js';

describe('the CLI', () => {
  it('says in one line that the port is taken, and exits 2', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        encoding: 'utf8',
        env: { ...withoutRedis(), PORT: String(port), HOST: '127.0.0.1' },
        timeout: 20_000,
      });
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([`snapshot-gateway: listen EADDRINUSE: address already in use 127.0.0.1:${port}`]);
    } finally {
      blocker.close();
    }
  });

  it('refuses in one line to serve beyond loopback without authentication, and exits 2', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      encoding: 'utf8',
      env: { ...withoutRedis(), PORT: '0', HOST: '0.0.0.0' },
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'snapshot-gateway: refusing to listen on 0.0.0.0 without authentication: configure auth.jwt or auth.tokens, or set auth.insecure (GATEWAY_INSECURE=true) to run open',
    ]);
  });

  it.each([
    ['the gateway', 'src/main.ts', 'snapshot-gateway'],
    ['npm run lab', 'src/lab/main.ts', 'lab'],
  ])('%s says in one line that LAB_FAULTS is wrong, and exits 2', (_what, script, prefix) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      env: { ...withoutRedis(), PORT: '0', LAB_PORT: '0', LAB_FAULTS: 'cloudsigma=down,manageiq=error:1.5' },
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      `${prefix}: env.LAB_FAULTS: 'manageiq=error:1.5': error:<p> needs a probability from 0 to 1, got '1.5'`,
    ]);
    expect(run.stdout).toBe('');
  });
});
