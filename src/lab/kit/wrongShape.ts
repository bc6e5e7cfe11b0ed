// The tests' setGarbage knob on a simulator, as the one fault system's garbage that is JSON of the wrong shape.
import { wantsWrongShape } from '../faults.js';
import type { RunningSimulator } from '../simulatorServer.js';

/** Turns wrong-shape garbage on, or off again (a different fault in force meanwhile is left alone). */
export function setWrongShape(simulator: Pick<RunningSimulator, 'fault' | 'setFault'>, on: boolean): void {
  if (on) simulator.setFault({ mode: 'garbage', json: true });
  else if (wantsWrongShape(simulator.fault())) simulator.setFault(null);
}
