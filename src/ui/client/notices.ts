// Typed errors the gateway answered, shown as such: the error type, its message, and what it names (the field,
// the capability the backend lacks, the backend's code).
import type { UiMutationErrorFragment } from './gql/graphql.js';
import { h, replace } from './dom.js';
import { GatewayError } from './transport.js';

interface Notice {
  /** The GraphQL type of the error (ValidationError, …), or the error code of a request that failed outright. */
  type: string;
  message: string;
  detail: string | null;
  /** What the person was doing: "revert to before-upgrade". */
  doing: string;
}

export function noticeOf(error: UiMutationErrorFragment, doing: string): Notice {
  const of = (detail: string | null) => ({ type: error.__typename, message: error.message, detail, doing });
  switch (error.__typename) {
    case 'ValidationError':
      return of(error.field ? `field ${error.field}` : null);
    case 'UnsupportedOperationError':
      return of(`${error.backend.name}: capabilities.${error.capability} is false`);
    case 'BackendError':
      return of(`${error.backend.name}${error.code ? `: ${error.code}` : ''}`);
    case 'NotFoundError':
      return of(`id ${error.id}`);
    case 'OperationsUnavailableError':
      return of(null);
  }
}

/** A request that failed as a whole (no typed answer): a GatewayError's code, or the failure's words. */
export function failureNotice(error: unknown, doing: string): Notice {
  if (error instanceof GatewayError) return { type: error.code ?? 'GraphQL error', message: error.message, detail: null, doing };
  return { type: 'Network error', message: error instanceof Error ? error.message : String(error), detail: null, doing };
}

/** The notices shown, newest first; each stays until dismissed. */
export class Notices {
  private readonly shown: Notice[] = [];

  constructor(private readonly root: HTMLElement) {}

  add(notice: Notice): void {
    this.shown.unshift(notice);
    this.render();
  }

  private render(): void {
    replace(
      this.root,
      ...this.shown.map((notice, index) =>
        h(
          'div',
          { class: 'notice', data: { errorType: notice.type }, attrs: { role: 'alert' } },
          h('strong', { class: 'error-type' }, notice.type),
          h('span', { class: 'doing' }, ` ${notice.doing}: `),
          h('span', { class: 'error-message' }, notice.message),
          notice.detail && h('span', { class: 'error-detail' }, ` (${notice.detail})`),
          h('button', { class: 'dismiss', attrs: { type: 'button', 'aria-label': 'dismiss' }, on: { click: () => this.dismiss(index) } }, '×'),
        ),
      ),
    );
  }

  private dismiss(index: number): void {
    this.shown.splice(index, 1);
    this.render();
  }
}
