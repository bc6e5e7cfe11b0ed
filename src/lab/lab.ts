// The embedded lab: every simulator this build has, seeded and started on loopback, and the connector specs
// that reach them over real HTTP. Knobs: scale (VMs per backend), latency, and how long backend work takes.
import type { ConnectorSpec } from '../connectors/registry.js';
import {
  LIBVIRT_SIM_DEFAULT_VMS,
  startLibvirtSimulator,
  type LibvirtSimulator,
} from '../connectors/libvirt/simulator.js';

export interface LabOptions {
  /** Multiplies the VMs per backend. */
  scale: number;
  /** Added to every simulator response. */
  latencyMs: number;
  /** How long a backend action takes. */
  opMs: number;
  /** First port to bind (one per simulator, in order); 0 picks free ports. */
  basePort?: number;
}

export interface LabSimulator {
  spec: ConnectorSpec;
  url: string;
  requestCount(): number;
}

export interface Lab {
  simulators: LabSimulator[];
  /** The simulators themselves, for tests that inject faults or inspect state. */
  libvirt: LibvirtSimulator;
  specs: ConnectorSpec[];
  close(): Promise<void>;
}

// The lab's libvirt requires a login, so the connector's auth path runs in every demo and test.
export const LAB_LIBVIRT_CREDENTIALS = { username: 'lab', password: 'lab-password' };

export async function startLab(options: LabOptions): Promise<Lab> {
  const port = (offset: number) => (options.basePort ? options.basePort + offset : 0);
  const libvirt = await startLibvirtSimulator({
    vmCount: LIBVIRT_SIM_DEFAULT_VMS * options.scale,
    latencyMs: options.latencyMs,
    opMs: options.opMs,
    auth: LAB_LIBVIRT_CREDENTIALS,
    port: port(0),
  });
  const simulators: LabSimulator[] = [
    {
      spec: { name: 'lab-libvirt', kind: 'LIBVIRT', baseUrl: libvirt.url, credentials: LAB_LIBVIRT_CREDENTIALS, settings: {} },
      url: libvirt.url,
      requestCount: () => libvirt.requestCount(),
    },
  ];
  return {
    simulators,
    libvirt,
    specs: simulators.map((s) => s.spec),
    async close() {
      await libvirt.close();
    },
  };
}
