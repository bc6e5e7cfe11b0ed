// deleteSnapshots: many snapshots across backends, as a plan (planning/deletionPlan.ts): with descendants where
// asked, each VM's deletions leaves first and newest first, one after another (operations/deletions.ts); a dry run
// answers the plan and sends nothing. Backends with bulk delete and no tree get one request for all of theirs.
import { z } from 'zod';
import { actionsExtension } from '../../auth/rootFields.js';
import { DeletionRun } from '../../operations/deletions.js';
import type { Named } from '../../operations/planning/find.js';
import { planDeletions, type PlannedDeletion } from '../../operations/planning/deletionPlan.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { ValidationError } from '../errors.js';
import { badInput } from '../lookup.js';
import { decodeFor, INPUT_ARG, startPlanned, validate } from './common.js';
import { typedErrorOf } from './refused.js';
import { DeleteSnapshotResult, OperationPayload, PlannedDeletionAnswer, type OperationResult } from './results.js';

const DeleteSnapshotsInput = builder.inputType('DeleteSnapshotsInput', {
  description: 'The snapshots to delete.',
  fields: (t) => ({
    snapshotIds: t.idList({ required: true, description: 'Snapshot ids, of any backends: at most the configured maxBatchSize (1000 by default).' }),
    includeDescendants: t.boolean({
      defaultValue: false,
      description: 'Delete every snapshot under each one given too, leaves first (on any backend that keeps a tree); false by default.',
    }),
    dryRun: t.boolean({
      defaultValue: false,
      description: 'Answer the plan (a PlannedDeletion per snapshot) and send nothing; false by default.',
    }),
  }),
});

const flagsSchema = z.object({ includeDescendants: z.boolean().nullish(), dryRun: z.boolean().nullish() });

type DeleteResult = OperationResult | PlannedDeletionAnswer;

async function deleteMany(ctx: Context, ids: readonly string[], includeDescendants: boolean, dryRun: boolean): Promise<DeleteResult[]> {
  const given: (DeleteResult | undefined)[] = new Array(ids.length);
  const seen = new Set<string>();
  const named: { index: number; snapshot: Named<'Snapshot'> }[] = [];
  ids.forEach((id, index) => {
    const field = `input.snapshotIds.${index}`;
    if (seen.has(id)) {
      given[index] = new ValidationError(`${field}: this id is listed more than once`, field);
      return;
    }
    seen.add(id);
    const snapshot = decodeFor(id, field, ['Snapshot']);
    if (snapshot instanceof ValidationError) given[index] = snapshot;
    else named.push({ index, snapshot });
  });
  const plan = await planDeletions(ctx, named.map((n) => n.snapshot), includeDescendants);
  for (const [at, refused] of plan.refused) {
    const index = named[at]?.index;
    if (index !== undefined) given[index] = typedErrorOf(ctx, refused);
  }
  const placeOf = (d: PlannedDeletion): number | null => (d.given === null ? null : (named[d.given]?.index ?? null));
  const descendants: DeleteResult[] = [];
  const answer = (d: PlannedDeletion, result: DeleteResult) => {
    const place = placeOf(d);
    if (place === null) descendants.push(result);
    else given[place] = result;
  };
  if (dryRun) {
    for (const d of plan.deletions) answer(d, new PlannedDeletionAnswer(d.found.record, d.step, d.because, d.under.map((u) => u.found.record), d.refusal));
  } else {
    const run = new DeletionRun(plan.deletions);
    // One after another, in result order, as each operation's start is its own; each chain's run in step order.
    for (const d of plan.deletions) {
      if (d.refusal !== null) {
        // Where the refusal points: the id it was given as, or the flag that brought it in.
        const place = placeOf(d);
        const field = place === null ? 'input.includeDescendants' : `input.snapshotIds.${place}`;
        answer(d, new ValidationError(`${field}: ${d.refusal}`, field));
        continue;
      }
      const result = await startPlanned(ctx, d.plan, null, run.gateOf(d));
      run.started(d, result instanceof OperationPayload ? ctx.gateway.engine.whenEnded(result.operation.id) : Promise.resolve(null));
      answer(d, result);
    }
  }
  return [...given.map((r) => r ?? new ValidationError('internal: no result', null)), ...descendants];
}

builder.mutationField('deleteSnapshots', (t) =>
  t.field({
    authScopes: { 'snapshots:write': true },
    // Each id is an operation of its own, so the rate limit charges each.
    extensions: actionsExtension('input.snapshotIds'),
    type: [DeleteSnapshotResult],
    description:
      "Delete many snapshots, across backends: one result per id, in the order given, then (includeDescendants) one per descendant brought in, in the order they run. Each VM's deletions run one after another, leaves first and newest first (docs/bulk-delete.md); dryRun answers that plan and sends nothing.",
    args: { input: t.arg({ type: DeleteSnapshotsInput, ...INPUT_ARG }) },
    resolve: (_root, args, ctx) => {
      const limit = ctx.gateway.limits.maxBatchSize;
      // The list as a whole is wrong: there is no per-id result to put the error in, so the field fails.
      const ids = args.input.snapshotIds;
      if (ids.length === 0 || ids.length > limit) throw badInput(`input.snapshotIds: give between 1 and ${limit} ids`);
      const flags = validate(flagsSchema, args.input);
      if (flags instanceof ValidationError) throw badInput(flags.message);
      return deleteMany(ctx, ids, flags.includeDescendants ?? false, flags.dryRun ?? false);
    },
  }),
);
