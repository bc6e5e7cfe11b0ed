// Where policies and their runs are kept (docs/policies.md): Redis where the gateway has one (shared by every
// replica), else a JSON file (a single gateway), or memory (tests, the lab). Claiming a slot is what makes exactly
// one replica run each policy's run of it.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { StateFile } from '../stateFile.js';
import { policySchema, runSchema, type PolicyRecord, type PolicyRun } from './model.js';

/** Runs kept per policy, newest first. */
export const RUNS_KEPT = 50;

export interface PolicyStore {
  list(): Promise<PolicyRecord[]>;
  get(id: string): Promise<PolicyRecord | null>;
  save(policy: PolicyRecord): Promise<void>;
  /** The policy and its runs go. */
  delete(id: string): Promise<void>;
  /**
   * Records `run` as the run of its policy's slot, if no run of that slot (or of a later one) was claimed before:
   * true for exactly one caller, whichever replica it is on.
   */
  claim(run: PolicyRun): Promise<boolean>;
  saveRun(run: PolicyRun): Promise<void>;
  /** The latest slot claimed; null before the first run. */
  lastSlot(policyId: string): Promise<string | null>;
  /** Its runs, newest first, at most `limit`. */
  runs(policyId: string, limit: number): Promise<PolicyRun[]>;
}

export class MemoryPolicyStore implements PolicyStore {
  protected readonly policies = new Map<string, PolicyRecord>();
  protected readonly history = new Map<string, PolicyRun[]>();

  async list(): Promise<PolicyRecord[]> {
    return [...this.policies.values()];
  }

  async get(id: string): Promise<PolicyRecord | null> {
    return this.policies.get(id) ?? null;
  }

  async save(policy: PolicyRecord): Promise<void> {
    this.policies.set(policy.id, policy);
    await this.changed();
  }

  async delete(id: string): Promise<void> {
    this.policies.delete(id);
    this.history.delete(id);
    await this.changed();
  }

  async claim(run: PolicyRun): Promise<boolean> {
    const last = await this.lastSlot(run.policyId);
    if (last !== null && last >= run.scheduledFor) return false;
    this.history.set(run.policyId, [run, ...(this.history.get(run.policyId) ?? [])].slice(0, RUNS_KEPT));
    await this.changed();
    return true;
  }

  async saveRun(run: PolicyRun): Promise<void> {
    const runs = this.history.get(run.policyId);
    if (!runs) return;
    this.history.set(run.policyId, runs.map((r) => (r.id === run.id ? run : r)));
    await this.changed();
  }

  async lastSlot(policyId: string): Promise<string | null> {
    return this.history.get(policyId)?.[0]?.scheduledFor ?? null;
  }

  async runs(policyId: string, limit: number): Promise<PolicyRun[]> {
    return (this.history.get(policyId) ?? []).slice(0, limit);
  }

  /** Told after every change (the file store writes itself then). */
  protected async changed(): Promise<void> {}
}

const fileSchema = z.object({
  version: z.literal(1),
  policies: z.array(policySchema),
  runs: z.array(runSchema),
});

/** The memory store, written to a JSON file (stateFile.ts) after every change. */
export class FilePolicyStore extends MemoryPolicyStore {
  private constructor(private readonly file: StateFile<typeof fileSchema>) {
    super();
  }

  /** Opens the file (a missing one holds no policies); one that is not a policy file stops the start with its path. */
  static async open(path: string): Promise<FilePolicyStore> {
    const file = new StateFile(path, fileSchema, 'a file of snapshot policies');
    const store = new FilePolicyStore(file);
    const contents = await file.read();
    for (const policy of contents?.policies ?? []) store.policies.set(policy.id, policy);
    for (const run of contents?.runs ?? []) store.history.set(run.policyId, [...(store.history.get(run.policyId) ?? []), run]);
    return store;
  }

  protected override changed(): Promise<void> {
    return this.file.write(() => ({ version: 1 as const, policies: [...this.policies.values()], runs: [...this.history.values()].flat() }));
  }
}

const parsed = <S extends z.ZodType>(schema: S, text: string | null): z.output<S> | null => {
  if (text === null) return null;
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
};

// KEYS: the policy's last slot, its run list, the run. ARGV: slot, run id, run JSON, runs kept.
// One script: the slot is compared and taken, and the run recorded, together, whatever other replicas do meanwhile.
const CLAIM_SCRIPT = `
local last = redis.call('GET', KEYS[1])
if last and last >= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[3], ARGV[3])
redis.call('LPUSH', KEYS[2], ARGV[2])
local dropped = redis.call('LRANGE', KEYS[2], tonumber(ARGV[4]), -1)
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[4]) - 1)
return {1, unpack(dropped)}
`;

export class RedisPolicyStore implements PolicyStore {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
  ) {}

  private key(...parts: string[]): string {
    return `${this.prefix}policy:${parts.join(':')}`;
  }

  async list(): Promise<PolicyRecord[]> {
    const ids = await this.client.smembers(`${this.prefix}policies`);
    if (ids.length === 0) return [];
    const texts = await this.client.mget(...ids.map((id) => this.key(id)));
    return texts.flatMap((text) => parsed(policySchema, text) ?? []);
  }

  async get(id: string): Promise<PolicyRecord | null> {
    return parsed(policySchema, await this.client.get(this.key(id)));
  }

  async save(policy: PolicyRecord): Promise<void> {
    await this.client.multi().set(this.key(policy.id), JSON.stringify(policy)).sadd(`${this.prefix}policies`, policy.id).exec();
  }

  async delete(id: string): Promise<void> {
    const runs = await this.client.lrange(this.key(id, 'runs'), 0, -1);
    await this.client
      .multi()
      .srem(`${this.prefix}policies`, id)
      .del(this.key(id), this.key(id, 'last'), this.key(id, 'runs'), ...runs.map((run) => this.key('run', run)))
      .exec();
  }

  async claim(run: PolicyRun): Promise<boolean> {
    const keys = [this.key(run.policyId, 'last'), this.key(run.policyId, 'runs'), this.key('run', run.id)];
    const reply: unknown = await this.client.eval(CLAIM_SCRIPT, keys.length, ...keys, run.scheduledFor, run.id, JSON.stringify(run), String(RUNS_KEPT));
    if (!Array.isArray(reply) || reply[0] !== 1) return false;
    const dropped = reply.slice(1).filter((id): id is string => typeof id === 'string');
    if (dropped.length > 0) await this.client.del(...dropped.map((id) => this.key('run', id)));
    return true;
  }

  async saveRun(run: PolicyRun): Promise<void> {
    await this.client.set(this.key('run', run.id), JSON.stringify(run), 'XX');
  }

  async lastSlot(policyId: string): Promise<string | null> {
    return this.client.get(this.key(policyId, 'last'));
  }

  async runs(policyId: string, limit: number): Promise<PolicyRun[]> {
    const ids = await this.client.lrange(this.key(policyId, 'runs'), 0, limit - 1);
    if (ids.length === 0) return [];
    const texts = await this.client.mget(...ids.map((id) => this.key('run', id)));
    return texts.flatMap((text) => parsed(runSchema, text) ?? []);
  }
}
