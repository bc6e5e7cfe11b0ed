// A gateway process's memory as the benches read it: a full GC forced through its inspector (so the figures are
// live objects only), then RSS and heap used from its /metrics.
import WebSocket from 'ws';
import { z } from 'zod';

export interface Inspected {
  name: string;
  baseUrl: string;
  /** Its admin listener, where /metrics is. */
  adminUrl: string;
  /** The process's inspector port (started with --inspect=127.0.0.1:<port>). */
  inspectPort: number;
}

export interface Memory {
  rssBytes: number;
  heapUsedBytes: number;
}

const inspectorTargets = z.array(z.object({ webSocketDebuggerUrl: z.string() }));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A full GC in the process through its inspector (HeapProfiler.collectGarbage). */
export async function collectGarbage(target: Inspected): Promise<void> {
  const targets = inspectorTargets.parse(await (await fetch(`http://127.0.0.1:${target.inspectPort}/json/list`)).json());
  const url = targets[0]?.webSocketDebuggerUrl;
  if (url === undefined) throw new Error(`${target.name}: no inspector target`);
  const socket = new WebSocket(url, { perMessageDeflate: false });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${target.name}: inspector GC timed out`)), 30_000);
      socket.on('error', reject);
      socket.on('open', () => socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
      socket.on('message', (raw: WebSocket.RawData) => {
        const reply = z.object({ id: z.number().optional() }).safeParse(JSON.parse(raw.toString()));
        if (reply.success && reply.data.id === 1) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } finally {
    socket.close();
  }
}

/** A Prometheus sample's value (the first, for a metric with labels). */
export function metricValue(name: string, text: string, metric: string): number {
  const match = new RegExp(`^${metric}(?:\\{[^}]*\\})?\\s+(\\S+)$`, 'm').exec(text);
  const value = Number(match?.[1]);
  if (!Number.isFinite(value)) throw new Error(`${name}: /metrics has no ${metric}`);
  return value;
}

export async function scrape(target: Inspected, metric: string): Promise<number> {
  return metricValue(target.name, await (await fetch(`${target.adminUrl}/metrics`)).text(), metric);
}

export async function readMemory(target: Inspected): Promise<Memory> {
  await collectGarbage(target);
  await sleep(200);
  const text = await (await fetch(`${target.adminUrl}/metrics`)).text();
  return {
    rssBytes: metricValue(target.name, text, 'process_resident_memory_bytes'),
    heapUsedBytes: metricValue(target.name, text, 'nodejs_heap_size_used_bytes'),
  };
}
