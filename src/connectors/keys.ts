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
