// The embedded lab: the simulator of every backend in the registry, seeded and started on loopback, and the
// connector specs that reach them over real HTTP. Knobs: scale (VMs per backend), latency, how long backend work
// takes, each simulator's own (LAB_LIBGO_LISTS, …), and faults per backend (at start and while running).
import type { Backend, LabToken } from '../connectors/backend.js';
import type { ConnectorSpec } from '../connectors/registry.js';
import type { RunningSimulator } from './simulatorServer.js';
import { describeFault } from './faults.js';
import { LAB_BACKENDS, LAB_NAMES, type LabFaults, type LabKnobs } from './labEnv.js';

export interface LabOptions {
  /** Multiplies the VMs per backend. */
  scale: number;
  /** Added to every simulator response. */
  latencyMs: number;
  /** How long a backend action takes. */
  opMs: number;
  /** First port to bind (one per simulator, in registry order); 0 picks free ports. */
  basePort?: number;
  /** Faults the simulators have from the start (LAB_FAULTS). */
  faults?: LabFaults;
  /** The simulators' own knobs as the environment gives them; each has its default. */
  knobs?: LabKnobs;
}

interface LabSimulator {
  spec: ConnectorSpec;
  url: string;
  requestCount(): number;
  /** The simulator's fault as LAB_FAULTS writes it, or null. */
  fault(): string | null;
}

export interface Lab {
  simulators: LabSimulator[];
  specs: ConnectorSpec[];
  /** A backend's simulator, for tests that inject faults or inspect state: `lab.sim(danube).failNext(…)`. */
  sim<S extends RunningSimulator>(backend: Backend<string, string, S>): S;
  /** Replaces every simulator's fault: those named get theirs, the others none. */
  setFaults(faults: LabFaults): void;
  /** The faults in force now. */
  faults(): LabFaults;
  close(): Promise<void>;
}

export async function startLab(options: LabOptions): Promise<Lab> {
  const token: LabToken = {};
  const started: RunningSimulator[] = [];
  const simulators: LabSimulator[] = [];
  for (const [index, { kind, lab }] of LAB_BACKENDS.entries()) {
    const server = { latencyMs: options.latencyMs, opMs: options.opMs, port: options.basePort ? options.basePort + index : 0 };
    const common = { scale: options.scale, server };
    try {
      const entry = await lab.start(token, common, options.knobs ?? {});
      started.push(entry.simulator);
      simulators.push({
        spec: { name: `lab-${lab.name}`, kind, baseUrl: entry.url, credentials: entry.credentials, settings: entry.settings },
        url: entry.url,
        requestCount: entry.simulator.requestCount,
        fault: () => {
          const fault = entry.simulator.fault();
          return fault && describeFault(fault);
        },
      });
    } catch (error) {
      // If one fails to start, those already started are closed.
      await Promise.all(started.map((s) => s.close()));
      throw error;
    }
  }
  const setFaults = (faults: LabFaults) => {
    for (const [index, name] of LAB_NAMES.entries()) started[index]?.setFault(faults[name] ?? null);
  };
  setFaults(options.faults ?? {});
  return {
    simulators,
    specs: simulators.map((s) => s.spec),
    sim: (backend) => {
      if (!backend.lab) throw new Error(`backend ${backend.kind} has no lab simulator`);
      return backend.lab.of(token);
    },
    setFaults,
    faults: () => {
      const faults: LabFaults = {};
      for (const [index, name] of LAB_NAMES.entries()) {
        const fault = started[index]?.fault();
        if (fault) faults[name] = fault;
      }
      return faults;
    },
    async close() {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}

/** One start-up line per simulator: its backend, where it listens, and its fault if it has one. */
export function simulatorLines(lab: Lab): string[] {
  return lab.simulators.map((sim) => {
    const fault = sim.fault();
    return `${sim.spec.name} (${sim.spec.kind}) at ${sim.url}${fault ? `  FAULT: ${fault}` : ''}`;
  });
}
