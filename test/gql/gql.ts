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
    "\n  query AuthEstate {\n    backends { name }\n    vms(first: 200) { totalCount edges { node { id name backend { name } snapshots(first: 50) { edges { node { id name } } } } } }\n  }\n": typeof types.AuthEstateDocument,
    "\n  query AuthNode($id: ID!) { node(id: $id) { id __typename } }\n": typeof types.AuthNodeDocument,
    "\n  query AuthOperation($id: ID!) {\n    operation(id: $id) { id status }\n    node(id: $id) { id }\n    operations(first: 100) { totalCount edges { node { id } } }\n  }\n": typeof types.AuthOperationDocument,
    "\n  subscription AuthFollow($id: ID!) { operation(id: $id) { id status } }\n": typeof types.AuthFollowDocument,
    "\n  subscription AuthStream { operations { id status backend { name } } }\n": typeof types.AuthStreamDocument,
    "\n  mutation AuthCreateSchedule($input: CreateSnapshotScheduleInput!) {\n    createSnapshotSchedule(input: $input) { __typename ... on Error { message } }\n  }\n": typeof types.AuthCreateScheduleDocument,
    "query JwtBackends { backends { name } }": typeof types.JwtBackendsDocument,
    "query RateVms { vms(first: 200) { edges { node { id name backend { name } } } } }": typeof types.RateVmsDocument,
    "query RateAfter { backends { name } }": typeof types.RateAfterDocument,
    "\n  query PartialDashboard {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount backendErrors { message backend { name } } } } }\n    }\n  }\n": typeof types.PartialDashboardDocument,
    "\n  query BulkTrees {\n    vms(first: 100) {\n      edges { node { id name externalId backend { name } drives { id } snapshots(first: 100) { edges { node { id name isCurrent status parent { name } } } } } }\n    }\n  }\n": typeof types.BulkTreesDocument,
    "\n  mutation BulkDelete($ids: [ID!]!, $includeDescendants: Boolean, $dryRun: Boolean) {\n    deleteSnapshots(input: { snapshotIds: $ids, includeDescendants: $includeDescendants, dryRun: $dryRun }) {\n      __typename\n      ... on PlannedDeletion { step current refusal snapshot { id name } because { name } after { name } }\n      ... on OperationPayload { operation { id status snapshot { name } } }\n      ... on ValidationError { field message }\n      ... on NotFoundError { id }\n    }\n  }\n": typeof types.BulkDeleteDocument,
    "\n  mutation CancelOperation($id: ID!) {\n    cancelOperation(input: { id: $id }) {\n      __typename\n      ... on OperationPayload { operation { id status message } }\n      ... on UnsupportedOperationError { capability message backend { name } }\n      ... on NotFoundError { id message }\n      ... on ValidationError { field message }\n    }\n  }\n": typeof types.CancelOperationDocument,
    "\n  query CancelTargets {\n    backends { name capabilities { cancel } }\n    vms(first: 100) { edges { node { id name externalId backend { name } drives { id name } snapshots(first: 100) { edges { node { name } } } } } }\n  }\n": typeof types.CancelTargetsDocument,
    "\n  query CsInventory {\n    backends {\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status lastError }\n    }\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          name\n          externalId\n          powerState\n          backend { name }\n          drives { id externalId name sizeBytes status vm { id } }\n          snapshots(first: 100) { totalCount edges { node { id externalId name drive { id } vm { id } } } }\n        }\n      }\n    }\n    drives(first: 1000) {\n      edges {\n        node {\n          id\n          externalId\n          name\n          status\n          sizeBytes\n          backend { name }\n          vm { id }\n          clonedFrom { id }\n          snapshots(first: 100) {\n            totalCount\n            edges { node { id externalId name description createdAt sizeBytes status isCurrent hasDisk hasMemory metadata { key value } parent { id } } }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CsInventoryDocument,
    "\n  subscription CsFollow($id: ID!) {\n    operation(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n      error { code message }\n      snapshot { id name metadata { key value } }\n      drive { id name status clonedFrom { id name } }\n    }\n  }\n": typeof types.CsFollowDocument,
    "\n  mutation CsClone($snapshotId: ID!, $name: String) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n    }\n  }\n": typeof types.CsCloneDocument,
    "\n  mutation CsUpdate($snapshotId: ID!, $name: String, $metadata: [MetadataEntryInput!]) {\n    updateSnapshot(input: { snapshotId: $snapshotId, name: $name, metadata: $metadata }) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n    }\n  }\n": typeof types.CsUpdateDocument,
    "\n  mutation CsDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n    }\n  }\n": typeof types.CsDeleteManyDocument,
    "\n  query CsPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } } }\n    }\n  }\n": typeof types.CsPartialDocument,
    "\n  query DnInventory {\n    backends { name kind capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata } }\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          externalId\n          name\n          powerState\n          backend { name }\n          snapshotSchedules { id name schedule retention active description drive { id } vm { id } }\n          drives {\n            id\n            externalId\n            name\n            sizeBytes\n            vm { id }\n            snapshotSchedules { id name snapshots(first: 100) { edges { node { name } } } }\n            snapshots(first: 100) { totalCount edges { node { id externalId name description status sizeBytes createdAt drive { id } vm { id } schedule { id name } } } }\n          }\n          snapshots(first: 100) { totalCount edges { node { id name drive { id } } } }\n        }\n      }\n    }\n  }\n": typeof types.DnInventoryDocument,
    "\n  subscription DnFollow($id: ID!) {\n    operation(id: $id) { id kind status message error { code message } snapshot { id name description status } }\n  }\n": typeof types.DnFollowDocument,
    "\n  mutation DnUpdate($snapshotId: ID!, $description: String, $name: String) {\n    updateSnapshot(input: { snapshotId: $snapshotId, description: $description, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n    }\n  }\n": typeof types.DnUpdateDocument,
    "\n  mutation DnDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on Error { message }\n    }\n  }\n": typeof types.DnDeleteManyDocument,
    "\n  mutation DnClone($snapshotId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId }) {\n      __typename\n      ... on UnsupportedOperationError { capability message }\n      ... on Error { message }\n    }\n  }\n": typeof types.DnCloneDocument,
    "\n  mutation DnRevert($snapshotId: ID!) {\n    revertSnapshot(input: { snapshotId: $snapshotId }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on ValidationError { field message }\n      ... on Error { message }\n    }\n  }\n": typeof types.DnRevertDocument,
    "\n  mutation DnCreateSchedule($input: CreateSnapshotScheduleInput!) {\n    createSnapshotSchedule(input: $input) {\n      __typename\n      ... on SnapshotSchedulePayload { schedule { id name schedule retention active description drive { id } vm { id } } }\n      ... on ValidationError { field message }\n      ... on Error { message }\n    }\n  }\n": typeof types.DnCreateScheduleDocument,
    "\n  mutation DnUpdateSchedule($input: UpdateSnapshotScheduleInput!) {\n    updateSnapshotSchedule(input: $input) {\n      __typename\n      ... on SnapshotSchedulePayload { schedule { id schedule retention active description } }\n      ... on ValidationError { field message }\n      ... on Error { message }\n    }\n  }\n": typeof types.DnUpdateScheduleDocument,
    "\n  mutation DnDeleteSchedule($input: DeleteSnapshotScheduleInput!) {\n    deleteSnapshotSchedule(input: $input) {\n      __typename\n      ... on SnapshotSchedulePayload { schedule { id } }\n      ... on Error { message }\n    }\n  }\n": typeof types.DnDeleteScheduleDocument,
    "\n  query DnPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } } }\n    }\n  }\n": typeof types.DnPartialDocument,
    "\n  query DenvrInventory {\n    backends {\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status lastError }\n    }\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { name }\n          drives { id }\n          snapshots(first: 100) {\n            totalCount\n            edges { node { id name externalId createdAt status sizeBytes hasDisk parent { id } } }\n          }\n        }\n      }\n    }\n  }\n": typeof types.DenvrInventoryDocument,
    "\n  mutation DenvrUnsupported($snapshotId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": typeof types.DenvrUnsupportedDocument,
    "\n  query DenvrPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } snapshots(first: 100) { totalCount } } }\n    }\n  }\n": typeof types.DenvrPartialDocument,
    "\n  query DenvrEstate {\n    backends { id name }\n    vms(first: 1000) {\n      backendErrors { message code backend { name } }\n      edges {\n        node {\n          id\n          externalId\n          name\n          powerState\n          backend { name }\n          snapshots(first: 100) { totalCount backendErrors { message code backend { name } } edges { node { id externalId } } }\n        }\n      }\n    }\n    snapshots(first: 1000) {\n      backendErrors { message code backend { name } }\n      edges { node { id externalId name backend { name } vm { id name } } }\n    }\n  }\n": typeof types.DenvrEstateDocument,
    "\n  query DenvrBackendSnapshots($backendId: ID!) {\n    snapshots(first: 1000, filter: { backendIds: [$backendId] }) {\n      totalCount\n      backendErrors { message }\n      edges { node { externalId name backend { name } vm { id } } }\n    }\n  }\n": typeof types.DenvrBackendSnapshotsDocument,
    "\n  query DenvrNodes($ids: [ID!]!) {\n    nodes(ids: $ids) { id ... on Snapshot { name } }\n  }\n": typeof types.DenvrNodesDocument,
    "\n  query DenvrVmState($id: ID!) {\n    vm(id: $id) { name powerState }\n  }\n": typeof types.DenvrVmStateDocument,
    "\n  query BrokenVms {\n    vms(first: 100) {\n      totalCount\n      backendErrors { backend { name } code backendCode httpStatus message }\n    }\n  }\n": typeof types.BrokenVmsDocument,
    "\n  subscription FanoutFeed($filter: OperationFilter) {\n    operations(filter: $filter) { id status }\n  }\n": typeof types.FanoutFeedDocument,
    "\n  mutation StartSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) { __typename ... on OperationPayload { operation { id } } }\n  }\n": typeof types.StartSnapshotDocument,
    "\n  query LabVms { vms(first: 100) { edges { node { id backend { name } } } } }\n": typeof types.LabVmsDocument,
    "\n  query FaultVms {\n    vms(first: 100) {\n      totalCount\n      edges { node { id backend { name } } }\n      backendErrors { backend { name } code backendCode httpStatus message }\n    }\n  }\n": typeof types.FaultVmsDocument,
    "\n  query FaultHealth {\n    backends { name health { status circuit lastError } }\n  }\n": typeof types.FaultHealthDocument,
    "\n  query FaultOperationState($id: ID!) { operation(id: $id) { status message error { code } } }\n": typeof types.FaultOperationStateDocument,
    "\n  mutation CreateSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status backend { name } target { id } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n      ... on UnsupportedOperationError { capability backend { name } }\n      ... on BackendError { code backend { name } }\n    }\n  }\n": typeof types.CreateSnapshotDocument,
    "\n  mutation RevertSnapshot($input: RevertSnapshotInput!) {\n    revertSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": typeof types.RevertSnapshotDocument,
    "\n  mutation DeleteSnapshot($input: DeleteSnapshotInput!) {\n    deleteSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.DeleteSnapshotDocument,
    "\n  subscription FollowOperation($id: ID!) {\n    operation(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n      error { code message backendCode httpStatus }\n      snapshot { id name isCurrent hasMemory parent { id name } }\n      finishedAt\n    }\n  }\n": typeof types.FollowOperationDocument,
    "\n  query VmSnapshots($id: ID!) {\n    vm(id: $id) {\n      id\n      name\n      currentSnapshot { id name }\n      snapshots(first: 1000) { totalCount edges { node { id name isCurrent parent { id name } children { id name } } } }\n    }\n  }\n": typeof types.VmSnapshotsDocument,
    "\n  query FirstVms {\n    vms(first: 1000) {\n      edges { node { id name backend { name } currentSnapshot { id name } snapshots(first: 1000) { edges { node { id name isCurrent } } } } }\n    }\n  }\n": typeof types.FirstVmsDocument,
    "\n  query Dashboard {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { name kind }\n          drives { id name sizeBytes snapshots(first: 100) { edges { node { id name } } } }\n          currentSnapshot { id name }\n          snapshotTree { id name children { id name children { id name children { id name } } } }\n          snapshots(first: 100) { totalCount edges { node { id name createdAt isCurrent parent { id name } } } }\n        }\n      }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query InventoryTargets {\n    backends { id name capabilities { driveSnapshots } }\n    vms(first: 100) { edges { node { id powerState backend { name } drives { id } } } }\n  }\n": typeof types.InventoryTargetsDocument,
    "\n  subscription InventoryFeed($filter: InventoryChangeFilter) {\n    inventoryChanges(filter: $filter) {\n      kind entity nodeId name changedFields detectedAt\n      backend { name }\n      vm { id name }\n      snapshot { id name }\n    }\n  }\n": typeof types.InventoryFeedDocument,
    "\n  query RealVMs {\n    vms(first: 50) {\n      backendErrors { message code }\n      edges {\n        node {\n          id\n          name\n          powerState\n          capabilities { memorySnapshots quiesce }\n          currentSnapshot { id name }\n          snapshotTree { name children { name children { name children { name } } } }\n          snapshots(first: 200) { edges { node { id name description isCurrent hasMemory parent { name } children { name } ancestors { name } } } }\n        }\n      }\n    }\n  }\n": typeof types.RealVMsDocument,
    "\n  mutation RealCreate($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on ValidationError { message field }\n      ... on UnsupportedOperationError { message capability }\n      ... on Error { message }\n    }\n  }\n": typeof types.RealCreateDocument,
    "\n  mutation RealRevert($id: ID!) {\n    revertSnapshot(input: { snapshotId: $id }) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on Error { message }\n    }\n  }\n": typeof types.RealRevertDocument,
    "\n  mutation RealDelete($id: ID!) {\n    deleteSnapshot(input: { snapshotId: $id }) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on Error { message }\n    }\n  }\n": typeof types.RealDeleteDocument,
    "\n  subscription RealFollow($id: ID!) {\n    operation(id: $id) { status progress message error { code message } snapshot { id name isCurrent hasMemory description } }\n  }\n": typeof types.RealFollowDocument,
    "\n  query RealNode($id: ID!) {\n    node(id: $id) { ... on Snapshot { name isCurrent parent { name } vm { name } } }\n  }\n": typeof types.RealNodeDocument,
    "\n  query RealNodes($ids: [ID!]!) {\n    nodes(ids: $ids) { id }\n  }\n": typeof types.RealNodesDocument,
    "\n  query RealHealth {\n    backends { name health { status circuit lastError } }\n  }\n": typeof types.RealHealthDocument,
    "\n  query LibvirtdEstate {\n    vms(first: 1000, filter: { nameContains: \"gw-libvirtd-\" }) {\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { name kind }\n          capabilities { memorySnapshots quiesce revert clone driveSnapshots subtreeDelete }\n          drives { name sizeBytes status }\n          currentSnapshot { name }\n          snapshots(first: 100) {\n            edges { node { id name description isCurrent hasMemory hasDisk vmPowerState createdAt parent { name } children { name } } }\n          }\n        }\n      }\n    }\n  }\n": typeof types.LibvirtdEstateDocument,
    "\n  mutation LibvirtdDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on Error { message }\n    }\n  }\n": typeof types.LibvirtdDeleteManyDocument,
    "\n  mutation LibvirtdUpdate($snapshotId: ID!, $description: String, $name: String) {\n    updateSnapshot(input: { snapshotId: $snapshotId, description: $description, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.LibvirtdUpdateDocument,
    "\n  mutation LibvirtdClone($snapshotId: ID!, $name: String) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.LibvirtdCloneDocument,
    "\n  subscription LibvirtdFollowClone($id: ID!) {\n    operation(id: $id) {\n      status\n      progress\n      message\n      error { code message }\n      drive { id name status sizeBytes vm { name } clonedFrom { name } }\n    }\n  }\n": typeof types.LibvirtdFollowCloneDocument,
    "\n  mutation LibvirtdCancelClone($id: ID!) {\n    cancelOperation(input: { id: $id }) { __typename ... on OperationPayload { operation { status } } ... on Error { message } }\n  }\n": typeof types.LibvirtdCancelCloneDocument,
    "\n  query LibvirtdDrives {\n    drives(first: 1000, filter: { nameContains: \"gw-libvirtd-\" }) { edges { node { name status sizeBytes vm { name } clonedFrom { name } } } }\n  }\n": typeof types.LibvirtdDrivesDocument,
    "\n  query LibvirtdRemoteEstate {\n    vms(first: 1000, filter: { nameContains: \"gw-libvirtd-remote\" }) {\n      totalCount\n      edges { node { id name powerState backend { name } capabilities { clone memorySnapshots } drives { name } } }\n      backendErrors { code message backend { name } }\n    }\n  }\n": typeof types.LibvirtdRemoteEstateDocument,
    "\n  mutation LibvirtdRemoteClone($snapshotId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": typeof types.LibvirtdRemoteCloneDocument,
    "\n  query LibvirtdRemoteSnapshots($id: ID!) {\n    vm(id: $id) { snapshots(first: 100) { edges { node { id name isCurrent hasMemory } } } }\n  }\n": typeof types.LibvirtdRemoteSnapshotsDocument,
    "\n  query TreeTenDeep {\n    vms(first: 1000) { edges { node { snapshotTree { children { children { children { children { children { children {\n      children { children { children { children { name } } } } } } } } } } } } } }\n  }\n": typeof types.TreeTenDeepDocument,
    "\n  query VmSnapshotsOfSnapshotsOfVms {\n    vms(first: 1000) { edges { node { snapshots(first: 1000) { edges { node { vm {\n      snapshots(first: 1000) { edges { node { id } } }\n    } } } } } } }\n  }\n": typeof types.VmSnapshotsOfSnapshotsOfVmsDocument,
    "\n  query FewVmSnapshotsOfSnapshots($vms: Int!, $snapshots: Int!) {\n    vms(first: $vms) { edges { node { snapshots(first: $snapshots) { edges { node { vm {\n      snapshots(first: $snapshots) { edges { node { id } } }\n    } } } } } } }\n  }\n": typeof types.FewVmSnapshotsOfSnapshotsDocument,
    "\n  query FilteredBeside($name: String!) { drives(first: 5) { totalCount } vms(first: 5, filter: { nameContains: $name }) { totalCount } }\n": typeof types.FilteredBesideDocument,
    "\n  query DeepTree { vms(first: 2) { edges { node { snapshotTree { children { children { children { name } } } } } } } }\n": typeof types.DeepTreeDocument,
    "\n  query ShallowTree { vms(first: 2) { edges { node { snapshotTree { children { name } } } } } }\n": typeof types.ShallowTreeDocument,
    "\n  query PageOfVms($n: Int!) { vms(first: $n) { edges { node { name } } } }\n": typeof types.PageOfVmsDocument,
    "\n  query ManyAliases { a: backends { name } b: backends { name } c: backends { n: name } }\n": typeof types.ManyAliasesDocument,
    "\n  query TwoAliases { a: backends { name } b: backends { name } }\n": typeof types.TwoAliasesDocument,
    "\n  query AliasesInFragment { a: backends { ...Names } }\n  fragment Names on Backend { n: name k: kind }\n": typeof types.AliasesInFragmentDocument,
    "\n  query Introspection { __schema { queryType { name } } __type(name: \"VM\") { name } }\n": typeof types.IntrospectionDocument,
    "\n  query Typename { __typename backends { __typename name } }\n": typeof types.TypenameDocument,
    "\n  subscription DeepFollow($id: ID!) { operation(id: $id) { snapshot { parent { parent { parent { parent { parent { name } } } } } } } }\n": typeof types.DeepFollowDocument,
    "\n  query FirstVmOfEachBackend { backends { name vms(first: 1) { edges { node { id } } } } }\n": typeof types.FirstVmOfEachBackendDocument,
    "\n  subscription CostlyFollow($id: ID!) { operation(id: $id) { snapshot { vm { snapshots(first: 1000) { edges { node { name } } } } } } }\n": typeof types.CostlyFollowDocument,
    "\n  subscription AliasedFollow($id: ID!) { operation(id: $id) { a: status b: status c: status } }\n": typeof types.AliasedFollowDocument,
    "\n  subscription FollowStatus($id: ID!) { operation(id: $id) { status snapshot { vm { snapshots(first: 10) { totalCount } } } } }\n": typeof types.FollowStatusDocument,
    "\n  query MiqInventory {\n    backends {\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status lastError }\n    }\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { name }\n          capabilities { revert }\n          drives { id }\n          currentSnapshot { id name }\n          snapshotTree { id name children { id name children { id name children { id name } } } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node { id externalId name description createdAt isCurrent sizeBytes hasDisk status depth parent { id name } children { id } }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.MiqInventoryDocument,
    "\n  mutation MiqUnsupported($snapshotId: ID!, $targetId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"nightly\", schedule: \"0 3 * * *\", retention: 7 }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": typeof types.MiqUnsupportedDocument,
    "\n  mutation MiqDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n    }\n  }\n": typeof types.MiqDeleteManyDocument,
    "\n  query MiqPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount } } }\n    }\n  }\n": typeof types.MiqPartialDocument,
    "\n  mutation Unsupported($snapshotId: ID!, $targetId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability message backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"nightly\", schedule: \"0 3 * * *\", retention: 7 }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": typeof types.UnsupportedDocument,
    "\n  mutation DeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.DeleteManyDocument,
    "\n  query Operations($filter: OperationFilter) {\n    operations(first: 100, filter: $filter) { totalCount edges { node { id kind status createdAt } } }\n  }\n": typeof types.OperationsDocument,
    "\n  query OperationById($id: ID!) {\n    operation(id: $id) { id status kind target { id ... on VM { name } } }\n    node(id: $id) { id __typename }\n  }\n": typeof types.OperationByIdDocument,
    "\n  subscription OperationsStream($filter: OperationFilter) {\n    operations(filter: $filter) { id kind status }\n  }\n": typeof types.OperationsStreamDocument,
    "\n  query WaterfallBackends { backends { id name } }\n": typeof types.WaterfallBackendsDocument,
    "\n  query WaterfallSnapshotsWithVMs($backendIds: [ID!]) {\n    snapshots(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name ...OwnVM } } }\n  }\n  fragment OwnVM on Snapshot { vm { name } }\n": typeof types.WaterfallSnapshotsWithVMsDocument,
    "\n  query WaterfallSnapshotsAlone($backendIds: [ID!]) {\n    snapshots(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name } } }\n  }\n": typeof types.WaterfallSnapshotsAloneDocument,
    "\n  query WaterfallVMsWithSnapshots($backendIds: [ID!]) {\n    vms(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name currentSnapshot { name } snapshots(first: 100) { totalCount } } } }\n  }\n": typeof types.WaterfallVMsWithSnapshotsDocument,
    "\n  query OutcomeVms {\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          kind\n          powerState\n          backend { name }\n          drives { id }\n          snapshots(first: 100) { edges { node { id name isCurrent } } }\n        }\n      }\n    }\n  }\n": typeof types.OutcomeVmsDocument,
    "\n  query OutcomeVmSnapshots($id: ID!) {\n    vm(id: $id) { snapshots(first: 100) { edges { node { id name isCurrent } } } }\n  }\n": typeof types.OutcomeVmSnapshotsDocument,
    "\n  query OutcomeOperation($id: ID!) {\n    operation(id: $id) { status progress message error { code message } snapshot { name } }\n  }\n": typeof types.OutcomeOperationDocument,
    "\n  query PagingVms($first: Int, $after: String, $last: Int, $before: String, $orderBy: VMOrder) {\n    vms(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name backend { name } } }\n    }\n  }\n": typeof types.PagingVmsDocument,
    "\n  query PagingSnapshots($first: Int, $orderBy: SnapshotOrder) {\n    snapshots(first: $first, orderBy: $orderBy) { edges { node { id name createdAt } } }\n  }\n": typeof types.PagingSnapshotsDocument,
    "\n  query PolicyTargets {\n    backends { id name }\n    vms(first: 200) {\n      edges { node { id name powerState backend { name capabilities { driveSnapshots } } drives { id } snapshots(first: 200) { edges { node { name } } } } }\n    }\n  }\n": typeof types.PolicyTargetsDocument,
    "\n  mutation CreatePolicy($input: CreateSnapshotPolicyInput!) {\n    createSnapshotPolicy(input: $input) {\n      __typename\n      ... on SnapshotPolicyPayload { policy { id name schedule nextRunAt retention { count maxAgeHours } target { id } } }\n      ... on ValidationError { field message }\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": typeof types.CreatePolicyDocument,
    "\n  query Policies {\n    snapshotPolicies {\n      id\n      name\n      active\n      runs(first: 50) { scheduledFor status catchUp message taken { status snapshot { name } } pruned { status kind } }\n    }\n  }\n": typeof types.PoliciesDocument,
    "\n  mutation UpdatePolicy($input: UpdateSnapshotPolicyInput!) {\n    updateSnapshotPolicy(input: $input) { __typename ... on SnapshotPolicyPayload { policy { active schedule } } ... on ValidationError { field } }\n  }\n": typeof types.UpdatePolicyDocument,
    "\n  mutation DeletePolicy($id: ID!) {\n    deleteSnapshotPolicy(input: { policyId: $id }) { __typename ... on SnapshotPolicyPayload { policy { id } } ... on NotFoundError { id } }\n  }\n": typeof types.DeletePolicyDocument,
    "\n  query VmTrees {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          capabilities { revert clone }\n          backend { id name kind }\n          currentSnapshot { id name isCurrent }\n          snapshotTree { id name depth parent { id } children { id name } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                name\n                isCurrent\n                depth\n                createdAt\n                hasMemory\n                hasDisk\n                status\n                vm { id }\n                parent { id name }\n                children { id name parent { id } }\n                ancestors { id name }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.VmTreesDocument,
    "\n  query Backends {\n    backends {\n      id\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status checkedAt latencyMs lastError }\n      vms(first: 2) { totalCount edges { node { name } } }\n    }\n  }\n": typeof types.BackendsDocument,
    "\n  query VmPage($first: Int, $after: String, $filter: VMFilter) {\n    vms(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name } }\n    }\n  }\n": typeof types.VmPageDocument,
    "\n  query Nodes($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id __typename ... on VM { name } ... on Snapshot { name } ... on Backend { name } ... on Drive { name } }\n    nodes(ids: $ids) { id __typename }\n  }\n": typeof types.NodesDocument,
    "\n  query Filtered($vmFilter: VMFilter, $snapFilter: SnapshotFilter, $driveFilter: DriveFilter) {\n    vms(first: 1000, filter: $vmFilter) { totalCount edges { node { name powerState } } }\n    snapshots(first: 1000, filter: $snapFilter) { totalCount edges { node { name createdAt vm { name } } } }\n    drives(first: 1000, filter: $driveFilter) { totalCount edges { node { name status sizeBytes vm { id name } snapshots(first: 100) { totalCount } } } }\n  }\n": typeof types.FilteredDocument,
    "\n  query OneVm($id: ID!) {\n    vm(id: $id) { id name drives { id name vm { id } } }\n  }\n": typeof types.OneVmDocument,
    "\n  query CacheEstate {\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          name\n          backend { name }\n          snapshots(first: 100) { edges { node { id name description isCurrent } } }\n          drives { id name snapshotSchedules { name } snapshots(first: 100) { edges { node { id name description } } } }\n        }\n      }\n    }\n    drives(first: 1000) { edges { node { id name } } }\n  }\n": typeof types.CacheEstateDocument,
    "\n  mutation CacheUpdate($snapshotId: ID!, $description: String!) {\n    updateSnapshot(input: { snapshotId: $snapshotId, description: $description }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }\n  }\n": typeof types.CacheUpdateDocument,
    "\n  mutation CacheClone($snapshotId: ID!, $name: String!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }\n  }\n": typeof types.CacheCloneDocument,
    "\n  mutation CacheDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }\n  }\n": typeof types.CacheDeleteManyDocument,
    "\n  mutation CacheCreateSchedule($targetId: ID!) {\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"cachejob\", schedule: \"0 3 * * *\", retention: 3 }) {\n      __typename\n      ... on Error { message }\n    }\n  }\n": typeof types.CacheCreateScheduleDocument,
    "\n  query CacheNode($id: ID!) { node(id: $id) { id } }\n": typeof types.CacheNodeDocument,
    "\n  query OperationsPage($first: Int, $after: String) {\n    operations(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id status createdAt } }\n    }\n  }\n": typeof types.OperationsPageDocument,
    "\n  query CancelTargetsRedis {\n    vms(first: 100) { edges { node { backend { name } drives { id } } } }\n  }\n": typeof types.CancelTargetsRedisDocument,
    "\n  mutation CancelAcross($id: ID!) {\n    cancelOperation(input: { id: $id }) { __typename ... on OperationPayload { operation { id status } } }\n  }\n": typeof types.CancelAcrossDocument,
    "\n  subscription OperationsFeed($filter: OperationFilter) {\n    operations(filter: $filter) { id status }\n  }\n": typeof types.OperationsFeedDocument,
    "\n  query ResponseCacheEstate($first: Int) {\n    vms(first: $first) { totalCount edges { node { id name backend { name } snapshots(first: 50) { edges { node { name } } } } } }\n  }\n": typeof types.ResponseCacheEstateDocument,
    "\n  query ResponseCacheWithOperations {\n    operations(first: 50) { totalCount }\n    vms(first: 5) { totalCount }\n  }\n": typeof types.ResponseCacheWithOperationsDocument,
    "\n  subscription OperationsWithTarget {\n    operations { id status backend { name } target { id ... on VM { name } } }\n  }\n": typeof types.OperationsWithTargetDocument,
    "\n  query DeliveryVms { vms(first: 100) { edges { node { id backend { name } } } } }\n": typeof types.DeliveryVmsDocument,
};
const documents: Documents = {
    "\n  query AuthEstate {\n    backends { name }\n    vms(first: 200) { totalCount edges { node { id name backend { name } snapshots(first: 50) { edges { node { id name } } } } } }\n  }\n": types.AuthEstateDocument,
    "\n  query AuthNode($id: ID!) { node(id: $id) { id __typename } }\n": types.AuthNodeDocument,
    "\n  query AuthOperation($id: ID!) {\n    operation(id: $id) { id status }\n    node(id: $id) { id }\n    operations(first: 100) { totalCount edges { node { id } } }\n  }\n": types.AuthOperationDocument,
    "\n  subscription AuthFollow($id: ID!) { operation(id: $id) { id status } }\n": types.AuthFollowDocument,
    "\n  subscription AuthStream { operations { id status backend { name } } }\n": types.AuthStreamDocument,
    "\n  mutation AuthCreateSchedule($input: CreateSnapshotScheduleInput!) {\n    createSnapshotSchedule(input: $input) { __typename ... on Error { message } }\n  }\n": types.AuthCreateScheduleDocument,
    "query JwtBackends { backends { name } }": types.JwtBackendsDocument,
    "query RateVms { vms(first: 200) { edges { node { id name backend { name } } } } }": types.RateVmsDocument,
    "query RateAfter { backends { name } }": types.RateAfterDocument,
    "\n  query PartialDashboard {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount backendErrors { message backend { name } } } } }\n    }\n  }\n": types.PartialDashboardDocument,
    "\n  query BulkTrees {\n    vms(first: 100) {\n      edges { node { id name externalId backend { name } drives { id } snapshots(first: 100) { edges { node { id name isCurrent status parent { name } } } } } }\n    }\n  }\n": types.BulkTreesDocument,
    "\n  mutation BulkDelete($ids: [ID!]!, $includeDescendants: Boolean, $dryRun: Boolean) {\n    deleteSnapshots(input: { snapshotIds: $ids, includeDescendants: $includeDescendants, dryRun: $dryRun }) {\n      __typename\n      ... on PlannedDeletion { step current refusal snapshot { id name } because { name } after { name } }\n      ... on OperationPayload { operation { id status snapshot { name } } }\n      ... on ValidationError { field message }\n      ... on NotFoundError { id }\n    }\n  }\n": types.BulkDeleteDocument,
    "\n  mutation CancelOperation($id: ID!) {\n    cancelOperation(input: { id: $id }) {\n      __typename\n      ... on OperationPayload { operation { id status message } }\n      ... on UnsupportedOperationError { capability message backend { name } }\n      ... on NotFoundError { id message }\n      ... on ValidationError { field message }\n    }\n  }\n": types.CancelOperationDocument,
    "\n  query CancelTargets {\n    backends { name capabilities { cancel } }\n    vms(first: 100) { edges { node { id name externalId backend { name } drives { id name } snapshots(first: 100) { edges { node { name } } } } } }\n  }\n": types.CancelTargetsDocument,
    "\n  query CsInventory {\n    backends {\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status lastError }\n    }\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          name\n          externalId\n          powerState\n          backend { name }\n          drives { id externalId name sizeBytes status vm { id } }\n          snapshots(first: 100) { totalCount edges { node { id externalId name drive { id } vm { id } } } }\n        }\n      }\n    }\n    drives(first: 1000) {\n      edges {\n        node {\n          id\n          externalId\n          name\n          status\n          sizeBytes\n          backend { name }\n          vm { id }\n          clonedFrom { id }\n          snapshots(first: 100) {\n            totalCount\n            edges { node { id externalId name description createdAt sizeBytes status isCurrent hasDisk hasMemory metadata { key value } parent { id } } }\n          }\n        }\n      }\n    }\n  }\n": types.CsInventoryDocument,
    "\n  subscription CsFollow($id: ID!) {\n    operation(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n      error { code message }\n      snapshot { id name metadata { key value } }\n      drive { id name status clonedFrom { id name } }\n    }\n  }\n": types.CsFollowDocument,
    "\n  mutation CsClone($snapshotId: ID!, $name: String) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n    }\n  }\n": types.CsCloneDocument,
    "\n  mutation CsUpdate($snapshotId: ID!, $name: String, $metadata: [MetadataEntryInput!]) {\n    updateSnapshot(input: { snapshotId: $snapshotId, name: $name, metadata: $metadata }) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n    }\n  }\n": types.CsUpdateDocument,
    "\n  mutation CsDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n    }\n  }\n": types.CsDeleteManyDocument,
    "\n  query CsPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } } }\n    }\n  }\n": types.CsPartialDocument,
    "\n  query DnInventory {\n    backends { name kind capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata } }\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          externalId\n          name\n          powerState\n          backend { name }\n          snapshotSchedules { id name schedule retention active description drive { id } vm { id } }\n          drives {\n            id\n            externalId\n            name\n            sizeBytes\n            vm { id }\n            snapshotSchedules { id name snapshots(first: 100) { edges { node { name } } } }\n            snapshots(first: 100) { totalCount edges { node { id externalId name description status sizeBytes createdAt drive { id } vm { id } schedule { id name } } } }\n          }\n          snapshots(first: 100) { totalCount edges { node { id name drive { id } } } }\n        }\n      }\n    }\n  }\n": types.DnInventoryDocument,
    "\n  subscription DnFollow($id: ID!) {\n    operation(id: $id) { id kind status message error { code message } snapshot { id name description status } }\n  }\n": types.DnFollowDocument,
    "\n  mutation DnUpdate($snapshotId: ID!, $description: String, $name: String) {\n    updateSnapshot(input: { snapshotId: $snapshotId, description: $description, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n    }\n  }\n": types.DnUpdateDocument,
    "\n  mutation DnDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on Error { message }\n    }\n  }\n": types.DnDeleteManyDocument,
    "\n  mutation DnClone($snapshotId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId }) {\n      __typename\n      ... on UnsupportedOperationError { capability message }\n      ... on Error { message }\n    }\n  }\n": types.DnCloneDocument,
    "\n  mutation DnRevert($snapshotId: ID!) {\n    revertSnapshot(input: { snapshotId: $snapshotId }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on ValidationError { field message }\n      ... on Error { message }\n    }\n  }\n": types.DnRevertDocument,
    "\n  mutation DnCreateSchedule($input: CreateSnapshotScheduleInput!) {\n    createSnapshotSchedule(input: $input) {\n      __typename\n      ... on SnapshotSchedulePayload { schedule { id name schedule retention active description drive { id } vm { id } } }\n      ... on ValidationError { field message }\n      ... on Error { message }\n    }\n  }\n": types.DnCreateScheduleDocument,
    "\n  mutation DnUpdateSchedule($input: UpdateSnapshotScheduleInput!) {\n    updateSnapshotSchedule(input: $input) {\n      __typename\n      ... on SnapshotSchedulePayload { schedule { id schedule retention active description } }\n      ... on ValidationError { field message }\n      ... on Error { message }\n    }\n  }\n": types.DnUpdateScheduleDocument,
    "\n  mutation DnDeleteSchedule($input: DeleteSnapshotScheduleInput!) {\n    deleteSnapshotSchedule(input: $input) {\n      __typename\n      ... on SnapshotSchedulePayload { schedule { id } }\n      ... on Error { message }\n    }\n  }\n": types.DnDeleteScheduleDocument,
    "\n  query DnPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } } }\n    }\n  }\n": types.DnPartialDocument,
    "\n  query DenvrInventory {\n    backends {\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status lastError }\n    }\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { name }\n          drives { id }\n          snapshots(first: 100) {\n            totalCount\n            edges { node { id name externalId createdAt status sizeBytes hasDisk parent { id } } }\n          }\n        }\n      }\n    }\n  }\n": types.DenvrInventoryDocument,
    "\n  mutation DenvrUnsupported($snapshotId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": types.DenvrUnsupportedDocument,
    "\n  query DenvrPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } snapshots(first: 100) { totalCount } } }\n    }\n  }\n": types.DenvrPartialDocument,
    "\n  query DenvrEstate {\n    backends { id name }\n    vms(first: 1000) {\n      backendErrors { message code backend { name } }\n      edges {\n        node {\n          id\n          externalId\n          name\n          powerState\n          backend { name }\n          snapshots(first: 100) { totalCount backendErrors { message code backend { name } } edges { node { id externalId } } }\n        }\n      }\n    }\n    snapshots(first: 1000) {\n      backendErrors { message code backend { name } }\n      edges { node { id externalId name backend { name } vm { id name } } }\n    }\n  }\n": types.DenvrEstateDocument,
    "\n  query DenvrBackendSnapshots($backendId: ID!) {\n    snapshots(first: 1000, filter: { backendIds: [$backendId] }) {\n      totalCount\n      backendErrors { message }\n      edges { node { externalId name backend { name } vm { id } } }\n    }\n  }\n": types.DenvrBackendSnapshotsDocument,
    "\n  query DenvrNodes($ids: [ID!]!) {\n    nodes(ids: $ids) { id ... on Snapshot { name } }\n  }\n": types.DenvrNodesDocument,
    "\n  query DenvrVmState($id: ID!) {\n    vm(id: $id) { name powerState }\n  }\n": types.DenvrVmStateDocument,
    "\n  query BrokenVms {\n    vms(first: 100) {\n      totalCount\n      backendErrors { backend { name } code backendCode httpStatus message }\n    }\n  }\n": types.BrokenVmsDocument,
    "\n  subscription FanoutFeed($filter: OperationFilter) {\n    operations(filter: $filter) { id status }\n  }\n": types.FanoutFeedDocument,
    "\n  mutation StartSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) { __typename ... on OperationPayload { operation { id } } }\n  }\n": types.StartSnapshotDocument,
    "\n  query LabVms { vms(first: 100) { edges { node { id backend { name } } } } }\n": types.LabVmsDocument,
    "\n  query FaultVms {\n    vms(first: 100) {\n      totalCount\n      edges { node { id backend { name } } }\n      backendErrors { backend { name } code backendCode httpStatus message }\n    }\n  }\n": types.FaultVmsDocument,
    "\n  query FaultHealth {\n    backends { name health { status circuit lastError } }\n  }\n": types.FaultHealthDocument,
    "\n  query FaultOperationState($id: ID!) { operation(id: $id) { status message error { code } } }\n": types.FaultOperationStateDocument,
    "\n  mutation CreateSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status backend { name } target { id } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n      ... on UnsupportedOperationError { capability backend { name } }\n      ... on BackendError { code backend { name } }\n    }\n  }\n": types.CreateSnapshotDocument,
    "\n  mutation RevertSnapshot($input: RevertSnapshotInput!) {\n    revertSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": types.RevertSnapshotDocument,
    "\n  mutation DeleteSnapshot($input: DeleteSnapshotInput!) {\n    deleteSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": types.DeleteSnapshotDocument,
    "\n  subscription FollowOperation($id: ID!) {\n    operation(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n      error { code message backendCode httpStatus }\n      snapshot { id name isCurrent hasMemory parent { id name } }\n      finishedAt\n    }\n  }\n": types.FollowOperationDocument,
    "\n  query VmSnapshots($id: ID!) {\n    vm(id: $id) {\n      id\n      name\n      currentSnapshot { id name }\n      snapshots(first: 1000) { totalCount edges { node { id name isCurrent parent { id name } children { id name } } } }\n    }\n  }\n": types.VmSnapshotsDocument,
    "\n  query FirstVms {\n    vms(first: 1000) {\n      edges { node { id name backend { name } currentSnapshot { id name } snapshots(first: 1000) { edges { node { id name isCurrent } } } } }\n    }\n  }\n": types.FirstVmsDocument,
    "\n  query Dashboard {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { name kind }\n          drives { id name sizeBytes snapshots(first: 100) { edges { node { id name } } } }\n          currentSnapshot { id name }\n          snapshotTree { id name children { id name children { id name children { id name } } } }\n          snapshots(first: 100) { totalCount edges { node { id name createdAt isCurrent parent { id name } } } }\n        }\n      }\n    }\n  }\n": types.DashboardDocument,
    "\n  query InventoryTargets {\n    backends { id name capabilities { driveSnapshots } }\n    vms(first: 100) { edges { node { id powerState backend { name } drives { id } } } }\n  }\n": types.InventoryTargetsDocument,
    "\n  subscription InventoryFeed($filter: InventoryChangeFilter) {\n    inventoryChanges(filter: $filter) {\n      kind entity nodeId name changedFields detectedAt\n      backend { name }\n      vm { id name }\n      snapshot { id name }\n    }\n  }\n": types.InventoryFeedDocument,
    "\n  query RealVMs {\n    vms(first: 50) {\n      backendErrors { message code }\n      edges {\n        node {\n          id\n          name\n          powerState\n          capabilities { memorySnapshots quiesce }\n          currentSnapshot { id name }\n          snapshotTree { name children { name children { name children { name } } } }\n          snapshots(first: 200) { edges { node { id name description isCurrent hasMemory parent { name } children { name } ancestors { name } } } }\n        }\n      }\n    }\n  }\n": types.RealVMsDocument,
    "\n  mutation RealCreate($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on ValidationError { message field }\n      ... on UnsupportedOperationError { message capability }\n      ... on Error { message }\n    }\n  }\n": types.RealCreateDocument,
    "\n  mutation RealRevert($id: ID!) {\n    revertSnapshot(input: { snapshotId: $id }) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on Error { message }\n    }\n  }\n": types.RealRevertDocument,
    "\n  mutation RealDelete($id: ID!) {\n    deleteSnapshot(input: { snapshotId: $id }) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on Error { message }\n    }\n  }\n": types.RealDeleteDocument,
    "\n  subscription RealFollow($id: ID!) {\n    operation(id: $id) { status progress message error { code message } snapshot { id name isCurrent hasMemory description } }\n  }\n": types.RealFollowDocument,
    "\n  query RealNode($id: ID!) {\n    node(id: $id) { ... on Snapshot { name isCurrent parent { name } vm { name } } }\n  }\n": types.RealNodeDocument,
    "\n  query RealNodes($ids: [ID!]!) {\n    nodes(ids: $ids) { id }\n  }\n": types.RealNodesDocument,
    "\n  query RealHealth {\n    backends { name health { status circuit lastError } }\n  }\n": types.RealHealthDocument,
    "\n  query LibvirtdEstate {\n    vms(first: 1000, filter: { nameContains: \"gw-libvirtd-\" }) {\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { name kind }\n          capabilities { memorySnapshots quiesce revert clone driveSnapshots subtreeDelete }\n          drives { name sizeBytes status }\n          currentSnapshot { name }\n          snapshots(first: 100) {\n            edges { node { id name description isCurrent hasMemory hasDisk vmPowerState createdAt parent { name } children { name } } }\n          }\n        }\n      }\n    }\n  }\n": types.LibvirtdEstateDocument,
    "\n  mutation LibvirtdDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on Error { message }\n    }\n  }\n": types.LibvirtdDeleteManyDocument,
    "\n  mutation LibvirtdUpdate($snapshotId: ID!, $description: String, $name: String) {\n    updateSnapshot(input: { snapshotId: $snapshotId, description: $description, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": types.LibvirtdUpdateDocument,
    "\n  mutation LibvirtdClone($snapshotId: ID!, $name: String) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": types.LibvirtdCloneDocument,
    "\n  subscription LibvirtdFollowClone($id: ID!) {\n    operation(id: $id) {\n      status\n      progress\n      message\n      error { code message }\n      drive { id name status sizeBytes vm { name } clonedFrom { name } }\n    }\n  }\n": types.LibvirtdFollowCloneDocument,
    "\n  mutation LibvirtdCancelClone($id: ID!) {\n    cancelOperation(input: { id: $id }) { __typename ... on OperationPayload { operation { status } } ... on Error { message } }\n  }\n": types.LibvirtdCancelCloneDocument,
    "\n  query LibvirtdDrives {\n    drives(first: 1000, filter: { nameContains: \"gw-libvirtd-\" }) { edges { node { name status sizeBytes vm { name } clonedFrom { name } } } }\n  }\n": types.LibvirtdDrivesDocument,
    "\n  query LibvirtdRemoteEstate {\n    vms(first: 1000, filter: { nameContains: \"gw-libvirtd-remote\" }) {\n      totalCount\n      edges { node { id name powerState backend { name } capabilities { clone memorySnapshots } drives { name } } }\n      backendErrors { code message backend { name } }\n    }\n  }\n": types.LibvirtdRemoteEstateDocument,
    "\n  mutation LibvirtdRemoteClone($snapshotId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": types.LibvirtdRemoteCloneDocument,
    "\n  query LibvirtdRemoteSnapshots($id: ID!) {\n    vm(id: $id) { snapshots(first: 100) { edges { node { id name isCurrent hasMemory } } } }\n  }\n": types.LibvirtdRemoteSnapshotsDocument,
    "\n  query TreeTenDeep {\n    vms(first: 1000) { edges { node { snapshotTree { children { children { children { children { children { children {\n      children { children { children { children { name } } } } } } } } } } } } } }\n  }\n": types.TreeTenDeepDocument,
    "\n  query VmSnapshotsOfSnapshotsOfVms {\n    vms(first: 1000) { edges { node { snapshots(first: 1000) { edges { node { vm {\n      snapshots(first: 1000) { edges { node { id } } }\n    } } } } } } }\n  }\n": types.VmSnapshotsOfSnapshotsOfVmsDocument,
    "\n  query FewVmSnapshotsOfSnapshots($vms: Int!, $snapshots: Int!) {\n    vms(first: $vms) { edges { node { snapshots(first: $snapshots) { edges { node { vm {\n      snapshots(first: $snapshots) { edges { node { id } } }\n    } } } } } } }\n  }\n": types.FewVmSnapshotsOfSnapshotsDocument,
    "\n  query FilteredBeside($name: String!) { drives(first: 5) { totalCount } vms(first: 5, filter: { nameContains: $name }) { totalCount } }\n": types.FilteredBesideDocument,
    "\n  query DeepTree { vms(first: 2) { edges { node { snapshotTree { children { children { children { name } } } } } } } }\n": types.DeepTreeDocument,
    "\n  query ShallowTree { vms(first: 2) { edges { node { snapshotTree { children { name } } } } } }\n": types.ShallowTreeDocument,
    "\n  query PageOfVms($n: Int!) { vms(first: $n) { edges { node { name } } } }\n": types.PageOfVmsDocument,
    "\n  query ManyAliases { a: backends { name } b: backends { name } c: backends { n: name } }\n": types.ManyAliasesDocument,
    "\n  query TwoAliases { a: backends { name } b: backends { name } }\n": types.TwoAliasesDocument,
    "\n  query AliasesInFragment { a: backends { ...Names } }\n  fragment Names on Backend { n: name k: kind }\n": types.AliasesInFragmentDocument,
    "\n  query Introspection { __schema { queryType { name } } __type(name: \"VM\") { name } }\n": types.IntrospectionDocument,
    "\n  query Typename { __typename backends { __typename name } }\n": types.TypenameDocument,
    "\n  subscription DeepFollow($id: ID!) { operation(id: $id) { snapshot { parent { parent { parent { parent { parent { name } } } } } } } }\n": types.DeepFollowDocument,
    "\n  query FirstVmOfEachBackend { backends { name vms(first: 1) { edges { node { id } } } } }\n": types.FirstVmOfEachBackendDocument,
    "\n  subscription CostlyFollow($id: ID!) { operation(id: $id) { snapshot { vm { snapshots(first: 1000) { edges { node { name } } } } } } }\n": types.CostlyFollowDocument,
    "\n  subscription AliasedFollow($id: ID!) { operation(id: $id) { a: status b: status c: status } }\n": types.AliasedFollowDocument,
    "\n  subscription FollowStatus($id: ID!) { operation(id: $id) { status snapshot { vm { snapshots(first: 10) { totalCount } } } } }\n": types.FollowStatusDocument,
    "\n  query MiqInventory {\n    backends {\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status lastError }\n    }\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { name }\n          capabilities { revert }\n          drives { id }\n          currentSnapshot { id name }\n          snapshotTree { id name children { id name children { id name children { id name } } } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node { id externalId name description createdAt isCurrent sizeBytes hasDisk status depth parent { id name } children { id } }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.MiqInventoryDocument,
    "\n  mutation MiqUnsupported($snapshotId: ID!, $targetId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"nightly\", schedule: \"0 3 * * *\", retention: 7 }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": types.MiqUnsupportedDocument,
    "\n  mutation MiqDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n    }\n  }\n": types.MiqDeleteManyDocument,
    "\n  query MiqPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount } } }\n    }\n  }\n": types.MiqPartialDocument,
    "\n  mutation Unsupported($snapshotId: ID!, $targetId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability message backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"nightly\", schedule: \"0 3 * * *\", retention: 7 }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": types.UnsupportedDocument,
    "\n  mutation DeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": types.DeleteManyDocument,
    "\n  query Operations($filter: OperationFilter) {\n    operations(first: 100, filter: $filter) { totalCount edges { node { id kind status createdAt } } }\n  }\n": types.OperationsDocument,
    "\n  query OperationById($id: ID!) {\n    operation(id: $id) { id status kind target { id ... on VM { name } } }\n    node(id: $id) { id __typename }\n  }\n": types.OperationByIdDocument,
    "\n  subscription OperationsStream($filter: OperationFilter) {\n    operations(filter: $filter) { id kind status }\n  }\n": types.OperationsStreamDocument,
    "\n  query WaterfallBackends { backends { id name } }\n": types.WaterfallBackendsDocument,
    "\n  query WaterfallSnapshotsWithVMs($backendIds: [ID!]) {\n    snapshots(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name ...OwnVM } } }\n  }\n  fragment OwnVM on Snapshot { vm { name } }\n": types.WaterfallSnapshotsWithVMsDocument,
    "\n  query WaterfallSnapshotsAlone($backendIds: [ID!]) {\n    snapshots(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name } } }\n  }\n": types.WaterfallSnapshotsAloneDocument,
    "\n  query WaterfallVMsWithSnapshots($backendIds: [ID!]) {\n    vms(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name currentSnapshot { name } snapshots(first: 100) { totalCount } } } }\n  }\n": types.WaterfallVMsWithSnapshotsDocument,
    "\n  query OutcomeVms {\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          kind\n          powerState\n          backend { name }\n          drives { id }\n          snapshots(first: 100) { edges { node { id name isCurrent } } }\n        }\n      }\n    }\n  }\n": types.OutcomeVmsDocument,
    "\n  query OutcomeVmSnapshots($id: ID!) {\n    vm(id: $id) { snapshots(first: 100) { edges { node { id name isCurrent } } } }\n  }\n": types.OutcomeVmSnapshotsDocument,
    "\n  query OutcomeOperation($id: ID!) {\n    operation(id: $id) { status progress message error { code message } snapshot { name } }\n  }\n": types.OutcomeOperationDocument,
    "\n  query PagingVms($first: Int, $after: String, $last: Int, $before: String, $orderBy: VMOrder) {\n    vms(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name backend { name } } }\n    }\n  }\n": types.PagingVmsDocument,
    "\n  query PagingSnapshots($first: Int, $orderBy: SnapshotOrder) {\n    snapshots(first: $first, orderBy: $orderBy) { edges { node { id name createdAt } } }\n  }\n": types.PagingSnapshotsDocument,
    "\n  query PolicyTargets {\n    backends { id name }\n    vms(first: 200) {\n      edges { node { id name powerState backend { name capabilities { driveSnapshots } } drives { id } snapshots(first: 200) { edges { node { name } } } } }\n    }\n  }\n": types.PolicyTargetsDocument,
    "\n  mutation CreatePolicy($input: CreateSnapshotPolicyInput!) {\n    createSnapshotPolicy(input: $input) {\n      __typename\n      ... on SnapshotPolicyPayload { policy { id name schedule nextRunAt retention { count maxAgeHours } target { id } } }\n      ... on ValidationError { field message }\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n": types.CreatePolicyDocument,
    "\n  query Policies {\n    snapshotPolicies {\n      id\n      name\n      active\n      runs(first: 50) { scheduledFor status catchUp message taken { status snapshot { name } } pruned { status kind } }\n    }\n  }\n": types.PoliciesDocument,
    "\n  mutation UpdatePolicy($input: UpdateSnapshotPolicyInput!) {\n    updateSnapshotPolicy(input: $input) { __typename ... on SnapshotPolicyPayload { policy { active schedule } } ... on ValidationError { field } }\n  }\n": types.UpdatePolicyDocument,
    "\n  mutation DeletePolicy($id: ID!) {\n    deleteSnapshotPolicy(input: { policyId: $id }) { __typename ... on SnapshotPolicyPayload { policy { id } } ... on NotFoundError { id } }\n  }\n": types.DeletePolicyDocument,
    "\n  query VmTrees {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          capabilities { revert clone }\n          backend { id name kind }\n          currentSnapshot { id name isCurrent }\n          snapshotTree { id name depth parent { id } children { id name } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                name\n                isCurrent\n                depth\n                createdAt\n                hasMemory\n                hasDisk\n                status\n                vm { id }\n                parent { id name }\n                children { id name parent { id } }\n                ancestors { id name }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.VmTreesDocument,
    "\n  query Backends {\n    backends {\n      id\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status checkedAt latencyMs lastError }\n      vms(first: 2) { totalCount edges { node { name } } }\n    }\n  }\n": types.BackendsDocument,
    "\n  query VmPage($first: Int, $after: String, $filter: VMFilter) {\n    vms(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name } }\n    }\n  }\n": types.VmPageDocument,
    "\n  query Nodes($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id __typename ... on VM { name } ... on Snapshot { name } ... on Backend { name } ... on Drive { name } }\n    nodes(ids: $ids) { id __typename }\n  }\n": types.NodesDocument,
    "\n  query Filtered($vmFilter: VMFilter, $snapFilter: SnapshotFilter, $driveFilter: DriveFilter) {\n    vms(first: 1000, filter: $vmFilter) { totalCount edges { node { name powerState } } }\n    snapshots(first: 1000, filter: $snapFilter) { totalCount edges { node { name createdAt vm { name } } } }\n    drives(first: 1000, filter: $driveFilter) { totalCount edges { node { name status sizeBytes vm { id name } snapshots(first: 100) { totalCount } } } }\n  }\n": types.FilteredDocument,
    "\n  query OneVm($id: ID!) {\n    vm(id: $id) { id name drives { id name vm { id } } }\n  }\n": types.OneVmDocument,
    "\n  query CacheEstate {\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          name\n          backend { name }\n          snapshots(first: 100) { edges { node { id name description isCurrent } } }\n          drives { id name snapshotSchedules { name } snapshots(first: 100) { edges { node { id name description } } } }\n        }\n      }\n    }\n    drives(first: 1000) { edges { node { id name } } }\n  }\n": types.CacheEstateDocument,
    "\n  mutation CacheUpdate($snapshotId: ID!, $description: String!) {\n    updateSnapshot(input: { snapshotId: $snapshotId, description: $description }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }\n  }\n": types.CacheUpdateDocument,
    "\n  mutation CacheClone($snapshotId: ID!, $name: String!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }\n  }\n": types.CacheCloneDocument,
    "\n  mutation CacheDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }\n  }\n": types.CacheDeleteManyDocument,
    "\n  mutation CacheCreateSchedule($targetId: ID!) {\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"cachejob\", schedule: \"0 3 * * *\", retention: 3 }) {\n      __typename\n      ... on Error { message }\n    }\n  }\n": types.CacheCreateScheduleDocument,
    "\n  query CacheNode($id: ID!) { node(id: $id) { id } }\n": types.CacheNodeDocument,
    "\n  query OperationsPage($first: Int, $after: String) {\n    operations(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id status createdAt } }\n    }\n  }\n": types.OperationsPageDocument,
    "\n  query CancelTargetsRedis {\n    vms(first: 100) { edges { node { backend { name } drives { id } } } }\n  }\n": types.CancelTargetsRedisDocument,
    "\n  mutation CancelAcross($id: ID!) {\n    cancelOperation(input: { id: $id }) { __typename ... on OperationPayload { operation { id status } } }\n  }\n": types.CancelAcrossDocument,
    "\n  subscription OperationsFeed($filter: OperationFilter) {\n    operations(filter: $filter) { id status }\n  }\n": types.OperationsFeedDocument,
    "\n  query ResponseCacheEstate($first: Int) {\n    vms(first: $first) { totalCount edges { node { id name backend { name } snapshots(first: 50) { edges { node { name } } } } } }\n  }\n": types.ResponseCacheEstateDocument,
    "\n  query ResponseCacheWithOperations {\n    operations(first: 50) { totalCount }\n    vms(first: 5) { totalCount }\n  }\n": types.ResponseCacheWithOperationsDocument,
    "\n  subscription OperationsWithTarget {\n    operations { id status backend { name } target { id ... on VM { name } } }\n  }\n": types.OperationsWithTargetDocument,
    "\n  query DeliveryVms { vms(first: 100) { edges { node { id backend { name } } } } }\n": types.DeliveryVmsDocument,
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
export function graphql(source: "\n  query AuthEstate {\n    backends { name }\n    vms(first: 200) { totalCount edges { node { id name backend { name } snapshots(first: 50) { edges { node { id name } } } } } }\n  }\n"): (typeof documents)["\n  query AuthEstate {\n    backends { name }\n    vms(first: 200) { totalCount edges { node { id name backend { name } snapshots(first: 50) { edges { node { id name } } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuthNode($id: ID!) { node(id: $id) { id __typename } }\n"): (typeof documents)["\n  query AuthNode($id: ID!) { node(id: $id) { id __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuthOperation($id: ID!) {\n    operation(id: $id) { id status }\n    node(id: $id) { id }\n    operations(first: 100) { totalCount edges { node { id } } }\n  }\n"): (typeof documents)["\n  query AuthOperation($id: ID!) {\n    operation(id: $id) { id status }\n    node(id: $id) { id }\n    operations(first: 100) { totalCount edges { node { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuthFollow($id: ID!) { operation(id: $id) { id status } }\n"): (typeof documents)["\n  subscription AuthFollow($id: ID!) { operation(id: $id) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuthStream { operations { id status backend { name } } }\n"): (typeof documents)["\n  subscription AuthStream { operations { id status backend { name } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthCreateSchedule($input: CreateSnapshotScheduleInput!) {\n    createSnapshotSchedule(input: $input) { __typename ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation AuthCreateSchedule($input: CreateSnapshotScheduleInput!) {\n    createSnapshotSchedule(input: $input) { __typename ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query JwtBackends { backends { name } }"): (typeof documents)["query JwtBackends { backends { name } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RateVms { vms(first: 200) { edges { node { id name backend { name } } } } }"): (typeof documents)["query RateVms { vms(first: 200) { edges { node { id name backend { name } } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RateAfter { backends { name } }"): (typeof documents)["query RateAfter { backends { name } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartialDashboard {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount backendErrors { message backend { name } } } } }\n    }\n  }\n"): (typeof documents)["\n  query PartialDashboard {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount backendErrors { message backend { name } } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BulkTrees {\n    vms(first: 100) {\n      edges { node { id name externalId backend { name } drives { id } snapshots(first: 100) { edges { node { id name isCurrent status parent { name } } } } } }\n    }\n  }\n"): (typeof documents)["\n  query BulkTrees {\n    vms(first: 100) {\n      edges { node { id name externalId backend { name } drives { id } snapshots(first: 100) { edges { node { id name isCurrent status parent { name } } } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkDelete($ids: [ID!]!, $includeDescendants: Boolean, $dryRun: Boolean) {\n    deleteSnapshots(input: { snapshotIds: $ids, includeDescendants: $includeDescendants, dryRun: $dryRun }) {\n      __typename\n      ... on PlannedDeletion { step current refusal snapshot { id name } because { name } after { name } }\n      ... on OperationPayload { operation { id status snapshot { name } } }\n      ... on ValidationError { field message }\n      ... on NotFoundError { id }\n    }\n  }\n"): (typeof documents)["\n  mutation BulkDelete($ids: [ID!]!, $includeDescendants: Boolean, $dryRun: Boolean) {\n    deleteSnapshots(input: { snapshotIds: $ids, includeDescendants: $includeDescendants, dryRun: $dryRun }) {\n      __typename\n      ... on PlannedDeletion { step current refusal snapshot { id name } because { name } after { name } }\n      ... on OperationPayload { operation { id status snapshot { name } } }\n      ... on ValidationError { field message }\n      ... on NotFoundError { id }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelOperation($id: ID!) {\n    cancelOperation(input: { id: $id }) {\n      __typename\n      ... on OperationPayload { operation { id status message } }\n      ... on UnsupportedOperationError { capability message backend { name } }\n      ... on NotFoundError { id message }\n      ... on ValidationError { field message }\n    }\n  }\n"): (typeof documents)["\n  mutation CancelOperation($id: ID!) {\n    cancelOperation(input: { id: $id }) {\n      __typename\n      ... on OperationPayload { operation { id status message } }\n      ... on UnsupportedOperationError { capability message backend { name } }\n      ... on NotFoundError { id message }\n      ... on ValidationError { field message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CancelTargets {\n    backends { name capabilities { cancel } }\n    vms(first: 100) { edges { node { id name externalId backend { name } drives { id name } snapshots(first: 100) { edges { node { name } } } } } }\n  }\n"): (typeof documents)["\n  query CancelTargets {\n    backends { name capabilities { cancel } }\n    vms(first: 100) { edges { node { id name externalId backend { name } drives { id name } snapshots(first: 100) { edges { node { name } } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CsInventory {\n    backends {\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status lastError }\n    }\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          name\n          externalId\n          powerState\n          backend { name }\n          drives { id externalId name sizeBytes status vm { id } }\n          snapshots(first: 100) { totalCount edges { node { id externalId name drive { id } vm { id } } } }\n        }\n      }\n    }\n    drives(first: 1000) {\n      edges {\n        node {\n          id\n          externalId\n          name\n          status\n          sizeBytes\n          backend { name }\n          vm { id }\n          clonedFrom { id }\n          snapshots(first: 100) {\n            totalCount\n            edges { node { id externalId name description createdAt sizeBytes status isCurrent hasDisk hasMemory metadata { key value } parent { id } } }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CsInventory {\n    backends {\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status lastError }\n    }\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          name\n          externalId\n          powerState\n          backend { name }\n          drives { id externalId name sizeBytes status vm { id } }\n          snapshots(first: 100) { totalCount edges { node { id externalId name drive { id } vm { id } } } }\n        }\n      }\n    }\n    drives(first: 1000) {\n      edges {\n        node {\n          id\n          externalId\n          name\n          status\n          sizeBytes\n          backend { name }\n          vm { id }\n          clonedFrom { id }\n          snapshots(first: 100) {\n            totalCount\n            edges { node { id externalId name description createdAt sizeBytes status isCurrent hasDisk hasMemory metadata { key value } parent { id } } }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CsFollow($id: ID!) {\n    operation(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n      error { code message }\n      snapshot { id name metadata { key value } }\n      drive { id name status clonedFrom { id name } }\n    }\n  }\n"): (typeof documents)["\n  subscription CsFollow($id: ID!) {\n    operation(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n      error { code message }\n      snapshot { id name metadata { key value } }\n      drive { id name status clonedFrom { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CsClone($snapshotId: ID!, $name: String) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CsClone($snapshotId: ID!, $name: String) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CsUpdate($snapshotId: ID!, $name: String, $metadata: [MetadataEntryInput!]) {\n    updateSnapshot(input: { snapshotId: $snapshotId, name: $name, metadata: $metadata }) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CsUpdate($snapshotId: ID!, $name: String, $metadata: [MetadataEntryInput!]) {\n    updateSnapshot(input: { snapshotId: $snapshotId, name: $name, metadata: $metadata }) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CsDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CsDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CsPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } } }\n    }\n  }\n"): (typeof documents)["\n  query CsPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DnInventory {\n    backends { name kind capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata } }\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          externalId\n          name\n          powerState\n          backend { name }\n          snapshotSchedules { id name schedule retention active description drive { id } vm { id } }\n          drives {\n            id\n            externalId\n            name\n            sizeBytes\n            vm { id }\n            snapshotSchedules { id name snapshots(first: 100) { edges { node { name } } } }\n            snapshots(first: 100) { totalCount edges { node { id externalId name description status sizeBytes createdAt drive { id } vm { id } schedule { id name } } } }\n          }\n          snapshots(first: 100) { totalCount edges { node { id name drive { id } } } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DnInventory {\n    backends { name kind capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata } }\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          externalId\n          name\n          powerState\n          backend { name }\n          snapshotSchedules { id name schedule retention active description drive { id } vm { id } }\n          drives {\n            id\n            externalId\n            name\n            sizeBytes\n            vm { id }\n            snapshotSchedules { id name snapshots(first: 100) { edges { node { name } } } }\n            snapshots(first: 100) { totalCount edges { node { id externalId name description status sizeBytes createdAt drive { id } vm { id } schedule { id name } } } }\n          }\n          snapshots(first: 100) { totalCount edges { node { id name drive { id } } } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DnFollow($id: ID!) {\n    operation(id: $id) { id kind status message error { code message } snapshot { id name description status } }\n  }\n"): (typeof documents)["\n  subscription DnFollow($id: ID!) {\n    operation(id: $id) { id kind status message error { code message } snapshot { id name description status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DnUpdate($snapshotId: ID!, $description: String, $name: String) {\n    updateSnapshot(input: { snapshotId: $snapshotId, description: $description, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation DnUpdate($snapshotId: ID!, $description: String, $name: String) {\n    updateSnapshot(input: { snapshotId: $snapshotId, description: $description, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id kind status } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DnDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation DnDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DnClone($snapshotId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId }) {\n      __typename\n      ... on UnsupportedOperationError { capability message }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation DnClone($snapshotId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId }) {\n      __typename\n      ... on UnsupportedOperationError { capability message }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DnRevert($snapshotId: ID!) {\n    revertSnapshot(input: { snapshotId: $snapshotId }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on ValidationError { field message }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation DnRevert($snapshotId: ID!) {\n    revertSnapshot(input: { snapshotId: $snapshotId }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on ValidationError { field message }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DnCreateSchedule($input: CreateSnapshotScheduleInput!) {\n    createSnapshotSchedule(input: $input) {\n      __typename\n      ... on SnapshotSchedulePayload { schedule { id name schedule retention active description drive { id } vm { id } } }\n      ... on ValidationError { field message }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation DnCreateSchedule($input: CreateSnapshotScheduleInput!) {\n    createSnapshotSchedule(input: $input) {\n      __typename\n      ... on SnapshotSchedulePayload { schedule { id name schedule retention active description drive { id } vm { id } } }\n      ... on ValidationError { field message }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DnUpdateSchedule($input: UpdateSnapshotScheduleInput!) {\n    updateSnapshotSchedule(input: $input) {\n      __typename\n      ... on SnapshotSchedulePayload { schedule { id schedule retention active description } }\n      ... on ValidationError { field message }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation DnUpdateSchedule($input: UpdateSnapshotScheduleInput!) {\n    updateSnapshotSchedule(input: $input) {\n      __typename\n      ... on SnapshotSchedulePayload { schedule { id schedule retention active description } }\n      ... on ValidationError { field message }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DnDeleteSchedule($input: DeleteSnapshotScheduleInput!) {\n    deleteSnapshotSchedule(input: $input) {\n      __typename\n      ... on SnapshotSchedulePayload { schedule { id } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation DnDeleteSchedule($input: DeleteSnapshotScheduleInput!) {\n    deleteSnapshotSchedule(input: $input) {\n      __typename\n      ... on SnapshotSchedulePayload { schedule { id } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DnPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } } }\n    }\n  }\n"): (typeof documents)["\n  query DnPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DenvrInventory {\n    backends {\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status lastError }\n    }\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { name }\n          drives { id }\n          snapshots(first: 100) {\n            totalCount\n            edges { node { id name externalId createdAt status sizeBytes hasDisk parent { id } } }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DenvrInventory {\n    backends {\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status lastError }\n    }\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { name }\n          drives { id }\n          snapshots(first: 100) {\n            totalCount\n            edges { node { id name externalId createdAt status sizeBytes hasDisk parent { id } } }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DenvrUnsupported($snapshotId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n"): (typeof documents)["\n  mutation DenvrUnsupported($snapshotId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DenvrPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } snapshots(first: 100) { totalCount } } }\n    }\n  }\n"): (typeof documents)["\n  query DenvrPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } snapshots(first: 100) { totalCount } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DenvrEstate {\n    backends { id name }\n    vms(first: 1000) {\n      backendErrors { message code backend { name } }\n      edges {\n        node {\n          id\n          externalId\n          name\n          powerState\n          backend { name }\n          snapshots(first: 100) { totalCount backendErrors { message code backend { name } } edges { node { id externalId } } }\n        }\n      }\n    }\n    snapshots(first: 1000) {\n      backendErrors { message code backend { name } }\n      edges { node { id externalId name backend { name } vm { id name } } }\n    }\n  }\n"): (typeof documents)["\n  query DenvrEstate {\n    backends { id name }\n    vms(first: 1000) {\n      backendErrors { message code backend { name } }\n      edges {\n        node {\n          id\n          externalId\n          name\n          powerState\n          backend { name }\n          snapshots(first: 100) { totalCount backendErrors { message code backend { name } } edges { node { id externalId } } }\n        }\n      }\n    }\n    snapshots(first: 1000) {\n      backendErrors { message code backend { name } }\n      edges { node { id externalId name backend { name } vm { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DenvrBackendSnapshots($backendId: ID!) {\n    snapshots(first: 1000, filter: { backendIds: [$backendId] }) {\n      totalCount\n      backendErrors { message }\n      edges { node { externalId name backend { name } vm { id } } }\n    }\n  }\n"): (typeof documents)["\n  query DenvrBackendSnapshots($backendId: ID!) {\n    snapshots(first: 1000, filter: { backendIds: [$backendId] }) {\n      totalCount\n      backendErrors { message }\n      edges { node { externalId name backend { name } vm { id } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DenvrNodes($ids: [ID!]!) {\n    nodes(ids: $ids) { id ... on Snapshot { name } }\n  }\n"): (typeof documents)["\n  query DenvrNodes($ids: [ID!]!) {\n    nodes(ids: $ids) { id ... on Snapshot { name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DenvrVmState($id: ID!) {\n    vm(id: $id) { name powerState }\n  }\n"): (typeof documents)["\n  query DenvrVmState($id: ID!) {\n    vm(id: $id) { name powerState }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrokenVms {\n    vms(first: 100) {\n      totalCount\n      backendErrors { backend { name } code backendCode httpStatus message }\n    }\n  }\n"): (typeof documents)["\n  query BrokenVms {\n    vms(first: 100) {\n      totalCount\n      backendErrors { backend { name } code backendCode httpStatus message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FanoutFeed($filter: OperationFilter) {\n    operations(filter: $filter) { id status }\n  }\n"): (typeof documents)["\n  subscription FanoutFeed($filter: OperationFilter) {\n    operations(filter: $filter) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) { __typename ... on OperationPayload { operation { id } } }\n  }\n"): (typeof documents)["\n  mutation StartSnapshot($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) { __typename ... on OperationPayload { operation { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LabVms { vms(first: 100) { edges { node { id backend { name } } } } }\n"): (typeof documents)["\n  query LabVms { vms(first: 100) { edges { node { id backend { name } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FaultVms {\n    vms(first: 100) {\n      totalCount\n      edges { node { id backend { name } } }\n      backendErrors { backend { name } code backendCode httpStatus message }\n    }\n  }\n"): (typeof documents)["\n  query FaultVms {\n    vms(first: 100) {\n      totalCount\n      edges { node { id backend { name } } }\n      backendErrors { backend { name } code backendCode httpStatus message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FaultHealth {\n    backends { name health { status circuit lastError } }\n  }\n"): (typeof documents)["\n  query FaultHealth {\n    backends { name health { status circuit lastError } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FaultOperationState($id: ID!) { operation(id: $id) { status message error { code } } }\n"): (typeof documents)["\n  query FaultOperationState($id: ID!) { operation(id: $id) { status message error { code } } }\n"];
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
export function graphql(source: "\n  subscription FollowOperation($id: ID!) {\n    operation(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n      error { code message backendCode httpStatus }\n      snapshot { id name isCurrent hasMemory parent { id name } }\n      finishedAt\n    }\n  }\n"): (typeof documents)["\n  subscription FollowOperation($id: ID!) {\n    operation(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n      error { code message backendCode httpStatus }\n      snapshot { id name isCurrent hasMemory parent { id name } }\n      finishedAt\n    }\n  }\n"];
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
export function graphql(source: "\n  query InventoryTargets {\n    backends { id name capabilities { driveSnapshots } }\n    vms(first: 100) { edges { node { id powerState backend { name } drives { id } } } }\n  }\n"): (typeof documents)["\n  query InventoryTargets {\n    backends { id name capabilities { driveSnapshots } }\n    vms(first: 100) { edges { node { id powerState backend { name } drives { id } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InventoryFeed($filter: InventoryChangeFilter) {\n    inventoryChanges(filter: $filter) {\n      kind entity nodeId name changedFields detectedAt\n      backend { name }\n      vm { id name }\n      snapshot { id name }\n    }\n  }\n"): (typeof documents)["\n  subscription InventoryFeed($filter: InventoryChangeFilter) {\n    inventoryChanges(filter: $filter) {\n      kind entity nodeId name changedFields detectedAt\n      backend { name }\n      vm { id name }\n      snapshot { id name }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RealVMs {\n    vms(first: 50) {\n      backendErrors { message code }\n      edges {\n        node {\n          id\n          name\n          powerState\n          capabilities { memorySnapshots quiesce }\n          currentSnapshot { id name }\n          snapshotTree { name children { name children { name children { name } } } }\n          snapshots(first: 200) { edges { node { id name description isCurrent hasMemory parent { name } children { name } ancestors { name } } } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RealVMs {\n    vms(first: 50) {\n      backendErrors { message code }\n      edges {\n        node {\n          id\n          name\n          powerState\n          capabilities { memorySnapshots quiesce }\n          currentSnapshot { id name }\n          snapshotTree { name children { name children { name children { name } } } }\n          snapshots(first: 200) { edges { node { id name description isCurrent hasMemory parent { name } children { name } ancestors { name } } } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RealCreate($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on ValidationError { message field }\n      ... on UnsupportedOperationError { message capability }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation RealCreate($input: CreateSnapshotInput!) {\n    createSnapshot(input: $input) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on ValidationError { message field }\n      ... on UnsupportedOperationError { message capability }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RealRevert($id: ID!) {\n    revertSnapshot(input: { snapshotId: $id }) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation RealRevert($id: ID!) {\n    revertSnapshot(input: { snapshotId: $id }) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RealDelete($id: ID!) {\n    deleteSnapshot(input: { snapshotId: $id }) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation RealDelete($id: ID!) {\n    deleteSnapshot(input: { snapshotId: $id }) {\n      __typename\n      ... on OperationPayload { operation { id status } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RealFollow($id: ID!) {\n    operation(id: $id) { status progress message error { code message } snapshot { id name isCurrent hasMemory description } }\n  }\n"): (typeof documents)["\n  subscription RealFollow($id: ID!) {\n    operation(id: $id) { status progress message error { code message } snapshot { id name isCurrent hasMemory description } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RealNode($id: ID!) {\n    node(id: $id) { ... on Snapshot { name isCurrent parent { name } vm { name } } }\n  }\n"): (typeof documents)["\n  query RealNode($id: ID!) {\n    node(id: $id) { ... on Snapshot { name isCurrent parent { name } vm { name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RealNodes($ids: [ID!]!) {\n    nodes(ids: $ids) { id }\n  }\n"): (typeof documents)["\n  query RealNodes($ids: [ID!]!) {\n    nodes(ids: $ids) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RealHealth {\n    backends { name health { status circuit lastError } }\n  }\n"): (typeof documents)["\n  query RealHealth {\n    backends { name health { status circuit lastError } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LibvirtdEstate {\n    vms(first: 1000, filter: { nameContains: \"gw-libvirtd-\" }) {\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { name kind }\n          capabilities { memorySnapshots quiesce revert clone driveSnapshots subtreeDelete }\n          drives { name sizeBytes status }\n          currentSnapshot { name }\n          snapshots(first: 100) {\n            edges { node { id name description isCurrent hasMemory hasDisk vmPowerState createdAt parent { name } children { name } } }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LibvirtdEstate {\n    vms(first: 1000, filter: { nameContains: \"gw-libvirtd-\" }) {\n      edges {\n        node {\n          id\n          name\n          powerState\n          backend { name kind }\n          capabilities { memorySnapshots quiesce revert clone driveSnapshots subtreeDelete }\n          drives { name sizeBytes status }\n          currentSnapshot { name }\n          snapshots(first: 100) {\n            edges { node { id name description isCurrent hasMemory hasDisk vmPowerState createdAt parent { name } children { name } } }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LibvirtdDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation LibvirtdDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LibvirtdUpdate($snapshotId: ID!, $description: String, $name: String) {\n    updateSnapshot(input: { snapshotId: $snapshotId, description: $description, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"): (typeof documents)["\n  mutation LibvirtdUpdate($snapshotId: ID!, $description: String, $name: String) {\n    updateSnapshot(input: { snapshotId: $snapshotId, description: $description, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LibvirtdClone($snapshotId: ID!, $name: String) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"): (typeof documents)["\n  mutation LibvirtdClone($snapshotId: ID!, $name: String) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) {\n      __typename\n      ... on OperationPayload { operation { id } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LibvirtdFollowClone($id: ID!) {\n    operation(id: $id) {\n      status\n      progress\n      message\n      error { code message }\n      drive { id name status sizeBytes vm { name } clonedFrom { name } }\n    }\n  }\n"): (typeof documents)["\n  subscription LibvirtdFollowClone($id: ID!) {\n    operation(id: $id) {\n      status\n      progress\n      message\n      error { code message }\n      drive { id name status sizeBytes vm { name } clonedFrom { name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LibvirtdCancelClone($id: ID!) {\n    cancelOperation(input: { id: $id }) { __typename ... on OperationPayload { operation { status } } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation LibvirtdCancelClone($id: ID!) {\n    cancelOperation(input: { id: $id }) { __typename ... on OperationPayload { operation { status } } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LibvirtdDrives {\n    drives(first: 1000, filter: { nameContains: \"gw-libvirtd-\" }) { edges { node { name status sizeBytes vm { name } clonedFrom { name } } } }\n  }\n"): (typeof documents)["\n  query LibvirtdDrives {\n    drives(first: 1000, filter: { nameContains: \"gw-libvirtd-\" }) { edges { node { name status sizeBytes vm { name } clonedFrom { name } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LibvirtdRemoteEstate {\n    vms(first: 1000, filter: { nameContains: \"gw-libvirtd-remote\" }) {\n      totalCount\n      edges { node { id name powerState backend { name } capabilities { clone memorySnapshots } drives { name } } }\n      backendErrors { code message backend { name } }\n    }\n  }\n"): (typeof documents)["\n  query LibvirtdRemoteEstate {\n    vms(first: 1000, filter: { nameContains: \"gw-libvirtd-remote\" }) {\n      totalCount\n      edges { node { id name powerState backend { name } capabilities { clone memorySnapshots } drives { name } } }\n      backendErrors { code message backend { name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LibvirtdRemoteClone($snapshotId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n"): (typeof documents)["\n  mutation LibvirtdRemoteClone($snapshotId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LibvirtdRemoteSnapshots($id: ID!) {\n    vm(id: $id) { snapshots(first: 100) { edges { node { id name isCurrent hasMemory } } } }\n  }\n"): (typeof documents)["\n  query LibvirtdRemoteSnapshots($id: ID!) {\n    vm(id: $id) { snapshots(first: 100) { edges { node { id name isCurrent hasMemory } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TreeTenDeep {\n    vms(first: 1000) { edges { node { snapshotTree { children { children { children { children { children { children {\n      children { children { children { children { name } } } } } } } } } } } } } }\n  }\n"): (typeof documents)["\n  query TreeTenDeep {\n    vms(first: 1000) { edges { node { snapshotTree { children { children { children { children { children { children {\n      children { children { children { children { name } } } } } } } } } } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VmSnapshotsOfSnapshotsOfVms {\n    vms(first: 1000) { edges { node { snapshots(first: 1000) { edges { node { vm {\n      snapshots(first: 1000) { edges { node { id } } }\n    } } } } } } }\n  }\n"): (typeof documents)["\n  query VmSnapshotsOfSnapshotsOfVms {\n    vms(first: 1000) { edges { node { snapshots(first: 1000) { edges { node { vm {\n      snapshots(first: 1000) { edges { node { id } } }\n    } } } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FewVmSnapshotsOfSnapshots($vms: Int!, $snapshots: Int!) {\n    vms(first: $vms) { edges { node { snapshots(first: $snapshots) { edges { node { vm {\n      snapshots(first: $snapshots) { edges { node { id } } }\n    } } } } } } }\n  }\n"): (typeof documents)["\n  query FewVmSnapshotsOfSnapshots($vms: Int!, $snapshots: Int!) {\n    vms(first: $vms) { edges { node { snapshots(first: $snapshots) { edges { node { vm {\n      snapshots(first: $snapshots) { edges { node { id } } }\n    } } } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FilteredBeside($name: String!) { drives(first: 5) { totalCount } vms(first: 5, filter: { nameContains: $name }) { totalCount } }\n"): (typeof documents)["\n  query FilteredBeside($name: String!) { drives(first: 5) { totalCount } vms(first: 5, filter: { nameContains: $name }) { totalCount } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeepTree { vms(first: 2) { edges { node { snapshotTree { children { children { children { name } } } } } } } }\n"): (typeof documents)["\n  query DeepTree { vms(first: 2) { edges { node { snapshotTree { children { children { children { name } } } } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShallowTree { vms(first: 2) { edges { node { snapshotTree { children { name } } } } } }\n"): (typeof documents)["\n  query ShallowTree { vms(first: 2) { edges { node { snapshotTree { children { name } } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PageOfVms($n: Int!) { vms(first: $n) { edges { node { name } } } }\n"): (typeof documents)["\n  query PageOfVms($n: Int!) { vms(first: $n) { edges { node { name } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ManyAliases { a: backends { name } b: backends { name } c: backends { n: name } }\n"): (typeof documents)["\n  query ManyAliases { a: backends { name } b: backends { name } c: backends { n: name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TwoAliases { a: backends { name } b: backends { name } }\n"): (typeof documents)["\n  query TwoAliases { a: backends { name } b: backends { name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AliasesInFragment { a: backends { ...Names } }\n  fragment Names on Backend { n: name k: kind }\n"): (typeof documents)["\n  query AliasesInFragment { a: backends { ...Names } }\n  fragment Names on Backend { n: name k: kind }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Introspection { __schema { queryType { name } } __type(name: \"VM\") { name } }\n"): (typeof documents)["\n  query Introspection { __schema { queryType { name } } __type(name: \"VM\") { name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Typename { __typename backends { __typename name } }\n"): (typeof documents)["\n  query Typename { __typename backends { __typename name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DeepFollow($id: ID!) { operation(id: $id) { snapshot { parent { parent { parent { parent { parent { name } } } } } } } }\n"): (typeof documents)["\n  subscription DeepFollow($id: ID!) { operation(id: $id) { snapshot { parent { parent { parent { parent { parent { name } } } } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FirstVmOfEachBackend { backends { name vms(first: 1) { edges { node { id } } } } }\n"): (typeof documents)["\n  query FirstVmOfEachBackend { backends { name vms(first: 1) { edges { node { id } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CostlyFollow($id: ID!) { operation(id: $id) { snapshot { vm { snapshots(first: 1000) { edges { node { name } } } } } } }\n"): (typeof documents)["\n  subscription CostlyFollow($id: ID!) { operation(id: $id) { snapshot { vm { snapshots(first: 1000) { edges { node { name } } } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AliasedFollow($id: ID!) { operation(id: $id) { a: status b: status c: status } }\n"): (typeof documents)["\n  subscription AliasedFollow($id: ID!) { operation(id: $id) { a: status b: status c: status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FollowStatus($id: ID!) { operation(id: $id) { status snapshot { vm { snapshots(first: 10) { totalCount } } } } }\n"): (typeof documents)["\n  subscription FollowStatus($id: ID!) { operation(id: $id) { status snapshot { vm { snapshots(first: 10) { totalCount } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MiqInventory {\n    backends {\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status lastError }\n    }\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { name }\n          capabilities { revert }\n          drives { id }\n          currentSnapshot { id name }\n          snapshotTree { id name children { id name children { id name children { id name } } } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node { id externalId name description createdAt isCurrent sizeBytes hasDisk status depth parent { id name } children { id } }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MiqInventory {\n    backends {\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status lastError }\n    }\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          backend { name }\n          capabilities { revert }\n          drives { id }\n          currentSnapshot { id name }\n          snapshotTree { id name children { id name children { id name children { id name } } } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node { id externalId name description createdAt isCurrent sizeBytes hasDisk status depth parent { id name } children { id } }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MiqUnsupported($snapshotId: ID!, $targetId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"nightly\", schedule: \"0 3 * * *\", retention: 7 }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n"): (typeof documents)["\n  mutation MiqUnsupported($snapshotId: ID!, $targetId: ID!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: \"copy\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability backend { name } }\n    }\n    updateSnapshot(input: { snapshotId: $snapshotId, name: \"renamed\" }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"nightly\", schedule: \"0 3 * * *\", retention: 7 }) {\n      __typename\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MiqDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation MiqDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) {\n      __typename\n      ... on OperationPayload { operation { id status kind } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MiqPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount } } }\n    }\n  }\n"): (typeof documents)["\n  query MiqPartial {\n    vms(first: 1000) {\n      totalCount\n      backendErrors { message code backendCode httpStatus backend { name } }\n      edges { node { name backend { name } currentSnapshot { name } snapshots(first: 100) { totalCount } } }\n    }\n  }\n"];
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
export function graphql(source: "\n  query WaterfallBackends { backends { id name } }\n"): (typeof documents)["\n  query WaterfallBackends { backends { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WaterfallSnapshotsWithVMs($backendIds: [ID!]) {\n    snapshots(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name ...OwnVM } } }\n  }\n  fragment OwnVM on Snapshot { vm { name } }\n"): (typeof documents)["\n  query WaterfallSnapshotsWithVMs($backendIds: [ID!]) {\n    snapshots(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name ...OwnVM } } }\n  }\n  fragment OwnVM on Snapshot { vm { name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WaterfallSnapshotsAlone($backendIds: [ID!]) {\n    snapshots(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name } } }\n  }\n"): (typeof documents)["\n  query WaterfallSnapshotsAlone($backendIds: [ID!]) {\n    snapshots(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WaterfallVMsWithSnapshots($backendIds: [ID!]) {\n    vms(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name currentSnapshot { name } snapshots(first: 100) { totalCount } } } }\n  }\n"): (typeof documents)["\n  query WaterfallVMsWithSnapshots($backendIds: [ID!]) {\n    vms(first: 1000, filter: { backendIds: $backendIds }) { edges { node { name currentSnapshot { name } snapshots(first: 100) { totalCount } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OutcomeVms {\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          kind\n          powerState\n          backend { name }\n          drives { id }\n          snapshots(first: 100) { edges { node { id name isCurrent } } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query OutcomeVms {\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          kind\n          powerState\n          backend { name }\n          drives { id }\n          snapshots(first: 100) { edges { node { id name isCurrent } } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OutcomeVmSnapshots($id: ID!) {\n    vm(id: $id) { snapshots(first: 100) { edges { node { id name isCurrent } } } }\n  }\n"): (typeof documents)["\n  query OutcomeVmSnapshots($id: ID!) {\n    vm(id: $id) { snapshots(first: 100) { edges { node { id name isCurrent } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OutcomeOperation($id: ID!) {\n    operation(id: $id) { status progress message error { code message } snapshot { name } }\n  }\n"): (typeof documents)["\n  query OutcomeOperation($id: ID!) {\n    operation(id: $id) { status progress message error { code message } snapshot { name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PagingVms($first: Int, $after: String, $last: Int, $before: String, $orderBy: VMOrder) {\n    vms(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name backend { name } } }\n    }\n  }\n"): (typeof documents)["\n  query PagingVms($first: Int, $after: String, $last: Int, $before: String, $orderBy: VMOrder) {\n    vms(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name backend { name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PagingSnapshots($first: Int, $orderBy: SnapshotOrder) {\n    snapshots(first: $first, orderBy: $orderBy) { edges { node { id name createdAt } } }\n  }\n"): (typeof documents)["\n  query PagingSnapshots($first: Int, $orderBy: SnapshotOrder) {\n    snapshots(first: $first, orderBy: $orderBy) { edges { node { id name createdAt } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PolicyTargets {\n    backends { id name }\n    vms(first: 200) {\n      edges { node { id name powerState backend { name capabilities { driveSnapshots } } drives { id } snapshots(first: 200) { edges { node { name } } } } }\n    }\n  }\n"): (typeof documents)["\n  query PolicyTargets {\n    backends { id name }\n    vms(first: 200) {\n      edges { node { id name powerState backend { name capabilities { driveSnapshots } } drives { id } snapshots(first: 200) { edges { node { name } } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePolicy($input: CreateSnapshotPolicyInput!) {\n    createSnapshotPolicy(input: $input) {\n      __typename\n      ... on SnapshotPolicyPayload { policy { id name schedule nextRunAt retention { count maxAgeHours } target { id } } }\n      ... on ValidationError { field message }\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePolicy($input: CreateSnapshotPolicyInput!) {\n    createSnapshotPolicy(input: $input) {\n      __typename\n      ... on SnapshotPolicyPayload { policy { id name schedule nextRunAt retention { count maxAgeHours } target { id } } }\n      ... on ValidationError { field message }\n      ... on UnsupportedOperationError { capability }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Policies {\n    snapshotPolicies {\n      id\n      name\n      active\n      runs(first: 50) { scheduledFor status catchUp message taken { status snapshot { name } } pruned { status kind } }\n    }\n  }\n"): (typeof documents)["\n  query Policies {\n    snapshotPolicies {\n      id\n      name\n      active\n      runs(first: 50) { scheduledFor status catchUp message taken { status snapshot { name } } pruned { status kind } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePolicy($input: UpdateSnapshotPolicyInput!) {\n    updateSnapshotPolicy(input: $input) { __typename ... on SnapshotPolicyPayload { policy { active schedule } } ... on ValidationError { field } }\n  }\n"): (typeof documents)["\n  mutation UpdatePolicy($input: UpdateSnapshotPolicyInput!) {\n    updateSnapshotPolicy(input: $input) { __typename ... on SnapshotPolicyPayload { policy { active schedule } } ... on ValidationError { field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeletePolicy($id: ID!) {\n    deleteSnapshotPolicy(input: { policyId: $id }) { __typename ... on SnapshotPolicyPayload { policy { id } } ... on NotFoundError { id } }\n  }\n"): (typeof documents)["\n  mutation DeletePolicy($id: ID!) {\n    deleteSnapshotPolicy(input: { policyId: $id }) { __typename ... on SnapshotPolicyPayload { policy { id } } ... on NotFoundError { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VmTrees {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          capabilities { revert clone }\n          backend { id name kind }\n          currentSnapshot { id name isCurrent }\n          snapshotTree { id name depth parent { id } children { id name } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                name\n                isCurrent\n                depth\n                createdAt\n                hasMemory\n                hasDisk\n                status\n                vm { id }\n                parent { id name }\n                children { id name parent { id } }\n                ancestors { id name }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query VmTrees {\n    vms(first: 1000) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          kind\n          powerState\n          capabilities { revert clone }\n          backend { id name kind }\n          currentSnapshot { id name isCurrent }\n          snapshotTree { id name depth parent { id } children { id name } }\n          snapshots(first: 100) {\n            totalCount\n            edges {\n              node {\n                id\n                name\n                isCurrent\n                depth\n                createdAt\n                hasMemory\n                hasDisk\n                status\n                vm { id }\n                parent { id name }\n                children { id name parent { id } }\n                ancestors { id name }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Backends {\n    backends {\n      id\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status checkedAt latencyMs lastError }\n      vms(first: 2) { totalCount edges { node { name } } }\n    }\n  }\n"): (typeof documents)["\n  query Backends {\n    backends {\n      id\n      name\n      kind\n      capabilities { memorySnapshots quiesce revert clone driveSnapshots snapshotTree bulkDelete update schedules metadata }\n      health { status checkedAt latencyMs lastError }\n      vms(first: 2) { totalCount edges { node { name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VmPage($first: Int, $after: String, $filter: VMFilter) {\n    vms(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name } }\n    }\n  }\n"): (typeof documents)["\n  query VmPage($first: Int, $after: String, $filter: VMFilter) {\n    vms(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { id name } }\n    }\n  }\n"];
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CacheEstate {\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          name\n          backend { name }\n          snapshots(first: 100) { edges { node { id name description isCurrent } } }\n          drives { id name snapshotSchedules { name } snapshots(first: 100) { edges { node { id name description } } } }\n        }\n      }\n    }\n    drives(first: 1000) { edges { node { id name } } }\n  }\n"): (typeof documents)["\n  query CacheEstate {\n    vms(first: 1000) {\n      edges {\n        node {\n          id\n          name\n          backend { name }\n          snapshots(first: 100) { edges { node { id name description isCurrent } } }\n          drives { id name snapshotSchedules { name } snapshots(first: 100) { edges { node { id name description } } } }\n        }\n      }\n    }\n    drives(first: 1000) { edges { node { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CacheUpdate($snapshotId: ID!, $description: String!) {\n    updateSnapshot(input: { snapshotId: $snapshotId, description: $description }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation CacheUpdate($snapshotId: ID!, $description: String!) {\n    updateSnapshot(input: { snapshotId: $snapshotId, description: $description }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CacheClone($snapshotId: ID!, $name: String!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation CacheClone($snapshotId: ID!, $name: String!) {\n    cloneSnapshot(input: { snapshotId: $snapshotId, name: $name }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CacheDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation CacheDeleteMany($ids: [ID!]!) {\n    deleteSnapshots(input: { snapshotIds: $ids }) { __typename ... on OperationPayload { operation { id } } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CacheCreateSchedule($targetId: ID!) {\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"cachejob\", schedule: \"0 3 * * *\", retention: 3 }) {\n      __typename\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CacheCreateSchedule($targetId: ID!) {\n    createSnapshotSchedule(input: { targetId: $targetId, name: \"cachejob\", schedule: \"0 3 * * *\", retention: 3 }) {\n      __typename\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CacheNode($id: ID!) { node(id: $id) { id } }\n"): (typeof documents)["\n  query CacheNode($id: ID!) { node(id: $id) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OperationsPage($first: Int, $after: String) {\n    operations(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id status createdAt } }\n    }\n  }\n"): (typeof documents)["\n  query OperationsPage($first: Int, $after: String) {\n    operations(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id status createdAt } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CancelTargetsRedis {\n    vms(first: 100) { edges { node { backend { name } drives { id } } } }\n  }\n"): (typeof documents)["\n  query CancelTargetsRedis {\n    vms(first: 100) { edges { node { backend { name } drives { id } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelAcross($id: ID!) {\n    cancelOperation(input: { id: $id }) { __typename ... on OperationPayload { operation { id status } } }\n  }\n"): (typeof documents)["\n  mutation CancelAcross($id: ID!) {\n    cancelOperation(input: { id: $id }) { __typename ... on OperationPayload { operation { id status } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OperationsFeed($filter: OperationFilter) {\n    operations(filter: $filter) { id status }\n  }\n"): (typeof documents)["\n  subscription OperationsFeed($filter: OperationFilter) {\n    operations(filter: $filter) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ResponseCacheEstate($first: Int) {\n    vms(first: $first) { totalCount edges { node { id name backend { name } snapshots(first: 50) { edges { node { name } } } } } }\n  }\n"): (typeof documents)["\n  query ResponseCacheEstate($first: Int) {\n    vms(first: $first) { totalCount edges { node { id name backend { name } snapshots(first: 50) { edges { node { name } } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ResponseCacheWithOperations {\n    operations(first: 50) { totalCount }\n    vms(first: 5) { totalCount }\n  }\n"): (typeof documents)["\n  query ResponseCacheWithOperations {\n    operations(first: 50) { totalCount }\n    vms(first: 5) { totalCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OperationsWithTarget {\n    operations { id status backend { name } target { id ... on VM { name } } }\n  }\n"): (typeof documents)["\n  subscription OperationsWithTarget {\n    operations { id status backend { name } target { id ... on VM { name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeliveryVms { vms(first: 100) { edges { node { id backend { name } } } } }\n"): (typeof documents)["\n  query DeliveryVms { vms(first: 100) { edges { node { id backend { name } } } } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;