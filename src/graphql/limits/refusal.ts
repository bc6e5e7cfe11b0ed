// The error an operation over a limit gets: a GraphQL error with the limit's code, answered over HTTP the way yoga
// answers a validation error (400 to application/graphql-response+json, 200 to application/json and SSE).
import { GraphQLError, type ASTNode } from 'graphql';

type LimitCode = 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX' | 'TOO_MANY_ALIASES' | 'INTROSPECTION_DISABLED';

export function refusal(code: LimitCode, message: string, nodes?: ASTNode | readonly ASTNode[]): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { code, http: { spec: true, status: 400 } } });
}
