// The capability checks of every plan, in one place: a backend lacking a capability here (or the method behind it).
import type { Connector } from '../../connectors/connector.js';
import type { Capabilities, Capability } from '../../domain/model.js';
import type { Refused } from './refused.js';

/** A backend about to act, and what it can do for the thing acted on. */
export interface Acting {
  connector: Connector;
  capabilities: Capabilities;
}

export const lacks = (connector: Connector, capability: Capability): Refused => ({ refused: 'UNSUPPORTED', connector, capability });

/** The refusal when the backend lacks the capability here (or the method behind it); null when it can. */
export function unsupported(acting: Acting, capability: Capability, implemented = true): Refused | null {
  return acting.capabilities[capability] && implemented ? null : lacks(acting.connector, capability);
}
