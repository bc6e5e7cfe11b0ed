// The estate as the page draws it: backends with their health and capabilities, and each VM with its drives and
// snapshot tree (the current snapshot marked), every snapshot with its actions and a box for bulk delete.
import type { UiEstateQuery, UiSnapshotFragment } from './gql/graphql.js';
import { h, replace } from './dom.js';
import { treeOf, type TreeNode } from './tree.js';

type Backend = UiEstateQuery['backends'][number];
type Vm = UiEstateQuery['vms']['edges'][number]['node'];
type Capabilities = Vm['capabilities'];

interface SnapshotActions {
  revert(snapshot: UiSnapshotFragment, vm: Vm): void;
  clone(snapshot: UiSnapshotFragment, vm: Vm): void;
  remove(snapshot: UiSnapshotFragment, vm: Vm): void;
  /** The boxes ticked for bulk delete changed. */
  selected(ids: ReadonlySet<string>): void;
}

/** Something a VM can be snapshotted as: itself, or (where the backend snapshots drives) one of its drives. */
interface Target {
  id: string;
  label: string;
  backend: string;
}

export function targetsOf(estate: UiEstateQuery): Target[] {
  return estate.vms.edges.flatMap(({ node: vm }) =>
    vm.capabilities.driveSnapshots
      ? vm.drives.map((drive) => ({ id: drive.id, label: `${vm.name} / drive ${drive.name}`, backend: vm.backend.name }))
      : [{ id: vm.id, label: vm.name, backend: vm.backend.name }],
  );
}

export function renderBackends(root: HTMLElement, backends: UiEstateQuery['backends'], failures: UiEstateQuery['vms']['backendErrors']): void {
  const failureOf = (backend: Backend) => failures.find((f) => f.backend.name === backend.name)?.message ?? null;
  replace(
    root,
    ...backends.map((backend) => {
      const failure = failureOf(backend);
      const caps = [
        ...Object.entries(backend.capabilities).filter(([, on]) => on === true).map(([name]) => name),
        ...(backend.capabilities.cancel.length > 0 ? ['cancel'] : []),
      ];
      return h(
        'li',
        { class: 'backend', data: { backend: backend.name, health: backend.health.status } },
        h('span', { class: `health ${backend.health.status.toLowerCase()}`, title: backend.health.lastError ?? '' }, backend.health.status),
        h('strong', {}, backend.name),
        h('span', { class: 'kind' }, ` ${backend.kind}`),
        backend.health.latencyMs !== null && h('span', { class: 'latency' }, ` ${Math.round(backend.health.latencyMs)} ms`),
        h('div', { class: 'caps' }, caps.length ? `can ${caps.join(', ')}` : 'lists, creates and deletes'),
        failure && h('div', { class: 'backend-failure', attrs: { role: 'status' } }, failure),
      );
    }),
  );
}

export class EstateView {
  private readonly ticked = new Set<string>();
  /** Backends whose VMs the person folded away; they stay folded across reloads of the estate. */
  private readonly folded = new Set<string>();

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: SnapshotActions,
  ) {}

  render(estate: UiEstateQuery): void {
    const vms = estate.vms.edges.map((e) => e.node);
    const present = new Set(vms.flatMap((vm) => vm.snapshots.edges.map((e) => e.node.id)));
    for (const id of [...this.ticked]) if (!present.has(id)) this.ticked.delete(id);
    // In the order of the backends panel; a VM of a backend not listed there still shows, after them.
    const byBackend = new Map<string, Vm[]>(estate.backends.map((backend) => [backend.name, []]));
    for (const vm of vms) byBackend.set(vm.backend.name, [...(byBackend.get(vm.backend.name) ?? []), vm]);
    for (const [backend, list] of byBackend) if (list.length === 0) byBackend.delete(backend);
    replace(
      this.root,
      ...[...byBackend].map(([backend, list]) =>
        h(
          'details',
          { class: 'backend-vms', data: { backend }, attrs: { open: !this.folded.has(backend) }, on: { toggle: (event) => this.toggled(backend, event) } },
          h('summary', {}, `${backend} · ${list.length} VMs`),
          ...list.map((vm) => this.vmCard(vm)),
        ),
      ),
    );
    this.actions.selected(this.ticked);
  }

  private toggled(backend: string, event: Event): void {
    if (!(event.target instanceof HTMLDetailsElement)) return;
    if (event.target.open) this.folded.delete(backend);
    else this.folded.add(backend);
  }

  /** Unticks every box (after a bulk delete was sent). */
  clearSelection(): void {
    this.ticked.clear();
    for (const box of this.root.querySelectorAll<HTMLInputElement>('input.pick')) box.checked = false;
    this.actions.selected(this.ticked);
  }

  private vmCard(vm: Vm): HTMLElement {
    const snapshots = vm.snapshots.edges.map((e) => e.node);
    return h(
      'article',
      { class: 'vm', data: { vmId: vm.id, vm: vm.name } },
      h('h3', {}, vm.name, h('span', { class: `power ${vm.powerState.toLowerCase()}` }, vm.powerState)),
      h('div', { class: 'drives' }, vm.drives.length ? `drives: ${vm.drives.map((d) => d.name).join(', ')}` : 'no drives listed'),
      snapshots.length
        ? h('ul', { class: 'tree' }, ...treeOf(snapshots).map((node) => this.snapshotRow(node, vm)))
        : h('p', { class: 'none' }, 'No snapshots.'),
    );
  }

  private snapshotRow({ snapshot, children }: TreeNode<UiSnapshotFragment>, vm: Vm): HTMLLIElement {
    const box = h('input', {
      class: 'pick',
      attrs: { type: 'checkbox', 'aria-label': `select ${snapshot.name}`, checked: this.ticked.has(snapshot.id) },
      on: {
        change: () => {
          if (box.checked) this.ticked.add(snapshot.id);
          else this.ticked.delete(snapshot.id);
          this.actions.selected(this.ticked);
        },
      },
    });
    return h(
      'li',
      { class: 'snapshot', data: { snapshotId: snapshot.id, name: snapshot.name, current: String(snapshot.isCurrent), status: snapshot.status } },
      h(
        'div',
        { class: `row${snapshot.isCurrent ? ' current' : ''}` },
        box,
        h('span', { class: 'name' }, snapshot.name),
        snapshot.isCurrent && h('span', { class: 'badge current', title: 'the VM is at this snapshot' }, 'current'),
        snapshot.status !== 'READY' && h('span', { class: `badge ${snapshot.status.toLowerCase()}` }, snapshot.status),
        snapshot.hasMemory && h('span', { class: 'badge memory', title: 'holds the VM memory' }, 'memory'),
        snapshot.drive && h('span', { class: 'of-drive' }, ` of ${snapshot.drive.name}`),
        snapshot.createdAt && h('time', { attrs: { datetime: snapshot.createdAt } }, new Date(snapshot.createdAt).toLocaleString()),
        h('span', { class: 'actions' },
          actionButton('Revert', vm.capabilities, 'revert', vm, () => this.actions.revert(snapshot, vm)),
          actionButton('Clone', vm.capabilities, 'clone', vm, () => this.actions.clone(snapshot, vm)),
          actionButton('Delete', vm.capabilities, null, vm, () => this.actions.remove(snapshot, vm)),
        ),
      ),
      children.length > 0 && h('ul', {}, ...children.map((child) => this.snapshotRow(child, vm))),
    );
  }
}

/**
 * An action's button. One the backend cannot do stays clickable but marked: the gateway answers it with its
 * UnsupportedOperationError, which the page shows, rather than the page guessing.
 */
function actionButton(label: string, capabilities: Capabilities, capability: 'revert' | 'clone' | null, vm: Vm, run: () => void): HTMLButtonElement {
  const unsupported = capability !== null && !capabilities[capability];
  return h(
    'button',
    {
      class: unsupported ? 'unsupported' : '',
      attrs: { type: 'button' },
      title: unsupported ? `${vm.backend.name} cannot ${capability}: the gateway will refuse it` : '',
      on: { click: run },
    },
    label,
  );
}
