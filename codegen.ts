// Prints the Pothos schema to schema/schema.graphql (committed), and generates the typed documents of the tests
// (test/gql/) and of the progress UI (src/ui/client/gql/: documents as strings, so the browser needs no graphql-js).
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { schema } from './src/graphql/schema.js';

const typedDocuments = {
  scalars: { DateTime: 'string', ID: 'string' },
  useTypeImports: true,
  enumsAsTypes: true,
};

const config: CodegenConfig = {
  schema: printSchema(schema),
  importExtension: '.js',
  ignoreNoDocuments: true,
  generates: {
    'schema/schema.graphql': { plugins: ['schema-ast'] },
    'test/gql/': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: typedDocuments,
    },
    'src/ui/client/gql/': {
      documents: ['src/ui/client/**/*.ts', '!src/ui/client/gql/**'],
      preset: 'client',
      // The gateway trusts these (persisted-documents.json) wherever it serves the UI, trusted-only mode included.
      presetConfig: { fragmentMasking: false, persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' } },
      config: { ...typedDocuments, documentMode: 'string' },
    },
  },
};

export default config;
