// The query limits as one yoga plugin. graphql-ws operations validate and execute through the same envelop
// (app.ts), so HTTP, SSE and WebSocket are held to the same limits; HTTP-only hooks (onRequest, onParams) are avoided.
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Limits } from '../../limits.js';
import { maxAliasesRule } from './aliasRule.js';
import { NoIntrospection } from './introspectionRule.js';
import { queryOverLimits } from './queryCost.js';

export function useQueryLimits(limits: Limits): Plugin {
  // Rules that depend on the document alone: yoga caches validation per document, which suits them.
  const rules = [maxAliasesRule(limits.maxAliases), ...(limits.introspection ? [] : [NoIntrospection])];
  // Depth and cost are checked per request instead, since the cost depends on the variables.
  const check = (args: ExecutionArgs, stop: (result: ExecutionResult) => void): void => {
    const error = queryOverLimits(args, limits);
    if (error) stop({ errors: [error] });
  };
  return {
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      check(args, setResultAndStopExecution);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      check(args, setResultAndStopExecution);
    },
  };
}
