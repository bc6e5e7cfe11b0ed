// The browser settings of the config's `http` section: which other origins' pages may call the gateway (CORS), and
// whether POSTs a page could send cross-site without a preflight are refused (CSRF prevention). See docs/browsers.md.
import { z } from 'zod';

/** An origin as browsers send it in `Origin`: `http(s)://host[:port]`, kept in the form they send (lower case, no default port). */
const originSchema = z
  .string()
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    return (url.protocol === 'http:' || url.protocol === 'https:') && bare;
  }, 'must be an origin: http(s)://host[:port], without a path, query or credentials')
  .transform((value) => new URL(value).origin);

export const corsSchema = z
  .object({
    /** The other origins whose pages may call; none by default (`*` is no origin: list each one). */
    origins: z.array(originSchema).max(1000).default([]),
    /** Whether their pages may send cookies and HTTP auth (Access-Control-Allow-Credentials); a Bearer token needs no credentials. */
    credentials: z.boolean().default(false),
    /** How long a browser may keep a preflight's answer (Chromium keeps at most 7200). */
    maxAgeSeconds: z.number().int().min(0).max(86_400).default(600),
  })
  .strict();

export type CorsConfig = z.output<typeof corsSchema>;

export const DEFAULT_CORS: CorsConfig = { origins: [], credentials: false, maxAgeSeconds: 600 };
