// Validation rule for a gateway configured without introspection: the entry points `__schema` and `__type` are
// refused on every transport (what graphql-js's NoSchemaIntrospectionCustomRule does, with a code); `__typename`
// stays, since clients use it to tell union members apart.
import type { ValidationRule } from 'graphql';
import { refusal } from './refusal.js';

const ENTRY_POINTS = new Set(['__schema', '__type']);

export const NoIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (!ENTRY_POINTS.has(node.name.value)) return;
    context.reportError(
      refusal('INTROSPECTION_DISABLED', `Introspection is disabled on this gateway: "${node.name.value}" cannot be queried`, node),
    );
  },
});
