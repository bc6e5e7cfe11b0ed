import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vite would pick graphql's ESM build while yoga (loaded by Node) gets the CJS one: two realms, and
  // `instanceof GraphQLError` fails across them. One build for everyone.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real servers; two cores do best with files running two at a time.
    maxWorkers: 2,
  },
});
