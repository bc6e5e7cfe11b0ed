// Lists the import cycles among src/ modules (type-only edges marked), for `npx tsx test/tools/importCycles.ts`.
import { readModules, shortName, type Module } from './moduleGraph.js';

const modules = [...readModules().values()].filter((m) => shortName(m.file).startsWith('src/'));
const byFile = new Map(modules.map((m) => [m.file, m]));

// Tarjan's strongly connected components: every component of more than one module holds a cycle.
const index = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const components: string[][] = [];
function visit(module: Module): void {
  index.set(module.file, index.size);
  low.set(module.file, index.get(module.file) ?? 0);
  stack.push(module.file);
  for (const edge of module.edges) {
    const next = byFile.get(edge.to);
    if (!next) continue;
    if (!index.has(next.file)) {
      visit(next);
      low.set(module.file, Math.min(low.get(module.file) ?? 0, low.get(next.file) ?? 0));
    } else if (stack.includes(next.file)) {
      low.set(module.file, Math.min(low.get(module.file) ?? 0, index.get(next.file) ?? 0));
    }
  }
  if (low.get(module.file) === index.get(module.file)) {
    const component: string[] = [];
    let file: string | undefined;
    do {
      file = stack.pop();
      if (file) component.push(file);
    } while (file && file !== module.file);
    if (component.length > 1) components.push(component);
  }
}
for (const module of modules) if (!index.has(module.file)) visit(module);

/** One shortest cycle through `start` inside its component, by breadth-first search. */
function cycleThrough(start: string, within: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift() ?? start;
    for (const edge of byFile.get(file)?.edges ?? []) {
      if (!within.has(edge.to)) continue;
      if (edge.to === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(previous.get(path[0] ?? start) ?? start);
        return path;
      }
      if (!previous.has(edge.to)) {
        previous.set(edge.to, file);
        queue.push(edge.to);
      }
    }
  }
  return [start];
}

const edgeLabel = (from: string, to: string): string =>
  byFile.get(from)?.edges.find((e) => e.to === to)?.typeOnly ? ' -(type)-> ' : ' -> ';

for (const component of components) {
  const within = new Set(component);
  console.log(`cycle among ${component.length} modules: ${component.map(shortName).sort().join(', ')}`);
  const cycle = cycleThrough(component[component.length - 1] ?? '', within);
  console.log('  e.g. ' + cycle.map((f, i) => shortName(f) + edgeLabel(f, cycle[(i + 1) % cycle.length] ?? f)).join('') + shortName(cycle[0] ?? ''));
}
if (components.length === 0) console.log('no import cycles in src/');
process.exitCode = components.length === 0 ? 0 : 1;
