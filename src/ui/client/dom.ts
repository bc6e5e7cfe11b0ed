// Building DOM nodes from code: no templates, no innerHTML, so nothing a backend names can become markup.

type Child = Node | string | number | null | undefined | false;

interface Props {
  class?: string;
  /** data-* attributes, without the prefix. */
  data?: Record<string, string | number>;
  title?: string;
  /** Any other attribute, as given (`type`, `value`, `role`, `aria-*`, …); false or null leaves it out. */
  attrs?: Record<string, string | number | boolean | null>;
  /** The events the page listens to. */
  on?: { click?: (event: MouseEvent) => void; change?: (event: Event) => void; toggle?: (event: Event) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.title) element.title = props.title;
  for (const [key, value] of Object.entries(props.data ?? {})) element.dataset[key] = String(value);
  for (const [key, value] of Object.entries(props.attrs ?? {})) {
    if (value === true) element.setAttribute(key, '');
    else if (value !== false && value !== null) element.setAttribute(key, String(value));
  }
  // As an HTMLElement, whose listeners are typed by event name (a tag's own element type leaves them generic).
  const listening: HTMLElement = element;
  if (props.on?.click) listening.addEventListener('click', props.on.click);
  if (props.on?.change) listening.addEventListener('change', props.on.change);
  if (props.on?.toggle) listening.addEventListener('toggle', props.on.toggle);
  append(element, children);
  return element;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces what `parent` holds. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** The element with this id, of this kind; the page is broken without it. */
export function byId<T extends HTMLElement>(id: string, kind: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`the page has no #${id}`);
  return element;
}
