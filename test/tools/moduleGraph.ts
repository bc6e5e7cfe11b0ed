// The project's own modules and what each imports and exports, read with the TypeScript compiler API (dev tools only).
import { dirname, relative, resolve } from 'node:path';
import {
  isExportAssignment,
  isExportDeclaration,
  isIdentifier,
  isImportDeclaration,
  isNamedExports,
  isNamedImports,
  isNamespaceImport,
  isStringLiteral,
  isVariableStatement,
  ModifierFlags,
  SyntaxKind,
  type Node,
  type SourceFile,
} from 'typescript/unstable/ast';
import { computeLineStarts, skipTrivia } from 'typescript/unstable/ast/scanner';
import { API } from 'typescript/unstable/sync';

/** One import (or re-export) edge: `names` are the exports it takes, `*` for a namespace or `export *`. */
export interface Edge {
  to: string;
  names: string[];
  typeOnly: boolean;
  reexport: boolean;
}

export interface Module {
  file: string;
  edges: Edge[];
  /** Exported names, each with the line it is declared on. */
  exports: Map<string, number>;
  /** Whether the module loads others by `import()` (then what it takes cannot be read from its text). */
  dynamicImports: string[];
}

export const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');

/** A relative specifier (`./x.js`) as the project file it names; null for packages. */
function target(from: string, specifier: string, files: Set<string>): string | null {
  if (!specifier.startsWith('.')) return null;
  const path = resolve(dirname(from), specifier.replace(/\.js$/, '.ts'));
  return files.has(path) ? path : null;
}

const nameOf = (node: Node): string => (isIdentifier(node) || isStringLiteral(node) ? node.text : '?');
/** The 1-based line a node starts on, past its leading comments. */
const lineOf = (file: SourceFile, node: Node): number => {
  const start = skipTrivia(file.text, node.pos);
  return computeLineStarts(file.text).filter((lineStart) => lineStart <= start).length;
};

type Named = Node & { readonly modifierFlags: ModifierFlags; readonly name?: Node };

const isExported = (node: Node): node is Named =>
  'modifierFlags' in node && typeof node.modifierFlags === 'number' && (node.modifierFlags & ModifierFlags.Export) !== 0;
const isDeclaration = (node: Named): node is Named & { readonly name: Node } => node.name !== undefined;

function read(file: SourceFile, files: Set<string>): Module {
  const module: Module = { file: file.fileName, edges: [], exports: new Map(), dynamicImports: [] };
  for (const statement of file.statements) {
    if (isImportDeclaration(statement) && isStringLiteral(statement.moduleSpecifier)) {
      const to = target(file.fileName, statement.moduleSpecifier.text, files);
      if (!to) continue;
      const clause = statement.importClause;
      const clauseTypeOnly = clause?.phaseModifier === SyntaxKind.TypeKeyword;
      const names: string[] = [];
      let typeOnly = clauseTypeOnly;
      if (clause?.name) names.push('default');
      const bindings = clause?.namedBindings;
      if (bindings && isNamespaceImport(bindings)) names.push('*');
      if (bindings && isNamedImports(bindings)) {
        for (const element of bindings.elements) names.push(nameOf(element.propertyName ?? element.name));
        typeOnly = clauseTypeOnly || (bindings.elements.length > 0 && !clause?.name && bindings.elements.every((e) => e.isTypeOnly));
      }
      module.edges.push({ to, names, typeOnly, reexport: false });
    } else if (isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      const to = statement.moduleSpecifier && isStringLiteral(statement.moduleSpecifier) ? target(file.fileName, statement.moduleSpecifier.text, files) : null;
      const specifiers = clause && isNamedExports(clause) ? clause.elements : [];
      if (to) {
        const names = clause ? specifiers.map((s) => nameOf(s.propertyName ?? s.name)) : ['*'];
        module.edges.push({ to, names, typeOnly: statement.isTypeOnly, reexport: true });
      }
      for (const s of specifiers) module.exports.set(nameOf(s.name), lineOf(file, s));
    } else if (isExportAssignment(statement)) {
      module.exports.set('default', lineOf(file, statement));
    } else if (isExported(statement)) {
      const isDefault = (statement.modifierFlags & ModifierFlags.Default) !== 0;
      const declared = isVariableStatement(statement)
        ? statement.declarationList.declarations.map((d) => nameOf(d.name))
        : [isDeclaration(statement) && statement.name ? nameOf(statement.name) : '?'];
      for (const name of declared) module.exports.set(isDefault ? 'default' : name, lineOf(file, statement));
    }
  }
  for (const match of file.text.matchAll(/\bimport\(\s*['"`]([^'"`]+)['"`]/g)) {
    const to = match[1] && target(file.fileName, match[1], files);
    if (to) module.dynamicImports.push(to);
  }
  return module;
}

/** The project's programs: the server's and tests' (tsconfig.json) and the progress UI's, for browsers. */
const PROJECTS = ['tsconfig.json', 'src/ui/client/tsconfig.json'];

/** Every .ts file of src/ and test/, read once through the project's tsconfigs. */
export function readModules(): Map<string, Module> {
  const api = new API({ cwd: root });
  try {
    const configs = PROJECTS.map((config) => resolve(root, config));
    const snapshot = api.updateSnapshot({ openProjects: configs });
    const modules = new Map<string, Module>();
    for (const config of configs) {
      const project = snapshot.getProject(config);
      if (!project) throw new Error(`${config} did not open`);
      const names = project.program.getSourceFileNames().filter((f) => !f.includes('/node_modules/') && f.startsWith(root) && !modules.has(f));
      const files = new Set(project.program.getSourceFileNames());
      for (const name of names) {
        const file = project.program.getSourceFile(name);
        if (file) modules.set(name, read(file, files));
      }
    }
    return modules;
  } finally {
    api.close();
  }
}

export const shortName = (file: string): string => relative(root, file);
