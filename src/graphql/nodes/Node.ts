// Relay object identification: node(id) and nodes(ids), served by the same loaders as every other field.
import { builder } from '../builder.js';
import { decodeId } from '../ids.js';
import { badInput, loadNode } from '../lookup.js';
import { NodeRef } from '../refs.js';

builder.queryFields((t) => ({
  node: t.field({
    type: NodeRef,
    nullable: true,
    description: 'Anything by its id (Relay): null when nothing has it, or the caller may not see it.',
    args: { id: t.arg.id({ required: true, description: 'A global id of this gateway.' }) },
    resolve: (_root, { id }, ctx) => {
      const decoded = decodeId(id);
      if (!decoded) throw badInput(`id: '${id}' is not an id of this gateway`);
      return loadNode(ctx, decoded);
    },
  }),
  nodes: t.field({
    type: [NodeRef],
    nullable: { list: false, items: true },
    description: 'Many things by id, in order: null for each that nothing has (a malformed id: null, and an error naming it).',
    args: { ids: t.arg.idList({ required: true, description: 'Global ids of this gateway: at most the configured maxBatchSize (1000 by default).' }) },
    resolve: (_root, { ids }, ctx) => {
      if (ids.length > ctx.gateway.limits.maxBatchSize) throw badInput(`ids: at most ${ctx.gateway.limits.maxBatchSize} ids`);
      // A malformed id fails only its own slot: null there, and an error naming it.
      return ids.map((id, index) => {
        const decoded = decodeId(id);
        return decoded ? loadNode(ctx, decoded) : Promise.reject(badInput(`ids.${index}: '${id}' is not an id of this gateway`));
      });
    },
  }),
}));
