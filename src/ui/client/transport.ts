// How the page talks to the gateway: queries and mutations over HTTP POST on /graphql, subscriptions over
// graphql-ws on the same path, each document named by its hash; both carry the token the person entered, if any.
import { createClient, type Client } from 'graphql-ws/client';
import type { TypedDocumentString } from './gql/graphql.js';

/** An answer that carried GraphQL errors (or none at all): the codes and messages, as the gateway gave them. */
export class GatewayError extends Error {
  constructor(
    message: string,
    /** extensions.code of the first error, where it has one (UNAUTHENTICATED, BAD_USER_INPUT, …). */
    readonly code: string | null,
  ) {
    super(message);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The errors of a GraphQL answer as one GatewayError, or null when it has none. */
function errorsOf(body: Record<string, unknown>): GatewayError | null {
  if (!Array.isArray(body.errors) || body.errors.length === 0) return null;
  const errors = body.errors.filter(isRecord);
  const message = errors.map((e) => (typeof e.message === 'string' ? e.message : 'unknown error')).join('; ');
  const extensions = errors[0]?.extensions;
  const code = isRecord(extensions) && typeof extensions.code === 'string' ? extensions.code : null;
  return new GatewayError(message || 'the gateway answered an error', code);
}

/** An answer with data: the errors of the parts that failed beside it (null when none did). */
interface Answer<R> {
  data: R;
  errors: GatewayError | null;
}

interface Connection {
  /** Runs a query or mutation: its data with the errors beside it (a failing backend's part); a GatewayError without data. */
  request<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<Answer<R>>;
  /** Follows a subscription until stopped; answers the function that stops it. */
  subscribe<R, V>(document: TypedDocumentString<R, V>, variables: V, sink: { next(data: R): void; error(error: GatewayError): void }): () => void;
  /** Drops the socket (a new token, say); subscriptions made after this open a new one. */
  reconnect(): void;
  /** Told whenever the socket opens or closes. */
  onSocket(listener: (open: boolean) => void): void;
}

/** The document's sha256 as codegen embedded it ("sha256:<hex>"): the gateway that serves the UI trusts it. */
function hashOf<R, V>(document: TypedDocumentString<R, V>): string {
  const hash: unknown = document.__meta__?.hash;
  if (typeof hash !== 'string' || !hash.startsWith('sha256:')) throw new Error('a UI document has no hash: run npm run codegen');
  return hash;
}

export function connect(endpoint: URL, token: () => string): Connection {
  const socketListeners: ((open: boolean) => void)[] = [];
  const tell = (open: boolean) => socketListeners.forEach((listener) => listener(open));
  const authorization = (): Record<string, string> => (token() ? { authorization: `Bearer ${token()}` } : {});
  const openClient = (): Client =>
    createClient({
      url: endpoint.href.replace(/^http/, 'ws'),
      connectionParams: authorization,
      // A gateway restarting or a network blip: keep trying, the subscriptions resume once it answers.
      retryAttempts: Infinity,
      shouldRetry: () => true,
      on: { connected: () => tell(true), closed: () => tell(false) },
    });
  let client = openClient();

  return {
    async request<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<Answer<R>> {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...authorization() },
        // By hash, not in full: so the UI runs on a gateway in trusted-only mode too (docs/persisted-documents.md).
        body: JSON.stringify({ documentId: hashOf(document), variables }),
      });
      const body: unknown = await response.json().catch(() => null);
      if (!isRecord(body)) throw new GatewayError(`the gateway answered HTTP ${response.status} without a GraphQL answer`, null);
      const errors = errorsOf(body);
      if (!isRecord(body.data)) throw errors ?? new GatewayError('the gateway answered no data', null);
      // The gateway checked the answer against the schema the document was typed with (codegen), as every typed client trusts.
      return { data: body.data as R, errors };
    },
    subscribe<R, V>(document: TypedDocumentString<R, V>, variables: V, sink: { next(data: R): void; error(error: GatewayError): void }) {
      return client.subscribe<R>(
        {
          query: '',
          variables: isRecord(variables) ? variables : {},
          extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(document).slice('sha256:'.length) } },
        },
        {
          next: (value) => {
            const failed = value.errors?.length ? new GatewayError(value.errors.map((e) => e.message).join('; '), null) : null;
            if (failed) sink.error(failed);
            else if (value.data) sink.next(value.data);
          },
          error: (error) => sink.error(new GatewayError(error instanceof Error ? error.message : 'the subscription failed', null)),
          complete: () => {},
        },
      );
    },
    reconnect() {
      void client.dispose();
      client = openClient();
    },
    onSocket(listener) {
      socketListeners.push(listener);
    },
  };
}
