// Every document the progress UI sends, typed by codegen (src/ui/client/gql/, `npm run codegen`). Fragments are
// stated for codegen alone: the documents spread them by name, and codegen appends them.
import { graphql } from './gql/index.js';

/** What the page shows: backends with health, and every VM with its drives and snapshots (a flat list the tree is built from). */
export const Estate = graphql(`
  query UiEstate {
    backends {
      id
      name
      kind
      health { status lastError latencyMs }
      capabilities { revert clone driveSnapshots bulkDelete cancel }
    }
    vms(first: 1000) {
      totalCount
      backendErrors { message backend { name } }
      edges {
        node {
          id
          name
          powerState
          backend { id name }
          capabilities { revert clone driveSnapshots }
          drives { id name }
          snapshots(first: 1000) {
            edges { node { ...UiSnapshot } }
          }
        }
      }
    }
  }
`);

graphql(`
  fragment UiSnapshot on Snapshot {
    id
    name
    createdAt
    isCurrent
    status
    hasMemory
    parent { id }
    drive { id name }
  }
`);

/** An operation as the progress panel shows it. */
graphql(`
  fragment UiOperation on Operation {
    id
    kind
    status
    progress
    message
    createdAt
    updatedAt
    finishedAt
    backend { name }
    target {
      __typename
      ... on VM { name }
      ... on Drive { name }
      ... on Snapshot { name }
    }
    snapshot { name }
    drive { name }
    error { code message }
  }
`);

export const RecentOperations = graphql(`
  query UiRecentOperations {
    operations(first: 20) { edges { node { ...UiOperation } } }
  }
`);

export const WatchOperations = graphql(`
  subscription UiWatchOperations {
    operations { ...UiOperation }
  }
`);

export const WatchInventory = graphql(`
  subscription UiWatchInventory {
    inventoryChanges { kind nodeId }
  }
`);

/** Every typed error a mutation answers, with what each adds to its message. */
graphql(`
  fragment UiMutationError on Error {
    __typename
    message
    ... on ValidationError { field }
    ... on UnsupportedOperationError { capability backend { name } }
    ... on BackendError { code backend { name } }
    ... on NotFoundError { id }
  }
`);

export const CreateSnapshot = graphql(`
  mutation UiCreateSnapshot($input: CreateSnapshotInput!) {
    createSnapshot(input: $input) {
      __typename
      ... on OperationPayload { operation { ...UiOperation } }
      ...UiMutationError
    }
  }
`);

export const RevertSnapshot = graphql(`
  mutation UiRevertSnapshot($input: RevertSnapshotInput!) {
    revertSnapshot(input: $input) {
      __typename
      ... on OperationPayload { operation { ...UiOperation } }
      ...UiMutationError
    }
  }
`);

export const CloneSnapshot = graphql(`
  mutation UiCloneSnapshot($input: CloneSnapshotInput!) {
    cloneSnapshot(input: $input) {
      __typename
      ... on OperationPayload { operation { ...UiOperation } }
      ...UiMutationError
    }
  }
`);

export const DeleteSnapshot = graphql(`
  mutation UiDeleteSnapshot($input: DeleteSnapshotInput!) {
    deleteSnapshot(input: $input) {
      __typename
      ... on OperationPayload { operation { ...UiOperation } }
      ...UiMutationError
    }
  }
`);

export const CancelOperation = graphql(`
  mutation UiCancelOperation($input: CancelOperationInput!) {
    cancelOperation(input: $input) {
      __typename
      ... on OperationPayload { operation { ...UiOperation } }
      ...UiMutationError
    }
  }
`);

export const DeleteSnapshots = graphql(`
  mutation UiDeleteSnapshots($input: DeleteSnapshotsInput!) {
    deleteSnapshots(input: $input) {
      __typename
      ... on OperationPayload { operation { ...UiOperation } }
      ...UiMutationError
    }
  }
`);
