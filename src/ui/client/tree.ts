// A VM's snapshots, listed flat with their parents, as the tree the page draws: roots first, each level oldest first.

export interface TreeItem {
  id: string;
  createdAt: string | null;
  name: string;
  parent: { id: string } | null;
}

export interface TreeNode<T extends TreeItem> {
  snapshot: T;
  children: TreeNode<T>[];
}

const byAge = <T extends TreeItem>(a: TreeNode<T>, b: TreeNode<T>): number =>
  (a.snapshot.createdAt ?? '').localeCompare(b.snapshot.createdAt ?? '') || a.snapshot.name.localeCompare(b.snapshot.name);

/** Whether following parents from `id` comes back to it (a backend's data gone wrong); such a snapshot is a root. */
function inCycle<T extends TreeItem>(id: string, nodes: Map<string, TreeNode<T>>): boolean {
  let at = nodes.get(id)?.snapshot.parent?.id;
  for (let steps = 0; at !== undefined && steps < nodes.size; steps++) {
    if (at === id) return true;
    at = nodes.get(at)?.snapshot.parent?.id;
  }
  return false;
}

/** The forest of `snapshots`: one whose parent is not among them is a root (a backend that keeps no tree: all are). */
export function treeOf<T extends TreeItem>(snapshots: readonly T[]): TreeNode<T>[] {
  const nodes = new Map<string, TreeNode<T>>(snapshots.map((snapshot) => [snapshot.id, { snapshot, children: [] }]));
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.snapshot.parent && !inCycle(node.snapshot.id, nodes) ? nodes.get(node.snapshot.parent.id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (level: TreeNode<T>[]): TreeNode<T>[] => level.sort(byAge).map((node) => ({ ...node, children: sort(node.children) }));
  return sort(roots);
}
