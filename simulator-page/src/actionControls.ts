import { el, randomHex } from './dom';
import type { LineAction } from './lineMessage';

/** What a tapped LINE action does on the page: the same events LINE would send. */
export interface ActionHandlers {
  sendText(text: string): void;
  sendPostback(data: string, displayText: string | null, params: Readonly<Record<string, string>> | null): void;
  sendLocation(): void;
  pickImage(): void;
  setStatus(text: string, isError: boolean): void;
  /** Called before a quick reply acts: LINE hides the quick replies once one is tapped. */
  clearQuickReplies(): void;
}

const HTTP_URL = /^https?:\/\//i;

/** A link opening in a new tab for http(s) URLs, else the URL as text (LINE-only schemes cannot open here). */
export function link(url: string | undefined, label: string): HTMLElement {
  if (typeof url === 'string' && HTTP_URL.test(url)) {
    return el('a', { text: label || url, attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' } });
  }
  return el('span', { text: `${label ? `${label}: ` : ''}${String(url)}` });
}

function actionLabel(action: LineAction): string {
  return action.label || action.displayText || action.text || action.uri || action.type || 'action';
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  return el('button', { className: 'action', text: label, attrs: { type: 'button' }, onClick });
}

/**
 * A control for a LINE action: buttons send what LINE would send; uri actions are plain links; actions the simulator
 * cannot play are disabled buttons saying why.
 */
export function renderAction(action: LineAction | undefined, handlers: ActionHandlers, fromQuickReply: boolean): HTMLElement | null {
  if (!action || typeof action !== 'object') return null;
  const label = actionLabel(action);
  const done = (): void => {
    if (fromQuickReply) handlers.clearQuickReplies();
  };
  switch (action.type) {
    case 'message':
      return button(label, () => {
        done();
        handlers.sendText(action.text ?? '');
      });
    case 'postback':
      return button(label, () => {
        done();
        handlers.sendPostback(action.data ?? '', action.displayText || action.text || null, null);
      });
    case 'uri':
      if (HTTP_URL.test(action.uri ?? '')) {
        return el('a', { className: 'action', text: label, attrs: { href: action.uri ?? '', target: '_blank', rel: 'noopener noreferrer' } });
      }
      return el('button', { className: 'action', text: `${label} (${action.uri ?? ''})`, attrs: { type: 'button', disabled: 'disabled', title: 'Opens only inside the LINE app' } });
    case 'datetimepicker':
      return renderDatetimePicker(action, label, handlers, done);
    case 'camera':
    case 'cameraRoll':
      return button(label, () => {
        done();
        handlers.pickImage();
      });
    case 'location':
      return button(label, () => {
        done();
        handlers.sendLocation();
      });
    case 'clipboard':
      return button(label, () => {
        void navigator.clipboard?.writeText(action.clipboardText ?? '').then(() => handlers.setStatus('Copied to the clipboard.', false));
      });
    default:
      return el('button', { className: 'action', text: label, attrs: { type: 'button', disabled: 'disabled', title: `${action.type ?? 'unknown'} actions are not simulated` } });
  }
}

function renderDatetimePicker(action: LineAction, label: string, handlers: ActionHandlers, done: () => void): HTMLElement {
  const wrapper = el('div');
  const inputType = action.mode === 'date' ? 'date' : action.mode === 'time' ? 'time' : 'datetime-local';
  const paramName = action.mode === 'date' ? 'date' : action.mode === 'time' ? 'time' : 'datetime';
  const open = el('button', { className: 'action', text: label, attrs: { type: 'button', 'aria-expanded': 'false' } });
  wrapper.appendChild(open);
  open.addEventListener('click', () => {
    if (wrapper.querySelector('form')) return;
    open.setAttribute('aria-expanded', 'true');
    const inputId = `picker-${randomHex(4)}`;
    const input = el('input', { attrs: { id: inputId, type: inputType, required: 'required' } });
    if (action.initial) input.value = action.initial;
    if (action.min) input.setAttribute('min', action.min);
    if (action.max) input.setAttribute('max', action.max);
    const form = el('form', { className: 'picker' }, [
      el('label', { text: `Pick a ${paramName}`, attrs: { for: inputId } }),
      input,
      el('button', { text: 'Send', attrs: { type: 'submit' } }),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!input.value) return;
      done();
      form.remove();
      open.setAttribute('aria-expanded', 'false');
      handlers.sendPostback(action.data ?? '', null, { [paramName]: input.value });
    });
    wrapper.appendChild(form);
    input.focus();
  });
  return wrapper;
}

/** A column of action controls (template buttons, imagemap areas). */
export function renderActions(actions: readonly (LineAction | undefined)[] | undefined, handlers: ActionHandlers): HTMLElement {
  return el('div', { className: 'actions' }, (actions ?? []).map((action) => renderAction(action, handlers, false)));
}
