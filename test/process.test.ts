// The gateway as a real process, started the ways users start it: `npm start` (which builds, then runs the compiled
// JavaScript as one process) and `node dist/main.js`. SIGTERM to the pid started drains it: readiness 503 at once,
// a request in flight answered, exit 0.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withoutRedis } from './helpers/gateway.js';
import { logLine } from './helpers/logs.js';

const root = new URL('..', import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  url: string;
  /** The pid of the process that serves (from its log lines). */
  servingPid: number;
  exited: Promise<number | null>;
}

/** Spawns `command`, and waits for the address line and the gateway's first log line (which carries its pid). */
function start(command: string, args: string[], env: Record<string, string>): Promise<Started> {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...withoutRedis(), PORT: '0', LAB_LATENCY_MS: '300', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /^Snapshot gateway on (http:\/\/\S+)$/m.exec(out)?.[1];
      const pid = out
        .split('\n')
        .map((line) => logLine.safeParse(safeJson(line)))
        .find((parsed) => parsed.success)?.data?.pid;
      if (url && pid !== undefined) resolve({ child, url, servingPid: pid, exited });
    });
    void exited.then((code) => reject(new Error(`${command} exited with ${code} before listening:\n${out}\n${err}`)));
  });
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

/** The parent pid of a process, from /proc. */
const parentOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const answered = z.object({ data: z.object({ vms: z.object({ totalCount: z.number().int().positive() }) }) });

/** Sends SIGTERM to `started.child` while a slow query is in flight, and checks the drain from outside. */
async function terminateWhileBusy(started: Started): Promise<void> {
  const { child, url } = started;
  const inFlight = fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ vms(first: 1000) { totalCount edges { node { name snapshots(first: 100) { totalCount } } } } }' }),
  });
  expect((await fetch(`${url}/ready`)).status).toBe(200);
  const signalled = performance.now();
  child.kill('SIGTERM');
  // Readiness turns as soon as the signal is handled: well inside the drain delay.
  let ready = 200;
  while (ready === 200 && performance.now() - signalled < 2_000) ready = (await fetch(`${url}/ready`)).status;
  expect(ready, 'readiness after SIGTERM').toBe(503);
  expect(performance.now() - signalled).toBeLessThan(1_000);
  // Liveness stays 200, and work is still served.
  expect((await fetch(`${url}/health`)).status).toBe(200);
  const response = await inFlight;
  expect(response.status).toBe(200);
  expect(answered.parse(await response.json()).data.vms.totalCount).toBeGreaterThan(0);
  expect(await started.exited).toBe(0);
  expect(alive(started.servingPid)).toBe(false);
  await expect(fetch(`${url}/health`)).rejects.toThrow();
}

describe('the gateway process', () => {
  beforeAll(() => {
    // `npm start` builds as it starts; this only makes sure dist/ exists for `node dist/main.js` run alone.
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }, 120_000);

  it('under `npm start` is one node process, npm forwards SIGTERM to it, and it drains and exits 0', async () => {
    const started = await start('npm', ['start'], { DRAIN_DELAY_MS: '1500' });
    try {
      // `exec` in the start script: the gateway is npm's own child, no shell between them to swallow the signal.
      expect(parentOf(started.servingPid)).toBe(started.child.pid);
      expect(readFileSync(`/proc/${started.servingPid}/cmdline`, 'utf8').split('\0')).toContain('dist/main.js');
      await terminateWhileBusy(started);
    } finally {
      started.child.kill('SIGKILL');
      if (alive(started.servingPid)) process.kill(started.servingPid, 'SIGKILL');
    }
  }, 90_000);

  it('as `node dist/main.js` drains and exits 0 on SIGTERM', async () => {
    const started = await start(process.execPath, ['dist/main.js'], { DRAIN_DELAY_MS: '1500' });
    try {
      expect(started.servingPid).toBe(started.child.pid);
      // GraphiQL's page and assets come from node_modules, not from files beside src/: served from dist/ too.
      const page = await fetch(`${started.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Snapshot gateway</title>');
      // The progress UI's bundle is the one `npm run build` wrote into dist/ui/assets/.
      const bundle = await fetch(`${started.url}/ui/app.js`);
      expect(bundle.status).toBe(200);
      expect(await bundle.text()).toBe(readFileSync(new URL('../dist/ui/assets/app.js', import.meta.url), 'utf8'));
      await terminateWhileBusy(started);
    } finally {
      started.child.kill('SIGKILL');
    }
  }, 60_000);
});
