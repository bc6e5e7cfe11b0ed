/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "\n  query PartialDashboard {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount backendErrors { message backend { name } } } } }\n    }\n  }\n": typeof types.PartialDashboardDocument,
    "\n  mutation CreateSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status backend { name } target { id } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n      ... on UnsupportedOperationError { capability backend { name } }\n      ... on BackendError { code backend { name } }\n    }\n  }\n": typeof types.CreateSnapshotDocument,
    "\n  mutation RevertSnapshot($input: RevertSnapshotInput!) {\n    revertSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": typeof types.RevertSnapshotDocument,
    "\n  mutation DeleteSnapshot($input: DeleteSnapshotInput!) {\n    deleteSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.DeleteSnapshotDocument,
    "\n  subscription FollowOperation($id: ID!) {\n    operation(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n      error { code message }\n      snapshot { id name isCurrent hasMemory parent { id name } }\n      finishedAt\n    }\n  }\n": typeof types.FollowOperationDocument,
    "\n  query VmSnapshots($id: ID!) {\n    vm(id: $id) {\n      id\n      name\n      currentSnapshot { id name }\n      snapshots(first: 1000) { totalCount edges { node { id name isCurrent parent { id name } children { id name } } } }\n    }\n  }\n": typeof types.VmSnapshotsDocument,
    "\n  query FirstVms {\n    vms(first: 1000) {\n      edges { node { id name backend { name } currentSnapshot { id name } snapshots(first: 1000) { edges { node { id name isCurrent } } } } }\n    }\n  }\n": typeof types.FirstVmsDocument,
    "\n  query Dashboard {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { name kind }\n          drives { id name sizeBytes snapshots(first: 100) { edges { node { id name } } } }\n          currentSnapshot { id name }\n          snapshotTree { id name children { id name children { id name children { id name } } } }\n          snapshots(first: 100) { totalCount edges { node { id name createdAt isCurrent parent { id name } } } }\n        }\n      }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  mutation Unsupported($snapshotId: ID!, $targetId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability message backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"nightly\", schedule: \"0 3 * * *\", retention: 7 }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": typeof types.UnsupportedDocument,
    "\n  mutation DeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.DeleteManyDocument,
    "\n  query Operations($filter: OperationFilter) {\n    operations(first: 100, filter: $filter) { totalCount edges { node { id kind status createdAt } } }\n  }\n": typeof types.OperationsDocument,
    "\n  query OperationById($id: ID!) {\n    operation(id: $id) { id status kind target { id ... on VM { name } } }\n    node(id: $id) { id __typename }\n  }\n": typeof types.OperationByIdDocument,
    "\n  subscription OperationsStream($filter: OperationFilter) {\n    operations(filter: $filter) { id kind status }\n  }\n": typeof types.OperationsStreamDocument,
    "\n  query VmTrees {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { id name kind }\n          currentSnapshot { id name isCurrent }\n          snapshotTree { id name depth parent { id } children { id name } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                name\n                isCurrent\n                depth\n                createdAt\n                hasMemory\n                hasDisk\n                status\n                vm { id }\n                parent { id name }\n                children { id name parent { id } }\n                ancestors { id name }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.VmTreesDocument,
    "\n  query Backends {\n    backends {\n      id\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status checkedAt latencyMs lastError }\n      vms(first: 2) { totalCount edges { node { name } } }\n    }\n  }\n": typeof types.BackendsDocument,
    "\n  query VmPage($first: Int, $after: String) {\n    vms(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name } }\n    }\n  }\n": typeof types.VmPageDocument,
    "\n  query Nodes($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id __typename ... on VM { name } ... on Snapshot { name } ... on Backend { name } ... on Drive { name } }\n    nodes(ids: $ids) { id __typename }\n  }\n": typeof types.NodesDocument,
    "\n  query Filtered($vmFilter: VMFilter, $snapFilter: SnapshotFilter, $driveFilter: DriveFilter) {\n    vms(first: 1000, filter: $vmFilter) { totalCount edges { node { name powerState } } }\n    snapshots(first: 1000, filter: $snapFilter) { totalCount edges { node { name createdAt vm { name } } } }\n    drives(first: 1000, filter: $driveFilter) { totalCount edges { node { name status sizeBytes vm { id name } snapshots(first: 100) { totalCount } } } }\n  }\n": typeof types.FilteredDocument,
    "\n  query OneVm($id: ID!) {\n    vm(id: $id) { id name drives { id name vm { id } } }\n  }\n": typeof types.OneVmDocument,
};
const documents: Documents = {
    "\n  query PartialDashboard {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount backendErrors { message backend { name } } } } }\n    }\n  }\n": types.PartialDashboardDocument,
    "\n  mutation CreateSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status backend { name } target { id } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n      ... on UnsupportedOperationError { capability backend { name } }\n      ... on BackendError { code backend { name } }\n    }\n  }\n": types.CreateSnapshotDocument,
    "\n  mutation RevertSnapshot($input: RevertSnapshotInput!) {\n    revertSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": types.RevertSnapshotDocument,
    "\n  mutation DeleteSnapshot($input: DeleteSnapshotInput!) {\n    deleteSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": types.DeleteSnapshotDocument,
    "\n  subscription FollowOperation($id: ID!) {\n    operation(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n      error { code message }\n      snapshot { id name isCurrent hasMemory parent { id name } }\n      finishedAt\n    }\n  }\n": types.FollowOperationDocument,
    "\n  query VmSnapshots($id: ID!) {\n    vm(id: $id) {\n      id\n      name\n      currentSnapshot { id name }\n      snapshots(first: 1000) { totalCount edges { node { id name isCurrent parent { id name } children { id name } } } }\n    }\n  }\n": types.VmSnapshotsDocument,
    "\n  query FirstVms {\n    vms(first: 1000) {\n      edges { node { id name backend { name } currentSnapshot { id name } snapshots(first: 1000) { edges { node { id name isCurrent } } } } }\n    }\n  }\n": types.FirstVmsDocument,
    "\n  query Dashboard {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { name kind }\n          drives { id name sizeBytes snapshots(first: 100) { edges { node { id name } } } }\n          currentSnapshot { id name }\n          snapshotTree { id name children { id name children { id name children { id name } } } }\n          snapshots(first: 100) { totalCount edges { node { id name createdAt isCurrent parent { id name } } } }\n        }\n      }\n    }\n  }\n": types.DashboardDocument,
    "\n  mutation Unsupported($snapshotId: ID!, $targetId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability message backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"nightly\", schedule: \"0 3 * * *\", retention: 7 }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": types.UnsupportedDocument,
    "\n  mutation DeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": types.DeleteManyDocument,
    "\n  query Operations($filter: OperationFilter) {\n    operations(first: 100, filter: $filter) { totalCount edges { node { id kind status createdAt } } }\n  }\n": types.OperationsDocument,
    "\n  query OperationById($id: ID!) {\n    operation(id: $id) { id status kind target { id ... on VM { name } } }\n    node(id: $id) { id __typename }\n  }\n": types.OperationByIdDocument,
    "\n  subscription OperationsStream($filter: OperationFilter) {\n    operations(filter: $filter) { id kind status }\n  }\n": types.OperationsStreamDocument,
    "\n  query VmTrees {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { id name kind }\n          currentSnapshot { id name isCurrent }\n          snapshotTree { id name depth parent { id } children { id name } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                name\n                isCurrent\n                depth\n                createdAt\n                hasMemory\n                hasDisk\n                status\n                vm { id }\n                parent { id name }\n                children { id name parent { id } }\n                ancestors { id name }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.VmTreesDocument,
    "\n  query Backends {\n    backends {\n      id\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status checkedAt latencyMs lastError }\n      vms(first: 2) { totalCount edges { node { name } } }\n    }\n  }\n": types.BackendsDocument,
    "\n  query VmPage($first: Int, $after: String) {\n    vms(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name } }\n    }\n  }\n": types.VmPageDocument,
    "\n  query Nodes($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id __typename ... on VM { name } ... on Snapshot { name } ... on Backend { name } ... on Drive { name } }\n    nodes(ids: $ids) { id __typename }\n  }\n": types.NodesDocument,
    "\n  query Filtered($vmFilter: VMFilter, $snapFilter: SnapshotFilter, $driveFilter: DriveFilter) {\n    vms(first: 1000, filter: $vmFilter) { totalCount edges { node { name powerState } } }\n    snapshots(first: 1000, filter: $snapFilter) { totalCount edges { node { name createdAt vm { name } } } }\n    drives(first: 1000, filter: $driveFilter) { totalCount edges { node { name status sizeBytes vm { id name } snapshots(first: 100) { totalCount } } } }\n  }\n": types.FilteredDocument,
    "\n  query OneVm($id: ID!) {\n    vm(id: $id) { id name drives { id name vm { id } } }\n  }\n": types.OneVmDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartialDashboard {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount backendErrors { message backend { name } } } } }\n    }\n  }\n"): (typeof documents)["\n  query PartialDashboard {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount backendErrors { message backend { name } } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status backend { name } target { id } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n      ... on UnsupportedOperationError { capability backend { name } }\n      ... on BackendError { code backend { name } }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status backend { name } target { id } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n      ... on UnsupportedOperationError { capability backend { name } }\n      ... on BackendError { code backend { name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevertSnapshot($input: RevertSnapshotInput!) {\n    revertSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n"): (typeof documents)["\n  mutation RevertSnapshot($input: RevertSnapshotInput!) {\n    revertSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSnapshot($input: DeleteSnapshotInput!) {\n    deleteSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteSnapshot($input: DeleteSnapshotInput!) {\n    deleteSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FollowOperation($id: ID!) {\n    operation(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n      error { code message }\n      snapshot { id name isCurrent hasMemory parent { id name } }\n      finishedAt\n    }\n  }\n"): (typeof documents)["\n  subscription FollowOperation($id: ID!) {\n    operation(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n      error { code message }\n      snapshot { id name isCurrent hasMemory parent { id name } }\n      finishedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VmSnapshots($id: ID!) {\n    vm(id: $id) {\n      id\n      name\n      currentSnapshot { id name }\n      snapshots(first: 1000) { totalCount edges { node { id name isCurrent parent { id name } children { id name } } } }\n    }\n  }\n"): (typeof documents)["\n  query VmSnapshots($id: ID!) {\n    vm(id: $id) {\n      id\n      name\n      currentSnapshot { id name }\n      snapshots(first: 1000) { totalCount edges { node { id name isCurrent parent { id name } children { id name } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FirstVms {\n    vms(first: 1000) {\n      edges { node { id name backend { name } currentSnapshot { id name } snapshots(first: 1000) { edges { node { id name isCurrent } } } } }\n    }\n  }\n"): (typeof documents)["\n  query FirstVms {\n    vms(first: 1000) {\n      edges { node { id name backend { name } currentSnapshot { id name } snapshots(first: 1000) { edges { node { id name isCurrent } } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { name kind }\n          drives { id name sizeBytes snapshots(first: 100) { edges { node { id name } } } }\n          currentSnapshot { id name }\n          snapshotTree { id name children { id name children { id name children { id name } } } }\n          snapshots(first: 100) { totalCount edges { node { id name createdAt isCurrent parent { id name } } } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Dashboard {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { name kind }\n          drives { id name sizeBytes snapshots(first: 100) { edges { node { id name } } } }\n          currentSnapshot { id name }\n          snapshotTree { id name children { id name children { id name children { id name } } } }\n          snapshots(first: 100) { totalCount edges { node { id name createdAt isCurrent parent { id name } } } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Unsupported($snapshotId: ID!, $targetId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability message backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"nightly\", schedule: \"0 3 * * *\", retention: 7 }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n"): (typeof documents)["\n  mutation Unsupported($snapshotId: ID!, $targetId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability message backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"nightly\", schedule: \"0 3 * * *\", retention: 7 }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Operations($filter: OperationFilter) {\n    operations(first: 100, filter: $filter) { totalCount edges { node { id kind status createdAt } } }\n  }\n"): (typeof documents)["\n  query Operations($filter: OperationFilter) {\n    operations(first: 100, filter: $filter) { totalCount edges { node { id kind status createdAt } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OperationById($id: ID!) {\n    operation(id: $id) { id status kind target { id ... on VM { name } } }\n    node(id: $id) { id __typename }\n  }\n"): (typeof documents)["\n  query OperationById($id: ID!) {\n    operation(id: $id) { id status kind target { id ... on VM { name } } }\n    node(id: $id) { id __typename }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OperationsStream($filter: OperationFilter) {\n    operations(filter: $filter) { id kind status }\n  }\n"): (typeof documents)["\n  subscription OperationsStream($filter: OperationFilter) {\n    operations(filter: $filter) { id kind status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VmTrees {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { id name kind }\n          currentSnapshot { id name isCurrent }\n          snapshotTree { id name depth parent { id } children { id name } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                name\n                isCurrent\n                depth\n                createdAt\n                hasMemory\n                hasDisk\n                status\n                vm { id }\n                parent { id name }\n                children { id name parent { id } }\n                ancestors { id name }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query VmTrees {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { id name kind }\n          currentSnapshot { id name isCurrent }\n          snapshotTree { id name depth parent { id } children { id name } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                name\n                isCurrent\n                depth\n                createdAt\n                hasMemory\n                hasDisk\n                status\n                vm { id }\n                parent { id name }\n                children { id name parent { id } }\n                ancestors { id name }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Backends {\n    backends {\n      id\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status checkedAt latencyMs lastError }\n      vms(first: 2) { totalCount edges { node { name } } }\n    }\n  }\n"): (typeof documents)["\n  query Backends {\n    backends {\n      id\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status checkedAt latencyMs lastError }\n      vms(first: 2) { totalCount edges { node { name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VmPage($first: Int, $after: String) {\n    vms(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name } }\n    }\n  }\n"): (typeof documents)["\n  query VmPage($first: Int, $after: String) {\n    vms(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Nodes($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id __typename ... on VM { name } ... on Snapshot { name } ... on Backend { name } ... on Drive { name } }\n    nodes(ids: $ids) { id __typename }\n  }\n"): (typeof documents)["\n  query Nodes($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id __typename ... on VM { name } ... on Snapshot { name } ... on Backend { name } ... on Drive { name } }\n    nodes(ids: $ids) { id __typename }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Filtered($vmFilter: VMFilter, $snapFilter: SnapshotFilter, $driveFilter: DriveFilter) {\n    vms(first: 1000, filter: $vmFilter) { totalCount edges { node { name powerState } } }\n    snapshots(first: 1000, filter: $snapFilter) { totalCount edges { node { name createdAt vm { name } } } }\n    drives(first: 1000, filter: $driveFilter) { totalCount edges { node { name status sizeBytes vm { id name } snapshots(first: 100) { totalCount } } } }\n  }\n"): (typeof documents)["\n  query Filtered($vmFilter: VMFilter, $snapFilter: SnapshotFilter, $driveFilter: DriveFilter) {\n    vms(first: 1000, filter: $vmFilter) { totalCount edges { node { name powerState } } }\n    snapshots(first: 1000, filter: $snapFilter) { totalCount edges { node { name createdAt vm { name } } } }\n    drives(first: 1000, filter: $driveFilter) { totalCount edges { node { name status sizeBytes vm { id name } snapshots(first: 100) { totalCount } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OneVm($id: ID!) {\n    vm(id: $id) { id name drives { id name vm { id } } }\n  }\n"): (typeof documents)["\n  query OneVm($id: ID!) {\n    vm(id: $id) { id name drives { id name vm { id } } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;