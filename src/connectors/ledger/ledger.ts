// What the gateway knows exists on a backend whose own list cannot be trusted to say so (libgo's snapshot list answers
// empty whatever libvirt holds): names per parent key (a VM), learnt from what the gateway created and read by name.
// Kept where the next start and every replica find it: Redis with REDIS_URL, else a file, else (the lab) memory.

export interface Ledger {
  /** The names known under each key, for many keys at once; a key with none is absent. */
  read(backend: string, keys: readonly string[]): Promise<Map<string, string[]>>;
  remember(backend: string, key: string, names: readonly string[]): Promise<void>;
  forget(backend: string, key: string, names: readonly string[]): Promise<void>;
}

/** One backend's part of the ledger: what its connector is given. */
export interface BackendLedger {
  read(keys: readonly string[]): Promise<Map<string, string[]>>;
  remember(key: string, names: readonly string[]): Promise<void>;
  forget(key: string, names: readonly string[]): Promise<void>;
}

export function ledgerFor(ledger: Ledger, backend: string): BackendLedger {
  return {
    read: (keys) => ledger.read(backend, keys),
    remember: (key, names) => (names.length === 0 ? Promise.resolve() : ledger.remember(backend, key, names)),
    forget: (key, names) => (names.length === 0 ? Promise.resolve() : ledger.forget(backend, key, names)),
  };
}

/** The ledger in this process only: for the lab, whose simulators start empty-handed every time too. */
export class MemoryLedger implements Ledger {
  /** backend → key → names. */
  protected readonly entries = new Map<string, Map<string, Set<string>>>();

  async read(backend: string, keys: readonly string[]): Promise<Map<string, string[]>> {
    const known = this.entries.get(backend);
    const answer = new Map<string, string[]>();
    for (const key of keys) {
      const names = known?.get(key);
      if (names && names.size > 0) answer.set(key, [...names]);
    }
    return answer;
  }

  async remember(backend: string, key: string, names: readonly string[]): Promise<void> {
    let known = this.entries.get(backend);
    if (!known) this.entries.set(backend, (known = new Map()));
    let set = known.get(key);
    if (!set) known.set(key, (set = new Set()));
    for (const name of names) set.add(name);
  }

  async forget(backend: string, key: string, names: readonly string[]): Promise<void> {
    const set = this.entries.get(backend)?.get(key);
    if (!set) return;
    for (const name of names) set.delete(name);
    if (set.size === 0) this.entries.get(backend)?.delete(key);
  }
}
