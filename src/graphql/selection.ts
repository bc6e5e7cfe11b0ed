// What a field's selection asks for further down, fragments included: so a resolver can start, beside its own
// backend call, one that a field below will need (one round trip where two in a row would be).
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/** Whether the selection of the field being resolved reaches `path` (field names, e.g. edges, node, vm). */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return info.fieldNodes.some((node) => reaches(node.selectionSet, path, info));
}

function reaches(set: SelectionSetNode | undefined, path: readonly string[], info: GraphQLResolveInfo): boolean {
  const [name, ...rest] = path;
  if (name === undefined) return true;
  if (!set) return false;
  return set.selections.some((selection) => {
    switch (selection.kind) {
      case 'Field':
        return selection.name.value === name && reaches(selection.selectionSet, rest, info);
      case 'InlineFragment':
        return reaches(selection.selectionSet, path, info);
      case 'FragmentSpread':
        return reaches(info.fragments[selection.name.value]?.selectionSet, path, info);
    }
  });
}
