// The progress UI's page: loads the estate and the recent operations, follows every operation over graphql-ws,
// and sends create, revert, clone, delete and bulk delete, showing typed errors as such.
import { byId } from './dom.js';
import { CancelOperation, CloneSnapshot, CreateSnapshot, DeleteSnapshot, DeleteSnapshots, Estate, RecentOperations, RevertSnapshot, WatchInventory, WatchOperations } from './documents.js';
import { EstateView, renderBackends, targetsOf } from './estate.js';
import type { UiMutationErrorFragment, UiOperationFragment } from './gql/graphql.js';
import { failureNotice, noticeOf, Notices } from './notices.js';
import { OperationBoard } from './operations.js';
import { connect, GatewayError } from './transport.js';

const TOKEN_KEY = 'snapshot-gateway-token';
const tokenInput = byId('token', HTMLInputElement);
tokenInput.value = sessionStorage.getItem(TOKEN_KEY) ?? '';

const connection = connect(new URL('/graphql', location.href), () => tokenInput.value.trim());
const notices = new Notices(byId('notices', HTMLElement));
const socketState = byId('socket', HTMLElement);
connection.onSocket((open) => {
  socketState.textContent = open ? 'live' : 'reconnecting…';
  socketState.dataset.open = String(open);
});

/** One estate load at a time; asked again meanwhile, it loads once more after. */
class Refresher {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly load: () => Promise<void>) {}

  soon(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.load().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.soon();
      }
    });
  }
}

const targetSelect = byId('target', HTMLSelectElement);
const deleteSelected = byId('delete-selected', HTMLButtonElement);
let selection: ReadonlySet<string> = new Set();

/** Which kinds of operation each backend can stop (capabilities.cancel), as the estate last said. */
let cancellable = new Map<string, readonly string[]>();
const board = new OperationBoard(byId('running', HTMLElement), byId('finished', HTMLElement), () => refresher.soon(), {
  can: (operation) => cancellable.get(operation.backend.name)?.includes(operation.kind) ?? false,
  cancel: (operation) =>
    void send('cancel', async () => [(await connection.request(CancelOperation, { input: { id: operation.id } })).data.cancelOperation]),
});

type MutationAnswer =
  | { __typename: 'OperationPayload'; operation: UiOperationFragment }
  /** Only a dry run answers a plan, which the page does not ask for. */
  | { __typename: 'PlannedDeletion' }
  | UiMutationErrorFragment;

/** Shows a mutation's answer: its operation on the board, or its typed error as a notice. */
function shown(answer: MutationAnswer, doing: string): void {
  if (answer.__typename === 'OperationPayload') board.upsert(answer.operation);
  else if (answer.__typename === 'PlannedDeletion') notices.add({ type: 'PlannedDeletion', message: 'the gateway answered a plan, and sent nothing', detail: null, doing });
  else notices.add(noticeOf(answer, doing));
}

async function send(doing: string, run: () => Promise<MutationAnswer[]>): Promise<void> {
  try {
    for (const answer of await run()) shown(answer, doing);
  } catch (error) {
    notices.add(failureNotice(error, doing));
  }
}

const estateView = new EstateView(byId('estate', HTMLElement), {
  revert: (snapshot) =>
    void send(`revert to ${snapshot.name}`, async () => [(await connection.request(RevertSnapshot, { input: { snapshotId: snapshot.id } })).data.revertSnapshot]),
  clone: (snapshot) =>
    void send(`clone ${snapshot.name}`, async () => [(await connection.request(CloneSnapshot, { input: { snapshotId: snapshot.id } })).data.cloneSnapshot]),
  remove: (snapshot) =>
    void send(`delete ${snapshot.name}`, async () => [(await connection.request(DeleteSnapshot, { input: { snapshotId: snapshot.id } })).data.deleteSnapshot]),
  selected: (ids) => {
    selection = new Set(ids);
    deleteSelected.disabled = ids.size === 0;
    deleteSelected.textContent = `Delete selected (${ids.size})`;
  },
});

async function loadEstate(): Promise<void> {
  try {
    const { data, errors } = await connection.request(Estate, {});
    renderBackends(byId('backends', HTMLElement), data.backends, data.vms.backendErrors);
    cancellable = new Map(data.backends.map((backend) => [backend.name, backend.capabilities.cancel]));
    board.render();
    estateView.render(data);
    const chosen = targetSelect.value;
    targetSelect.replaceChildren(
      ...targetsOf(data).map((target) => {
        const option = new Option(`${target.label} (${target.backend})`, target.id);
        option.selected = target.id === chosen;
        return option;
      }),
    );
    // A failing backend is shown beside its name (backendErrors); other errors are the page's to show.
    if (errors && data.vms.backendErrors.length === 0) notices.add(failureNotice(errors, 'loading the estate'));
  } catch (error) {
    notices.add(failureNotice(error, 'loading the estate'));
  }
}
const refresher = new Refresher(loadEstate);

byId('create-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  const name = byId('snapshot-name', HTMLInputElement).value;
  void send(`create ${name}`, async () => [(await connection.request(CreateSnapshot, { input: { targetId: targetSelect.value, name } })).data.createSnapshot]);
});

deleteSelected.addEventListener('click', () => {
  const ids = [...selection];
  estateView.clearSelection();
  void send(`delete ${ids.length} snapshots`, async () => (await connection.request(DeleteSnapshots, { input: { snapshotIds: ids } })).data.deleteSnapshots);
});

byId('refresh', HTMLButtonElement).addEventListener('click', () => refresher.soon());
byId('token-form', HTMLFormElement).addEventListener('submit', (event) => event.preventDefault());
tokenInput.addEventListener('change', () => {
  sessionStorage.setItem(TOKEN_KEY, tokenInput.value.trim());
  connection.reconnect();
  follow();
  refresher.soon();
});

let stopFollowing: (() => void)[] = [];
/** Follows every operation and inventory change; again from scratch after a new token. */
function follow(): void {
  stopFollowing.forEach((stop) => stop());
  const failed = (doing: string) => (error: GatewayError) => notices.add(failureNotice(error, doing));
  stopFollowing = [
    connection.subscribe(WatchOperations, {}, { next: (data) => board.upsert(data.operations), error: failed('following operations') }),
    connection.subscribe(WatchInventory, {}, { next: () => refresher.soon(), error: failed('following inventory changes') }),
  ];
  // Subscribed first, so nothing that changes while the recent ones load is missed.
  void connection
    .request(RecentOperations, {})
    .then(({ data }) => data.operations.edges.forEach(({ node }) => board.upsert(node)))
    .catch((error: unknown) => notices.add(failureNotice(error, 'loading recent operations')));
}

follow();
refresher.soon();
// Elapsed times and estimates move between events.
setInterval(() => board.render(), 1000);
