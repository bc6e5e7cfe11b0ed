// Persisted documents: Apollo's automatic persisted queries (a client sends a document's sha256 alone, and the
// document once when the gateway does not know it yet) and trusted documents (an allowlist, e.g. the
// persisted-documents.json GraphQL Code Generator's client preset writes; with `only`, nothing else runs).
// Built on yoga's persisted-operations plugin; docs/persisted-documents.md.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { z } from 'zod';

export interface PersistedDocumentsSettings {
  /** Trusted documents by their sha256 (hex): what `documentId` or a persisted-query hash may name. */
  trusted: ReadonlyMap<string, string>;
  /** Run trusted documents only: any document sent in full is refused (APQ registration too). */
  only: boolean;
  /** Learn documents sent with their hash (Apollo's APQ), for later requests that send the hash alone. */
  apq: boolean;
}

export const DEFAULT_PERSISTED_DOCUMENTS: PersistedDocumentsSettings = { trusted: new Map(), only: false, apq: true };

/** How many documents APQ keeps, least recently registered first out. */
const APQ_ENTRIES = 10_000;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const persistedQuerySchema = z.object({ version: z.literal(1), sha256Hash: z.string().regex(/^[a-f0-9]{64}$/) });

/** The allowlist file: sha256 -> document, as the client preset's persisted-documents.json holds it ("sha256:<hex>"). */
const allowlistSchema = z.record(z.string().regex(/^(sha256:)?[a-f0-9]{64}$/, 'keys must be sha256 hashes (64 hex digits, sha256: before them or not)'), z.string().min(1));

/**
 * An allowlist's entries, checked: a document whose key is not its sha256 is refused, so the list cannot lie about
 * one. Each is known by its key as written (what the client preset's documents send as documentId) and by the bare
 * hash (APQ's). `source` names the list in the refusal.
 */
export function trustedDocumentsOf(entries: unknown, source: string): Map<string, string> {
  const parsed = allowlistSchema.safeParse(entries);
  if (!parsed.success) throw new Error(`${source}: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const trusted = new Map<string, string>();
  for (const [key, document] of Object.entries(parsed.data)) {
    const hash = key.replace(/^sha256:/, '');
    if (sha256(document) !== hash) throw new Error(`${source}: the document under ${key.slice(0, 19)}… does not hash to its key`);
    trusted.set(key, document).set(hash, document);
  }
  return trusted;
}

/** Reads an allowlist file (trustedDocumentsOf). */
export async function readTrustedDocuments(path: string): Promise<Map<string, string>> {
  return trustedDocumentsOf(JSON.parse(await readFile(path, 'utf8')), path);
}

/** The persisted document a request names: `documentId` (trusted documents' way) or APQ's extension. */
function idOf(params: GraphQLParams): string | null {
  if ('documentId' in params && typeof params.documentId === 'string') return params.documentId;
  const persisted = persistedQuerySchema.safeParse(params.extensions?.persistedQuery);
  return persisted.success ? persisted.data.sha256Hash : null;
}

const NOT_FOUND = { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } };
const ONLY = {
  message: 'This gateway runs trusted documents only: send the documentId of one (docs/persisted-documents.md)',
  extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
};

/** A graphql-ws subscribe's payload, as far as persisted documents go. */
interface SocketPayload {
  query: string;
  extensions?: Record<string, unknown> | null;
}

/** The documents a gateway knows by hash (trusted, and learnt by APQ), for HTTP (a yoga plugin) and graphql-ws alike. */
export class PersistedDocuments {
  private readonly learnt = new Map<string, string>();
  private readonly learning: boolean;

  constructor(private readonly settings: PersistedDocumentsSettings) {
    this.learning = settings.apq && !settings.only;
  }

  private lookup(id: string): string | null {
    return this.settings.trusted.get(id) ?? (this.learning ? this.learnt.get(id) : undefined) ?? null;
  }

  /** Keeps a document sent in full with its APQ hash, once the hash is checked. */
  private learn(query: string, extensions: Record<string, unknown> | null | undefined): void {
    if (!this.learning || !query) return;
    const persisted = persistedQuerySchema.safeParse(extensions?.persistedQuery);
    if (!persisted.success) return;
    if (sha256(query) !== persisted.data.sha256Hash) {
      throw createGraphQLError('provided sha does not match query', { extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH', http: { status: 400 } } });
    }
    this.learnt.delete(persisted.data.sha256Hash);
    this.learnt.set(persisted.data.sha256Hash, query);
    for (const oldest of this.learnt.keys()) {
      if (this.learnt.size <= APQ_ENTRIES) break;
      this.learnt.delete(oldest);
    }
  }

  /**
   * The document a graphql-ws subscribe runs: the one its `extensions.persistedQuery` names (the query left empty),
   * or the query sent in full, which trusted-only mode refuses there as over HTTP.
   */
  socketDocument(payload: SocketPayload): string | GraphQLError {
    try {
      this.learn(payload.query, payload.extensions);
    } catch (error) {
      if (error instanceof GraphQLError) return error;
      throw error;
    }
    const persisted = persistedQuerySchema.safeParse(payload.extensions?.persistedQuery);
    if (persisted.success && !payload.query) return this.lookup(persisted.data.sha256Hash) ?? createGraphQLError(NOT_FOUND.message, { extensions: NOT_FOUND.extensions });
    if (this.settings.only) return createGraphQLError(ONLY.message, { extensions: ONLY.extensions });
    return payload.query;
  }

  plugins(): Plugin[] {
    const register: Plugin = {
      onParams: ({ params }) => this.learn(params.query ?? '', params.extensions),
    };
    const lookup = usePersistedOperations({
      allowArbitraryOperations: !this.settings.only,
      extractPersistedOperationId: idOf,
      getPersistedOperation: (id) => this.lookup(id),
      customErrors: {
        // The message and code Apollo's persisted-queries link looks for before it sends the document in full.
        notFound: NOT_FOUND,
        keyNotFound: { message: 'Must provide a query, or a documentId of a trusted document', extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
        persistedQueryOnly: ONLY,
      },
    });
    return [register, lookup];
  }
}
