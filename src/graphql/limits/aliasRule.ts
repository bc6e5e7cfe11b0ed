// Validation rule: an operation may write at most `max` aliases, counting each fragment it uses once, so one request
// cannot batch hundreds of copies of a field (or a mutation) under different names.
import { visit, type ASTNode, type ValidationRule } from 'graphql';
import { refusal } from './refusal.js';

function aliasesIn(node: ASTNode): number {
  let count = 0;
  visit(node, {
    Field(field) {
      if (field.alias) count++;
    },
  });
  return count;
}

export function maxAliasesRule(max: number): ValidationRule {
  return function MaxAliases(context) {
    return {
      OperationDefinition(operation) {
        const fragments = context.getRecursivelyReferencedFragments(operation);
        const count = fragments.reduce((sum, fragment) => sum + aliasesIn(fragment.selectionSet), aliasesIn(operation.selectionSet));
        if (count > max) {
          context.reportError(
            refusal('TOO_MANY_ALIASES', `The operation uses ${count} aliases; at most ${max} are allowed`, operation),
          );
        }
        return false;
      },
    };
  };
}
