// One copy of a disk as an internal snapshot holds it, into a volume libvirt made for it: `qemu-img convert` run by
// this process, its byte progress read off qemu-img's own `-p` figures, its end a promise.
import { spawn } from 'node:child_process';

interface ConvertRequest {
  /** The qcow2 file that holds the snapshot. */
  source: string;
  /** The internal snapshot's name (libvirt names qcow2 snapshots after its own). */
  snapshot: string;
  /** The new, empty qcow2 volume to copy into. */
  target: string;
  /** qemu-img's rate limit, so a copy leaves the host's disks to its domains; none when null. */
  bytesPerSecond: number | null;
  binary?: string;
}

type ConvertOutcome = { ok: true } | { ok: false; error: string };

/** qemu-img -p prints `(12.50/100%)`, each figure on a line of its own ended by `\r`. */
const FIGURE = /\((\d+(?:\.\d+)?)\/100%\)/g;

/** How much of qemu-img's error output an outcome keeps: its last lines say why. */
const ERROR_TAIL = 2_000;

export class ConvertJob {
  private figure: number | null = null;
  readonly ended: Promise<ConvertOutcome>;
  private readonly kill: () => void;
  /** The volume being filled. */
  readonly target: string;

  constructor(request: ConvertRequest) {
    this.target = request.target;
    const args = [
      'convert',
      // The domain may run: its image is open in QEMU, and the snapshot's clusters do not change while it does.
      '-U',
      '-p',
      // Into the volume libvirt made (so libvirt owns it and refused a taken name), known to be empty.
      '-n',
      '--target-is-zero',
      '-f',
      'qcow2',
      '-O',
      'qcow2',
      // QemuOpts doubles a comma to carry it in a value.
      '-l',
      `snapshot.name=${request.snapshot.replace(/,/g, ',,')}`,
      ...(request.bytesPerSecond === null ? [] : ['-r', String(request.bytesPerSecond)]),
      request.source,
      request.target,
    ];
    const child = spawn(request.binary ?? 'qemu-img', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.kill = () => child.kill('SIGKILL');
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const match of chunk.matchAll(FIGURE)) this.figure = Number(match[1]);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      errors = (errors + chunk).slice(-ERROR_TAIL);
    });
    this.ended = new Promise((resolve) => {
      child.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ ok: false, error: error.code === 'ENOENT' ? 'qemu-img is not installed on the gateway host' : error.message }),
      );
      child.on('close', (code, signal) => {
        if (code === 0) resolve({ ok: true });
        else resolve({ ok: false, error: errors.trim() || `qemu-img ended ${signal ? `by ${signal}` : `with exit code ${code}`}` });
      });
    });
  }

  /** The share copied so far, as qemu-img last printed it (0–100); null before its first figure. */
  get progress(): number | null {
    return this.figure;
  }

  /** Stops the copy; `ended` then says it failed. */
  stop(): void {
    this.kill();
  }
}
