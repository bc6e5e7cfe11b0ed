// Imports every definition file and builds the schema; defines nothing. Side-effect free apart from that,
// so codegen can import it.
import { builder } from './builder.js';
import './errors.js';
import './enums.js';
import './nodes/Node.js';
import './nodes/Capabilities.js';
import './nodes/Backend.js';
import './nodes/VM.js';
import './nodes/Drive.js';
import './nodes/Snapshot.js';
import './nodes/SnapshotSchedule.js';
import './nodes/Operation.js';
import './mutations/results.js';
import './mutations/createSnapshot.js';
import './mutations/revertSnapshot.js';
import './mutations/cloneSnapshot.js';
import './mutations/deleteSnapshot.js';
import './mutations/deleteSnapshots.js';
import './mutations/updateSnapshot.js';
import './mutations/snapshotSchedules.js';
import './subscriptions/operation.js';
import './subscriptions/operations.js';

export const schema = builder.toSchema();
