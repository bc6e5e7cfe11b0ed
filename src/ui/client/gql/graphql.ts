/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Which API a backend speaks (its connector). */
export type BackendKind =
  /** CloudSigma API 2.0 (/snapshots/, /drives/, /servers/). */
  | 'CLOUDSIGMA'
  /** Danube Cloud (/vm/{hostname}/snapshot/..., snapshot definitions). */
  | 'DANUBE'
  /** DenvrCloud API (/api/v1/servers/snapshots/...). */
  | 'DENVR'
  /** The 'VM Snapshot API' REST service (/api/v1/vms/{name}/snapshots). */
  | 'LIBVIRT'
  /** libvirtd itself (qemu:///system, qemu+ssh://…), through virsh: domains, their disks and snapshot trees. */
  | 'LIBVIRTD'
  /** ManageIQ REST API (/api/vms/:id/snapshots, /api/instances/:id/snapshots). */
  | 'MANAGEIQ';

/** An operation to stop. */
export type CancelOperationInput = {
  /** The operation's id (OperationPayload.operation.id). */
  id: string;
};

/** A snapshot to clone, and the name of what it makes. */
export type CloneSnapshotInput = {
  /** Replaying the mutation with the same key (1 to 200 characters, per caller) answers the same Operation instead of acting twice. */
  idempotencyKey?: string | null | undefined;
  /** Name of the new drive; the backend's naming applies when absent. */
  name?: string | null | undefined;
  /** The snapshot to clone. */
  snapshotId: string;
};

/** A snapshot to take. */
export type CreateSnapshotInput = {
  /** Its description: at most 1024 characters (where the backend keeps one). */
  description?: string | null | undefined;
  /** Replaying the mutation with the same key (1 to 200 characters, per caller) answers the same Operation instead of acting twice. */
  idempotencyKey?: string | null | undefined;
  /** Keep the running VM's memory too (capabilities.memorySnapshots); false by default. */
  includeMemory?: boolean | null | undefined;
  /** Key/value metadata to set on it (capabilities.metadata). */
  metadata?: Array<MetadataEntryInput> | null | undefined;
  /** Its name: 1 to 128 characters, no control characters, free on the target (the backend may allow less). */
  name: string;
  /** Freeze the guest's file systems while it is taken (capabilities.quiesce); false by default. */
  quiesce?: boolean | null | undefined;
  /** A VM id, or a Drive id on a backend with driveSnapshots. */
  targetId: string;
};

/** A snapshot to delete. */
export type DeleteSnapshotInput = {
  /** Replaying the mutation with the same key (1 to 200 characters, per caller) answers the same Operation instead of acting twice. */
  idempotencyKey?: string | null | undefined;
  /** Delete every snapshot under this one with it, in one backend call (where capabilities.subtreeDelete says it can). */
  includeDescendants?: boolean | null | undefined;
  /** The snapshot to delete. */
  snapshotId: string;
};

/** The snapshots to delete. */
export type DeleteSnapshotsInput = {
  /** Answer the plan (a PlannedDeletion per snapshot) and send nothing; false by default. */
  dryRun?: boolean | null | undefined;
  /** Delete every snapshot under each one given too, leaves first (on any backend that keeps a tree); false by default. */
  includeDescendants?: boolean | null | undefined;
  /** Snapshot ids, of any backends: at most the configured maxBatchSize (1000 by default). */
  snapshotIds: Array<string>;
};

/** How a backend answered its last health check. */
export type HealthStatus =
  /** It answered, but slowly (its health check took longer than the threshold, 2 s by default). */
  | 'DEGRADED'
  /** It did not answer, or its circuit is open. */
  | 'DOWN'
  /** It answered. */
  | 'UP';

/** How a thing changed between two looks at its backend. */
export type InventoryChangeKind =
  /** It appeared: the backend lists it now and did not before. */
  | 'ADDED'
  /** What a dashboard shows of it changed (changedFields says what). */
  | 'CHANGED'
  /** It vanished: the backend no longer lists it. */
  | 'REMOVED';

/** One key/value pair to set on a snapshot (at most 64, keys unique). */
export type MetadataEntryInput = {
  /** The key: 1 to 128 characters. */
  key: string;
  /** Its value: at most 1024 characters. */
  value: string;
};

/** What an operation does (the mutation that started it). */
export type OperationKind =
  /** Makes a new drive or VM from a snapshot (cloneSnapshot). */
  | 'CLONE_SNAPSHOT'
  /** Takes a snapshot (createSnapshot). */
  | 'CREATE_SNAPSHOT'
  /** Deletes one snapshot, or many (deleteSnapshot, deleteSnapshots). */
  | 'DELETE_SNAPSHOT'
  /** Reverts a VM or drive to a snapshot (revertSnapshot). */
  | 'REVERT_SNAPSHOT'
  /** Changes a snapshot's name, description or metadata (updateSnapshot). */
  | 'UPDATE_SNAPSHOT';

/** Where an operation is; SUCCEEDED, FAILED and CANCELLED are final. */
export type OperationStatus =
  /** Stopped by cancelOperation before it took effect: the backend confirmed it stopped the task and shows nothing of it (or it was never sent). */
  | 'CANCELLED'
  /** It did not happen, or its outcome is unknown: error says which and why. */
  | 'FAILED'
  /** Accepted, not sent to the backend yet. */
  | 'PENDING'
  /** Sent; the backend is at work (progress and message say how far, where it tells). */
  | 'RUNNING'
  /** The backend did it (after a cancel that came too late too: message says so). */
  | 'SUCCEEDED';

/** A VM's power state, as its backend reports it. */
export type PowerState =
  /** Paused or suspended: its memory is kept. */
  | 'PAUSED'
  /** Running. */
  | 'RUNNING'
  /** Off. */
  | 'STOPPED'
  /** The backend says something else, or nothing yet (a machine being set up). */
  | 'UNKNOWN';

/** The snapshot to revert to. */
export type RevertSnapshotInput = {
  /** Replaying the mutation with the same key (1 to 200 characters, per caller) answers the same Operation instead of acting twice. */
  idempotencyKey?: string | null | undefined;
  /** The snapshot its VM (or drive) goes back to. */
  snapshotId: string;
};

/** A snapshot's state, as its backend reports it. */
export type SnapshotStatus =
  /** Being taken. */
  | 'CREATING'
  /** Being deleted. */
  | 'DELETING'
  /** The backend reports it failed or broken. */
  | 'ERROR'
  /** Taken, and usable. */
  | 'READY';

export type UiEstateQueryVariables = Exact<{ [key: string]: never; }>;


export type UiEstateQuery = { backends: Array<{ id: string, name: string, kind: BackendKind, health: { status: HealthStatus, lastError: string | null, latencyMs: number | null }, capabilities: { revert: boolean, clone: boolean, driveSnapshots: boolean, bulkDelete: boolean, cancel: Array<OperationKind> } }>, vms: { totalCount: number, backendErrors: Array<{ message: string, backend: { name: string } }>, edges: Array<{ node: { id: string, name: string, powerState: PowerState, backend: { id: string, name: string }, capabilities: { revert: boolean, clone: boolean, driveSnapshots: boolean }, drives: Array<{ id: string, name: string }>, snapshots: { edges: Array<{ node: { id: string, name: string, createdAt: string | null, isCurrent: boolean, status: SnapshotStatus, hasMemory: boolean, parent: { id: string } | null, drive: { id: string, name: string } | null } }> } } }> } };

export type UiSnapshotFragment = { id: string, name: string, createdAt: string | null, isCurrent: boolean, status: SnapshotStatus, hasMemory: boolean, parent: { id: string } | null, drive: { id: string, name: string } | null };

export type UiOperationFragment = { id: string, kind: OperationKind, status: OperationStatus, progress: number | null, message: string | null, createdAt: string, updatedAt: string, finishedAt: string | null, backend: { name: string }, target:
    | { __typename: 'Backend' }
    | { __typename: 'Drive', name: string }
    | { __typename: 'Operation' }
    | { __typename: 'Snapshot', name: string }
    | { __typename: 'SnapshotSchedule' }
    | { __typename: 'VM', name: string }
   | null, snapshot: { name: string } | null, drive: { name: string } | null, error: { code: string, message: string } | null };

export type UiRecentOperationsQueryVariables = Exact<{ [key: string]: never; }>;


export type UiRecentOperationsQuery = { operations: { edges: Array<{ node: { id: string, kind: OperationKind, status: OperationStatus, progress: number | null, message: string | null, createdAt: string, updatedAt: string, finishedAt: string | null, backend: { name: string }, target:
          | { __typename: 'Backend' }
          | { __typename: 'Drive', name: string }
          | { __typename: 'Operation' }
          | { __typename: 'Snapshot', name: string }
          | { __typename: 'SnapshotSchedule' }
          | { __typename: 'VM', name: string }
         | null, snapshot: { name: string } | null, drive: { name: string } | null, error: { code: string, message: string } | null } }> } };

export type UiWatchOperationsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type UiWatchOperationsSubscription = { operations: { id: string, kind: OperationKind, status: OperationStatus, progress: number | null, message: string | null, createdAt: string, updatedAt: string, finishedAt: string | null, backend: { name: string }, target:
      | { __typename: 'Backend' }
      | { __typename: 'Drive', name: string }
      | { __typename: 'Operation' }
      | { __typename: 'Snapshot', name: string }
      | { __typename: 'SnapshotSchedule' }
      | { __typename: 'VM', name: string }
     | null, snapshot: { name: string } | null, drive: { name: string } | null, error: { code: string, message: string } | null } };

export type UiWatchInventorySubscriptionVariables = Exact<{ [key: string]: never; }>;


export type UiWatchInventorySubscription = { inventoryChanges: { kind: InventoryChangeKind, nodeId: string } };

type UiMutationError_BackendError_Fragment = { __typename: 'BackendError', code: string | null, message: string, backend: { name: string } };

type UiMutationError_NotFoundError_Fragment = { __typename: 'NotFoundError', id: string, message: string };

type UiMutationError_OperationsUnavailableError_Fragment = { __typename: 'OperationsUnavailableError', message: string };

type UiMutationError_UnsupportedOperationError_Fragment = { __typename: 'UnsupportedOperationError', capability: string, message: string, backend: { name: string } };

type UiMutationError_ValidationError_Fragment = { __typename: 'ValidationError', field: string | null, message: string };

export type UiMutationErrorFragment =
  | UiMutationError_BackendError_Fragment
  | UiMutationError_NotFoundError_Fragment
  | UiMutationError_OperationsUnavailableError_Fragment
  | UiMutationError_UnsupportedOperationError_Fragment
  | UiMutationError_ValidationError_Fragment
;

export type UiCreateSnapshotMutationVariables = Exact<{
  input: CreateSnapshotInput;
}>;


export type UiCreateSnapshotMutation = { createSnapshot:
    | { __typename: 'BackendError', code: string | null, message: string, backend: { name: string } }
    | { __typename: 'NotFoundError', id: string, message: string }
    | { __typename: 'OperationPayload', operation: { id: string, kind: OperationKind, status: OperationStatus, progress: number | null, message: string | null, createdAt: string, updatedAt: string, finishedAt: string | null, backend: { name: string }, target:
          | { __typename: 'Backend' }
          | { __typename: 'Drive', name: string }
          | { __typename: 'Operation' }
          | { __typename: 'Snapshot', name: string }
          | { __typename: 'SnapshotSchedule' }
          | { __typename: 'VM', name: string }
         | null, snapshot: { name: string } | null, drive: { name: string } | null, error: { code: string, message: string } | null } }
    | { __typename: 'OperationsUnavailableError', message: string }
    | { __typename: 'UnsupportedOperationError', capability: string, message: string, backend: { name: string } }
    | { __typename: 'ValidationError', field: string | null, message: string }
   };

export type UiRevertSnapshotMutationVariables = Exact<{
  input: RevertSnapshotInput;
}>;


export type UiRevertSnapshotMutation = { revertSnapshot:
    | { __typename: 'BackendError', code: string | null, message: string, backend: { name: string } }
    | { __typename: 'NotFoundError', id: string, message: string }
    | { __typename: 'OperationPayload', operation: { id: string, kind: OperationKind, status: OperationStatus, progress: number | null, message: string | null, createdAt: string, updatedAt: string, finishedAt: string | null, backend: { name: string }, target:
          | { __typename: 'Backend' }
          | { __typename: 'Drive', name: string }
          | { __typename: 'Operation' }
          | { __typename: 'Snapshot', name: string }
          | { __typename: 'SnapshotSchedule' }
          | { __typename: 'VM', name: string }
         | null, snapshot: { name: string } | null, drive: { name: string } | null, error: { code: string, message: string } | null } }
    | { __typename: 'OperationsUnavailableError', message: string }
    | { __typename: 'UnsupportedOperationError', capability: string, message: string, backend: { name: string } }
    | { __typename: 'ValidationError', field: string | null, message: string }
   };

export type UiCloneSnapshotMutationVariables = Exact<{
  input: CloneSnapshotInput;
}>;


export type UiCloneSnapshotMutation = { cloneSnapshot:
    | { __typename: 'BackendError', code: string | null, message: string, backend: { name: string } }
    | { __typename: 'NotFoundError', id: string, message: string }
    | { __typename: 'OperationPayload', operation: { id: string, kind: OperationKind, status: OperationStatus, progress: number | null, message: string | null, createdAt: string, updatedAt: string, finishedAt: string | null, backend: { name: string }, target:
          | { __typename: 'Backend' }
          | { __typename: 'Drive', name: string }
          | { __typename: 'Operation' }
          | { __typename: 'Snapshot', name: string }
          | { __typename: 'SnapshotSchedule' }
          | { __typename: 'VM', name: string }
         | null, snapshot: { name: string } | null, drive: { name: string } | null, error: { code: string, message: string } | null } }
    | { __typename: 'OperationsUnavailableError', message: string }
    | { __typename: 'UnsupportedOperationError', capability: string, message: string, backend: { name: string } }
    | { __typename: 'ValidationError', field: string | null, message: string }
   };

export type UiDeleteSnapshotMutationVariables = Exact<{
  input: DeleteSnapshotInput;
}>;


export type UiDeleteSnapshotMutation = { deleteSnapshot:
    | { __typename: 'BackendError', code: string | null, message: string, backend: { name: string } }
    | { __typename: 'NotFoundError', id: string, message: string }
    | { __typename: 'OperationPayload', operation: { id: string, kind: OperationKind, status: OperationStatus, progress: number | null, message: string | null, createdAt: string, updatedAt: string, finishedAt: string | null, backend: { name: string }, target:
          | { __typename: 'Backend' }
          | { __typename: 'Drive', name: string }
          | { __typename: 'Operation' }
          | { __typename: 'Snapshot', name: string }
          | { __typename: 'SnapshotSchedule' }
          | { __typename: 'VM', name: string }
         | null, snapshot: { name: string } | null, drive: { name: string } | null, error: { code: string, message: string } | null } }
    | { __typename: 'OperationsUnavailableError', message: string }
    | { __typename: 'PlannedDeletion' }
    | { __typename: 'UnsupportedOperationError', capability: string, message: string, backend: { name: string } }
    | { __typename: 'ValidationError', field: string | null, message: string }
   };

export type UiCancelOperationMutationVariables = Exact<{
  input: CancelOperationInput;
}>;


export type UiCancelOperationMutation = { cancelOperation:
    | { __typename: 'BackendError', code: string | null, message: string, backend: { name: string } }
    | { __typename: 'NotFoundError', id: string, message: string }
    | { __typename: 'OperationPayload', operation: { id: string, kind: OperationKind, status: OperationStatus, progress: number | null, message: string | null, createdAt: string, updatedAt: string, finishedAt: string | null, backend: { name: string }, target:
          | { __typename: 'Backend' }
          | { __typename: 'Drive', name: string }
          | { __typename: 'Operation' }
          | { __typename: 'Snapshot', name: string }
          | { __typename: 'SnapshotSchedule' }
          | { __typename: 'VM', name: string }
         | null, snapshot: { name: string } | null, drive: { name: string } | null, error: { code: string, message: string } | null } }
    | { __typename: 'OperationsUnavailableError', message: string }
    | { __typename: 'UnsupportedOperationError', capability: string, message: string, backend: { name: string } }
    | { __typename: 'ValidationError', field: string | null, message: string }
   };

export type UiDeleteSnapshotsMutationVariables = Exact<{
  input: DeleteSnapshotsInput;
}>;


export type UiDeleteSnapshotsMutation = { deleteSnapshots: Array<
    | { __typename: 'BackendError', code: string | null, message: string, backend: { name: string } }
    | { __typename: 'NotFoundError', id: string, message: string }
    | { __typename: 'OperationPayload', operation: { id: string, kind: OperationKind, status: OperationStatus, progress: number | null, message: string | null, createdAt: string, updatedAt: string, finishedAt: string | null, backend: { name: string }, target:
          | { __typename: 'Backend' }
          | { __typename: 'Drive', name: string }
          | { __typename: 'Operation' }
          | { __typename: 'Snapshot', name: string }
          | { __typename: 'SnapshotSchedule' }
          | { __typename: 'VM', name: string }
         | null, snapshot: { name: string } | null, drive: { name: string } | null, error: { code: string, message: string } | null } }
    | { __typename: 'OperationsUnavailableError', message: string }
    | { __typename: 'PlannedDeletion' }
    | { __typename: 'UnsupportedOperationError', capability: string, message: string, backend: { name: string } }
    | { __typename: 'ValidationError', field: string | null, message: string }
  > };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const UiSnapshotFragmentDoc = new TypedDocumentString(`
    fragment UiSnapshot on Snapshot {
  id
  name
  createdAt
  isCurrent
  status
  hasMemory
  parent {
    id
  }
  drive {
    id
    name
  }
}
    `, {"fragmentName":"UiSnapshot"}) as unknown as TypedDocumentString<UiSnapshotFragment, unknown>;
export const UiOperationFragmentDoc = new TypedDocumentString(`
    fragment UiOperation on Operation {
  id
  kind
  status
  progress
  message
  createdAt
  updatedAt
  finishedAt
  backend {
    name
  }
  target {
    __typename
    ... on VM {
      name
    }
    ... on Drive {
      name
    }
    ... on Snapshot {
      name
    }
  }
  snapshot {
    name
  }
  drive {
    name
  }
  error {
    code
    message
  }
}
    `, {"fragmentName":"UiOperation"}) as unknown as TypedDocumentString<UiOperationFragment, unknown>;
export const UiMutationErrorFragmentDoc = new TypedDocumentString(`
    fragment UiMutationError on Error {
  __typename
  message
  ... on ValidationError {
    field
  }
  ... on UnsupportedOperationError {
    capability
    backend {
      name
    }
  }
  ... on BackendError {
    code
    backend {
      name
    }
  }
  ... on NotFoundError {
    id
  }
}
    `, {"fragmentName":"UiMutationError"}) as unknown as TypedDocumentString<UiMutationErrorFragment, unknown>;
export const UiEstateDocument = new TypedDocumentString(`
    query UiEstate {
  backends {
    id
    name
    kind
    health {
      status
      lastError
      latencyMs
    }
    capabilities {
      revert
      clone
      driveSnapshots
      bulkDelete
      cancel
    }
  }
  vms(first: 1000) {
    totalCount
    backendErrors {
      message
      backend {
        name
      }
    }
    edges {
      node {
        id
        name
        powerState
        backend {
          id
          name
        }
        capabilities {
          revert
          clone
          driveSnapshots
        }
        drives {
          id
          name
        }
        snapshots(first: 1000) {
          edges {
            node {
              ...UiSnapshot
            }
          }
        }
      }
    }
  }
}
    fragment UiSnapshot on Snapshot {
  id
  name
  createdAt
  isCurrent
  status
  hasMemory
  parent {
    id
  }
  drive {
    id
    name
  }
}`, {"hash":"sha256:7596996d0a000d03c88e042bea4fa2e0c844ac1828dbd290ffe8355110627427"}) as unknown as TypedDocumentString<UiEstateQuery, UiEstateQueryVariables>;
export const UiRecentOperationsDocument = new TypedDocumentString(`
    query UiRecentOperations {
  operations(first: 20) {
    edges {
      node {
        ...UiOperation
      }
    }
  }
}
    fragment UiOperation on Operation {
  id
  kind
  status
  progress
  message
  createdAt
  updatedAt
  finishedAt
  backend {
    name
  }
  target {
    __typename
    ... on VM {
      name
    }
    ... on Drive {
      name
    }
    ... on Snapshot {
      name
    }
  }
  snapshot {
    name
  }
  drive {
    name
  }
  error {
    code
    message
  }
}`, {"hash":"sha256:f86f1a36f8f1437ac6838c5f14977611133ca095a9632fde4dc926b4a3247ddb"}) as unknown as TypedDocumentString<UiRecentOperationsQuery, UiRecentOperationsQueryVariables>;
export const UiWatchOperationsDocument = new TypedDocumentString(`
    subscription UiWatchOperations {
  operations {
    ...UiOperation
  }
}
    fragment UiOperation on Operation {
  id
  kind
  status
  progress
  message
  createdAt
  updatedAt
  finishedAt
  backend {
    name
  }
  target {
    __typename
    ... on VM {
      name
    }
    ... on Drive {
      name
    }
    ... on Snapshot {
      name
    }
  }
  snapshot {
    name
  }
  drive {
    name
  }
  error {
    code
    message
  }
}`, {"hash":"sha256:870468b79954c3d2f1045f8cc9d689e6014de9cfc995957ae959369b1d8c1ffa"}) as unknown as TypedDocumentString<UiWatchOperationsSubscription, UiWatchOperationsSubscriptionVariables>;
export const UiWatchInventoryDocument = new TypedDocumentString(`
    subscription UiWatchInventory {
  inventoryChanges {
    kind
    nodeId
  }
}
    `, {"hash":"sha256:860167d254c20173cbcaa4f57d8e1465f4463fd1d1f24a60797e4c6d3f2c55c1"}) as unknown as TypedDocumentString<UiWatchInventorySubscription, UiWatchInventorySubscriptionVariables>;
export const UiCreateSnapshotDocument = new TypedDocumentString(`
    mutation UiCreateSnapshot($input: CreateSnapshotInput!) {
  createSnapshot(input: $input) {
    __typename
    ... on OperationPayload {
      operation {
        ...UiOperation
      }
    }
    ...UiMutationError
  }
}
    fragment UiOperation on Operation {
  id
  kind
  status
  progress
  message
  createdAt
  updatedAt
  finishedAt
  backend {
    name
  }
  target {
    __typename
    ... on VM {
      name
    }
    ... on Drive {
      name
    }
    ... on Snapshot {
      name
    }
  }
  snapshot {
    name
  }
  drive {
    name
  }
  error {
    code
    message
  }
}
fragment UiMutationError on Error {
  __typename
  message
  ... on ValidationError {
    field
  }
  ... on UnsupportedOperationError {
    capability
    backend {
      name
    }
  }
  ... on BackendError {
    code
    backend {
      name
    }
  }
  ... on NotFoundError {
    id
  }
}`, {"hash":"sha256:e685e519732a30dd29b1e026b8f044c6877c8cc8c1e8e507ee715dff9e98e0be"}) as unknown as TypedDocumentString<UiCreateSnapshotMutation, UiCreateSnapshotMutationVariables>;
export const UiRevertSnapshotDocument = new TypedDocumentString(`
    mutation UiRevertSnapshot($input: RevertSnapshotInput!) {
  revertSnapshot(input: $input) {
    __typename
    ... on OperationPayload {
      operation {
        ...UiOperation
      }
    }
    ...UiMutationError
  }
}
    fragment UiOperation on Operation {
  id
  kind
  status
  progress
  message
  createdAt
  updatedAt
  finishedAt
  backend {
    name
  }
  target {
    __typename
    ... on VM {
      name
    }
    ... on Drive {
      name
    }
    ... on Snapshot {
      name
    }
  }
  snapshot {
    name
  }
  drive {
    name
  }
  error {
    code
    message
  }
}
fragment UiMutationError on Error {
  __typename
  message
  ... on ValidationError {
    field
  }
  ... on UnsupportedOperationError {
    capability
    backend {
      name
    }
  }
  ... on BackendError {
    code
    backend {
      name
    }
  }
  ... on NotFoundError {
    id
  }
}`, {"hash":"sha256:06b2a77f466b26e770a6d50f9c13906d4cf85510fc320e4cee24e55e5fd75458"}) as unknown as TypedDocumentString<UiRevertSnapshotMutation, UiRevertSnapshotMutationVariables>;
export const UiCloneSnapshotDocument = new TypedDocumentString(`
    mutation UiCloneSnapshot($input: CloneSnapshotInput!) {
  cloneSnapshot(input: $input) {
    __typename
    ... on OperationPayload {
      operation {
        ...UiOperation
      }
    }
    ...UiMutationError
  }
}
    fragment UiOperation on Operation {
  id
  kind
  status
  progress
  message
  createdAt
  updatedAt
  finishedAt
  backend {
    name
  }
  target {
    __typename
    ... on VM {
      name
    }
    ... on Drive {
      name
    }
    ... on Snapshot {
      name
    }
  }
  snapshot {
    name
  }
  drive {
    name
  }
  error {
    code
    message
  }
}
fragment UiMutationError on Error {
  __typename
  message
  ... on ValidationError {
    field
  }
  ... on UnsupportedOperationError {
    capability
    backend {
      name
    }
  }
  ... on BackendError {
    code
    backend {
      name
    }
  }
  ... on NotFoundError {
    id
  }
}`, {"hash":"sha256:d556451e0e7f7329e35a23f70d372182edab539fae4148768ee9bdc76cf69644"}) as unknown as TypedDocumentString<UiCloneSnapshotMutation, UiCloneSnapshotMutationVariables>;
export const UiDeleteSnapshotDocument = new TypedDocumentString(`
    mutation UiDeleteSnapshot($input: DeleteSnapshotInput!) {
  deleteSnapshot(input: $input) {
    __typename
    ... on OperationPayload {
      operation {
        ...UiOperation
      }
    }
    ...UiMutationError
  }
}
    fragment UiOperation on Operation {
  id
  kind
  status
  progress
  message
  createdAt
  updatedAt
  finishedAt
  backend {
    name
  }
  target {
    __typename
    ... on VM {
      name
    }
    ... on Drive {
      name
    }
    ... on Snapshot {
      name
    }
  }
  snapshot {
    name
  }
  drive {
    name
  }
  error {
    code
    message
  }
}
fragment UiMutationError on Error {
  __typename
  message
  ... on ValidationError {
    field
  }
  ... on UnsupportedOperationError {
    capability
    backend {
      name
    }
  }
  ... on BackendError {
    code
    backend {
      name
    }
  }
  ... on NotFoundError {
    id
  }
}`, {"hash":"sha256:a6c6a0ddfd9ffb818898b5d7748d85ee200ffb81cec055efa045a9dfcd1700e6"}) as unknown as TypedDocumentString<UiDeleteSnapshotMutation, UiDeleteSnapshotMutationVariables>;
export const UiCancelOperationDocument = new TypedDocumentString(`
    mutation UiCancelOperation($input: CancelOperationInput!) {
  cancelOperation(input: $input) {
    __typename
    ... on OperationPayload {
      operation {
        ...UiOperation
      }
    }
    ...UiMutationError
  }
}
    fragment UiOperation on Operation {
  id
  kind
  status
  progress
  message
  createdAt
  updatedAt
  finishedAt
  backend {
    name
  }
  target {
    __typename
    ... on VM {
      name
    }
    ... on Drive {
      name
    }
    ... on Snapshot {
      name
    }
  }
  snapshot {
    name
  }
  drive {
    name
  }
  error {
    code
    message
  }
}
fragment UiMutationError on Error {
  __typename
  message
  ... on ValidationError {
    field
  }
  ... on UnsupportedOperationError {
    capability
    backend {
      name
    }
  }
  ... on BackendError {
    code
    backend {
      name
    }
  }
  ... on NotFoundError {
    id
  }
}`, {"hash":"sha256:285f28e09883a5ac70d9c7a321c8c46e81d2ebb0955acf4a6f0dee7a99b2b62b"}) as unknown as TypedDocumentString<UiCancelOperationMutation, UiCancelOperationMutationVariables>;
export const UiDeleteSnapshotsDocument = new TypedDocumentString(`
    mutation UiDeleteSnapshots($input: DeleteSnapshotsInput!) {
  deleteSnapshots(input: $input) {
    __typename
    ... on OperationPayload {
      operation {
        ...UiOperation
      }
    }
    ...UiMutationError
  }
}
    fragment UiOperation on Operation {
  id
  kind
  status
  progress
  message
  createdAt
  updatedAt
  finishedAt
  backend {
    name
  }
  target {
    __typename
    ... on VM {
      name
    }
    ... on Drive {
      name
    }
    ... on Snapshot {
      name
    }
  }
  snapshot {
    name
  }
  drive {
    name
  }
  error {
    code
    message
  }
}
fragment UiMutationError on Error {
  __typename
  message
  ... on ValidationError {
    field
  }
  ... on UnsupportedOperationError {
    capability
    backend {
      name
    }
  }
  ... on BackendError {
    code
    backend {
      name
    }
  }
  ... on NotFoundError {
    id
  }
}`, {"hash":"sha256:7aa0481c05937651f0f269990d1af2d1912aab947e113b805976d2cd368ccc25"}) as unknown as TypedDocumentString<UiDeleteSnapshotsMutation, UiDeleteSnapshotsMutationVariables>;