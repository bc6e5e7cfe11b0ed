// The progress UI's own documents, which a gateway serving the UI trusts (so the UI works in trusted-only mode);
// codegen writes them beside the UI's typed documents, and the UI names them by hash.
import entries from './client/gql/persisted-documents.json' with { type: 'json' };
import { trustedDocumentsOf } from '../graphql/persistedDocuments.js';

export const UI_DOCUMENTS: ReadonlyMap<string, string> = trustedDocumentsOf(entries, "the progress UI's persisted-documents.json");
