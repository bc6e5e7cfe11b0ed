// Subscription.operations: every change of every operation that matches the filter, as it happens.
import { builder } from '../builder.js';
import { refreshLoaders, seesOperation } from '../context.js';
import { OperationFilter, operationMatcher } from '../nodes/Operation.js';
import { OperationRef } from '../refs.js';

builder.subscriptionField('operations', (t) =>
  t.field({
    type: OperationRef,
    description: 'Every change of every operation that matches, as it happens (dashboards).',
    args: { filter: t.arg({ type: OperationFilter, description: 'Which operations to hear of (all the caller may see, without one).' }) },
    subscribe: (_root, args, ctx) => {
      const matches = operationMatcher(args.filter);
      return ctx.gateway.pubsub.subscribe('operation:changed', (op) => matches(op) && seesOperation(ctx, op));
    },
    resolve: (record, _args, ctx) => {
      refreshLoaders(ctx);
      return record;
    },
  }),
);
