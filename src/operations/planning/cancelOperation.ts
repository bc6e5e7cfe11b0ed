// cancelOperation's rules: the operation is one the caller sees, and its backend can stop tasks of its kind
// (capabilities.cancel); a final one is answered as it is, so a cancel repeated changes nothing.
import type { Connector } from '../../connectors/connector.js';
import type { OperationRecord } from '../../domain/operation.js';
import type { Named } from './find.js';
import { notFound, type Refused } from './refused.js';

/** What a cancel acts on: the operation (seen by the caller), or why nothing is sent. */
export function planCancel(named: Named<'Operation'>, operation: OperationRecord | null, connector: Connector | undefined): OperationRecord | Refused {
  if (!operation || !connector) return notFound(named);
  if (!connector.cancel?.kinds.includes(operation.kind)) return { refused: 'UNSUPPORTED', connector, capability: 'cancel', of: `${operation.kind} operations` };
  return operation;
}
