// Where a CPU profile's time went, as text: the functions with the most self time, and with the most time inclusive
// of what they called. `npx tsx test/tools/profileSummary.ts <file.cpuprofile> [rows]` (profiles from the benches'
// BENCH_CPU_PROFILE_DIR, or Node's --cpu-prof).
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

const [file, rowsArg] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: tsx test/tools/profileSummary.ts <file.cpuprofile> [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 40);
const profile = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const label = (id: number): string => {
  const frame = byId.get(id)?.callFrame;
  if (!frame) return '?';
  const where = frame.url === '' ? '' : ` ${frame.url.replace(/^.*\/node_modules\//, '~/').replace(/^file:\/\/.*?\/src\//, 'src/')}:${frame.lineNumber + 1}`;
  return `${frame.functionName || '(anonymous)'}${where}`;
};

const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  all += dt;
  const name = label(id);
  self.set(name, (self.get(name) ?? 0) + dt);
  // Inclusive: each distinct function on the stack once.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const frame = label(at);
    if (seen.has(frame)) continue;
    seen.add(frame);
    total.set(frame, (total.get(frame) ?? 0) + dt);
  }
});

const print = (title: string, map: Map<string, number>) => {
  console.log(`${title} (of ${(all / 1000).toFixed(0)} ms sampled)`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`  ${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / all).toFixed(1).padStart(5)}%  ${name}`);
  }
};
print('Self time', self);
console.log();
print('Inclusive time', total);
