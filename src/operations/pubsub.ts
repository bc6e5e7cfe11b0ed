// Operation change events: every stored change is published here and fans out to subscriptions.
import { createPubSub } from 'graphql-yoga';
import type { OperationRecord } from '../domain/operation.js';

export type OperationTopics = {
  'operation:changed': [record: OperationRecord];
};

export const createOperationPubSub = () => createPubSub<OperationTopics>();

export type OperationPubSub = ReturnType<typeof createOperationPubSub>;
