import { webcrypto } from 'node:crypto';
import { createContext, Script } from 'node:vm';

type Listener = (event: FakeEvent) => unknown;

/** The little of a DOM event the page script uses. */
export interface FakeEvent {
  readonly type: string;
  readonly target: FakeElement;
  readonly data?: string;
  defaultPrevented: boolean;
  preventDefault(): void;
}

/** Just enough of a DOM element for the simulator page script; text only ever lives in `textContent`. */
export class FakeElement {
  readonly childNodes: FakeElement[] = [];
  parent: FakeElement | undefined;
  className = '';
  hidden = false;
  value = '';
  src = '';
  scrollTop = 0;
  scrollHeight = 100;
  readonly clientHeight = 100;
  private text = '';
  private readonly attributes = new Map<string, string>();
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly tagName: string) {}

  get id(): string {
    return this.attributes.get('id') ?? '';
  }
  get textContent(): string {
    return this.text + this.childNodes.map((child) => child.textContent).join('');
  }
  set textContent(value: string) {
    this.childNodes.length = 0;
    this.text = value;
  }
  get childElementCount(): number {
    return this.childNodes.length;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  /** Fires an event at this element and returns what the listeners returned (promises included). */
  dispatch(type: string): unknown[] {
    const event: FakeEvent = { type, target: this, defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    return (this.listeners.get(type) ?? []).map((listener) => listener(event));
  }
  click(): void {
    if (this.getAttribute('disabled') === null) this.dispatch('click');
  }
  focus(): void {}
  appendChild(child: FakeElement): FakeElement {
    child.remove();
    child.parent = this;
    this.childNodes.push(child);
    return child;
  }
  replaceChildren(...children: FakeElement[]): void {
    this.childNodes.length = 0;
    this.text = '';
    children.forEach((child) => this.appendChild(child));
  }
  remove(): void {
    if (!this.parent) return;
    const siblings = this.parent.childNodes;
    siblings.splice(siblings.indexOf(this), 1);
    this.parent = undefined;
  }
  /** Supports a bare tag name only, which is all the page script asks for. */
  querySelector(tag: string): FakeElement | null {
    return this.findAll((node) => node.tagName === tag.toUpperCase())[0] ?? null;
  }
  findAll(predicate: (node: FakeElement) => boolean): FakeElement[] {
    return this.childNodes.flatMap((child) => [...(predicate(child) ? [child] : []), ...child.findAll(predicate)]);
  }
}

/** A recorded `fetch` call of the page script. */
export interface FetchCall {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** A fake `EventSource` the test drives by hand. */
export class FakeEventSource {
  private readonly listeners = new Map<string, ((event: { data: string }) => void)[]>();
  onerror: (() => void) | null = null;
  onopen: (() => void) | null = null;
  closed = false;

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: { data: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, data: unknown): void {
    (this.listeners.get(type) ?? []).forEach((listener) => listener({ data: JSON.stringify(data) }));
  }
}

/** The page script running against fake browser globals, built from the page's own markup. */
export interface FakeBrowser {
  readonly body: FakeElement;
  readonly fetches: FetchCall[];
  readonly streams: FakeEventSource[];
  readonly storage: Map<string, string>;
  byId(id: string): FakeElement;
  /** Lets pending promises and timers of zero delay run. */
  settle(): Promise<void>;
}

/**
 * Runs `script` in a fresh context with a fake document holding one element per `id` in `html`, and a fake `fetch`
 * that answers with `respond`. `storage` is the fake localStorage (pass a previous browser's to play a reload).
 */
export function runInFakeBrowser(html: string, script: string, respond: (call: FetchCall) => { status: number; json: unknown }, storage = new Map<string, string>()): FakeBrowser {
  const body = new FakeElement('BODY');
  for (const match of html.matchAll(/<(\w+)\b[^>]*\bid="([^"]+)"/g)) {
    const element = new FakeElement((match[1] ?? 'div').toUpperCase());
    element.setAttribute('id', match[2] ?? '');
    if (/\bhidden\b/.test(match[0])) element.hidden = true;
    body.appendChild(element);
  }
  const byId = (id: string): FakeElement => {
    const found = body.findAll((node) => node.id === id)[0];
    if (!found) throw new Error(`no element #${id}`);
    return found;
  };
  const fetches: FetchCall[] = [];
  const streams: FakeEventSource[] = [];
  const context = createContext({
    document: {
      readyState: 'complete',
      getElementById: (id: string) => body.findAll((node) => node.id === id)[0] ?? null,
      createElement: (tag: string) => new FakeElement(tag.toUpperCase()),
      addEventListener: () => undefined,
    },
    localStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
    },
    fetch: async (path: string, init: { method?: string; body?: string } = {}) => {
      const call = { method: init.method ?? 'GET', path, body: init.body === undefined ? undefined : JSON.parse(init.body) };
      fetches.push(call);
      const answer = respond(call);
      return { status: answer.status, json: async () => answer.json };
    },
    EventSource: class extends FakeEventSource {
      constructor(url: string) {
        super(url);
        streams.push(this);
      }
    },
    crypto: webcrypto,
    navigator: {},
    URL: { createObjectURL: () => 'blob:fake' },
    setTimeout,
    clearTimeout,
  });
  new Script(script).runInContext(context);
  return {
    body,
    fetches,
    streams,
    storage,
    byId,
    settle: async () => {
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
