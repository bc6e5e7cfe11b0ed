// deleteSnapshots: many snapshots across backends, one result per id in the order given. Backends with bulk
// delete get one request for all of theirs (the planner batches them); each snapshot still gets its own Operation.
import { actionsExtension } from '../../auth/rootFields.js';
import type { Named } from '../../operations/planning/find.js';
import { planDeleteSnapshots } from '../../operations/planning/deleteSnapshots.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { ValidationError } from '../errors.js';
import { badInput } from '../lookup.js';
import { decodeFor, INPUT_ARG, startPlanned } from './common.js';
import { DeleteSnapshotResult, type OperationResult } from './results.js';

const DeleteSnapshotsInput = builder.inputType('DeleteSnapshotsInput', {
  description: 'The snapshots to delete.',
  fields: (t) => ({ snapshotIds: t.idList({ required: true, description: 'Snapshot ids, of any backends: at most the configured maxBatchSize (1000 by default).' }) }),
});

async function deleteMany(ctx: Context, ids: string[]): Promise<OperationResult[]> {
  const results: (OperationResult | undefined)[] = new Array(ids.length);
  const seen = new Set<string>();
  const named: { index: number; snapshot: Named<'Snapshot'> }[] = [];
  ids.forEach((id, index) => {
    const field = `input.snapshotIds.${index}`;
    if (seen.has(id)) {
      results[index] = new ValidationError(`${field}: this id is listed more than once`, field);
      return;
    }
    seen.add(id);
    const snapshot = decodeFor(id, field, ['Snapshot']);
    if (snapshot instanceof ValidationError) results[index] = snapshot;
    else named.push({ index, snapshot });
  });
  const plans = await planDeleteSnapshots(ctx, named.map((n) => n.snapshot));
  // One after another, in the order given, as each operation's start is its own.
  for (const [i, { index }] of named.entries()) {
    const planned = plans[i];
    if (planned) results[index] = await startPlanned(ctx, planned, null);
  }
  return results.map((r) => r ?? new ValidationError('internal: no result', null));
}

builder.mutationField('deleteSnapshots', (t) =>
  t.field({
    authScopes: { 'snapshots:write': true },
    // Each id is an operation of its own, so the rate limit charges each.
    extensions: actionsExtension('input.snapshotIds'),
    type: [DeleteSnapshotResult],
    description: 'Delete many snapshots, across backends; one result per id, in the order given.',
    args: { input: t.arg({ type: DeleteSnapshotsInput, ...INPUT_ARG }) },
    resolve: (_root, args, ctx) => {
      const limit = ctx.gateway.limits.maxBatchSize;
      // The list as a whole is wrong: there is no per-id result to put the error in, so the field fails.
      const ids = args.input.snapshotIds;
      if (ids.length === 0 || ids.length > limit) throw badInput(`input.snapshotIds: give between 1 and ${limit} ids`);
      return deleteMany(ctx, ids);
    },
  }),
);
