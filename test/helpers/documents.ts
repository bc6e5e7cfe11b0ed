// GraphQL documents shared by several test files.
import { graphql } from '../gql/index.js';


export const CreateSnapshot = graphql(`
  mutation CreateSnapshot($input: CreateSnapshotInput!) {
    createSnapshot(input: $input) {
      __typename
      ... on OperationPayload { operation { id kind status backend { name } target { id } } }
      ... on Error { message }
      ... on ValidationError { field }
      ... on NotFoundError { id }
      ... on UnsupportedOperationError { capability backend { name } }
      ... on BackendError { code backend { name } }
    }
  }
`);

export const RevertSnapshot = graphql(`
  mutation RevertSnapshot($input: RevertSnapshotInput!) {
    revertSnapshot(input: $input) {
      __typename
      ... on OperationPayload { operation { id kind status } }
      ... on Error { message }
      ... on UnsupportedOperationError { capability }
    }
  }
`);

export const DeleteSnapshot = graphql(`
  mutation DeleteSnapshot($input: DeleteSnapshotInput!) {
    deleteSnapshot(input: $input) {
      __typename
      ... on OperationPayload { operation { id kind status } }
      ... on Error { message }
      ... on ValidationError { field }
    }
  }
`);

export const FollowOperation = graphql(`
  subscription FollowOperation($id: ID!) {
    operation(id: $id) {
      id
      kind
      status
      progress
      message
      error { code message backendCode httpStatus }
      snapshot { id name isCurrent hasMemory parent { id name } }
      finishedAt
    }
  }
`);

export const VmSnapshots = graphql(`
  query VmSnapshots($id: ID!) {
    vm(id: $id) {
      id
      name
      currentSnapshot { id name }
      snapshots(first: 1000) { totalCount edges { node { id name isCurrent parent { id name } children { id name } } } }
    }
  }
`);

export const FirstVms = graphql(`
  query FirstVms {
    vms(first: 1000) {
      edges { node { id name backend { name } currentSnapshot { id name } snapshots(first: 1000) { edges { node { id name isCurrent } } } } }
    }
  }
`);

/** The dashboard query of the foundation issue, verbatim; the bench runs the same document. */
export const Dashboard = graphql(`
  query Dashboard {
    vms(first: 1000) {
      totalCount
      edges {
        node {
          id
          name
          powerState
          backend { name kind }
          drives { id name sizeBytes snapshots(first: 100) { edges { node { id name } } } }
          currentSnapshot { id name }
          snapshotTree { id name children { id name children { id name children { id name } } } }
          snapshots(first: 100) { totalCount edges { node { id name createdAt isCurrent parent { id name } } } }
        }
      }
    }
  }
`);
