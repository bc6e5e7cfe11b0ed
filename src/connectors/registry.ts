// Backend kind -> connector factory: the one place a new backend is registered.
import type { BackendKind } from '../domain/model.js';
import type { Connector, ConnectorFactory } from './connector.js';
import type { HttpClient } from './http.js';
import { ledgerFor, MemoryLedger, type Ledger } from './ledger/ledger.js';
import { createCloudSigmaConnector } from './cloudsigma/connector.js';
import { createDanubeConnector } from './danube/connector.js';
import { createDenvrConnector } from './denvr/connector.js';
import { createLibvirtConnector } from './libvirt/connector.js';
import { createManageIQConnector } from './manageiq/connector.js';

// Every kind of the schema has its connector; a new kind fails to compile until it is registered here.
const CONNECTORS: Record<BackendKind, ConnectorFactory> = {
  LIBVIRT: createLibvirtConnector,
  MANAGEIQ: createManageIQConnector,
  CLOUDSIGMA: createCloudSigmaConnector,
  DANUBE: createDanubeConnector,
  DENVR: createDenvrConnector,
};

export interface ConnectorSpec {
  name: string;
  kind: BackendKind;
  baseUrl: string;
  credentials: Record<string, string>;
  settings: Record<string, unknown>;
  /** This backend's timeout per call, in milliseconds; the HTTP client's when absent. */
  timeoutMs?: number;
}

/** Builds the connector of a configured (or lab) backend, and tells the shared HTTP client about it. */
export function createConnector(spec: ConnectorSpec, http: HttpClient, ledger: Ledger = new MemoryLedger()): Connector {
  const { timeoutMs, ...options } = spec;
  const connector = CONNECTORS[spec.kind]({ ...options, http, ledger: ledgerFor(ledger, spec.name) });
  // The connector's ping is what tries the backend again while its circuit is open.
  http.addBackend(spec.name, { ...(timeoutMs !== undefined && { timeoutMs }), probe: () => connector.ping() });
  return connector;
}
