// Depth and cost of the operation about to run, measured with the request's own variables (the cost of
// `vms(first: $n)` depends on $n); an operation over a limit is refused before any resolver runs.
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { getOperationAST, getVariableValues, GraphQLError, Kind, type ExecutionArgs } from 'graphql';
import type { Limits } from '../../limits.js';
import { refusal } from './refusal.js';

interface QueryMeasure {
  /** Fields from the root field down to the deepest leaf: `{ vms { totalCount } }` is 2. */
  depth: number;
  /** Each field 1, and what a list selects times the items it may hold (see fieldCost.ts). */
  cost: number;
}

/**
 * The operation's depth and cost, or null when it cannot be measured because its variables do not coerce or no
 * operation matches its name: execution then refuses it without running anything.
 */
function measureQuery(args: ExecutionArgs): QueryMeasure | null {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return null;
  const variables = args.variableValues ?? {};
  if (getVariableValues(args.schema, operation.variableDefinitions ?? [], variables).errors) return null;
  // The plugin measures a document's first operation: hand it the one that runs, with every fragment.
  const fragments = args.document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  const { depth, complexity } = complexityFromQuery(
    { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
    { schema: args.schema, ctx: typeof args.contextValue === 'object' && args.contextValue !== null ? args.contextValue : {}, variables },
  );
  return { depth, cost: complexity };
}

/** Why the operation may not run, or null when it is within the limits. */
export function queryOverLimits(args: ExecutionArgs, limits: Pick<Limits, 'maxDepth' | 'maxCost'>): GraphQLError | null {
  let measured: QueryMeasure | null;
  try {
    measured = measureQuery(args);
  } catch (error) {
    // An argument its field's validation refuses (a name filter too long, say): the client's error, and the
    // operation cannot be measured, so none of it runs.
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  if (!measured) return null;
  if (measured.depth > limits.maxDepth) {
    return refusal('QUERY_TOO_DEEP', `The operation is ${measured.depth} fields deep; at most ${limits.maxDepth} are allowed`);
  }
  if (measured.cost > limits.maxCost) {
    return refusal(
      'QUERY_TOO_COMPLEX',
      `The operation may cost ${measured.cost}, over the limit of ${limits.maxCost}: every field costs 1, and what a ` +
        `connection selects counts once per item of its 'first' (other lists: 10 items); ask for smaller pages or fewer nested lists`,
    );
  }
  return null;
}
