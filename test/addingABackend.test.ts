// One folder and one line: a throwaway backend (test/fixtures/throwaway-backend) copied into a copy of src/ as
// connectors/toy/ and registered in registry.ts alone; the copy type-checks, and its gateway serves the new backend
// beside the five, over its lab simulator, as a user starts it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withoutRedis } from './helpers/gateway.js';
import { until } from './helpers/logs.js';

const project = new URL('..', import.meta.url).pathname;
let copy = '';
let child: ChildProcess | undefined;

/** The registration: an import and the backend's place in the list; nothing else in the copy changes. */
function register(registry: string): string {
  const withImport = registry.replace(/(import \{ manageiq \} from '\.\/manageiq\/backend\.js';\n)/, "$1import { toy } from './toy/backend.js';\n");
  return withImport.replace('] as const', ', toy] as const');
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'gateway-new-backend-'));
  cpSync(join(project, 'src'), join(copy, 'src'), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json']) cpSync(join(project, file), join(copy, file));
  symlinkSync(join(project, 'node_modules'), join(copy, 'node_modules'));
  cpSync(join(project, 'test/fixtures/throwaway-backend'), join(copy, 'src/connectors/toy'), { recursive: true });
  const registry = join(copy, 'src/connectors/registry.ts');
  const before = readFileSync(registry, 'utf8');
  const after = register(before);
  expect(after.split('\n').length - before.split('\n').length, 'one import line').toBe(1);
  writeFileSync(registry, after);
});

afterAll(() => {
  child?.kill('SIGKILL');
  if (copy) rmSync(copy, { recursive: true, force: true });
});

const json = z.object({ data: z.record(z.string(), z.unknown()).nullable().optional(), errors: z.array(z.object({ message: z.string() })).optional() });

async function ask(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = json.parse(await response.json());
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data ?? {};
}

/** Starts the copy's gateway as `npm start` would run it without building: the lab, every simulator of its registry. */
function startCopy(): Promise<string> {
  const started = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: copy,
    env: { ...withoutRedis(), PORT: '0', ADMIN_PORT: 'off', LAB_OP_MS: '0', LAB_TOY_VMS: '2', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  return new Promise((resolve, reject) => {
    let out = '';
    started.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /^Snapshot gateway on (http:\/\/\S+)$/m.exec(out)?.[1];
      if (url) resolve(url);
    });
    started.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    started.once('exit', (code) => reject(new Error(`the copy exited with ${code} before listening:\n${out}`)));
  });
}

const backends = z.object({
  backends: z.array(
    z.object({ id: z.string(), name: z.string(), kind: z.string(), health: z.object({ status: z.string() }), capabilities: z.record(z.string(), z.boolean()) }),
  ),
});
const vms = z.object({ vms: z.object({ edges: z.array(z.object({ node: z.object({ id: z.string(), name: z.string() }) })) }) });
const created = z.object({ createSnapshot: z.object({ operation: z.object({ id: z.string() }) }) });
const operation = z.object({ operation: z.object({ status: z.string() }) });
const snapshots = z.object({ vm: z.object({ snapshots: z.object({ edges: z.array(z.object({ node: z.object({ name: z.string() }) })) }) }) });
const kinds = z.object({ __type: z.object({ enumValues: z.array(z.object({ name: z.string(), description: z.string().nullable() })) }) });

describe('a new backend', () => {
  it('type-checks with its folder and the registry line alone', () => {
    const run = spawnSync(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], {
      cwd: copy,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 120_000);

  it('is served by the gateway beside the others: kind, health, VMs, and a snapshot through the engine', async () => {
    const url = await startCopy();
    const { backends: listed } = backends.parse(await ask(url, '{ backends { id name kind health { status } capabilities { revert clone driveSnapshots bulkDelete schedules } } }'));
    expect(listed.map((b) => b.kind)).toEqual(['LIBVIRT', 'MANAGEIQ', 'CLOUDSIGMA', 'DANUBE', 'DENVR', 'TOY']);
    const toy = listed.find((b) => b.kind === 'TOY');
    expect(toy).toMatchObject({ name: 'lab-toy', health: { status: 'UP' } });
    // It has the core alone, so it can do nothing beyond it.
    expect(toy?.capabilities).toEqual({ revert: false, clone: false, driveSnapshots: false, bulkDelete: false, schedules: false });
    const enumValues = kinds.parse(await ask(url, '{ __type(name: "BackendKind") { enumValues { name description } } }'));
    expect(enumValues.__type.enumValues.at(-1)).toEqual({ name: 'TOY', description: 'A throwaway backend (test only).' });

    const query = 'query ($backend: ID!) { vms(filter: { backendIds: [$backend] }) { edges { node { id name } } } }';
    const toys = vms.parse(await ask(url, query, { backend: toy?.id })).vms.edges;
    expect(toys.map((e) => e.node.name)).toEqual(['toy-1', 'toy-2']);
    const vm = toys[0]?.node;
    if (!vm) throw new Error('no toy VM');
    const start = await ask(url, 'mutation ($id: ID!) { createSnapshot(input: { targetId: $id, name: "from-the-gateway" }) { ... on OperationPayload { operation { id } } } }', { id: vm.id });
    const { id } = created.parse(start).createSnapshot.operation;
    const status = async () => operation.parse(await ask(url, 'query ($id: ID!) { operation(id: $id) { status } }', { id })).operation.status;
    const ended = await until('the create to end', async () => {
      const now = await status();
      return now === 'PENDING' || now === 'RUNNING' ? null : now;
    });
    expect(ended).toBe('SUCCEEDED');
    const listedSnapshots = snapshots.parse(await ask(url, 'query ($id: ID!) { vm(id: $id) { snapshots { edges { node { name } } } } }', { id: vm.id }));
    expect(listedSnapshots.vm.snapshots.edges.map((e) => e.node.name).sort()).toEqual(['from-the-gateway', 'seed-1']);
  });
});
