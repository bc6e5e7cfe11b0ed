// Composite backend keys (a VM name and a snapshot name, say) packed into one string, unambiguously.
import { z } from 'zod';

const parts = z.array(z.string());

export function joinKey(...segments: string[]): string {
  return JSON.stringify(segments);
}

/** The segments of a key made by joinKey, or null when it is not one with `count` segments. */
export function splitKey(key: string, count: number): string[] | null {
  let value: unknown;
  try {
    value = JSON.parse(key);
  } catch {
    return null;
  }
  const parsed = parts.safeParse(value);
  return parsed.success && parsed.data.length === count ? parsed.data : null;
}

/** Records in the order of `keys`, null where none has that key: the shape every batch read answers in. */
export function inKeyOrder<T extends { key: string }>(keys: readonly string[], records: Iterable<T>): (T | null)[] {
  const byKey = new Map<string, T>();
  for (const record of records) byKey.set(record.key, record);
  return keys.map((key) => byKey.get(key) ?? null);
}

/** A batch read answered from a whole listing: none at all when no key is asked for. */
export async function byKeys<T extends { key: string }>(keys: readonly string[], list: () => Promise<T[]>): Promise<(T | null)[]> {
  return keys.length === 0 ? [] : inKeyOrder(keys, await list());
}

/** The records of a whole listing that belong to these VMs. */
export async function underVMs<T extends { vmKey: string | null }>(vmKeys: readonly string[], list: () => Promise<T[]>): Promise<T[]> {
  if (vmKeys.length === 0) return [];
  const wanted = new Set(vmKeys);
  return (await list()).filter((record) => record.vmKey !== null && wanted.has(record.vmKey));
}
