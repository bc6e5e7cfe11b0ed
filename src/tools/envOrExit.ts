// A command-line tool's settings from the environment, checked with zod: a wrong value is one line naming it
// (`lab: env.LAB_SCALE: …`), and exit 2.
import type { z } from 'zod';

export function envOrExit<S extends z.ZodType>(tool: string, schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  console.error(`${tool}: env.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  process.exit(2);
}
