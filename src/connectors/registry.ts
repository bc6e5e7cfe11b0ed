// Backend kind -> connector factory: the one place a new backend is registered.
import { BACKEND_KINDS, type BackendKind } from '../domain/model.js';
import type { Connector, ConnectorFactory } from './connector.js';
import type { HttpClient } from './http.js';
import { createCloudSigmaConnector } from './cloudsigma/connector.js';
import { createDanubeConnector } from './danube/connector.js';
import { createDenvrConnector } from './denvr/connector.js';
import { createLibvirtConnector } from './libvirt/connector.js';
import { createManageIQConnector } from './manageiq/connector.js';

export const CONNECTORS: Partial<Record<BackendKind, ConnectorFactory>> = {
  LIBVIRT: createLibvirtConnector,
  MANAGEIQ: createManageIQConnector,
  CLOUDSIGMA: createCloudSigmaConnector,
  DANUBE: createDanubeConnector,
  DENVR: createDenvrConnector,
};

/** Kinds this build can talk to. */
export const availableKinds = (): BackendKind[] => BACKEND_KINDS.filter((kind) => CONNECTORS[kind] !== undefined);

export interface ConnectorSpec {
  name: string;
  kind: BackendKind;
  baseUrl: string;
  credentials: Record<string, string>;
  settings: Record<string, unknown>;
}

/** Builds the connector of a configured (or lab) backend. */
export function createConnector(spec: ConnectorSpec, http: HttpClient): Connector {
  const factory = CONNECTORS[spec.kind];
  if (!factory) throw new Error(`backend '${spec.name}': ${spec.kind} has no connector in this version`);
  return factory({ ...spec, http });
}
