// A backend's credentials and settings, read with its module's schemas: a mistake stops the gateway at start with
// one line naming the backend and what its kind needs (never a credential's value).
import { z } from 'zod';

/** How a backend module describes its credentials or settings: the schema, and what it needs, in words. */
export interface OptionsSpec<T> {
  schema: z.ZodType<T>;
  /** One line, e.g. "Denvr credentials need a username (or email address) and a password". */
  needs: string;
}

export type NoSettings = Record<string, never>;
export type NoCredentials = Record<string, never>;

/** For a backend that takes no credentials: none may be given. */
export const NO_CREDENTIALS: OptionsSpec<NoCredentials> = { schema: z.object({}).strict().transform(() => ({})), needs: 'takes no credentials' };

/** For a backend that takes no settings: whatever is given is not used. */
export const NO_SETTINGS: OptionsSpec<NoSettings> = { schema: z.object({}).transform(() => ({})), needs: 'no settings' };

export function readCredentials<T>(backend: string, spec: OptionsSpec<T>, raw: Record<string, string>): T {
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) throw new Error(`backend ${backend}: ${spec.needs}`);
  return parsed.data;
}

/** Settings name the field at fault, since they are not secret: `backend dv: settings.clusters: … (what they need)`. */
export function readSettings<T>(backend: string, spec: OptionsSpec<T>, raw: Record<string, unknown>): T {
  const parsed = spec.schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? `settings.${issue.path.join('.')}` : 'settings';
  throw new Error(`backend ${backend}: ${field}: ${issue?.message ?? 'invalid'} (${spec.needs})`);
}
