// What a client is told of a backend failure: a network error in words, and a backend's own text without the
// addresses in it. The raw error (errno, address, URL) is the log's, never a client's (docs/errors.md).

/** What stands in a client's message where an address was. */
const ADDRESS = '<address>';

/**
 * What counts as an address, replaced by ADDRESS in every message a client sees: a URL (`scheme://…`); an IPv4
 * address, with its port if any; an IPv6 one (in brackets, or bare with `::`), with its port; `localhost`, with its
 * port; a dotted host name followed by a port (`db.internal:5432`). A dotted name without a port (`vm.name`) is not
 * one: backends' messages name fields that way.
 */
const ADDRESS_PATTERNS: readonly RegExp[] = [
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>()]*[^\s'"<>().,;:!?]/gi,
  /\[[0-9a-f:.%\w]*:[0-9a-f:.%\w]*\](?::\d{1,5})?/gi,
  /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g,
  /(?<![\w:])(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?(?![\w:])/gi,
  /\blocalhost(?::\d{1,5})?\b/gi,
  /\b(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*:\d{1,5}\b/gi,
];

/** The text with every address in it replaced by ADDRESS. */
export function withoutAddresses(text: string): string {
  return ADDRESS_PATTERNS.reduce((scrubbed, pattern) => scrubbed.replace(pattern, ADDRESS), text);
}

/** The errno-style code of a Node error (`ECONNREFUSED`, `CERT_HAS_EXPIRED`, …), if it has one. */
function errorCode(error: unknown): string | null {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : null;
}

const REFUSED = new Set(['ECONNREFUSED']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const NO_ROUTE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);

/** A failed connection in words: what happened, never where. */
export function networkWords(error: unknown): string {
  const code = errorCode(error) ?? '';
  const message = error instanceof Error ? error.message : '';
  if (REFUSED.has(code)) return 'the backend did not accept the connection';
  // Node's own word for a connection closed before any answer came.
  if (message === 'socket hang up') return 'the backend closed the connection without answering';
  if (RESET.has(code)) return 'the backend reset the connection';
  if (DNS.has(code)) return "the backend's host name could not be resolved (DNS)";
  if (NO_ROUTE.has(code)) return 'the network has no route to the backend';
  if (code === 'ETIMEDOUT') return 'connecting to the backend timed out';
  if (code.includes('CERT') || code.endsWith('_SIGNATURE') || code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return "the backend's TLS certificate was refused (not trusted, expired, or for another name)";
  }
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code === 'EPROTO') return 'the TLS handshake with the backend failed';
  if (code.startsWith('HPE_')) return 'the backend answered something that is not HTTP';
  return 'the connection to the backend failed';
}

/** The raw error as the log gets it: its code and Node's message (address and all). */
export function rawError(error: unknown): string {
  // A name with several addresses fails each (happy eyeballs): Node's AggregateError has an empty message.
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(rawError).join('; ');
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
