// Where the tests read the backends' real samples and the target schema: copies kept in test/fixtures/ so a
// clone alone can run `npm test`; test/fixtures.test.ts checks them against ../shared whenever it is there.
export const FIXTURES = new URL('../fixtures/', import.meta.url);
export const SHARED = new URL('../../../shared/', import.meta.url);

/** The folder of one system's contract samples, e.g. contractsDir('libvirt-rest'). */
export const contractsDir = (system: string): URL => new URL(`contracts/${system}/`, FIXTURES);

export const targetSchemaFile = new URL('schema-target.graphql', FIXTURES);
