// Lists the exports of src/ modules that no other module (in src/, test/ or codegen.ts) imports, for
// `npx tsx test/tools/unusedExports.ts`; names that `export *` passes on count as imported from their origin.
import { readModules, shortName } from './moduleGraph.js';

const modules = readModules();
/** file -> names some other module takes from it; `*` for all of them. */
const taken = new Map<string, Set<string>>();
const take = (file: string, name: string): void => {
  const names = taken.get(file) ?? new Set<string>();
  if (names.has(name)) return;
  names.add(name);
  taken.set(file, names);
  // A name taken from a module that passes on another's (`export * from`, `export { x } from`) is taken from it too.
  for (const edge of modules.get(file)?.edges ?? []) {
    if (!edge.reexport) continue;
    if (edge.names.includes('*') || name === '*') take(edge.to, name);
    else if (edge.names.includes(name)) take(edge.to, name);
  }
};
for (const module of modules.values()) {
  for (const edge of module.edges) for (const name of edge.names) if (!edge.reexport || name !== '*') take(edge.to, name);
  for (const file of module.dynamicImports) take(file, '*');
}

let unused = 0;
for (const module of modules.values()) {
  if (!shortName(module.file).startsWith('src/')) continue;
  const names = taken.get(module.file) ?? new Set<string>();
  if (names.has('*')) continue;
  for (const [name, line] of module.exports) {
    if (names.has(name)) continue;
    unused++;
    console.log(`${shortName(module.file)}:${line}  ${name}`);
  }
}
console.log(`${unused} exports nobody imports`);
