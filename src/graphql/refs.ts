// Refs of the object types, declared apart from their fields so VM, Drive, Snapshot and friends can name each
// other without circular imports (each nodes/ file implements one).
import type { Connector } from '../connectors/connector.js';
import type { DriveRecord, ScheduleRecord, SnapshotRecord, VMRecord } from '../domain/model.js';
import type { OperationRecord } from '../domain/operation.js';
import { builder } from './builder.js';
import { encodeId } from './ids.js';

/** A configured backend, as the schema sees it. */
export interface BackendShape {
  entity: 'Backend';
  connector: Connector;
}

export const BackendRef = builder.objectRef<BackendShape>('Backend');
export const VMRef = builder.objectRef<VMRecord>('VM');
export const DriveRef = builder.objectRef<DriveRecord>('Drive');
export const SnapshotRef = builder.objectRef<SnapshotRecord>('Snapshot');
export const ScheduleRef = builder.objectRef<ScheduleRecord>('SnapshotSchedule');
export const OperationRef = builder.objectRef<OperationRecord>('Operation');

export type NodeShape = BackendShape | VMRecord | DriveRecord | SnapshotRecord | ScheduleRecord | OperationRecord;

function globalIdOf(node: NodeShape): string {
  switch (node.entity) {
    case 'Backend':
      return encodeId('Backend', node.connector.name, '');
    case 'Operation':
      return encodeId('Operation', node.backend, node.id);
    default:
      return encodeId(node.entity, node.backend, node.key);
  }
}

export const NodeRef = builder.interfaceRef<NodeShape>('Node').implement({
  description: 'Relay object identification: every entity has a global, opaque, stable id.',
  resolveType: (node) => node.entity,
  fields: (t) => ({ id: t.id({ description: 'The global id: stable, opaque, and what node(id) and every id argument take.', resolve: globalIdOf }) }),
});

export const backendShape = (connector: Connector): BackendShape => ({ entity: 'Backend', connector });
