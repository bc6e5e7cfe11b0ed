// The dashboard query the bench measures, as a plain string (no gql tag, so codegen leaves it alone) for tests to import.
export const DASHBOARD_QUERY = `{ vms(first: 1000) { totalCount edges { node {
  id name powerState backend { name kind }
  drives { id name sizeBytes snapshots(first: 100) { edges { node { id name } } } }
  currentSnapshot { id name }
  snapshotTree { id name children { id name children { id name children { id name } } } }
  snapshots(first: 100) { totalCount edges { node { id name createdAt isCurrent parent { id name } } } }
} } } }`;
