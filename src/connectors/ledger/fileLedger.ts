// The ledger in a JSON file, for a single gateway without Redis: read once at start, rewritten (to a temporary file,
// then renamed, so a crash never leaves half a file) after every change.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { MemoryLedger } from './ledger.js';

const fileSchema = z.object({
  version: z.literal(1),
  /** backend → key → names */
  backends: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
});

export class FileLedger extends MemoryLedger {
  /** Writes run one after another, each with everything known when it starts. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(readonly path: string) {
    super();
  }

  /** Opens the file (a missing one is an empty ledger); one that is not a ledger stops the start with its path. */
  static async open(path: string): Promise<FileLedger> {
    const ledger = new FileLedger(path);
    let text: string | null = null;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
    }
    if (text !== null) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new Error(`${path} is not JSON: the ledger of known snapshots cannot be read (move it away to start afresh)`);
      }
      const parsed = fileSchema.safeParse(json);
      if (!parsed.success) throw new Error(`${path} is not a ledger of known snapshots: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      for (const [backend, keys] of Object.entries(parsed.data.backends)) {
        for (const [key, names] of Object.entries(keys)) await ledger.remember(backend, key, names);
      }
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
    const next = this.writing.then(async () => {
      const backends: Record<string, Record<string, string[]>> = {};
      for (const [backend, keys] of this.entries) {
        backends[backend] = Object.fromEntries([...keys].map(([key, names]) => [key, [...names]]));
      }
      await mkdir(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify({ version: 1, backends })}\n`);
      await rename(temporary, this.path);
    });
    // A failed write must not block the next one; the caller of this one still sees its error.
    this.writing = next.catch(() => undefined);
    return next;
  }
}
