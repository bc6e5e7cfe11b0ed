// The Denvr wire schemas and mappers against every sample in contracts/denvr: the SDK fixtures and outputs, ABP's
// envelope references, and bodies built from the OpenAPI schemas in API-DOC.md (no real snapshot payload exists).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mapServer, mapSnapshot, powerStateOf, vmKeyOf } from '../src/connectors/denvr/connector.js';
import {
  bytesOf,
  dateOf,
  readWireError,
  unwrap,
  wireAuthenticateResult,
  wireCreateSnapshotRequest,
  wireEnvelope,
  wireListResult,
  wireServer,
  wireSnapshot,
  wireSnapshotCommandOutput,
  wireSnapshotList,
} from '../src/connectors/denvr/wire.js';
import { contractsDir } from './helpers/fixtures.js';

const folder = contractsDir('denvr');
const text = (file: string): string => readFileSync(new URL(file, folder), 'utf8');
const json = (file: string): unknown => JSON.parse(text(file));
/**
 * The SDK README outputs elide with `...` lines (one ends there): the lines are dropped, the commas left dangling
 * removed and the brackets left open closed, to get JSON back.
 */
function elided(file: string): unknown {
  const kept = text(file)
    .split('\n')
    .filter((line) => line.trim() !== '...')
    .join('\n')
    .replace(/,(\s*)($|[}\]])/g, '$1$2');
  const open: string[] = [];
  for (const char of kept) {
    if (char === '{' || char === '[') open.push(char === '{' ? '}' : ']');
    else if (char === '}' || char === ']') open.pop();
  }
  return JSON.parse(kept + open.reverse().join(''));
}

function parse<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`${file}: ${JSON.stringify(parsed.error.issues)}`);
  return parsed.data;
}

/** The payload of a sample through the envelope (or as a bare DTO), parsed. */
function payload<T>(schema: z.ZodType<T>, body: unknown, file: string): T {
  const unwrapped = unwrap(body);
  if (!unwrapped.ok) throw new Error(`${file}: an error envelope: ${unwrapped.message}`);
  return parse(schema, unwrapped.result, file);
}

// ---- the OpenAPI in API-DOC.md ----

const openApiSchema: z.ZodType<{ type?: string; nullable?: boolean; format?: string; $ref?: string; properties?: Record<string, OpenApiSchema>; items?: OpenApiSchema }> = z.lazy(() =>
  z.object({
    type: z.string().optional(),
    nullable: z.boolean().optional(),
    format: z.string().optional(),
    $ref: z.string().optional(),
    properties: z.record(z.string(), openApiSchema).optional(),
    items: openApiSchema.optional(),
  }),
);
type OpenApiSchema = z.infer<typeof openApiSchema>;
const openApiDoc = z.object({
  paths: z.record(z.string(), z.record(z.string(), z.object({ responses: z.record(z.string(), z.unknown()) }))),
  components: z.object({ schemas: z.record(z.string(), openApiSchema) }),
});

const docs = [...text('API-DOC.md').matchAll(/```json\n(.+?)\n```/gs)].map((m) => parse(openApiDoc, JSON.parse(m[1] ?? ''), 'API-DOC.md'));
const schemas: Record<string, OpenApiSchema> = Object.assign({}, ...docs.map((d) => d.components.schemas));

/** A value of an OpenAPI schema: every property filled (or null where nullable, when `nulls`). */
function sampleOf(schema: OpenApiSchema, nulls: boolean, name = 'x'): unknown {
  if (schema.$ref) {
    const target = schemas[schema.$ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`no schema ${schema.$ref}`);
    return sampleOf(target, nulls, name);
  }
  if (nulls && schema.nullable) return null;
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sampleOf(value, nulls, key)]));
    case 'array':
      return [sampleOf(schema.items ?? {}, nulls, name), sampleOf(schema.items ?? {}, nulls, name)];
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date-time') return '2025-03-01T08:00:00.1234567Z';
      return name === 'rootDiskSize' ? '100' : `${name}-value`;
    default:
      throw new Error(`no sample for ${JSON.stringify(schema)}`);
  }
}

/** The 2xx schema an operation of API-DOC answers. */
function responseSchema(path: string): OpenApiSchema {
  for (const doc of docs) {
    for (const operation of Object.values(doc.paths[path] ?? {})) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!status.startsWith('2')) continue;
        const content = z.object({ content: z.object({ 'application/json': z.object({ schema: openApiSchema }) }) }).parse(response);
        return content.content['application/json'].schema;
      }
    }
  }
  throw new Error(`no ${path} in API-DOC.md`);
}

const RESPONSES: Record<string, () => void> = {
  'POST_TokenAuth_Authenticate.sdk-test-fixture.response.json': () => {
    const file = 'POST_TokenAuth_Authenticate.sdk-test-fixture.response.json';
    expect(payload(wireAuthenticateResult, json(file), file)).toMatchObject({
      accessToken: 'access1',
      refreshToken: 'refresh',
      expireInSeconds: 600,
      refreshTokenExpireInSeconds: 3600,
    });
  },
  'GET_virtual_GetServer.sdk-output.elided.txt': () => {
    const file = 'GET_virtual_GetServer.sdk-output.elided.txt';
    const server = payload(wireServer, elided(file), file);
    expect(mapServer('dv', 'Hou1', server)).toMatchObject({
      key: vmKeyOf('Hou1', 'denvr', 'rofinn-intel-dev'),
      name: 'rofinn-intel-dev',
      powerState: 'RUNNING',
    });
  },
  // Not an endpoint the connector calls, but the same VirtualServerDetailsItem (status "na" right after create).
  'POST_virtual_CreateServer.sdk-output.json': () => {
    const file = 'POST_virtual_CreateServer.sdk-output.json';
    const server = payload(wireServer, json(file), file);
    expect(server.private_ip).toBe('172.16.0.84');
    expect(mapServer('dv', 'Msc1', server)).toMatchObject({ key: vmKeyOf('Hou1', 'denvr', 'api-test'), powerState: 'UNKNOWN' });
  },
  'ENVELOPE_success.sdk-test-fixture.json': () => {
    const body = json('ENVELOPE_success.sdk-test-fixture.json');
    parse(wireEnvelope, body, 'ENVELOPE_success');
    // success: true beside error {code: 0, message: ""} is no error.
    expect(unwrap(body)).toEqual({ ok: true, result: { data: 'foo' } });
  },
  'ABP_envelope_success.framework-doc.json': () => {
    const body = json('ABP_envelope_success.framework-doc.json');
    parse(wireEnvelope, body, 'ABP_envelope_success');
    expect(unwrap(body)).toEqual({ ok: true, result: { personId: 42 } });
  },
  'ABP_envelope_error.framework-doc.json': () => {
    const body = json('ABP_envelope_error.framework-doc.json');
    parse(wireEnvelope, body, 'ABP_envelope_error');
    expect(unwrap(body)).toEqual({ ok: false, code: null, message: 'An internal error occured during your request!: ...' });
    expect(readWireError(500, body)).toEqual({ code: null, message: 'An internal error occured during your request!: ...' });
  },
};

/** Samples of endpoints the connector does not call: they must still be ABP ListResultDtos or objects. */
const OTHER: Record<string, () => void> = {
  'GET_virtual_GetConfigurations.sdk-output.elided.txt': () => {
    expect(payload(wireListResult(z.object({ id: z.number() })), elided('GET_virtual_GetConfigurations.sdk-output.elided.txt'), 'GetConfigurations').items).toHaveLength(2);
  },
  'GET_virtual_GetConfigurations_unwrapped.sdk-test-fixture.response.json': () => {
    const file = 'GET_virtual_GetConfigurations_unwrapped.sdk-test-fixture.response.json';
    expect(payload(wireListResult(z.object({ id: z.number() })), json(file), file).items).toHaveLength(2);
  },
  'GET_applications_GetApplications.sdk-output.json': () => {
    const file = 'GET_applications_GetApplications.sdk-output.json';
    expect(payload(wireListResult(z.object({ id: z.string(), status: z.string() })), json(file), file).items[0]?.status).toBe('ONLINE');
  },
  'POST_applications_CreateCatalogApplication.sdk-output.json': () => {
    const file = 'POST_applications_CreateCatalogApplication.sdk-output.json';
    expect(payload(z.object({ id: z.string(), status: z.string().nullable() }), json(file), file).status).toBeNull();
  },
};

describe('every Denvr sample', () => {
  it('is covered by this test (a new sample must be added here)', () => {
    const covered = new Set([...Object.keys(RESPONSES), ...Object.keys(OTHER)]);
    const files = readdirSync(folder).filter((f) => f !== 'SOURCES.md' && f !== 'API-DOC.md');
    expect(files.filter((f) => !covered.has(f))).toEqual([]);
  });

  it.each(Object.entries(RESPONSES))('%s parses', (_file, check) => check());
  it.each(Object.entries(OTHER))('%s (an endpoint not used) is read the same way', (_file, check) => check());
});

describe('the OpenAPI of the snapshot endpoints (API-DOC.md)', () => {
  it('documents the four endpoints the connector uses', () => {
    expect(docs.flatMap((d) => Object.keys(d.paths)).sort()).toEqual([
      '/api/v1/servers/snapshots/CreateSnapshot',
      '/api/v1/servers/snapshots/DeleteSnapshot',
      '/api/v1/servers/snapshots/GetSnapshot',
      '/api/v1/servers/snapshots/GetSnapshots',
    ]);
  });

  it.each([true, false])('GetSnapshots / GetSnapshot / CreateSnapshot answers parse, bare and enveloped (nullable fields null: %s)', (nulls) => {
    const cases: [string, z.ZodType][] = [
      ['/api/v1/servers/snapshots/GetSnapshots', wireSnapshotList],
      ['/api/v1/servers/snapshots/GetSnapshot', wireSnapshot],
      ['/api/v1/servers/snapshots/CreateSnapshot', wireSnapshot],
      ['/api/v1/servers/snapshots/DeleteSnapshot', wireSnapshotCommandOutput],
    ];
    for (const [path, schema] of cases) {
      const body = sampleOf(responseSchema(path), nulls);
      // A null `id` cannot name a snapshot: the OpenAPI allows it, the connector rejects it.
      const named = nulls && schema !== wireSnapshotCommandOutput ? fillIds(body) : body;
      payload(schema, named, path);
      payload(schema, { result: named, success: true, error: null, targetUrl: null, unAuthorizedRequest: false, __abp: true }, path);
    }
  });

  it('maps a SnapshotDetailsItem: key from the cluster asked for, VM from sourceName, readyToUse false as CREATING', () => {
    const item = parse(wireSnapshot, sampleOf(responseSchema('/api/v1/servers/snapshots/GetSnapshot'), false), 'GetSnapshot');
    expect(mapSnapshot('dv', 'Hou1', item)).toMatchObject({
      key: JSON.stringify(['Hou1', 'namespace-value', 'id-value']),
      vmKey: vmKeyOf('Hou1', 'namespace-value', 'sourceName-value'),
      status: 'READY',
      createdAt: new Date('2025-03-01T08:00:00.123Z'),
      sizeBytes: 100 * 1024 ** 3,
    });
    expect(mapSnapshot('dv', 'Hou1', { ...item, readyToUse: false })?.status).toBe('CREATING');
    expect(mapSnapshot('dv', 'Hou1', { ...item, namespace: null })).toBeNull();
    expect(mapSnapshot('dv', 'Hou1', { ...item, namespace: null }, 'denvr')?.key).toBe(JSON.stringify(['Hou1', 'denvr', 'id-value']));
  });

  it('CreateSnapshotInput as the connector sends it parses with the OpenAPI requirements', () => {
    const sample = sampleOf(schemas.CreateSnapshotInput ?? {}, false);
    expect(parse(wireCreateSnapshotRequest, sample, 'CreateSnapshotInput')).toEqual(sample);
    expect(wireCreateSnapshotRequest.safeParse({ name: 'x', namespace: '', cluster: 'Hou1' }).success).toBe(false);
  });
});

describe('values', () => {
  it('reads .NET date-times with and without offsets', () => {
    expect(dateOf('2025-03-01T08:00:00.1234567Z')?.toISOString()).toBe('2025-03-01T08:00:00.123Z');
    expect(dateOf('2025-03-01T08:00:00')?.toISOString()).toBe('2025-03-01T08:00:00.000Z');
    expect(dateOf('2025-03-01T10:00:00+02:00')?.toISOString()).toBe('2025-03-01T08:00:00.000Z');
    expect(dateOf('yesterday')).toBeNull();
  });

  it('reads rootDiskSize strings', () => {
    expect([bytesOf('100'), bytesOf('100Gi'), bytesOf('1.5Ti'), bytesOf('20 GB'), bytesOf(''), bytesOf('big'), bytesOf(null)]).toEqual([
      100 * 1024 ** 3,
      100 * 1024 ** 3,
      1.5 * 1024 ** 4,
      20e9,
      null,
      null,
      null,
    ]);
  });

  it('maps the documented statuses', () => {
    expect(powerStateOf('ONLINE')).toBe('RUNNING');
    expect(powerStateOf('OFFLINE')).toBe('STOPPED');
  });
});

/** Gives every null `id` of a sample a value. */
function fillIds(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(fillIds);
  if (typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, key === 'id' && value === null ? 'named' : fillIds(value)]));
}
