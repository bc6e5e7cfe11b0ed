// The inventory each backend's poller last saw, where the next poller finds it: in this process, or in Redis, so the
// replica that takes a poll over compares with what the last one saw and misses no change made in between.
import type { Redis } from 'ioredis';
import { parseJson } from '../operations/records.js';
import { inventoryStateSchema, type InventoryState } from './change.js';

export interface Baselines {
  load(backend: string): Promise<InventoryState | null>;
  save(backend: string, state: InventoryState): Promise<void>;
}

export class MemoryBaselines implements Baselines {
  private readonly states = new Map<string, InventoryState>();

  async load(backend: string): Promise<InventoryState | null> {
    return this.states.get(backend) ?? null;
  }

  async save(backend: string, state: InventoryState): Promise<void> {
    this.states.set(backend, state);
  }
}

/** Kept a day: a baseline older than that compares with an inventory nobody watched meanwhile. */
const BASELINE_TTL_S = 24 * 60 * 60;

export class RedisBaselines implements Baselines {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
  ) {}

  private keyOf(backend: string): string {
    return `${this.prefix}inventory:${backend}`;
  }

  async load(backend: string): Promise<InventoryState | null> {
    const text = await this.client.get(this.keyOf(backend));
    return text === null ? null : parseJson(inventoryStateSchema, text);
  }

  async save(backend: string, state: InventoryState): Promise<void> {
    await this.client.set(this.keyOf(backend), JSON.stringify([...state]), 'EX', BASELINE_TTL_S);
  }
}
