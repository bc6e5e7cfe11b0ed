// Where a request's credential is: the Authorization header over HTTP and SSE, and the graphql-ws
// connectionParams (`authorization: "Bearer …"`, or `token: "…"`) over WebSocket.

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The `Bearer …` credential of connectionParams, however a client spelled it. */
export function fromConnectionParams(params: unknown): string | null {
  if (!isRecord(params)) return null;
  for (const name of ['authorization', 'Authorization']) {
    const value = params[name];
    if (typeof value === 'string') return value;
  }
  const headers = params.headers;
  if (isRecord(headers)) return fromConnectionParams(headers);
  return typeof params.token === 'string' ? `Bearer ${params.token}` : null;
}

const headerValue = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The credential of yoga's initial context: an HTTP request's Authorization header, or, for a graphql-ws
 * operation (whose context carries the socket's connectionParams and no request), its connectionParams.
 */
export function credentialOf(initial: unknown): string | null {
  if (!isRecord(initial)) return null;
  if ('connectionParams' in initial) return fromConnectionParams(initial.connectionParams);
  // Yoga's Request may be its fetch ponyfill's, not the global class: ask for the headers, not the class.
  const request = initial.request;
  if (!isRecord(request) || !isRecord(request.headers)) return null;
  const headers = request.headers;
  return 'get' in headers && typeof headers.get === 'function' ? headerValue(headers.get('authorization')) : null;
}
