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
    "\n  query VmTrees {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { id name kind }\n          currentSnapshot { id name isCurrent }\n          snapshotTree { id name depth parent { id } children { id name } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                name\n                isCurrent\n                depth\n                createdAt\n                hasMemory\n                hasDisk\n                status\n                vm { id }\n                parent { id name }\n                children { id name parent { id } }\n                ancestors { id name }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.VmTreesDocument,
    "\n  query Backends {\n    backends {\n      id\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status checkedAt latencyMs lastError }\n      vms(first: 2) { totalCount edges { node { name } } }\n    }\n  }\n": typeof types.BackendsDocument,
    "\n  query VmPage($first: Int, $after: String) {\n    vms(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name } }\n    }\n  }\n": typeof types.VmPageDocument,
    "\n  query Nodes($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id __typename ... on VM { name } ... on Snapshot { name } ... on Backend { name } ... on Drive { name } }\n    nodes(ids: $ids) { id __typename }\n  }\n": typeof types.NodesDocument,
    "\n  query Filtered($vmFilter: VMFilter, $snapFilter: SnapshotFilter, $driveFilter: DriveFilter) {\n    vms(first: 1000, filter: $vmFilter) { totalCount edges { node { name powerState } } }\n    snapshots(first: 1000, filter: $snapFilter) { totalCount edges { node { name createdAt vm { name } } } }\n    drives(first: 1000, filter: $driveFilter) { totalCount edges { node { name status sizeBytes vm { id name } snapshots(first: 100) { totalCount } } } }\n  }\n": typeof types.FilteredDocument,
    "\n  query OneVm($id: ID!) {\n    vm(id: $id) { id name drives { id name vm { id } } }\n  }\n": typeof types.OneVmDocument,
};
const documents: Documents = {
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