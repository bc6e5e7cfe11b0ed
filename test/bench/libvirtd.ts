// `npm run bench:libvirtd` (as root, with libvirtd; `bash .ci/libgo.sh` sets both up): the dashboard query over
// BENCH_DOMAINS tiny shut-off domains with BENCH_SNAPSHOTS snapshots each, through the LIBVIRTD backend (virsh)
// and, where the libgo REST server answers at LIBGO_URL, through the LIBVIRT backend over the same libvirtd.
// Prints backend time per query (p50, p90 of BENCH_QUERIES) and the VMs and snapshots each answer holds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { z } from 'zod';
import { startGateway, type StartedGateway } from '../../src/start.js';
import type { ConnectorSpec } from '../../src/connectors/registry.js';
import { Dashboard } from '../helpers/documents.js';
import { query } from '../helpers/gateway.js';
import { LIBGO_URL, libgoAnswers, virsh } from '../helpers/libgo.js';
import { defineDomain, removeDomain } from '../helpers/libvirtd.js';
import { benchEnv } from './env.js';

const env = benchEnv(
  z.object({
    BENCH_DOMAINS: z.coerce.number().int().min(1).max(200).default(20),
    BENCH_SNAPSHOTS: z.coerce.number().int().min(1).max(50).default(5),
    BENCH_QUERIES: z.coerce.number().int().min(1).max(1000).default(20),
  }),
);

const domains = Array.from({ length: env.BENCH_DOMAINS }, (_, i) => `gw-bench-${String(i + 1).padStart(2, '0')}`);
const dir = mkdtempSync(join(tmpdir(), 'bench-libvirtd-'));

async function gateway(spec: ConnectorSpec): Promise<StartedGateway> {
  return startGateway({ specs: [spec], port: 0, host: '127.0.0.1', ledgerFile: join(dir, `${spec.name}.json`), server: { adminPort: 'off' } });
}

/** Times the dashboard query: p50 and p90 in ms, and what the last answer held (the bench's domains only). */
async function measure(gw: StartedGateway): Promise<{ p50: number; p90: number; vms: number; snapshots: number }> {
  const url = `${gw.server.url}/graphql`;
  const times: number[] = [];
  let held = { vms: 0, snapshots: 0 };
  for (let i = 0; i < env.BENCH_QUERIES + 2; i++) {
    const started = performance.now();
    const data = await query(url, Dashboard);
    const ms = performance.now() - started;
    // The first two warm the gateway up.
    if (i >= 2) times.push(ms);
    const ours = data.vms.edges.filter((e) => e.node.name.startsWith('gw-bench-'));
    held = { vms: ours.length, snapshots: ours.reduce((sum, e) => sum + e.node.snapshots.totalCount, 0) };
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0);
  return { p50: at(0.5), p90: at(0.9), ...held };
}

async function main(): Promise<void> {
  console.log(`Setting up ${domains.length} shut-off domains with ${env.BENCH_SNAPSHOTS} snapshots each…`);
  await Promise.all(domains.map((name) => defineDomain(name, false)));
  const rest = (await libgoAnswers()) ? await gateway({ name: 'rest', kind: 'LIBVIRT', baseUrl: LIBGO_URL, credentials: {}, settings: {} }) : null;
  for (let s = 1; s <= env.BENCH_SNAPSHOTS; s++) {
    // Through the REST gateway where it runs, so its ledger knows them (the released server lists none); else virsh.
    await Promise.all(
      domains.map(async (domain) => {
        if (!rest) return virsh('snapshot-create-as', domain, '--name', `s${s}`);
        const vm = (await query(`${rest.server.url}/graphql`, Dashboard)).vms.edges.find((e) => e.node.name === domain)?.node;
        if (!vm) throw new Error(`the REST backend does not list ${domain}`);
        const body = JSON.stringify({ query: 'mutation ($id: ID!, $n: String!) { createSnapshot(input: { targetId: $id, name: $n }) { __typename } }', variables: { id: vm.id, n: `s${s}` } });
        await fetch(`${rest.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return '';
      }),
    );
    if (rest) await waitForSnapshots(s);
  }
  const native = await gateway({ name: 'host', kind: 'LIBVIRTD', baseUrl: 'qemu:///system', credentials: {}, settings: {} });
  const rows: string[] = [];
  const libvirtd = await measure(native);
  rows.push(`LIBVIRTD (virsh)        p50 ${libvirtd.p50} ms  p90 ${libvirtd.p90} ms  ${libvirtd.vms} VMs, ${libvirtd.snapshots} snapshots`);
  if (rest) {
    const viaRest = await measure(rest);
    rows.push(`LIBVIRT (libgo REST)    p50 ${viaRest.p50} ms  p90 ${viaRest.p90} ms  ${viaRest.vms} VMs, ${viaRest.snapshots} snapshots`);
  } else {
    rows.push(`LIBVIRT (libgo REST)    not measured: no server answers at ${LIBGO_URL}`);
  }
  console.log(`\nDashboard query (${print(Dashboard).length} characters), ${env.BENCH_QUERIES} queries one after the other, every domain of the host listed:`);
  for (const row of rows) console.log(`  ${row}`);
  await Promise.all([native.close(), rest?.close()]);
}

/** Every domain shows `count` snapshots through libvirt (the REST creates answer when done; this is the check). */
async function waitForSnapshots(count: number): Promise<void> {
  for (const domain of domains) {
    const names = (await virsh('snapshot-list', domain, '--name')).split('\n').filter((n) => n.trim() !== '');
    if (names.length < count) throw new Error(`${domain} has ${names.length} snapshots, expected ${count}`);
  }
}

try {
  await main();
} finally {
  await Promise.all(domains.map(removeDomain));
  rmSync(dir, { recursive: true, force: true });
}
