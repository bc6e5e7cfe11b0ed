// How a config mistake is told: which of zod's issues comes first (an unknown key before the missing field it
// causes), where it is (`backends[0].credentials`), and, for a misspelt key, the key that was probably meant.
import { z } from 'zod';

/** An issue's path as the config writes it: `.backends[0].baseUrl`. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** The schema inside the wrappers that do not change an object's keys (optional, default, a pipe's input, …). */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodReadonly || current instanceof z.ZodCatch) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.in;
    } else {
      return current;
    }
  }
}

/** The keys the object schema at `path` knows, or none where the path leads to no object. */
function knownKeys(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType | undefined = unwrap(schema);
  for (const step of path) {
    if (current instanceof z.ZodObject && typeof step === 'string') current = current.shape[step];
    else if (current instanceof z.ZodArray && typeof step === 'number') current = current.element;
    else if (current instanceof z.ZodRecord) current = current.valueType;
    else return [];
    if (!current) return [];
    current = unwrap(current);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/** Edits (insert, delete, replace) between two strings. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The known key an unknown one probably meant: the same but for case, else one or two edits away. */
function meant(unknown: string, known: readonly string[]): string | null {
  const sameLetters = known.find((key) => key.toLowerCase() === unknown.toLowerCase());
  if (sameLetters) return sameLetters;
  const near = known
    .map((key) => ({ key, edits: distance(key.toLowerCase(), unknown.toLowerCase()) }))
    .filter(({ key, edits }) => edits <= (Math.min(key.length, unknown.length) > 4 ? 2 : 1))
    .sort((a, b) => a.edits - b.edits);
  return near[0]?.key ?? null;
}

/** The issue to report: an unknown key first, since a misspelt key also makes the field it meant missing. */
export function firstIssueOf(error: z.ZodError): z.core.$ZodIssue | undefined {
  return error.issues.find((issue) => issue.code === 'unrecognized_keys') ?? error.issues[0];
}

/** One line for the issue: where it is, then what is wrong there. */
export function describeIssue(where: string, schema: z.core.$ZodType, issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return `${where}: invalid`;
  const at = `${where}${pathText(issue.path)}`;
  if (issue.code !== 'unrecognized_keys') return `${at}: ${issue.message}`;
  const known = knownKeys(schema, issue.path);
  const keys = issue.keys.map((key) => {
    const guess = meant(key, known);
    return guess ? `'${key}' (did you mean '${guess}'?)` : `'${key}'`;
  });
  return `${at}: unknown key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
}
