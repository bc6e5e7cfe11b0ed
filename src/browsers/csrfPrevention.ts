// CSRF prevention, the rule of Apollo Server and yoga's csrf plugin: a POST that a page on any origin could send
// without a CORS preflight (a form: urlencoded, multipart or text/plain; or no content type) is refused before it is
// parsed or authenticated, unless it carries a header only a script can set, which forces the preflight.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The content types a page may send to another origin without a preflight (the fetch spec's CORS-safelisted ones). */
const SIMPLE_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** Any of these, non-empty, says a script sent the request, so a browser asked the CORS allowlist first. */
export const CSRF_HEADERS = ['x-graphql-csrf', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-graphql-yoga-csrf'];

/** The media type of a Content-Type as yoga reads it: the first of a list, without parameters, in lower case. */
const mediaTypeOf = (header: string | null): string => (header ?? '').split(',')[0]?.split(';')[0]?.trim().toLowerCase() ?? '';

export const CSRF_MESSAGE =
  'This request has been blocked as a possible cross-site request forgery (CSRF): send it with ' +
  `Content-Type: application/json, or with a non-empty ${CSRF_HEADERS[0]} header`;

/** Whether a browser could have sent this request from a page on another origin without asking first. */
function unpreflighted(request: Request): boolean {
  // A GET runs only queries and subscriptions (yoga refuses mutations over GET), and reads are what CORS guards.
  if (request.method !== 'POST') return false;
  const type = mediaTypeOf(request.headers.get('content-type'));
  if (type !== '' && !SIMPLE_CONTENT_TYPES.has(type)) return false;
  return !CSRF_HEADERS.some((name) => (request.headers.get(name) ?? '') !== '');
}

export function useCsrfPrevention(): Plugin {
  return {
    onRequestParse({ request }) {
      if (unpreflighted(request)) {
        throw new GraphQLError(CSRF_MESSAGE, { extensions: { code: 'CSRF_PREVENTED', http: { status: 400 } } });
      }
    },
  };
}
