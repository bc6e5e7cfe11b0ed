// The backends this build has: the one place a new backend is registered (one line per `connectors/<kind>/`).
// Kinds, the schema's BackendKind, config checks, the lab and its fault targets are all derived from this list.
import type { Backend } from './backend.js';
import type { Connector } from './connector.js';
import type { HttpClient } from './http.js';
import { ledgerFor, MemoryLedger, type Ledger } from './ledger/ledger.js';
import { cloudsigma } from './cloudsigma/backend.js';
import { danube } from './danube/backend.js';
import { denvr } from './denvr/backend.js';
import { libvirt } from './libvirt/backend.js';
import { libvirtd } from './libvirtd/backend.js';
import { manageiq } from './manageiq/backend.js';

export const BACKENDS = [libvirt, manageiq, cloudsigma, danube, denvr, libvirtd] as const satisfies readonly Backend[];

type BackendKind = (typeof BACKENDS)[number]['kind'];
export const BACKEND_KINDS = BACKENDS.map((backend): BackendKind => backend.kind);

/** The backend of a configured kind (config checks the kind against BACKEND_KINDS). */
export function backendOf(kind: string): Backend {
  const backend = BACKENDS.find((b) => b.kind === kind);
  if (!backend) throw new Error(`no backend of kind ${kind} in this build (${BACKEND_KINDS.join(', ')})`);
  return backend;
}

export interface ConnectorSpec {
  name: string;
  kind: BackendKind;
  baseUrl: string;
  credentials: Record<string, string>;
  settings: Record<string, unknown>;
  /** This backend's timeout per call, in milliseconds; the HTTP client's when absent. */
  timeoutMs?: number;
  /** How long its answers stay fresh in the shared read cache (0: not cached); the gateway's default when absent. */
  freshnessMs?: number;
}

/** Builds the connector of a configured (or lab) backend, and tells the shared HTTP client about it. */
export function createConnector(spec: ConnectorSpec, http: HttpClient, ledger: Ledger = new MemoryLedger()): Connector {
  const { timeoutMs, freshnessMs: _cachedFor, kind, ...options } = spec;
  const connector = backendOf(kind).create({ ...options, http, ledger: ledgerFor(ledger, spec.name) });
  // The connector's ping is what tries the backend again while its circuit is open.
  http.addBackend(spec.name, { ...(timeoutMs !== undefined && { timeoutMs }), probe: () => connector.ping() });
  return connector;
}
