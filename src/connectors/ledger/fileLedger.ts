// The ledger in a JSON file (stateFile.ts), for a single gateway without Redis: read once at start, rewritten after
// every change.
import { z } from 'zod';
import { StateFile } from '../../stateFile.js';
import { MemoryLedger } from './ledger.js';

const fileSchema = z.object({
  version: z.literal(1),
  /** backend → key → names */
  backends: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
});

export class FileLedger extends MemoryLedger {
  private constructor(private readonly file: StateFile<typeof fileSchema>) {
    super();
  }

  get path(): string {
    return this.file.path;
  }

  /** Opens the file (a missing one is an empty ledger); one that is not a ledger stops the start with its path. */
  static async open(path: string): Promise<FileLedger> {
    const file = new StateFile(path, fileSchema, 'a ledger of known snapshots');
    const ledger = new FileLedger(file);
    const contents = await file.read();
    for (const [backend, keys] of Object.entries(contents?.backends ?? {})) {
      for (const [key, names] of Object.entries(keys)) await ledger.remember(backend, key, names);
    }
    return ledger;
  }

  override async remember(backend: string, key: string, names: readonly string[]): Promise<void> {
    await super.remember(backend, key, names);
    await this.save();
  }

  override async forget(backend: string, key: string, names: readonly string[]): Promise<void> {
    await super.forget(backend, key, names);
    await this.save();
  }

  private save(): Promise<void> {
    return this.file.write(() => {
      const backends: Record<string, Record<string, string[]>> = {};
      for (const [backend, keys] of this.entries) {
        backends[backend] = Object.fromEntries([...keys].map(([key, names]) => [key, [...names]]));
      }
      return { version: 1 as const, backends };
    });
  }
}
