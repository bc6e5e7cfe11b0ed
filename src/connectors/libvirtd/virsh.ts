// The LIBVIRTD transport: virsh, run with many commands per process (`cmd ; cmd ; …`), so a read of the whole
// estate costs a few process starts however many domains it has; each command's output and error are told apart
// by markers virsh echoes between them. One connection URI per backend; any URI libvirt accepts works.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { BackendFailure } from '../errors.js';

/** One virsh command: its name and arguments, quoted here (never through a shell). */
export type VirshCommand = readonly string[];

/** What one command of a batch answered: its output, or libvirt's error message. */
export type VirshAnswer = { ok: true; out: string } | { ok: false; error: string };

export interface VirshOptions {
  backend: string;
  uri: string;
  /** The virsh binary; `virsh` on the PATH unless given. */
  binary?: string;
  /** How long one batch may take before it is killed. */
  timeoutMs: number;
}

/** A word as virsh's own parser reads it back: in double quotes, with `\` and `"` escaped. */
export const quote = (word: string): string => `"${word.replace(/[\\"]/g, '\\$&')}"`;

/** Runs commands through virsh in one process; each answer stands alone (a failing command fails only itself). */
export async function runVirsh(options: VirshOptions, commands: readonly VirshCommand[]): Promise<VirshAnswer[]> {
  if (commands.length === 0) return [];
  const token = `@@gw-${randomUUID()}`;
  const marker = (i: number) => `${token}-${i}@@`;
  const script = commands
    .map((command, i) => `${command.map(quote).join(' ')} ; echo ${marker(i)} ; echo --err ${marker(i)}`)
    .join(' ; ');
  const { stdout, stderr, code } = await spawnVirsh(options, ['-q', '-c', options.uri, script]);
  return commands.map((_, i) => {
    const out = between(stdout, i === 0 ? null : marker(i - 1), marker(i));
    const err = between(stderr, i === 0 ? null : `error: ${marker(i - 1)}`, `error: ${marker(i)}`);
    if (out === null || err === null) {
      // The markers never came: virsh could not connect, or died, before this command.
      throw new BackendFailure(options.backend, lastError(stderr) ?? `virsh exited with ${code ?? 'a signal'}`, 'UNREACHABLE');
    }
    const error = lastError(err);
    return error === null ? { ok: true, out: out.trim() } : { ok: false, error };
  });
}

/** The text between two markers (from the start when `from` is null), or null when `to` is missing. */
function between(text: string, from: string | null, to: string): string | null {
  const start = from === null ? 0 : text.indexOf(from);
  if (start < 0) return null;
  const begin = from === null ? 0 : start + from.length;
  const end = text.indexOf(to, begin);
  return end < 0 ? null : text.slice(begin, end);
}

/** libvirt's message in virsh's error lines (`error: …`), the last one being the most precise; null when none. */
function lastError(stderr: string): string | null {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('error: '))
    .map((line) => line.slice('error: '.length));
  // virsh often says what it tried first ("failed to get domain 'x'"), then why; both help, the why most.
  return lines.length === 0 ? null : lines.join(': ');
}

function spawnVirsh(options: VirshOptions, args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.binary ?? 'virsh', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new BackendFailure(options.backend, `virsh did not answer within ${options.timeoutMs} ms`, 'TIMEOUT'));
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new BackendFailure(options.backend, `virsh cannot be run: ${error.message}`, 'UNREACHABLE'));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}
