// deleteSnapshots: many snapshots across backends, one result per id in the order given. Backends with bulk
// delete get one request for all of theirs; each snapshot still gets its own Operation.
import { actionsExtension } from '../../auth/rootFields.js';
import type { Connector } from '../../connectors/connector.js';
import type { ActionResult } from '../../domain/operation.js';
import type { SnapshotRecord } from '../../domain/model.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { ValidationError, type TypedError } from '../errors.js';
import { badInput } from '../lookup.js';
import { findSnapshot, isTypedError, startOperation } from './common.js';
import { DeleteSnapshotResult, type OperationPayload } from './results.js';

const DeleteSnapshotsInput = builder.inputType('DeleteSnapshotsInput', {
  fields: (t) => ({ snapshotIds: t.idList({ required: true }) }),
});

interface Found {
  index: number;
  id: string;
  connector: Connector;
  snapshot: SnapshotRecord;
}

/** One shared bulk request per backend, sent when the first of its operations starts acting. */
function bulkActions(found: Found[]): Map<number, () => Promise<ActionResult>> {
  const actions = new Map<number, () => Promise<ActionResult>>();
  const byBackend = new Map<Connector, Found[]>();
  for (const item of found) byBackend.set(item.connector, [...(byBackend.get(item.connector) ?? []), item]);
  for (const [connector, items] of byBackend) {
    const bulk = connector.bulkDelete;
    if (!bulk || items.length === 1) {
      for (const item of items) actions.set(item.index, () => connector.deleteSnapshot(item.snapshot.key));
      continue;
    }
    let sent: Promise<(ActionResult | Error)[]> | undefined;
    items.forEach((item, position) => {
      actions.set(item.index, async () => {
        sent ??= bulk.deleteSnapshots(items.map((i) => i.snapshot.key));
        const result = (await sent)[position];
        if (result === undefined) throw new Error('the bulk answer has no result for this snapshot');
        if (result instanceof Error) throw result;
        return result;
      });
    });
  }
  return actions;
}

async function deleteMany(ctx: Context, ids: string[]): Promise<(OperationPayload | TypedError)[]> {
  const results: (OperationPayload | TypedError | undefined)[] = new Array(ids.length);
  const seen = new Set<string>();
  const found: Found[] = [];
  await Promise.all(
    ids.map(async (id, index) => {
      const field = `input.snapshotIds.${index}`;
      if (seen.has(id)) {
        results[index] = new ValidationError(`${field}: this id is listed more than once`, field);
        return;
      }
      seen.add(id);
      const lookup = await findSnapshot(ctx, id, field);
      if (isTypedError(lookup)) results[index] = lookup;
      else found.push({ index, id, connector: lookup.connector, snapshot: lookup.record });
    }),
  );
  found.sort((a, b) => a.index - b.index);
  const actions = bulkActions(found);
  for (const item of found) {
    const action = actions.get(item.index);
    if (!action) continue;
    results[item.index] = await startOperation(ctx, {
      intent: { kind: 'DELETE_SNAPSHOT', snapshotKey: item.snapshot.key },
      backend: item.connector.name,
      targetId: item.id,
      snapshotKey: item.snapshot.key,
      request: null,
      action,
    });
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
    args: { input: t.arg({ type: DeleteSnapshotsInput, required: true }) },
    resolve: (_root, args, ctx) => {
      const limit = ctx.gateway.limits.maxBatchSize;
      // The list as a whole is wrong: there is no per-id result to put the error in, so the field fails.
      const ids = args.input.snapshotIds;
      if (ids.length === 0 || ids.length > limit) throw badInput(`input.snapshotIds: give between 1 and ${limit} ids`);
      return deleteMany(ctx, ids);
    },
  }),
);
