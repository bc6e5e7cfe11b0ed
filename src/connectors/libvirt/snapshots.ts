// What snapshots a libgo VM has, on a server that may not list them: libgo ebe201a's list handler asks libvirt for the
// count only (DomainListAllSnapshots with NeedResults=0), so it answers [] whatever libvirt holds, while a GET by name
// works. The list is used whenever it answers entries (a fixed libgo); otherwise the names in the gateway's ledger are
// read one by one, then the parents they name, up to the roots.
import type { SnapshotRecord } from '../../domain/model.js';
import type { BackendApi } from '../api.js';
import { BackendFailure } from '../errors.js';
import type { RawResponse } from '../http.js';
import type { BackendLedger } from '../ledger/ledger.js';
import { mapSnapshot } from './mapping.js';
import { readWireError, wireSnapshotAnswer, wireSnapshotList, wireVMAnswer, type WireSnapshot } from './wire.js';

const vmPath = (vm: string): string => `/api/v1/vms/${encodeURIComponent(vm)}`;
export const snapshotsPath = (vm: string): string => `${vmPath(vm)}/snapshots`;
export const snapshotPath = (vm: string, snapshot: string): string => `${snapshotsPath(vm)}/${encodeURIComponent(snapshot)}`;

/**
 * libgo's answer to a read of a VM or snapshot that does not exist: every libvirt lookup error is wrapped so that it
 * matches none of its sentinel errors, so "no such thing" is a 500 with the generic flat body (seen on the real server).
 */
function isMissingAnswer(response: RawResponse): boolean {
  return response.status === 500 && readWireError(response.body)?.code === 'INTERNAL_SERVER_ERROR';
}

/** A failure that, from this server, may only mean "no such VM or snapshot". */
export function mayMeanMissing(error: unknown): boolean {
  return error instanceof BackendFailure && error.httpStatus === 500 && error.backendCode === 'INTERNAL_SERVER_ERROR';
}

/** The parent names not tried yet. */
const untriedParents = (read: ReadonlyMap<string, WireSnapshot>, tried: ReadonlySet<string>): string[] =>
  [...new Set([...read.values()].flatMap((s) => (s.parent && !tried.has(s.parent) ? [s.parent] : [])))];

export class SnapshotReads {
  constructor(
    private readonly backend: string,
    private readonly api: BackendApi,
    private readonly ledger: BackendLedger,
  ) {}

  /**
   * Records names as known. Best effort: the ledger's store (Redis) may be away, and a snapshot that exists must not
   * read as a failure for it; false when it could not be recorded.
   */
  async remember(vm: string, names: readonly string[]): Promise<boolean> {
    return this.ledger.remember(vm, names).then(() => true, () => false);
  }

  /** Forgets names. Best effort too: a name kept by mistake costs one read by name later, never a wrong answer. */
  async forget(vm: string, names: readonly string[]): Promise<void> {
    await this.ledger.forget(vm, names).catch(() => undefined);
  }

  /** The names known for these VMs; the ledger's store being away is this backend's failure, named as such. */
  private async known(vmNames: readonly string[]): Promise<Map<string, string[]>> {
    try {
      return await this.ledger.read(vmNames);
    } catch (error) {
      // Its store's own error (a Redis address, a file path) is the log's.
      const raw = error instanceof Error ? error.message : String(error);
      throw new BackendFailure(this.backend, "the gateway's record of the snapshots this server does not list cannot be read", 'STATE_UNAVAILABLE', { raw });
    }
  }

  /** One snapshot by name: its wire form, or null when the server says there is none (or no such VM). */
  async byName(vm: string, name: string): Promise<WireSnapshot | null> {
    try {
      const answer = await this.api.call('GET', snapshotPath(vm, name), wireSnapshotAnswer, { neutral: isMissingAnswer });
      return answer.snapshot;
    } catch (error) {
      if (mayMeanMissing(error)) return null;
      throw error;
    }
  }

  /** Whether the VM exists: GET of a missing VM answers 200 `{"vm": null}`, so this never looks like a failure. */
  async vmExists(vm: string): Promise<boolean> {
    return (await this.api.call('GET', vmPath(vm), wireVMAnswer)).vm !== null;
  }

  /** Snapshots of these VMs; a VM that does not exist has no entry. */
  async ofVMs(vmNames: readonly string[]): Promise<Map<string, SnapshotRecord[]>> {
    const listed = await Promise.all(vmNames.map((vm) => this.listOf(vm)));
    // The ledger is read only for VMs whose list said nothing, so a server that lists never depends on it.
    const silent = vmNames.filter((_vm, i) => listed[i]?.length === 0);
    const known = silent.length > 0 ? await this.known(silent) : new Map<string, string[]>();
    const read = await Promise.all(vmNames.map((vm, i) => this.ofVM(vm, listed[i] ?? null, known.get(vm) ?? [])));
    const byVM = new Map<string, SnapshotRecord[]>();
    vmNames.forEach((vm, i) => {
      const records = read[i];
      if (records) byVM.set(vm, records);
    });
    return byVM;
  }

  /** Snapshots by key (VM + name), each read by name: a GET shows it exists, so it (and its parent) is remembered. */
  async byKeys(pairs: readonly (readonly [vm: string, name: string] | null)[]): Promise<(SnapshotRecord | null)[]> {
    const answers = await Promise.all(pairs.map((pair) => (pair ? this.byName(pair[0], pair[1]) : Promise.resolve(null))));
    await Promise.all(
      pairs.map(async (pair, i) => {
        const answer = answers[i];
        if (pair && answer) await this.remember(pair[0], answer.parent ? [answer.name, answer.parent] : [answer.name]);
      }),
    );
    return pairs.map((pair, i) => {
      const answer = answers[i];
      return pair && answer ? mapSnapshot(this.backend, pair[0], answer) : null;
    });
  }

  /** What the server's list says of one VM; null when the VM does not exist. */
  private async listOf(vm: string): Promise<WireSnapshot[] | null> {
    try {
      return (await this.api.call('GET', snapshotsPath(vm), wireSnapshotList, { neutral: isMissingAnswer })).snapshots;
    } catch (error) {
      if (mayMeanMissing(error) && !(await this.vmExists(vm))) return null;
      throw error;
    }
  }

  /** One VM's snapshots from its list, else from the names known; null when the VM does not exist. */
  private async ofVM(vm: string, listed: WireSnapshot[] | null, knownNames: readonly string[]): Promise<SnapshotRecord[] | null> {
    if (listed === null) return null;
    if (listed.length > 0) return listed.map((s) => mapSnapshot(this.backend, vm, s));
    const read = new Map<string, WireSnapshot>();
    const gone: string[] = [];
    const tried = new Set(knownNames);
    await this.readNames(vm, knownNames, read, gone);
    // Parents exist while their children name them: walk up to the roots, each name read once.
    const discovered: string[] = [];
    for (let parents = untriedParents(read, tried); parents.length > 0; parents = untriedParents(read, tried)) {
      for (const name of parents) tried.add(name);
      await this.readNames(vm, parents, read, gone);
      discovered.push(...parents.filter((name) => read.has(name)));
    }
    await this.forget(vm, gone);
    await this.remember(vm, discovered);
    return [...read.values()].map((s) => mapSnapshot(this.backend, vm, s));
  }

  /** Reads names into `read`; those the server says do not exist (the VM's list answered, so it exists) into `gone`. */
  private async readNames(vm: string, names: readonly string[], read: Map<string, WireSnapshot>, gone: string[]): Promise<void> {
    const answers = await Promise.all(names.map((name) => this.byName(vm, name)));
    names.forEach((name, i) => {
      const answer = answers[i];
      if (answer) read.set(name, answer);
      else gone.push(name);
    });
  }
}
