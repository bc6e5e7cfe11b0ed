// Subscription.operations: every change of every operation that matches the filter, as it happens.
import { builder } from '../builder.js';
import { refreshLoaders } from '../context.js';
import { OperationFilter, operationMatcher } from '../nodes/Operation.js';
import { OperationRef } from '../refs.js';

builder.subscriptionField('operations', (t) =>
  t.field({
    type: OperationRef,
    description: 'Every change of every operation that matches, as it happens (dashboards).',
    args: { filter: t.arg({ type: OperationFilter }) },
    subscribe: (_root, args, ctx) => ctx.gateway.pubsub.subscribe('operation:changed', operationMatcher(args.filter)),
    resolve: (record, _args, ctx) => {
      refreshLoaders(ctx);
      return record;
    },
  }),
);
