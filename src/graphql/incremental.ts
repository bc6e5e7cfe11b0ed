// @defer and @stream responses: which documents ask for them, and which payload of such a response a field's path
// arrives in, so what is said about a field (a backend failure) travels with the part that holds it.
import { BREAK, visit, type DocumentNode, type ExecutionResult, type GraphQLError } from 'graphql';

type ResponsePath = readonly (string | number)[];

/** One part of a later payload: a deferred fragment's data, or a streamed list's next items, at `path`. */
interface IncrementalPart {
  path: ResponsePath;
  data?: Record<string, unknown> | null;
  items?: readonly unknown[] | null;
  errors?: readonly GraphQLError[];
}

/** A payload of an incremental response: the first (data, hasNext) or a later one (incremental parts). */
export type IncrementalPayload = ExecutionResult & { hasNext?: boolean; incremental?: readonly IncrementalPart[] };

const asking = new WeakMap<DocumentNode, boolean>();

/** Whether a document uses @defer or @stream anywhere (kept per parsed document, which yoga caches). */
export function isIncremental(document: DocumentNode): boolean {
  const known = asking.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'defer' && node.name.value !== 'stream') return undefined;
      found = true;
      return BREAK;
    },
  });
  asking.set(document, found);
  return found;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Whether `path` leads to a field this value holds (the field itself may be null: it arrived, as null). */
function holds(value: unknown, path: ResponsePath): boolean {
  let at: unknown = value;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(at) || step >= at.length) return false;
      at = at[step];
    } else {
      if (!isRecord(at) || !(step in at)) return false;
      at = at[step];
    }
  }
  return true;
}

const startsWith = (path: ResponsePath, prefix: ResponsePath): boolean =>
  prefix.length <= path.length && prefix.every((step, i) => path[i] === step);

/** Whether a later payload's part delivers the field at `path`. */
function partHolds(part: IncrementalPart, path: ResponsePath): boolean {
  if (part.data !== undefined) return startsWith(path, part.path) && holds(part.data, path.slice(part.path.length));
  // A stream's part: its items continue the list at the index its path ends with.
  const first = part.path.at(-1);
  const list = part.path.slice(0, -1);
  if (typeof first !== 'number' || !part.items || !startsWith(path, list)) return false;
  const index = path[list.length];
  return typeof index === 'number' && index >= first && holds(part.items, [index - first, ...path.slice(list.length + 1)]);
}

/**
 * Places errors about fields into the payload that delivers those fields: the first payload's `errors`, or the
 * `errors` of the later part that holds the field. Those no part of this payload holds are answered as not placed,
 * for a later payload; the last payload (hasNext false) takes every one left, so none is dropped.
 */
export function placeErrors<T extends { path: ResponsePath }>(
  payload: IncrementalPayload,
  pending: readonly T[],
  asError: (entry: T) => GraphQLError,
): { payload: IncrementalPayload; placed: T[] } {
  const last = payload.hasNext !== true;
  const parts = payload.incremental;
  if (!parts) {
    const placed = pending.filter((entry) => last || holds(payload.data, entry.path));
    if (placed.length === 0) return { payload, placed };
    return { payload: { ...payload, errors: [...(payload.errors ?? []), ...placed.map(asError)] }, placed };
  }
  const placed: T[] = [];
  const withErrors = parts.map((part, index) => {
    const mine = pending.filter((entry) => !placed.includes(entry) && (partHolds(part, entry.path) || (last && index === parts.length - 1)));
    if (mine.length === 0) return part;
    placed.push(...mine);
    return { ...part, errors: [...(part.errors ?? []), ...mine.map(asError)] };
  });
  const unplaced = last ? pending.filter((entry) => !placed.includes(entry)) : [];
  if (placed.length === 0 && unplaced.length === 0) return { payload, placed };
  const next: IncrementalPayload = { ...payload, incremental: withErrors };
  // A last payload without parts to carry them: its own errors, rather than none.
  if (unplaced.length > 0) return { payload: { ...next, errors: [...(payload.errors ?? []), ...unplaced.map(asError)] }, placed: [...placed, ...unplaced] };
  return { payload: next, placed };
}
