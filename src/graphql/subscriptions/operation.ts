// Subscription.operation: the operation's current state first, then every change; completes after a terminal state.
import { GraphQLError } from 'graphql';
import { Repeater } from 'graphql-yoga';
import { isTerminal, type OperationRecord } from '../../domain/operation.js';
import { builder } from '../builder.js';
import { refreshLoaders, seesOperation, type Context } from '../context.js';
import { decodeArg } from '../lookup.js';
import { OperationRef } from '../refs.js';

/**
 * Listens before it reads, so no change between the read and the first event is lost; drops events the
 * read already covers (by revision).
 */
async function followOperation(ctx: Context, id: string): Promise<AsyncIterable<OperationRecord>> {
  const source = ctx.gateway.pubsub.subscribe('operation:changed', (record) => record.id === id);
  const first = source.next();
  const current = await ctx.gateway.engine.get(id);
  // One the caller may not see does not exist for it.
  if (!current || !seesOperation(ctx, current)) {
    await source.return();
    throw new GraphQLError(`no operation has the id given`, { extensions: { code: 'NOT_FOUND' } });
  }
  return new Repeater<OperationRecord>(async (push, stop) => {
    void stop.then(() => source.return());
    await push(current);
    let revision = current.revision;
    let pending = first;
    while (!isTerminal(current.status)) {
      const result = await pending;
      if (result.done) break;
      const record = result.value;
      if (record.id === id && record.revision > revision) {
        revision = record.revision;
        await push(record);
        if (isTerminal(record.status)) break;
      }
      pending = source.next();
    }
    stop();
  });
}

builder.subscriptionField('operation', (t) =>
  t.field({
    type: OperationRef,
    description: "The operation's current state first, then every change; completes after a terminal state.",
    args: { id: t.arg.id({ required: true, description: "The operation's id (OperationPayload.operation.id)." }) },
    subscribe: (_root, { id }, ctx) => followOperation(ctx, decodeArg(id, ['Operation'], 'id').key),
    resolve: (record, _args, ctx) => {
      refreshLoaders(ctx);
      return record;
    },
  }),
);
