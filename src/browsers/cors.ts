// yoga's CORS answers, from the allowlist: a listed origin gets the Access-Control-* headers on its preflight and
// its answers; any other gets none, so its pages can send no preflighted request and read no answer.
import type { Plugin } from 'graphql-yoga';
import type { CorsConfig } from './config.js';
import { CSRF_HEADERS } from './csrfPrevention.js';
import type { OriginPolicy } from './origins.js';

/** What a listed origin's pages may send and read, beyond what browsers allow without asking. */
const ALLOWED_HEADERS = ['content-type', 'authorization', 'x-request-id', ...CSRF_HEADERS];
/** x-request-id names the request in the gateway's logs; Retry-After comes with a 429. */
const EXPOSED_HEADERS = ['x-request-id', 'retry-after'];

/** The shape yoga's `cors` option takes (whatwg-node's CORSOptions); `false`: no CORS headers at all. */
type CorsAnswer =
  | { origin: string[]; methods: string[]; allowedHeaders: string[]; exposedHeaders: string[]; credentials: boolean; maxAge: number }
  | false;

/** yoga's `cors` option: per request, the headers for its Origin if listed, none otherwise. */
export function corsAnswers(origins: OriginPolicy, config: CorsConfig): (request: Request) => CorsAnswer {
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origins.lists(origin)) return false;
    return {
      // One origin, the caller's: yoga answers it as Access-Control-Allow-Origin.
      origin: [origin],
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      credentials: config.credentials,
      maxAge: config.maxAgeSeconds,
    };
  };
}

/** With origins listed, answers differ by Origin: caches must keep them apart. */
export function useVaryOrigin(): Plugin {
  return {
    onResponse({ response }) {
      response.headers.append('vary', 'Origin');
    },
  };
}
