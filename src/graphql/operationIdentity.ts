// What an execution runs, as metrics and traces name it: its operation's type and name.
import { getOperationAST, type ExecutionArgs } from 'graphql';

interface OperationIdentity {
  /** query, mutation or subscription; unknown when the document names no such operation. */
  type: string;
  /** The operation's name, else the request's operationName; undefined for an anonymous one. */
  name: string | undefined;
}

export function operationIdentity(args: Pick<ExecutionArgs, 'document' | 'operationName'>): OperationIdentity {
  const operation = getOperationAST(args.document, args.operationName);
  return { type: operation?.operation ?? 'unknown', name: operation?.name?.value ?? args.operationName ?? undefined };
}
