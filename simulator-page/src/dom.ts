/** Options of {@link el}. */
export interface ElementOptions {
  readonly className?: string;
  /** Set as `textContent`: text never goes through HTML parsing. */
  readonly text?: string | number | null;
  readonly attrs?: Readonly<Record<string, string | number>>;
  readonly onClick?: (event: Event) => void;
}

/**
 * Creates an element; text always goes through `textContent`, never through HTML parsing.
 *
 * @example el('button', { className: 'action', text: 'Yes', attrs: { type: 'button' }, onClick: send })
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, children: readonly (Node | null | undefined)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined && options.text !== null) node.textContent = String(options.text);
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, String(value));
  if (options.onClick) node.addEventListener('click', options.onClick);
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

/** The page's element with this id, typed by the caller; throws when the markup lacks it. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The simulator page has no #${id}`);
  return node as T;
}

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  const values = new Uint8Array(bytes);
  crypto.getRandomValues(values);
  return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A clock time such as `14:05`, of `at` (epoch ms) or now. */
export function timeLabel(at?: number): string {
  return (at ? new Date(at) : new Date()).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
