// A session on a bench child's inspector (started with --inspect=127.0.0.1:<port>): commands in turn, each answered
// by id. Used to force a full GC before reading memory, and to take a CPU profile of a stretch of the run.
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { z } from 'zod';

export interface InspectorTarget {
  name: string;
  /** The process's inspector port. */
  inspectPort: number;
}

const inspectorTargets = z.array(z.object({ webSocketDebuggerUrl: z.string() }));
const reply = z.object({ id: z.number().optional(), result: z.unknown().optional(), error: z.object({ message: z.string() }).optional() });

export interface InspectorSession {
  /** Sends one command and resolves with its result; a command the inspector refuses rejects with its message. */
  call(method: string, params?: Record<string, unknown>): Promise<unknown>;
  close(): void;
}

export async function openInspector(target: InspectorTarget, timeoutMs = 30_000): Promise<InspectorSession> {
  const targets = inspectorTargets.parse(await (await fetch(`http://127.0.0.1:${target.inspectPort}/json/list`)).json());
  const url = targets[0]?.webSocketDebuggerUrl;
  if (url === undefined) throw new Error(`${target.name}: no inspector target`);
  const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  socket.on('message', (raw: WebSocket.RawData) => {
    const message = reply.safeParse(JSON.parse(raw.toString()));
    if (!message.success || message.data.id === undefined) return;
    const caller = waiting.get(message.data.id);
    waiting.delete(message.data.id);
    if (message.data.error) caller?.reject(new Error(`${target.name}: ${message.data.error.message}`));
    else caller?.resolve(message.data.result);
  });
  socket.on('close', () => {
    for (const caller of waiting.values()) caller.reject(new Error(`${target.name}: the inspector closed`));
    waiting.clear();
  });
  return {
    call(method, params = {}) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${target.name}: inspector ${method} timed out`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (value) => (clearTimeout(timer), resolve(value)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    close: () => socket.close(),
  };
}

/** A full GC in the process (HeapProfiler.collectGarbage). */
export async function collectGarbage(target: InspectorTarget): Promise<void> {
  const session = await openInspector(target);
  try {
    await session.call('HeapProfiler.collectGarbage');
  } finally {
    session.close();
  }
}

/** A CPU profile being taken; `stop` writes it where Chrome DevTools or `tsx test/tools/profileSummary.ts` can open it. */
export interface CpuProfiling {
  stop(path: string): Promise<void>;
}

export async function startCpuProfile(target: InspectorTarget): Promise<CpuProfiling> {
  const session = await openInspector(target, 120_000);
  await session.call('Profiler.enable');
  await session.call('Profiler.setSamplingInterval', { interval: 1000 });
  await session.call('Profiler.start');
  return {
    async stop(path) {
      try {
        const result = z.object({ profile: z.unknown() }).parse(await session.call('Profiler.stop'));
        writeFileSync(path, JSON.stringify(result.profile));
      } finally {
        session.close();
      }
    },
  };
}
