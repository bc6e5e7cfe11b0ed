/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query UiEstate {\n    backends {\n      id\n      name\n      kind\n      health { status lastError latencyMs }\n      capabilities { revert clone driveSnapshots bulkDelete cancel }\n    }\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message backend { name } }\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { id name }\n          capabilities { revert clone driveSnapshots }\n          drives { id name }\n          snapshots(first: 1000) {\n            edges { node { ...UiSnapshot } }\n          }\n        }\n      }\n    }\n  }\n": typeof types.UiEstateDocument,
    "\n  fragment UiSnapshot on Snapshot {\n    id\n    name\n    createdAt\n    isCurrent\n    status\n    hasMemory\n    parent { id }\n    drive { id name }\n  }\n": typeof types.UiSnapshotFragmentDoc,
    "\n  fragment UiOperation on Operation {\n    id\n    kind\n    status\n    progress\n    message\n    createdAt\n    updatedAt\n    finishedAt\n    backend { name }\n    target {\n      __typename\n      ... on VM { name }\n      ... on Drive { name }\n      ... on Snapshot { name }\n    }\n    snapshot { name }\n    drive { name }\n    error { code message }\n  }\n": typeof types.UiOperationFragmentDoc,
    "\n  query UiRecentOperations {\n    operations(first: 20) { edges { node { ...UiOperation } } }\n  }\n": typeof types.UiRecentOperationsDocument,
    "\n  subscription UiWatchOperations {\n    operations { ...UiOperation }\n  }\n": typeof types.UiWatchOperationsDocument,
    "\n  subscription UiWatchInventory {\n    inventoryChanges { kind nodeId }\n  }\n": typeof types.UiWatchInventoryDocument,
    "\n  fragment UiMutationError on Error {\n    __typename\n    message\n    ... on ValidationError { field }\n    ... on UnsupportedOperationError { capability backend { name } }\n    ... on BackendError { code backend { name } }\n    ... on NotFoundError { id }\n  }\n": typeof types.UiMutationErrorFragmentDoc,
    "\n  mutation UiCreateSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n": typeof types.UiCreateSnapshotDocument,
    "\n  mutation UiRevertSnapshot($input: RevertSnapshotInput!) {\n    revertSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n": typeof types.UiRevertSnapshotDocument,
    "\n  mutation UiCloneSnapshot($input: CloneSnapshotInput!) {\n    cloneSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n": typeof types.UiCloneSnapshotDocument,
    "\n  mutation UiDeleteSnapshot($input: DeleteSnapshotInput!) {\n    deleteSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n": typeof types.UiDeleteSnapshotDocument,
    "\n  mutation UiCancelOperation($input: CancelOperationInput!) {\n    cancelOperation(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n": typeof types.UiCancelOperationDocument,
    "\n  mutation UiDeleteSnapshots($input: DeleteSnapshotsInput!) {\n    deleteSnapshots(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n": typeof types.UiDeleteSnapshotsDocument,
};
const documents: Documents = {
    "\n  query UiEstate {\n    backends {\n      id\n      name\n      kind\n      health { status lastError latencyMs }\n      capabilities { revert clone driveSnapshots bulkDelete cancel }\n    }\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message backend { name } }\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { id name }\n          capabilities { revert clone driveSnapshots }\n          drives { id name }\n          snapshots(first: 1000) {\n            edges { node { ...UiSnapshot } }\n          }\n        }\n      }\n    }\n  }\n": types.UiEstateDocument,
    "\n  fragment UiSnapshot on Snapshot {\n    id\n    name\n    createdAt\n    isCurrent\n    status\n    hasMemory\n    parent { id }\n    drive { id name }\n  }\n": types.UiSnapshotFragmentDoc,
    "\n  fragment UiOperation on Operation {\n    id\n    kind\n    status\n    progress\n    message\n    createdAt\n    updatedAt\n    finishedAt\n    backend { name }\n    target {\n      __typename\n      ... on VM { name }\n      ... on Drive { name }\n      ... on Snapshot { name }\n    }\n    snapshot { name }\n    drive { name }\n    error { code message }\n  }\n": types.UiOperationFragmentDoc,
    "\n  query UiRecentOperations {\n    operations(first: 20) { edges { node { ...UiOperation } } }\n  }\n": types.UiRecentOperationsDocument,
    "\n  subscription UiWatchOperations {\n    operations { ...UiOperation }\n  }\n": types.UiWatchOperationsDocument,
    "\n  subscription UiWatchInventory {\n    inventoryChanges { kind nodeId }\n  }\n": types.UiWatchInventoryDocument,
    "\n  fragment UiMutationError on Error {\n    __typename\n    message\n    ... on ValidationError { field }\n    ... on UnsupportedOperationError { capability backend { name } }\n    ... on BackendError { code backend { name } }\n    ... on NotFoundError { id }\n  }\n": types.UiMutationErrorFragmentDoc,
    "\n  mutation UiCreateSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n": types.UiCreateSnapshotDocument,
    "\n  mutation UiRevertSnapshot($input: RevertSnapshotInput!) {\n    revertSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n": types.UiRevertSnapshotDocument,
    "\n  mutation UiCloneSnapshot($input: CloneSnapshotInput!) {\n    cloneSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n": types.UiCloneSnapshotDocument,
    "\n  mutation UiDeleteSnapshot($input: DeleteSnapshotInput!) {\n    deleteSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n": types.UiDeleteSnapshotDocument,
    "\n  mutation UiCancelOperation($input: CancelOperationInput!) {\n    cancelOperation(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n": types.UiCancelOperationDocument,
    "\n  mutation UiDeleteSnapshots($input: DeleteSnapshotsInput!) {\n    deleteSnapshots(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n": types.UiDeleteSnapshotsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UiEstate {\n    backends {\n      id\n      name\n      kind\n      health { status lastError latencyMs }\n      capabilities { revert clone driveSnapshots bulkDelete cancel }\n    }\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message backend { name } }\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { id name }\n          capabilities { revert clone driveSnapshots }\n          drives { id name }\n          snapshots(first: 1000) {\n            edges { node { ...UiSnapshot } }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').UiEstateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UiSnapshot on Snapshot {\n    id\n    name\n    createdAt\n    isCurrent\n    status\n    hasMemory\n    parent { id }\n    drive { id name }\n  }\n"): typeof import('./graphql.js').UiSnapshotFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UiOperation on Operation {\n    id\n    kind\n    status\n    progress\n    message\n    createdAt\n    updatedAt\n    finishedAt\n    backend { name }\n    target {\n      __typename\n      ... on VM { name }\n      ... on Drive { name }\n      ... on Snapshot { name }\n    }\n    snapshot { name }\n    drive { name }\n    error { code message }\n  }\n"): typeof import('./graphql.js').UiOperationFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UiRecentOperations {\n    operations(first: 20) { edges { node { ...UiOperation } } }\n  }\n"): typeof import('./graphql.js').UiRecentOperationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription UiWatchOperations {\n    operations { ...UiOperation }\n  }\n"): typeof import('./graphql.js').UiWatchOperationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription UiWatchInventory {\n    inventoryChanges { kind nodeId }\n  }\n"): typeof import('./graphql.js').UiWatchInventoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UiMutationError on Error {\n    __typename\n    message\n    ... on ValidationError { field }\n    ... on UnsupportedOperationError { capability backend { name } }\n    ... on BackendError { code backend { name } }\n    ... on NotFoundError { id }\n  }\n"): typeof import('./graphql.js').UiMutationErrorFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UiCreateSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n"): typeof import('./graphql.js').UiCreateSnapshotDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UiRevertSnapshot($input: RevertSnapshotInput!) {\n    revertSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n"): typeof import('./graphql.js').UiRevertSnapshotDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UiCloneSnapshot($input: CloneSnapshotInput!) {\n    cloneSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n"): typeof import('./graphql.js').UiCloneSnapshotDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UiDeleteSnapshot($input: DeleteSnapshotInput!) {\n    deleteSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n"): typeof import('./graphql.js').UiDeleteSnapshotDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UiCancelOperation($input: CancelOperationInput!) {\n    cancelOperation(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n"): typeof import('./graphql.js').UiCancelOperationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UiDeleteSnapshots($input: DeleteSnapshotsInput!) {\n    deleteSnapshots(input: $input) {\n      __typename\n      ... on OperationPayload { operation { ...UiOperation } }\n      ...UiMutationError\n    }\n  }\n"): typeof import('./graphql.js').UiDeleteSnapshotsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
