// The LIBVIRTD transport: virsh shells kept open on the backend's libvirt URI (any URI libvirt accepts), so a call
// costs a command (well under a millisecond), not a process and a connection. Each command's output and error are
// told apart by markers virsh echoes after it; a failing command fails only itself.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { BackendFailure } from '../errors.js';
import { codeOfLibvirtError } from './mapping.js';

/** One virsh command: its name and arguments, quoted here (never through a shell). */
export type VirshCommand = readonly string[];

/** What one command answered: its output, or libvirt's error message. */
export type VirshAnswer = { ok: true; out: string } | { ok: false; error: string };

interface VirshOptions {
  backend: string;
  uri: string;
  /** The virsh binary; `virsh` on the PATH unless given. */
  binary?: string;
  /** How long one batch may take before its shell is killed. */
  timeoutMs: number;
}

/** A word as virsh's own parser reads it back: in double quotes, with `\` and `"` escaped. */
export const quote = (word: string): string => `"${word.replace(/[\\"]/g, '\\$&')}"`;

/** The lines of a command's output that hold something (names, one per line). */
export const linesOf = (out: string): string[] => out.split('\n').map((line) => line.trim()).filter((line) => line !== '');

/** Commands per shell before a read is split over more shells, and how many shells a backend keeps. */
const CHUNK = 24;
const SHELLS = 3;

/** A backend's virsh shells: actions in order on the first, large reads spread over all of them. */
export class VirshShells {
  private readonly shells: VirshShell[];

  constructor(private readonly options: VirshOptions, count = SHELLS) {
    this.shells = Array.from({ length: count }, () => new VirshShell(options));
  }

  /** One command's output; its failure (libvirt's message, with a code read from it) otherwise. */
  async one(command: VirshCommand): Promise<string> {
    const [answer] = await this.run([command]);
    return this.outOf(answer);
  }

  /** A command's output from a batch's answers; its failure otherwise (or none when the batch lacks it). */
  outOf(answer: VirshAnswer | undefined): string {
    if (!answer) throw this.failure('virsh gave no answer');
    if (!answer.ok) throw this.failure(answer.error);
    return answer.out;
  }

  /** libvirt's message as the backend's failure, with the code its words give. */
  failure(message: string): BackendFailure {
    return new BackendFailure(this.options.backend, message, codeOfLibvirtError(message));
  }

  /** Commands one after the other, in one shell (what acts, or reads what an action needs). */
  run(commands: readonly VirshCommand[]): Promise<VirshAnswer[]> {
    return this.first().run(commands);
  }

  /** Commands that change nothing, spread over the shells when there are many (their order does not matter). */
  async read(commands: readonly VirshCommand[]): Promise<VirshAnswer[]> {
    const runs = Math.min(this.shells.length, Math.ceil(commands.length / CHUNK));
    if (runs <= 1) return this.run(commands);
    const size = Math.ceil(commands.length / runs);
    const chunks = this.shells.slice(0, runs).map((shell, i) => shell.run(commands.slice(i * size, (i + 1) * size)));
    return (await Promise.all(chunks)).flat();
  }

  close(): void {
    for (const shell of this.shells) shell.close();
  }

  private first(): VirshShell {
    const [shell] = this.shells;
    if (!shell) throw new Error('no virsh shell');
    return shell;
  }
}

/** Runs commands in a shell of its own, then closes it (a one-off question, such as whether libvirtd answers). */
export async function runVirsh(options: VirshOptions, commands: readonly VirshCommand[]): Promise<VirshAnswer[]> {
  const shell = new VirshShell(options);
  try {
    return await shell.run(commands);
  } finally {
    shell.close();
  }
}

/** One `virsh` shell on the URI, started when first needed and again after it dies; one batch at a time. */
class VirshShell {
  private child: ChildProcessWithoutNullStreams | null = null;
  private stdout = '';
  private stderr = '';
  /** Called on every chunk of output and when the shell ends, so the batch waiting can look again. */
  private wake: (() => void) | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: VirshOptions) {}

  run(commands: readonly VirshCommand[]): Promise<VirshAnswer[]> {
    const batch = this.queue.then(() => this.exchange(commands));
    this.queue = batch.catch(() => undefined);
    return batch;
  }

  close(): void {
    this.child?.stdin.end();
    this.child?.kill();
    this.child = null;
  }

  private async exchange(commands: readonly VirshCommand[]): Promise<VirshAnswer[]> {
    if (commands.length === 0) return [];
    // A line break ends a command in the shell: a word carrying one would split it and send the rest as commands.
    if (commands.some((command) => command.some((word) => /[\r\n]/.test(word)))) {
      throw new BackendFailure(this.options.backend, 'virsh cannot carry a line break inside a word; nothing was sent', 'INVALID_REQUEST');
    }
    const child = this.started();
    // virsh echoes each line it reads after its prompt: a marker written `<m>` comes out `&lt;m&gt;` (echo --xml),
    // so the echoed command can never be taken for the marker itself.
    const token = `gw-${randomUUID()}`;
    const written = (i: number) => `<${token}-${i}>`;
    const echoed = (i: number) => `&lt;${token}-${i}&gt;`;
    child.stdin.write(commands.map((command, i) => `${command.map(quote).join(' ')}\necho --xml ${written(i)}\necho --err --xml ${written(i)}\n`).join(''));
    const last = echoed(commands.length - 1);
    await this.until(() => this.stdout.includes(last) && this.stderr.includes(`error: ${last}`), child);
    return commands.map((_, i): VirshAnswer => {
      const out = this.take('stdout', echoed(i));
      const error = errorOf(this.take('stderr', `error: ${echoed(i)}`));
      return error === null ? { ok: true, out: withoutPrompts(out).trim() } : { ok: false, error };
    });
  }

  /** The text before `marker` in one stream, consumed with it. */
  private take(stream: 'stdout' | 'stderr', marker: string): string {
    const text = this[stream];
    const at = text.indexOf(marker);
    this[stream] = text.slice(at + marker.length);
    return text.slice(0, at);
  }

  /** Resolves when `done` holds; fails when the shell ends first or the batch takes too long. */
  private until(done: () => boolean, child: ChildProcessWithoutNullStreams): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        finish();
        this.close();
        reject(new BackendFailure(this.options.backend, `virsh did not answer within ${this.options.timeoutMs} ms`, 'TIMEOUT'));
      }, this.options.timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.wake = null;
      };
      this.wake = () => {
        if (done()) {
          finish();
          resolve();
        } else if (child.exitCode !== null || child.signalCode !== null || this.child !== child) {
          finish();
          const why = errorOf(this.stderr) ?? `virsh ended (${child.exitCode ?? child.signalCode ?? 'unknown'})`;
          reject(new BackendFailure(this.options.backend, why, 'UNREACHABLE'));
        }
      };
      this.wake();
    });
  }

  private started(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn(this.options.binary ?? 'virsh', ['-q', '-c', this.options.uri], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.stdout = '';
    this.stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString('utf8');
      this.wake?.();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
      this.wake?.();
    });
    // Written to a shell that has died: what it said is in stderr, and the exit below tells the batch.
    child.stdin.on('error', () => undefined);
    child.once('error', (error) => {
      this.stderr += `error: virsh cannot be run: ${error.message}\n`;
      if (this.child === child) this.child = null;
      this.wake?.();
    });
    child.once('exit', () => {
      if (this.child === child) this.child = null;
      this.wake?.();
    });
    return child;
  }
}

/**
 * A command's output without virsh's prompts (`virsh # <the line it read>`): one follows output that has no newline
 * of its own on the same line (`snapshot-current --name` answers `child`, then `virsh # echo …`).
 */
const withoutPrompts = (out: string): string => out.replace(/virsh # [^\n]*(\n|$)/g, '');

/** libvirt's message in virsh's error lines (`error: …`), joined (what it tried, then why); null when none. */
function errorOf(stderr: string): string | null {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('error: '))
    .map((line) => line.slice('error: '.length));
  return lines.length === 0 ? null : lines.join(': ');
}
