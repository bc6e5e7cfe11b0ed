// A read made of independent parts of one backend (its clusters, say): all of them answered, or a PartialFailure
// with what those that answered gave and a failure per part that did not, so one part never hides the others.
import { BackendFailure, PartialFailure } from './errors.js';

export interface Part<T> {
  /** How the part is named in its failure's message, e.g. "cluster Msc1". */
  name: string;
  read: () => Promise<T[]>;
  /** The keys asked for that this part holds, in reads by key or under parents. */
  keys?: readonly string[];
}

const sameFailure = (a: BackendFailure, b: BackendFailure): boolean => a.message === b.message && a.code === b.code;

/**
 * Every part's records, in part order. When every part failed alike (the backend is down, the login is refused),
 * that one failure is the backend's and is thrown as it is; otherwise a PartialFailure names each failed part.
 * Anything other than a BackendFailure is a bug and is thrown as it is.
 */
export async function readParts<T>(backend: string, parts: readonly Part<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(parts.map((part) => part.read()));
  const records: T[] = [];
  const failed: { part: Part<T>; failure: BackendFailure }[] = [];
  settled.forEach((outcome, i) => {
    const part = parts[i];
    if (!part) return;
    if (outcome.status === 'fulfilled') records.push(...outcome.value);
    else if (outcome.reason instanceof BackendFailure) failed.push({ part, failure: outcome.reason });
    else throw outcome.reason;
  });
  const [first] = failed;
  if (!first) return records;
  if (failed.length === parts.length && failed.every(({ failure }) => sameFailure(failure, first.failure))) throw first.failure;
  const named = failed.map(({ part, failure }) => ({
    part,
    failure: new BackendFailure(failure.backend, `${part.name}: ${failure.message}`, failure.code, {
      backendCode: failure.backendCode,
      httpStatus: failure.httpStatus,
      raw: failure.raw && `${part.name}: ${failure.raw}`,
    }),
  }));
  const keyed = named.every(({ part }) => part.keys !== undefined)
    ? new Map(named.flatMap(({ part, failure }) => (part.keys ?? []).map((key): [string, BackendFailure] => [key, failure])))
    : null;
  throw new PartialFailure(backend, records, named.map(({ failure }) => failure), keyed);
}
