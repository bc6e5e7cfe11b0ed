// `npm run bench`: the dashboard query against the gateway in front of a lab running in its own process, next to a
// plain yoga + Pothos server answering the same response from memory, with graphql-jit off and on. Prints a table.
// Env: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 50), LAB_LATENCY_MS (default 0).
import { rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { benchEnv } from './env.js';
import { startGateway, type StartedGateway } from '../../src/start.js';
import { DASHBOARD_QUERY } from './dashboardQuery.js';
import { startLabProcess, type LabProcess } from './labProcess.js';
import { isClean, postDashboard, runLoad, sameAnswer, type LoadFigures } from './load.js';
import { parseDashboardResponse } from './plainServer.js';
import { runBench, scratchDir, startChild } from './processes.js';

const env = benchEnv(
  z.object({
    BENCH_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
    BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(10_000).default(50),
    LAB_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  }),
);

const SECONDS = env.BENCH_SECONDS;
const CONNECTIONS = env.BENCH_CONNECTIONS;
// Enough for V8 and graphql-jit to compile the hot paths; a count, not a duration, so that no warm-up request is
// still queued in the server when the measured run starts (the gateway needs seconds to drain 50 dashboards).
const WARMUP_REQUESTS = Math.max(20, CONNECTIONS);
const LOAD_SCALE = 20;
const SMALL_SCALE = 1;

const problems: string[] = [];
const log = (line = ''): void => console.log(line);

// ---- backend requests per query, counted by a fresh in-process gateway ----

/** One backend's cost for one dashboard query at one scale. */
interface BackendCount {
  backend: string;
  vms: number;
  /** The first query of a fresh gateway (it logs in where the backend wants a login). */
  first: number;
  /** A second query on the same gateway (tokens already held): the steady-state cost. */
  next: number;
}

interface ScaleCounts {
  scale: number;
  vms: number;
  backends: BackendCount[];
}

async function withFreshGateway<T>(lab: LabProcess, work: (started: StartedGateway, graphqlUrl: string) => Promise<T>): Promise<T> {
  // Uncached: what one query costs each backend (the load runs below use the gateway's defaults, cache on).
  const started = await startGateway({ specs: lab.specs, port: 0, host: '127.0.0.1', cache: { freshnessMs: 0 } });
  try {
    return await work(started, `${started.server.url}/graphql`);
  } finally {
    await started.close();
  }
}

async function postQuery(graphqlUrl: string, query: string): Promise<string> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  const body: unknown = JSON.parse(text);
  const failed = typeof body !== 'object' || body === null || 'errors' in body || !('data' in body);
  if (response.status !== 200 || failed) throw new Error(`query failed (HTTP ${response.status}): ${text.slice(0, 500)}`);
  return text;
}

async function countPerQuery(lab: LabProcess): Promise<ScaleCounts> {
  const names = lab.specs.map((spec) => spec.name);
  return withFreshGateway(lab, async (started, graphqlUrl) => {
    const counts = () => Promise.all(names.map((name) => started.gateway.metrics.backendRequestCount(name)));
    const text = await postQuery(graphqlUrl, DASHBOARD_QUERY);
    const first = await counts();
    await postQuery(graphqlUrl, DASHBOARD_QUERY);
    const second = await counts();
    const vms = parseDashboardResponse(text).data.vms.edges.map((e) => e.node.backend.name);
    return {
      scale: lab.scale,
      vms: vms.length,
      backends: names.map((backend, i) => ({
        backend,
        vms: vms.filter((name) => name === backend).length,
        first: first[i] ?? 0,
        next: (second[i] ?? 0) - (first[i] ?? 0),
      })),
    };
  });
}

// ---- load runs, each server in a child process of its own ----

interface LoadRun {
  label: string;
  figures: LoadFigures;
  /** Whether the server's first response was byte-identical to the reference. */
  sameBody: boolean;
  /** Gateway to lab traffic during the run (null for the plain server). */
  backend: { perSecond: number; failed: number } | null;
  clean: boolean;
}

interface BackendTally {
  total: number;
  /** Not 2xx: HTTP errors, timeouts, network errors (each retry is one more request). */
  failed: number;
}

/** The gateway's backend request counter, read from its /metrics (it runs in another process). */
async function scrapeBackendRequests(adminUrl: string): Promise<BackendTally> {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  const tally = { total: 0, failed: 0 };
  for (const match of text.matchAll(/^gateway_backend_requests_total\{([^}]*)\}\s+(\S+)$/gm)) {
    const value = Number(match[2]);
    tally.total += value;
    if (!/status="2\d\d"/.test(match[1] ?? '')) tally.failed += value;
  }
  return tally;
}

/** Where two bodies first differ, for the report. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at char ${i}: …${a.slice(Math.max(0, i - 40), i + 60)}… vs …${b.slice(Math.max(0, i - 40), i + 60)}…`;
}

async function loadRun(
  label: string,
  server: { kind: 'gateway'; jit: 'on' | 'off'; lab: LabProcess } | { kind: 'plain'; responseFile: string },
  reference: string | null,
): Promise<{ run: LoadRun; body: string }> {
  const childEnv =
    server.kind === 'gateway'
      ? { ...process.env, ...server.lab.credentialEnv, BENCH_CONFIG: server.lab.configPath, BENCH_JIT: server.jit }
      : { ...process.env, BENCH_RESPONSE: server.responseFile };
  // node --import tsx: one process per server, so the stop signal reaches it directly.
  const child = startChild(label, process.execPath, ['--import', 'tsx', 'test/bench/serve.ts', server.kind], childEnv);
  try {
    const ready = await child.waitFor(/^READY (\S+) (\S+)/);
    const baseUrl = ready[1] ?? '';
    const adminUrl = ready[2] ?? '';
    const graphqlUrl = `${baseUrl}/graphql`;
    const probe = await postDashboard(graphqlUrl);
    if (probe.status !== 200) throw new Error(`${label}: HTTP ${probe.status}: ${probe.text.slice(0, 500)}`);
    parseDashboardResponse(probe.text);
    const sameBody = reference === null || sameAnswer(probe.text, reference);
    if (!sameBody && reference !== null) {
      problems.push(`${label}: its response differs from the reference ${firstDifference(probe.text, reference)}`);
    }
    const expectBody = reference ?? probe.text;
    const warm = await runLoad({ graphqlUrl, run: { requests: WARMUP_REQUESTS }, connections: CONNECTIONS, expectBody });
    if (!isClean(warm)) problems.push(`${label}: warm-up saw failures ${JSON.stringify(warm)}`);
    const scrape = () => (server.kind === 'gateway' ? scrapeBackendRequests(adminUrl) : Promise.resolve(null));
    const before = await scrape();
    const figures = await runLoad({ graphqlUrl, run: { seconds: SECONDS }, connections: CONNECTIONS, expectBody });
    const after = await scrape();
    const clean = isClean(figures);
    if (!clean) problems.push(`${label}: not every response was a 200 with the reference body ${JSON.stringify(figures)}`);
    const backend =
      before && after
        ? { perSecond: (after.total - before.total) / figures.durationS, failed: after.failed - before.failed }
        : null;
    if (backend && backend.failed > 0) problems.push(`${label}: ${backend.failed} backend requests failed or were retried during the run`);
    log(
      `  ${label}: ${figures.reqPerSec.toFixed(1)} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, ` +
        `${figures.responses} responses${clean ? '' : ' (NOT CLEAN)'}`,
    );
    return { run: { label, figures, sameBody, backend, clean }, body: probe.text };
  } finally {
    await child.stop();
  }
}

// ---- printing ----

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** a / b, or null when b is 0 (a run with no responses has no ratio). */
const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const fixed = (value: number | null, digits: number, suffix = ''): string => (value === null ? 'n/a' : `${value.toFixed(digits)}${suffix}`);
const pct = (value: number | null): string => (value === null ? 'n/a' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`);

/** Why a backend's cost grows with the VMs, where its API gives no way to batch a level. */
const UNBATCHABLE: Record<string, string> = {
  LIBVIRT: 'the libvirt API lists snapshots per VM only (no batch or list-all endpoint): 1 GET per VM, 16 in flight',
  DANUBE: 'the Danube API lists snapshots per VM only (no list across VMs): 1 GET per VM, 8 in flight',
};

function printCounts(small: ScaleCounts, large: ScaleCounts, kinds: Map<string, string>): void {
  log('Backend requests per dashboard query, per backend (a fresh in-process gateway per scale, counted by its metrics)');
  const rows = small.backends.map((s) => {
    const l = large.backends.find((b) => b.backend === s.backend) ?? { vms: 0, first: 0, next: 0 };
    const verdict =
      s.next === l.next
        ? 'equal'
        : (l.next - s.next) / Math.max(1, l.vms - s.vms) === 1
          ? `+1 per VM: ${UNBATCHABLE[kinds.get(s.backend) ?? ''] ?? 'grows with the VMs'}`
          : 'GROWS';
    return [s.backend, `${s.vms}`, `${s.next} (${s.first} first)`, `${l.vms}`, `${l.next} (${l.first} first)`, verdict];
  });
  const header = ['backend', `VMs @${small.scale}`, `requests @${small.scale}`, `VMs @${large.scale}`, `requests @${large.scale}`, 'scale 1 vs 20'];
  for (const line of table(header, rows)) log(`  ${line}`);
  log('  "first" includes the logins a fresh gateway makes; later queries reuse the tokens.');
}

function printLoad(runs: LoadRun[], plain: LoadRun): void {
  log(
    `Load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s after a ${WARMUP_REQUESTS}-request warm-up, ` +
      `POST /graphql dashboard query, LAB_SCALE=${LOAD_SCALE}, each server in a fresh child process`,
  );
  const rows = runs.map((r) => {
    const f = r.figures;
    return [
      r.label,
      f.reqPerSec.toFixed(1),
      String(f.p50Ms),
      String(f.p99Ms),
      String(f.maxMs),
      String(f.responses),
      String(f.non2xx),
      String(f.errors),
      String(f.timeouts),
      String(f.mismatches),
      r.backend ? r.backend.perSecond.toFixed(0) : '-',
      r.backend ? String(r.backend.failed) : '-',
      fixed(ratio(f.reqPerSec, plain.figures.reqPerSec), 3, '×'),
      fixed(ratio(f.p50Ms, plain.figures.p50Ms), 2, '×'),
      fixed(ratio(f.p99Ms, plain.figures.p99Ms), 2, '×'),
    ];
  });
  for (const line of table(
    [
      'server',
      'req/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'responses',
      'non-2xx',
      'errors',
      'timeouts',
      'body≠ref',
      'backend req/s',
      'backend fails',
      'req/s vs plain',
      'p50 vs plain',
      'p99 vs plain',
    ],
    rows,
  ))
    log(`  ${line}`);
  log(
    `  Closed loop: ${CONNECTIONS} connections keep every server saturated; over a run much longer than one response, mean ` +
      `latency tends to connections ÷ req/s (${runs.map((r) => fixed(ratio(CONNECTIONS * 1000, r.figures.reqPerSec), 0, ' ms')).join(', ')}), ` +
      'so these latencies are queueing, not the cost of one query.',
  );
}

// ---- main ----

async function main(): Promise<void> {
  const started = performance.now();
  log(`Dashboard bench: node ${process.version}, ${availableParallelism()} CPUs shared by the lab, the server under load and autocannon`);
  log(`  BENCH_SECONDS=${SECONDS} BENCH_CONNECTIONS=${CONNECTIONS} LAB_LATENCY_MS=${env.LAB_LATENCY_MS}`);
  log();

  log(`Starting labs (npx tsx src/lab/main.ts) at LAB_SCALE=${SMALL_SCALE} and LAB_SCALE=${LOAD_SCALE} …`);
  const [small, large] = await Promise.all([
    startLabProcess(SMALL_SCALE, env.LAB_LATENCY_MS),
    startLabProcess(LOAD_SCALE, env.LAB_LATENCY_MS),
  ]);
  const scratch = scratchDir('bench-dashboard-');
  try {
    log('Counting backend requests per query …');
    const smallCounts = await countPerQuery(small);
    await small.stop();
    const largeCounts = await countPerQuery(large);

    log('Load runs (each: start the server, check its response, warm up, measure, stop) …');
    const first = await loadRun('gateway (jit on)', { kind: 'gateway', jit: 'on', lab: large }, null);
    const reference = first.body;
    const referenceVMs = parseDashboardResponse(reference).data.vms;
    const responseFile = join(scratch, 'dashboard-response.json');
    writeFileSync(responseFile, reference);
    const plain = await loadRun('plain yoga + Pothos', { kind: 'plain', responseFile }, reference);
    const jitOff = await loadRun('gateway (jit off)', { kind: 'gateway', jit: 'off', lab: large }, reference);
    const jitOn = await loadRun('gateway (jit on), again', { kind: 'gateway', jit: 'on', lab: large }, reference);
    const runs = [first.run, plain.run, jitOff.run, jitOn.run];
    const identical = runs.every((r) => r.sameBody && r.figures.mismatches === 0);

    log();
    log('='.repeat(100));
    log(
      `VMs returned: ${referenceVMs.edges.length} (totalCount ${referenceVMs.totalCount}) at LAB_SCALE=${LOAD_SCALE}; ` +
        `${smallCounts.vms} at LAB_SCALE=${SMALL_SCALE}. Response body ${(reference.length / 1024).toFixed(0)} KiB, ` +
        `byte-identical from every server: ${identical ? 'yes' : 'NO'}.`,
    );
    log();
    printCounts(smallCounts, largeCounts, new Map(large.specs.map((spec) => [spec.name, spec.kind])));
    log();
    printLoad(runs, plain.run);
    log();
    const on = jitOn.run.figures;
    const off = jitOff.run.figures;
    const jitGain = ratio(on.reqPerSec, off.reqPerSec);
    const noise = ratio(Math.abs(first.run.figures.reqPerSec - on.reqPerSec), on.reqPerSec);
    const beyondNoise = jitGain !== null && noise !== null && Math.abs(jitGain - 1) > noise;
    log(
      `graphql-jit (runs 3 and 4): req/s ${off.reqPerSec.toFixed(1)} → ${on.reqPerSec.toFixed(1)} (${pct(jitGain === null ? null : jitGain - 1)}), ` +
        `p50 ${off.p50Ms} → ${on.p50Ms} ms, p99 ${off.p99Ms} → ${on.p99Ms} ms. The two identical jit-on runs (1 and 4) differ by ` +
        `${pct(noise).replace('+', '')} in req/s, so the jit difference is ${beyondNoise ? 'larger than' : 'within'} run-to-run noise.`,
    );
    log(
      `Gateway/plain (run 4 vs run 2): ${fixed(ratio(on.reqPerSec, plain.run.figures.reqPerSec), 3, '×')} the req/s, ` +
        `${fixed(ratio(on.p50Ms, plain.run.figures.p50Ms), 1, '×')} the p50 latency; while serving, the gateway sent the lab ` +
        `${jitOn.run.backend ? jitOn.run.backend.perSecond.toFixed(0) : 'n/a'} requests/s.`,
    );
    const allClean = runs.every((r) => r.clean);
    log(`Every measured response was HTTP 200 with the reference body: ${allClean ? 'yes' : 'NO — see problems below'}.`);
    if (problems.length > 0) {
      log();
      log('PROBLEMS (the figures above are not valid while these stand):');
      for (const p of problems) log(`  - ${p}`);
      process.exitCode = 1;
    }
    log(`Total bench time ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await Promise.all([small.stop(), large.stop()]);
  }
}

await runBench(main);
