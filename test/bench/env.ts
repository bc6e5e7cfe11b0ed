// A bench's settings from the environment, checked with zod: a wrong value is one line naming it, and exit 2.
import type { z } from 'zod';

export function benchEnv<S extends z.ZodType>(schema: S): z.output<S> {
  const parsed = schema.safeParse(process.env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  console.error(`bench: env.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  process.exit(2);
}
