// Imports every definition file and builds the schema; defines nothing. Side-effect free apart from that,
// so codegen can import it.
import { GraphQLDeferDirective, GraphQLStreamDirective } from '@graphql-tools/utils';
import { GraphQLLiveDirective } from '@n1ru4l/graphql-live-query';
import { specifiedDirectives } from 'graphql';
import { builder } from './builder.js';
import { fieldCost } from './limits/fieldCost.js';
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
import './nodes/InventoryChange.js';
import './nodes/SnapshotPolicy.js';
import './mutations/results.js';
import './mutations/createSnapshot.js';
import './mutations/revertSnapshot.js';
import './mutations/cloneSnapshot.js';
import './mutations/deleteSnapshot.js';
import './mutations/deleteSnapshots.js';
import './mutations/updateSnapshot.js';
import './mutations/cancelOperation.js';
import './mutations/snapshotPolicies.js';
import './mutations/snapshotSchedules.js';
import './subscriptions/operation.js';
import './subscriptions/operations.js';
import './subscriptions/inventoryChanges.js';

// Field costs for the query limits; useQueryLimits measures them once per request before execution, so the
// plugin's own check (in root resolvers, which a subscription runs only at its first event) stays off.
// @defer, @stream and @live are declared here rather than only by their plugins, so the committed SDL and clients'
// codegen know them (docs/defer.md, docs/live.md).
export const schema = builder.toSchema({
  complexity: { fieldComplexity: fieldCost, disabled: true },
  directives: [...specifiedDirectives, GraphQLDeferDirective, GraphQLStreamDirective, GraphQLLiveDirective],
});
