// How connections are ordered and paged: an order input per node type ({ field, direction }), each field a sort key
// that ends in the item's backend and key so it is unique, and the paging arguments every connection field takes.
import type { ArgBuilder } from '@pothos/core';
import { builder, type BuilderTypes } from './builder.js';
import { DEFAULT_PAGE_SIZE, type Ordering } from './connection.js';

const OrderDirectionEnum = builder.enumType('OrderDirection', {
  description: 'Which way a list runs.',
  values: { ASC: { description: 'Ascending: A to Z, oldest first.' }, DESC: { description: 'Descending: Z to A, newest first.' } },
});

interface OrderField<T> {
  description: string;
  key: (item: T) => string;
}

/** The `orderBy` input of one node type's connections, and the ordering an argument of it asks for. */
export function orderInput<T>(typeName: string, fields: Record<string, OrderField<T>>, defaultField: string) {
  const known = new Map(Object.entries(fields));
  const FieldEnum = builder.enumType(`${typeName}Field`, {
    description: 'What the list is ordered by (each ends in the backend and key, so the order is total).',
    values: Object.fromEntries([...known].map(([name, field]) => [name, { description: field.description }])),
  });
  const Input = builder.inputType(typeName, {
    description: `How to order the list: by ${defaultField} ascending unless told otherwise. A cursor is valid only in the ordering it came from.`,
    fields: (t) => ({
      field: t.field({ type: FieldEnum, required: true, defaultValue: defaultField, description: `What to order by (${defaultField} by default).` }),
      direction: t.field({ type: OrderDirectionEnum, required: true, defaultValue: 'ASC', description: 'Which way (ASC by default).' }),
    }),
  });
  const orderingOf = (arg: { field: string; direction: 'ASC' | 'DESC' } | null | undefined): Ordering<T> => {
    const name = arg && known.has(arg.field) ? arg.field : defaultField;
    const field = known.get(name) ?? known.get(defaultField);
    if (!field) throw new Error(`no ordering field '${defaultField}'`);
    const direction = arg?.direction ?? 'ASC';
    return { name: `${name}_${direction}`, key: field.key, descending: direction === 'DESC' };
  };
  return { Input, orderingOf };
}

/** first/after (forward) and last/before (backward), described with their defaults and limits. */
export const pageArgs = (arg: ArgBuilder<BuilderTypes>) => ({
  first: arg.int({
    description: `How many items after \`after\` (or from the start): ${DEFAULT_PAGE_SIZE} by default, at most the configured maxPageSize (1000 by default). Not with last.`,
  }),
  after: arg.string({ description: "A cursor of this list and ordering (an edge's cursor, pageInfo.endCursor): only items after it." }),
  last: arg.int({ description: 'How many items before `before` (or of the end of the list): at most the configured maxPageSize. Not with first.' }),
  before: arg.string({ description: "A cursor of this list and ordering (an edge's cursor, pageInfo.startCursor): only items before it." }),
});
