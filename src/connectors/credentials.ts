// A backend's credentials, read with its connector's schema: a mistake stops the gateway at start with one line
// naming the backend and what its kind needs (never the values).
import type { z } from 'zod';

export function readCredentials<S extends z.ZodType>(backend: string, schema: S, raw: Record<string, string>, needs: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`backend ${backend}: ${needs}`);
  return parsed.data;
}
