// Subscription.inventoryChanges: what the backends' pollers see change, as it is seen; subscribing is watching.
import { builder } from '../builder.js';
import { refreshLoaders } from '../context.js';
import { InventoryChangeFilter, InventoryChangeRef, inventoryMatcher, seesChange } from '../nodes/InventoryChange.js';

builder.subscriptionField('inventoryChanges', (t) =>
  t.field({
    type: InventoryChangeRef,
    description:
      "Every VM, drive and snapshot that appears, vanishes or changes on the backends watched, whoever made the change. While anyone subscribes, each backend is looked at once per freshness window (docs/live.md); the first look is the baseline, so a change shows within a window or two.",
    args: { filter: t.arg({ type: InventoryChangeFilter, description: 'Which changes to hear of (all the caller may see, without one).' }) },
    subscribe: (_root, args, ctx) => {
      const { backends, matches } = inventoryMatcher(args.filter);
      const watched = ctx.backends.all().map((c) => c.name).filter((name) => !backends || backends.has(name));
      const { feed, watch } = ctx.gateway.inventory;
      // Listening before watching: the first change the poller publishes finds this subscriber.
      let release = (): void => undefined;
      const queue = feed.subscribe((change) => matches(change) && seesChange(ctx, change), () => release());
      release = watch.watch(watched);
      return queue;
    },
    resolve: (change, _args, ctx) => {
      refreshLoaders(ctx);
      return change;
    },
  }),
);
