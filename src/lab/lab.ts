// The embedded lab: every simulator this build has, seeded and started on loopback, and the connector specs
// that reach them over real HTTP. Knobs: scale (VMs per backend), latency, and how long backend work takes.
import type { ConnectorSpec } from '../connectors/registry.js';
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
  manageiq: ManageIQSimulator;
  cloudsigma: CloudSigmaSimulator;
  specs: ConnectorSpec[];
  close(): Promise<void>;
}

// The lab's libvirt requires a login, so the connector's auth path runs in every demo and test.
export const LAB_LIBVIRT_CREDENTIALS = { username: 'lab', password: 'lab-password' };
// The lab's ManageIQ is reached with a group too, so the X-MIQ-Group path runs as well.
export const LAB_MANAGEIQ_CREDENTIALS = { ...MANAGEIQ_SIM_DEFAULT_AUTH };
// CloudSigma takes Basic auth with the account's email and password.
export const LAB_CLOUDSIGMA_CREDENTIALS = { ...CLOUDSIGMA_SIM_DEFAULT_AUTH };

export async function startLab(options: LabOptions): Promise<Lab> {
  const port = (offset: number) => (options.basePort ? options.basePort + offset : 0);
  const libvirt = await startLibvirtSimulator({
    vmCount: LIBVIRT_SIM_DEFAULT_VMS * options.scale,
    latencyMs: options.latencyMs,
    opMs: options.opMs,
    auth: LAB_LIBVIRT_CREDENTIALS,
    port: port(0),
  });
  const manageiq = await startManageIQSimulator({
    vmCount: MANAGEIQ_SIM_DEFAULT_VMS * options.scale,
    instanceCount: MANAGEIQ_SIM_DEFAULT_INSTANCES * options.scale,
    latencyMs: options.latencyMs,
    opMs: options.opMs,
    port: port(1),
  }).catch(async (error: unknown) => {
    await libvirt.close();
    throw error;
  });
  const cloudsigma = await startCloudSigmaSimulator({
    serverCount: CLOUDSIGMA_SIM_DEFAULT_SERVERS * options.scale,
    latencyMs: options.latencyMs,
    opMs: options.opMs,
    auth: LAB_CLOUDSIGMA_CREDENTIALS,
    port: port(2),
  }).catch(async (error: unknown) => {
    await Promise.all([libvirt.close(), manageiq.close()]);
    throw error;
  });
  const simulators: LabSimulator[] = [
    {
      spec: { name: 'lab-libvirt', kind: 'LIBVIRT', baseUrl: libvirt.url, credentials: LAB_LIBVIRT_CREDENTIALS, settings: {} },
      url: libvirt.url,
      requestCount: () => libvirt.requestCount(),
    },
    {
      spec: { name: 'lab-manageiq', kind: 'MANAGEIQ', baseUrl: manageiq.url, credentials: LAB_MANAGEIQ_CREDENTIALS, settings: {} },
      url: manageiq.url,
      requestCount: () => manageiq.requestCount(),
    },
    {
      spec: { name: 'lab-cloudsigma', kind: 'CLOUDSIGMA', baseUrl: cloudsigma.apiUrl, credentials: LAB_CLOUDSIGMA_CREDENTIALS, settings: {} },
      url: cloudsigma.apiUrl,
      requestCount: () => cloudsigma.requestCount(),
    },
  ];
  return {
    simulators,
    libvirt,
    manageiq,
    cloudsigma,
    specs: simulators.map((s) => s.spec),
    async close() {
      await Promise.all([libvirt.close(), manageiq.close(), cloudsigma.close()]);
    },
  };
}
