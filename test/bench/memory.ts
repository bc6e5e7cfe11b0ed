// A gateway process's memory as the benches read it: a full GC forced through its inspector (so the figures are
// live objects only), then RSS and heap used from its /metrics.
import { sampleOf } from '../helpers/metrics.js';
import { collectGarbage, type InspectorTarget } from './inspector.js';

export interface Inspected extends InspectorTarget {
  baseUrl: string;
  /** Its admin listener, where /metrics is. */
  adminUrl: string;
}

export interface Memory {
  rssBytes: number;
  heapUsedBytes: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A Prometheus sample's value (the first, for a metric with labels). */
export function metricValue(name: string, text: string, metric: string): number {
  const value = sampleOf(text, metric);
  if (!Number.isFinite(value)) throw new Error(`${name}: /metrics has no ${metric}`);
  return value;
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
