// The capability checks of every plan, in one place: a backend lacking a capability here, or the slice that has it.
import type { ActionCapability, ActionSlices, Connector } from '../../connectors/connector.js';
import type { Capabilities, Capability } from '../../domain/model.js';
import type { Refused } from './refused.js';

/** A backend about to act, and what it can do for the thing acted on. */
export interface Acting {
  connector: Connector;
  capabilities: Capabilities;
}

const lacks = (connector: Connector, capability: Capability): Refused => ({ refused: 'UNSUPPORTED', connector, capability });

/** The refusal when the backend lacks the capability here; null when it can. */
export function unsupported(acting: Acting, capability: Capability): Refused | null {
  return acting.capabilities[capability] ? null : lacks(acting.connector, capability);
}

/** The slice that does an action, where the backend can do it here; the refusal otherwise. */
export function capable<K extends ActionCapability>(acting: Acting, capability: K): ActionSlices[K] | Refused {
  const slices: Partial<ActionSlices> = acting.connector;
  const slice: ActionSlices[K] | undefined = slices[capability];
  return acting.capabilities[capability] && slice !== undefined ? slice : lacks(acting.connector, capability);
}
