// The comparison server: plain yoga + a minimal Pothos schema shaped like the dashboard query, answering the
// response the gateway produced once, from memory. What is left of the gateway's time over this is its own cost.
import { createServer } from 'node:http';
import SchemaBuilder from '@pothos/core';
import { createYoga } from 'graphql-yoga';
import { z } from 'zod';
import { BACKEND_KINDS } from '../../src/connectors/registry.js';
import { POWER_STATES } from '../../src/domain/model.js';

// ---- the remembered response, parsed (strictly, so a response with errors or extra fields is refused) ----

interface PlainSnapshot {
  id: string;
  name: string;
  createdAt?: string | null | undefined;
  isCurrent?: boolean | undefined;
  parent?: PlainSnapshot | null | undefined;
  children?: PlainSnapshot[] | undefined;
}

// One snapshot shape for every place a snapshot appears; each place selects its own subset of fields.
const snapshotSchema: z.ZodType<PlainSnapshot> = z.lazy(() =>
  z
    .object({
      id: z.string(),
      name: z.string(),
      createdAt: z.string().nullable().optional(),
      isCurrent: z.boolean().optional(),
      parent: snapshotSchema.nullable().optional(),
      children: z.array(snapshotSchema).optional(),
    })
    .strict(),
);

const snapshotConnectionSchema = z
  .object({ totalCount: z.number().int().optional(), edges: z.array(z.object({ node: snapshotSchema }).strict()) })
  .strict();

const driveSchema = z
  .object({ id: z.string(), name: z.string(), sizeBytes: z.number().nullable(), snapshots: snapshotConnectionSchema })
  .strict();

const vmSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    powerState: z.enum(POWER_STATES),
    backend: z.object({ name: z.string(), kind: z.enum(BACKEND_KINDS) }).strict(),
    drives: z.array(driveSchema),
    currentSnapshot: snapshotSchema.nullable(),
    snapshotTree: z.array(snapshotSchema),
    snapshots: snapshotConnectionSchema,
  })
  .strict();

const vmConnectionSchema = z
  .object({ totalCount: z.number().int(), edges: z.array(z.object({ node: vmSchema }).strict()) })
  .strict();

/** The gateway's answers say how fresh they are (docs/freshness.md); the plain server's do not. */
const freshnessSchema = z.object({ freshness: z.object({ asOf: z.string(), ageMs: z.number() }).strict() }).strict();

const dashboardResponseSchema = z.object({ data: z.object({ vms: vmConnectionSchema }).strict(), extensions: freshnessSchema.optional() }).strict();

type SnapshotConnection = z.output<typeof snapshotConnectionSchema>;
type Drive = z.output<typeof driveSchema>;
type VM = z.output<typeof vmSchema>;
type VMConnection = z.output<typeof vmConnectionSchema>;

export type DashboardResponse = z.output<typeof dashboardResponseSchema>;

/** Parses a dashboard response body; throws on errors, missing data or a shape the dashboard query cannot produce. */
export function parseDashboardResponse(text: string): DashboardResponse {
  const parsed = dashboardResponseSchema.safeParse(JSON.parse(text));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`not a clean dashboard response: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
}

// ---- the schema ----

/** A field the remembered response lacks was not in the query it answered; asking for it is a bench bug. */
function present<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new Error(`the remembered response has no ${field}`);
  return value;
}

/** Honours `first` like a real connection would (a slice per request, as the gateway pages its lists). */
function page<C extends { edges: unknown[] }>(connection: C, first: number | null | undefined): C {
  return { ...connection, edges: connection.edges.slice(0, first ?? 50) };
}

export function buildPlainSchema(response: DashboardResponse) {
  const builder = new SchemaBuilder<{
    DefaultFieldNullability: false;
    Scalars: { DateTime: { Input: string; Output: string }; ID: { Input: string; Output: string } };
  }>({
    defaultFieldNullability: false,
    // The gateway's scope-auth plugin makes this option required for every builder in the program; unused here.
    scopeAuth: { authScopes: () => ({}) },
  });

  builder.scalarType('DateTime', {
    serialize: (value) => value,
    parseValue: (value) => {
      if (typeof value !== 'string') throw new Error('DateTime must be a string');
      return value;
    },
  });
  const PowerStateEnum = builder.enumType('PowerState', { values: POWER_STATES });
  const BackendKindEnum = builder.enumType('BackendKind', { values: BACKEND_KINDS });

  const SnapshotRef = builder.objectRef<PlainSnapshot>('Snapshot');
  SnapshotRef.implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => present(s.createdAt, 'Snapshot.createdAt') }),
      isCurrent: t.boolean({ resolve: (s) => present(s.isCurrent, 'Snapshot.isCurrent') }),
      parent: t.field({ type: SnapshotRef, nullable: true, resolve: (s) => present(s.parent, 'Snapshot.parent') }),
      children: t.field({ type: [SnapshotRef], resolve: (s) => present(s.children, 'Snapshot.children') }),
    }),
  });

  const SnapshotEdgeRef = builder.objectRef<{ node: PlainSnapshot }>('SnapshotEdge').implement({
    fields: (t) => ({ node: t.expose('node', { type: SnapshotRef }) }),
  });
  const SnapshotConnectionRef = builder.objectRef<SnapshotConnection>('SnapshotConnection').implement({
    fields: (t) => ({
      totalCount: t.int({ resolve: (c) => present(c.totalCount, 'SnapshotConnection.totalCount') }),
      edges: t.field({ type: [SnapshotEdgeRef], resolve: (c) => c.edges }),
    }),
  });

  const BackendRef = builder.objectRef<VM['backend']>('Backend').implement({
    fields: (t) => ({
      name: t.exposeString('name'),
      kind: t.field({ type: BackendKindEnum, resolve: (b) => b.kind }),
    }),
  });

  const DriveRef = builder.objectRef<Drive>('Drive').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      sizeBytes: t.exposeFloat('sizeBytes', { nullable: true }),
      snapshots: t.field({
        type: SnapshotConnectionRef,
        args: { first: t.arg.int() },
        resolve: (d, args) => page(d.snapshots, args.first),
      }),
    }),
  });

  const VMRef = builder.objectRef<VM>('VM').implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      powerState: t.field({ type: PowerStateEnum, resolve: (vm) => vm.powerState }),
      backend: t.field({ type: BackendRef, resolve: (vm) => vm.backend }),
      drives: t.field({ type: [DriveRef], resolve: (vm) => vm.drives }),
      currentSnapshot: t.field({ type: SnapshotRef, nullable: true, resolve: (vm) => vm.currentSnapshot }),
      snapshotTree: t.field({ type: [SnapshotRef], resolve: (vm) => vm.snapshotTree }),
      snapshots: t.field({
        type: SnapshotConnectionRef,
        args: { first: t.arg.int() },
        resolve: (vm, args) => page(vm.snapshots, args.first),
      }),
    }),
  });

  const VMEdgeRef = builder.objectRef<{ node: VM }>('VMEdge').implement({
    fields: (t) => ({ node: t.expose('node', { type: VMRef }) }),
  });
  const VMConnectionRef = builder.objectRef<VMConnection>('VMConnection').implement({
    fields: (t) => ({
      totalCount: t.exposeInt('totalCount'),
      edges: t.field({ type: [VMEdgeRef], resolve: (c) => c.edges }),
    }),
  });

  builder.queryType({
    fields: (t) => ({
      vms: t.field({
        type: VMConnectionRef,
        args: { first: t.arg.int() },
        resolve: (_root, args) => page(response.data.vms, args.first),
      }),
    }),
  });

  return builder.toSchema();
}

export interface PlainServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the remembered response on POST /graphql through yoga, with yoga's defaults (no jit, no extra plugins). */
export async function startPlainServer(responseText: string, port: number, host: string): Promise<PlainServer> {
  const yoga = createYoga({
    schema: buildPlainSchema(parseDashboardResponse(responseText)),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
  });
  const server = createServer((req, res) => void yoga(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('plain server is not on a TCP port');
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
