// Child processes of the bench: spawn in their own process group, wait for a line they print, and always stop them
// (the whole group, since `npx tsx` leaves its node child running when only npx is signalled).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Child {
  name: string;
  pid: number;
  /** Resolves with the first stdout line matching `pattern`; rejects if the process exits or the time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM to the group, SIGKILL to what is left after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Children not stopped yet, by process group id. */
const running = new Map<number, Child>();

/** Scratch directories to delete however the bench ends. */
const scratchDirs = new Set<string>();

/** A fresh temporary directory, removed on exit even when the bench is interrupted. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.add(dir);
  return dir;
}

/** Last resort on the way out: the process is exiting, so only synchronous kills and deletes are possible. */
function cleanUpNow(): void {
  for (const pgid of running.keys()) signalGroup(pgid, 'SIGKILL');
  running.clear();
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  scratchDirs.clear();
}
process.once('exit', cleanUpNow);

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    // ESRCH: nothing left in the group.
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  // detached: a group of its own, so one kill reaches npx, tsx and the node process tsx starts.
  const child: ChildProcess = spawn(command, args, { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: could not be started (${command} ${args.join(' ')})`);

  const lines: string[] = [];
  const stderr: string[] = [];
  const listeners = new Set<() => void>();
  let exited: string | null = null;
  let buffered = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    // Kept for error messages only; npm's config warnings land here too.
    stderr.push(chunk);
  });
  child.once('exit', (code, signal) => {
    exited = signal ?? `code ${code ?? '?'}`;
    for (const listener of listeners) listener();
  });

  const handle: Child = {
    name,
    pid,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`${name}: no line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          for (const line of lines) {
            const match = pattern.exec(line);
            if (match) return finish(null, match);
          }
          if (exited !== null) finish(new Error(`${name} exited (${exited}) before printing ${pattern}:\n${stderr.join('')}`));
        };
        const finish = (error: Error | null, match?: RegExpExecArray) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (match) resolve(match);
          else reject(error ?? new Error(`${name}: no match`));
        };
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 3_000) {
      if (!running.has(pid)) return;
      signalGroup(pid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && signalGroup(pid, 0)) await sleep(50);
      signalGroup(pid, 'SIGKILL');
      running.delete(pid);
    },
  };
  running.set(pid, handle);
  return handle;
}

/** A TCP port nobody listens on right now (the lab binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Stops every child still running; for error paths and signals. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running.values()].map((child) => child.stop()));
}

/**
 * Runs a bench's main, stopping every child however it ends (SIGINT and SIGTERM too; `on`, not `once`: Ctrl-C
 * reaches the bench twice, from the terminal and relayed by tsx). The exit code is 1 when main answers false (its aims
 * not met) or fails. `cleanUp` (what main set up beyond children) runs last either way.
 */
export async function runBench(main: () => Promise<boolean | void>, cleanUp: () => Promise<void> = async () => {}): Promise<void> {
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      console.error(`${signal}: stopping the lab and the servers`);
      void stopAllChildren()
        .then(cleanUp)
        .finally(() => process.exit(130));
    });
  }
  try {
    if ((await main()) === false) process.exitCode = 1;
  } catch (error) {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  } finally {
    await stopAllChildren();
    await cleanUp();
  }
}
