// A JSON file the gateway keeps state in without Redis (the ledger, the snapshot policies): read once at start
// with its schema, rewritten whole after each change, to a temporary file then renamed, so a crash never leaves
// half a file; writes run one after another.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';

export class StateFile<S extends z.ZodType> {
  private writing: Promise<void> = Promise.resolve();

  /** @param what what the file holds, as its refusals name it ("a ledger of known snapshots") */
  constructor(
    readonly path: string,
    private readonly schema: S,
    private readonly what: string,
  ) {}

  /** Its contents; null for a missing file. One that is not JSON or not of the schema stops the start with its path. */
  async read(): Promise<z.output<S> | null> {
    const text = await readFile(this.path, 'utf8').catch((error: unknown) => {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
      throw error;
    });
    if (text === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${this.path} is not JSON: ${this.what} cannot be read (move it away to start afresh)`);
    }
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) throw new Error(`${this.path} is not ${this.what}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  /** Writes what `contents` answers when its turn comes (so each write has everything known by then). */
  write(contents: () => z.input<S>): Promise<void> {
    const next = this.writing.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(contents())}\n`);
      await rename(temporary, this.path);
    });
    // A failed write must not block the next one; the caller of this one still sees its error.
    this.writing = next.catch(() => undefined);
    return next;
  }
}
