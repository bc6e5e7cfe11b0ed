// How many root fields an operation will execute, collected the way graphql-js collects them: through inline
// fragments and fragment spreads (nested, each fragment once), honouring @skip/@include with the request's own
// variables, and one per response key (graphql merges fields that share a key into one execution).
import {
  getArgumentValues,
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
import { z } from 'zod';

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

/** The operation's root fields that will execute, by response key (introspection's `__typename` is none). */
function rootResponseKeys(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  root: GraphQLObjectType,
  variables: Variables,
): Map<string, FieldNode> {
  const keys = new Map<string, FieldNode>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const visited = new Set<string>();
  const collect = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (!included(selection, variables)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = (selection.alias ?? selection.name).value;
        // The first field of a response key is the one whose arguments run (graphql requires them equal).
        if (!selection.name.value.startsWith('__') && !keys.has(key)) keys.set(key, selection);
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

function coercedVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Variables | null | undefined): Variables {
  return getVariableValues(schema, operation.variableDefinitions ?? [], raw ?? {}).coerced ?? {};
}

/**
 * A root field's `extensions` entry saying it acts once per item of a list argument (deleteSnapshots: one operation per
 * id), e.g. `{ actionsPerItemOf: 'input.snapshotIds' }`; fields without it are one action.
 */
export const actionsExtension = (path: string): { actionsPerItemOf: string } => ({ actionsPerItemOf: path });
const actionsSchema = z.object({ actionsPerItemOf: z.string() });

/** The items of the list at `path` (dot-separated) in a field's arguments; 1 where there is no list there. */
function itemsAt(args: Record<string, unknown>, path: string): number {
  let value: unknown = args;
  for (const part of path.split('.')) {
    value = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value).find(([k]) => k === part)?.[1] : undefined;
  }
  return Array.isArray(value) ? value.length : 1;
}

/** How many actions an operation's root fields will take: one each, or one per item where a field says so. */
export function rootActions(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Variables | null | undefined,
): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const variables = coercedVariables(schema, operation, rawVariables);
  let actions = 0;
  for (const node of rootResponseKeys(schema, document, operation, root, variables).values()) {
    const definition = root.getFields()[node.name.value];
    const declared = actionsSchema.safeParse(definition?.extensions);
    if (!definition || !declared.success) {
      actions += 1;
      continue;
    }
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, node, variables);
    } catch {
      // Arguments that do not coerce fail the request before anything runs: one action, as for any field.
      actions += 1;
      continue;
    }
    actions += Math.max(1, itemsAt(args, declared.data.actionsPerItemOf));
  }
  return actions;
}
