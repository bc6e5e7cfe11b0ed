// How many root fields an operation will execute, collected the way graphql-js collects them: through inline
// fragments and fragment spreads (nested, each fragment once), honouring @skip/@include with the request's own
// variables, and one per response key (graphql merges fields that share a key into one execution).
import {
  getDirectiveValues,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type NamedTypeNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

type Variables = Record<string, unknown>;

/**
 * Whether @skip/@include let a selection run. Where they cannot be read (variables that do not coerce, which fail the
 * request before anything runs anyway), it counts: never fewer than the executor would run.
 */
function included(node: FieldNode | FragmentSpreadNode | InlineFragmentNode, variables: Variables): boolean {
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  } catch {
    return true;
  }
}

/** graphql-js's doesFragmentConditionMatch: no condition, the root type itself, or an abstract type it belongs to. */
function conditionMatches(schema: GraphQLSchema, condition: NamedTypeNode | undefined, type: GraphQLObjectType): boolean {
  if (!condition) return true;
  const conditional = typeFromAST(schema, condition);
  if (conditional === type) return true;
  return conditional !== undefined && isAbstractType(conditional) && schema.isSubType(conditional, type);
}

/** The response keys of the operation's root fields that will execute (introspection's `__typename` is none). */
export function rootResponseKeys(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Variables | null | undefined,
): Set<string> {
  const keys = new Set<string>();
  const root = schema.getRootType(operation.operation);
  if (!root) return keys;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  const variables: Variables = coerced.coerced ?? {};
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const visited = new Set<string>();
  const collect = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (!included(selection, variables)) continue;
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) keys.add((selection.alias ?? selection.name).value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (conditionMatches(schema, selection.typeCondition, root)) collect(selection.selectionSet);
      } else {
        // As graphql-js does: a fragment spread a second time adds nothing (and a cycle cannot loop).
        const name = selection.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const fragment = fragments.get(name);
        if (fragment && conditionMatches(schema, fragment.typeCondition, root)) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return keys;
}
