// The operations panel: every running operation with its bar (determinate, or indeterminate with its phase), the
// time it has run and, once its percentage moves, the time left; finished ones with their outcome.
import type { UiOperationFragment } from './gql/graphql.js';
import { h, replace } from './dom.js';
import { barOf, describeElapsed, describeEta, FINAL_STATUSES, ProgressHistory, type Bar } from './progress.js';

interface Followed {
  operation: UiOperationFragment;
  history: ProgressHistory;
  /** The distinct phase messages heard while it ran. */
  phases: string[];
  /** Its target's name as first heard: a deleted snapshot's is gone from later states. */
  targetName: string;
}

const FINAL = FINAL_STATUSES;
/** Finished operations kept on the page. */
const FINISHED_SHOWN = 30;

const KIND_WORDS: Record<UiOperationFragment['kind'], string> = {
  CREATE_SNAPSHOT: 'Create',
  REVERT_SNAPSHOT: 'Revert to',
  CLONE_SNAPSHOT: 'Clone',
  DELETE_SNAPSHOT: 'Delete',
  UPDATE_SNAPSHOT: 'Update',
};

function targetName(operation: UiOperationFragment): string | null {
  const target = operation.target;
  return target && 'name' in target ? target.name : null;
}

function outcomeOf(operation: UiOperationFragment): string {
  if (operation.status === 'CANCELLED') return operation.message ?? 'cancelled';
  if (operation.status === 'FAILED') return `${operation.error?.code ?? 'FAILED'}: ${operation.error?.message ?? 'no reason given'}`;
  const made = operation.drive ? `drive ${operation.drive.name}` : operation.snapshot ? `snapshot ${operation.snapshot.name}` : null;
  return [operation.message, made].filter(Boolean).join(' · ') || 'done';
}

export class OperationBoard {
  private readonly followed = new Map<string, Followed>();

  constructor(
    private readonly running: HTMLElement,
    private readonly finished: HTMLElement,
    /** Told once when an operation reaches a final status. */
    private readonly onFinished: (operation: UiOperationFragment) => void,
    /** Whether its backend can stop it (capabilities.cancel), and how to ask. */
    private readonly cancelling: { can(operation: UiOperationFragment): boolean; cancel(operation: UiOperationFragment): void },
  ) {}

  /** Takes an operation's state as heard (a mutation's answer, or the subscription's), newest wins. */
  upsert(operation: UiOperationFragment, now = Date.now()): void {
    const known = this.followed.get(operation.id);
    // A state older than the one shown (the recent list answering after the subscription's news) changes nothing.
    if (known && (FINAL.has(known.operation.status) || known.operation.updatedAt > operation.updatedAt)) return;
    const followed = known ?? { operation, history: new ProgressHistory(), phases: [], targetName: targetName(operation) ?? 'a target that is gone' };
    followed.operation = operation;
    followed.history.record(operation.progress, now);
    if (operation.message && followed.phases[followed.phases.length - 1] !== operation.message) followed.phases.push(operation.message);
    this.followed.set(operation.id, followed);
    if (FINAL.has(operation.status)) this.onFinished(operation);
    this.render(now);
  }

  render(now = Date.now()): void {
    const all = [...this.followed.values()].sort((a, b) => b.operation.createdAt.localeCompare(a.operation.createdAt));
    const running = all.filter((f) => !FINAL.has(f.operation.status));
    const finished = all.filter((f) => FINAL.has(f.operation.status)).slice(0, FINISHED_SHOWN);
    replace(this.running, ...(running.length ? running.map((f) => this.row(f, now)) : [h('li', { class: 'empty' }, 'Nothing running.')]));
    replace(this.finished, ...finished.map((f) => this.row(f, now)));
  }

  private row({ operation, history, phases, targetName }: Followed, now: number): HTMLLIElement {
    const bar = barOf(operation.status, operation.progress, history, now);
    const elapsed = (operation.finishedAt ? Date.parse(operation.finishedAt) : now) - Date.parse(operation.createdAt);
    return h(
      'li',
      {
        class: `operation ${operation.status.toLowerCase()}`,
        data: { operationId: operation.id, status: operation.status, progress: operation.progress ?? '', phase: operation.message ?? '', phases: phases.length },
      },
      h(
        'div',
        { class: 'op-head' },
        h('strong', {}, `${KIND_WORDS[operation.kind]} ${targetName}`),
        h('span', { class: 'op-backend' }, ` on ${operation.backend.name}`),
        h('span', { class: `status ${operation.status.toLowerCase()}` }, operation.status),
        !FINAL.has(operation.status) &&
          this.cancelling.can(operation) &&
          h('button', { class: 'cancel', attrs: { type: 'button' }, on: { click: () => this.cancelling.cancel(operation) } }, 'Cancel'),
      ),
      barElement(bar),
      h('div', { class: 'op-foot' }, ...footOf(operation, bar, elapsed)),
    );
  }
}

function barElement(bar: Bar): HTMLDivElement {
  const fill = h('div', { class: 'fill' });
  const percent = bar.mode === 'indeterminate' ? null : bar.percent;
  if (percent !== null) fill.style.width = `${Math.min(100, Math.max(0, percent))}%`;
  return h(
    'div',
    {
      class: `bar ${bar.mode}`,
      attrs: { role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent },
    },
    fill,
  );
}

function footOf(operation: UiOperationFragment, bar: Bar, elapsedMs: number): (string | HTMLElement)[] {
  if (bar.mode === 'finished') return [h('span', { class: 'outcome' }, outcomeOf(operation)), h('span', { class: 'elapsed' }, ` · took ${describeElapsed(elapsedMs)}`)];
  const parts = [
    operation.message ?? (operation.status === 'PENDING' ? 'waiting to be sent' : 'at work'),
    bar.mode === 'determinate' ? `${Math.round(bar.percent)} %` : 'no figures from the backend',
    bar.mode === 'determinate' && bar.etaMs !== null ? describeEta(bar.etaMs) : null,
    `running ${describeElapsed(elapsedMs)}`,
  ];
  return [h('span', { class: 'phase' }, parts.filter((p) => p !== null).join(' · '))];
}
