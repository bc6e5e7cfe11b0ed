// The lab as a separate process (`npx tsx src/lab/main.ts`): started on a free port, its gateway config read back
// together with the credential variables it prints, so the bench reaches it the way a deployed gateway would.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import type { ConnectorSpec } from '../../src/connectors/registry.js';
import { freePort, scratchDir, startChild, type Child } from './processes.js';

export interface LabProcess {
  scale: number;
  child: Child;
  /** The config file the lab wrote (backends, credentials as variable names). */
  configPath: string;
  /** The credential variables the lab printed, e.g. LAB_LIBVIRT_PASSWORD. */
  credentialEnv: Record<string, string>;
  /** Connector specs built from the config and those variables, as src/main.ts builds them. */
  specs: ConnectorSpec[];
  stop(): Promise<void>;
}

/**
 * The lab's config with room for `sockets` graphql-ws subscribers (one subscription each): a bench's subscribers all
 * come from one loopback address, which the open lab counts as one caller (docs/subscriptions.md).
 */
export function configWithSubscribers(lab: LabProcess, sockets: number, writeIntervalMs?: number): string {
  const written: unknown = JSON.parse(readFileSync(lab.configPath, 'utf8'));
  const path = join(dirname(lab.configPath), 'lab-subscribers.json');
  const subscriptions = { perSocket: 100, perCaller: sockets, socketsPerCaller: sockets, ...(writeIntervalMs !== undefined && { writeIntervalMs }) };
  writeFileSync(path, JSON.stringify({ ...(typeof written === 'object' && written !== null ? written : {}), subscriptions }));
  return path;
}

/**
 * The lab binds a run of consecutive ports from a free one, and one of them may be taken meanwhile (other
 * processes' sockets come and go): it is tried again on another base port, up to three times.
 */
export async function startLabProcess(scale: number, latencyMs: number): Promise<LabProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startLabOnce(scale, latencyMs);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= 3 || !message.includes('EADDRINUSE')) throw error;
      console.log(`  the lab could not bind its ports (EADDRINUSE), attempt ${attempt}; trying other ports`);
    }
  }
}

async function startLabOnce(scale: number, latencyMs: number): Promise<LabProcess> {
  const dir = scratchDir('bench-lab-');
  const configPath = join(dir, 'lab.json');
  const port = await freePort();
  const child = startChild(`lab (LAB_SCALE=${scale})`, 'npx', ['tsx', 'src/lab/main.ts'], {
    ...process.env,
    LAB_SCALE: String(scale),
    LAB_PORT: String(port),
    LAB_LATENCY_MS: String(latencyMs),
    LAB_CONFIG_OUT: configPath,
  });
  const stop = async () => {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // The last line the lab prints: `VAR=value VAR=value npm start -- --config FILE`.
    const match = await child.waitFor(/^\s*(.*?)\s*npm start -- --config /);
    const credentialEnv = Object.fromEntries(
      (match[1] ?? '')
        .split(/\s+/)
        .map((token) => /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(token))
        .flatMap((m) => (m?.[1] !== undefined && m[2] !== undefined ? [[m[1], m[2]]] : [])),
    );
    const config = loadConfig(['--config', configPath], { ...process.env, ...credentialEnv });
    const specs = config.backends.map((b) => ({ ...b, credentials: config.secrets.get(b.name) ?? {} }));
    return { scale, child, configPath, credentialEnv, specs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
