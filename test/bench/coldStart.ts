// Cold start of the gateway process: from spawn to the first 200 on /health, for the compiled build
// (`node dist/main.js`, what `npm start` runs after its build) and for `tsx src/main.ts` (the former `npm start`).
// Runs each BENCH_RUNS times (default 5), one at a time, and prints the median. Build first: `npm run build`.
import { spawn } from 'node:child_process';
import { z } from 'zod';

const env = z.object({ BENCH_RUNS: z.coerce.number().int().min(1).max(50).default(5) }).parse(process.env);

const commands: Record<string, [string, string[]]> = {
  'node dist/main.js': [process.execPath, ['dist/main.js']],
  'tsx src/main.ts': ['node_modules/.bin/tsx', ['src/main.ts']],
};

async function once(command: string, args: string[]): Promise<number> {
  const started = performance.now();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'silent', DRAIN_DELAY_MS: '0' };
  // Operations in memory: the figure is the process's start, not a Redis connection.
  delete childEnv.REDIS_URL;
  const child = spawn(command, args, { env: childEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /^Snapshot gateway on (\S+)$/m.exec(out)?.[1];
        if (found) resolve(found);
      });
      child.once('exit', (code) => reject(new Error(`${command} exited with ${code}: ${out}`)));
    });
    for (;;) {
      const ok = await fetch(`${url}/health`).then((r) => r.status === 200, () => false);
      if (ok) return performance.now() - started;
    }
  } finally {
    // SIGTERM, not SIGKILL: the tsx CLI runs the gateway in a child node and only passes a signal on it can catch.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

for (const [label, [command, args]] of Object.entries(commands)) {
  const runs: number[] = [];
  for (let i = 0; i < env.BENCH_RUNS; i++) runs.push(await once(command, args));
  console.log(`${label}: median ${Math.round(median(runs))} ms (runs: ${runs.map((ms) => Math.round(ms)).join(', ')} ms)`);
}
