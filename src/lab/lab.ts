// The embedded lab: every simulator this build has, seeded and started on loopback, and the connector specs
// that reach them over real HTTP. Knobs: scale (VMs per backend), latency, how long backend work takes, and
// faults per backend (at start and while running).
import type { ConnectorSpec } from '../connectors/registry.js';
import { describeFault, LAB_KINDS, type LabFaults, type LabKind } from './faults.js';
import type { RunningSimulator } from './simulatorServer.js';
import {
  CLOUDSIGMA_SIM_DEFAULT_AUTH,
  CLOUDSIGMA_SIM_DEFAULT_SERVERS,
  startCloudSigmaSimulator,
  type CloudSigmaSimulator,
} from '../connectors/cloudsigma/simulator.js';
import {
  LIBVIRT_SIM_DEFAULT_VMS,
  startLibvirtSimulator,
  type LibvirtSimulator,
} from '../connectors/libvirt/simulator.js';
import {
  MANAGEIQ_SIM_DEFAULT_AUTH,
  MANAGEIQ_SIM_DEFAULT_INSTANCES,
  MANAGEIQ_SIM_DEFAULT_VMS,
  startManageIQSimulator,
  type ManageIQSimulator,
} from '../connectors/manageiq/simulator.js';
import {
  DANUBE_SIM_DEFAULT_AUTH,
  DANUBE_SIM_DEFAULT_VMS,
  startDanubeSimulator,
  type DanubeSimulator,
} from '../connectors/danube/simulator.js';
import {
  DENVR_SIM_DEFAULT_AUTH,
  DENVR_SIM_DEFAULT_SETTINGS,
  DENVR_SIM_DEFAULT_VMS,
  startDenvrSimulator,
  type DenvrSimulator,
} from '../connectors/denvr/simulator.js';

export interface LabOptions {
  /** Multiplies the VMs per backend. */
  scale: number;
  /** Added to every simulator response. */
  latencyMs: number;
  /** How long a backend action takes. */
  opMs: number;
  /** First port to bind (one per simulator, in order); 0 picks free ports. */
  basePort?: number;
  /** Faults the simulators have from the start (LAB_FAULTS). */
  faults?: LabFaults;
  /**
   * Whether the lab's libvirt lists snapshots, as a fixed libgo would (true, the default, so the demo shows seeded
   * trees), or answers its list empty as the released libgo does (false: LAB_LIBGO_LISTS=false).
   */
  libgoLists?: boolean;
}

export interface LabSimulator {
  spec: ConnectorSpec;
  url: string;
  requestCount(): number;
  /** The simulator's fault as LAB_FAULTS writes it, or null. */
  fault(): string | null;
}

export interface Lab {
  simulators: LabSimulator[];
  /** The simulators themselves, for tests that inject faults or inspect state. */
  libvirt: LibvirtSimulator;
  manageiq: ManageIQSimulator;
  cloudsigma: CloudSigmaSimulator;
  danube: DanubeSimulator;
  denvr: DenvrSimulator;
  specs: ConnectorSpec[];
  /** Replaces every simulator's fault: those named get theirs, the others none. */
  setFaults(faults: LabFaults): void;
  /** The faults in force now. */
  faults(): LabFaults;
  close(): Promise<void>;
}

// The lab's libvirt requires a login, so the connector's auth path runs in every demo and test.
export const LAB_LIBVIRT_CREDENTIALS = { username: 'lab', password: 'lab-password' };
// The lab's ManageIQ is reached with a group too, so the X-MIQ-Group path runs as well.
export const LAB_MANAGEIQ_CREDENTIALS = { ...MANAGEIQ_SIM_DEFAULT_AUTH };
// CloudSigma takes Basic auth with the account's email and password.
export const LAB_CLOUDSIGMA_CREDENTIALS = { ...CLOUDSIGMA_SIM_DEFAULT_AUTH };
// Danube logs in for a token (the API-key path is tested apart).
export const LAB_DANUBE_CREDENTIALS = { ...DANUBE_SIM_DEFAULT_AUTH };
export const LAB_DENVR_CREDENTIALS = { ...DENVR_SIM_DEFAULT_AUTH };

export async function startLab(options: LabOptions): Promise<Lab> {
  const port = (offset: number) => (options.basePort ? options.basePort + offset : 0);
  const common = { latencyMs: options.latencyMs, opMs: options.opMs };
  const started: { close(): Promise<void> }[] = [];
  /** Starts one simulator; if it fails, those already started are closed. */
  const start = async <T extends { close(): Promise<void> }>(run: () => Promise<T>): Promise<T> => {
    try {
      const simulator = await run();
      started.push(simulator);
      return simulator;
    } catch (error) {
      await Promise.all(started.map((s) => s.close()));
      throw error;
    }
  };
  const libvirt = await start(() =>
    startLibvirtSimulator({
      ...common,
      vmCount: LIBVIRT_SIM_DEFAULT_VMS * options.scale,
      auth: LAB_LIBVIRT_CREDENTIALS,
      port: port(0),
      listsSnapshots: options.libgoLists ?? true,
    }),
  );
  const manageiq = await start(() =>
    startManageIQSimulator({
      ...common,
      vmCount: MANAGEIQ_SIM_DEFAULT_VMS * options.scale,
      instanceCount: MANAGEIQ_SIM_DEFAULT_INSTANCES * options.scale,
      port: port(1),
    }),
  );
  const cloudsigma = await start(() =>
    startCloudSigmaSimulator({
      ...common,
      serverCount: CLOUDSIGMA_SIM_DEFAULT_SERVERS * options.scale,
      auth: LAB_CLOUDSIGMA_CREDENTIALS,
      port: port(2),
    }),
  );
  const danube = await start(() =>
    startDanubeSimulator({ ...common, vmCount: DANUBE_SIM_DEFAULT_VMS * options.scale, auth: LAB_DANUBE_CREDENTIALS, port: port(3) }),
  );
  const denvr = await start(() =>
    startDenvrSimulator({ ...common, vmCount: DENVR_SIM_DEFAULT_VMS * options.scale, auth: LAB_DENVR_CREDENTIALS, port: port(4) }),
  );
  const byKind: Record<LabKind, RunningSimulator> = { libvirt, manageiq, cloudsigma, danube, denvr };
  const setFaults = (faults: LabFaults) => {
    for (const kind of LAB_KINDS) byKind[kind].setFault(faults[kind] ?? null);
  };
  setFaults(options.faults ?? {});
  const lab = (
    name: string,
    kind: ConnectorSpec['kind'],
    simulator: RunningSimulator,
    url: string,
    credentials: Record<string, string>,
    settings: Record<string, unknown> = {},
  ): LabSimulator => ({
    spec: { name, kind, baseUrl: url, credentials, settings },
    url,
    requestCount: simulator.requestCount,
    fault: () => {
      const fault = simulator.fault();
      return fault && describeFault(fault);
    },
  });
  const simulators: LabSimulator[] = [
    lab('lab-libvirt', 'LIBVIRT', libvirt, libvirt.url, LAB_LIBVIRT_CREDENTIALS),
    lab('lab-manageiq', 'MANAGEIQ', manageiq, manageiq.url, LAB_MANAGEIQ_CREDENTIALS),
    lab('lab-cloudsigma', 'CLOUDSIGMA', cloudsigma, cloudsigma.apiUrl, LAB_CLOUDSIGMA_CREDENTIALS),
    lab('lab-danube', 'DANUBE', danube, danube.apiUrl, LAB_DANUBE_CREDENTIALS),
    lab('lab-denvr', 'DENVR', denvr, denvr.url, LAB_DENVR_CREDENTIALS, DENVR_SIM_DEFAULT_SETTINGS),
  ];
  return {
    simulators,
    libvirt,
    manageiq,
    cloudsigma,
    danube,
    denvr,
    specs: simulators.map((s) => s.spec),
    setFaults,
    faults: () => {
      const faults: LabFaults = {};
      for (const kind of LAB_KINDS) {
        const fault = byKind[kind].fault();
        if (fault) faults[kind] = fault;
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
