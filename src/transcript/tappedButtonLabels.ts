import type { Activity, CardAction } from 'botbuilder';

/** Payload shape of the bot's own buttons (see `dialogs/buttonPayloads`). */
const PAYLOAD = /^(?:cmd|topic|lang|rating|survey):[\w.-]+$/;

/**
 * The transcript as people read it: a customer's button tap shows the label they tapped ("No", "Talk to a person")
 * instead of the payload the bot got (`cmd:no`, `cmd:agent`); the payload stays in the item's `value.payload`.
 * The label is that of the latest button with this payload the bot offered before the tap.
 *
 * @example
 * labelTappedButtons([{ type: 'message', suggestedActions: { actions: [{ title: 'No', value: 'cmd:no' }] } }, { type: 'message', text: 'cmd:no', from: { role: 'user' } }]);
 * // the second item reads text 'No', value { payload: 'cmd:no' }
 */
export function labelTappedButtons<T extends Partial<Activity>>(items: readonly T[]): T[] {
  const labels = new Map<string, string>();
  return items.map((item) => {
    if (item.from?.role !== 'user') {
      for (const action of buttonsOf(item)) {
        const payload = typeof action.value === 'string' ? action.value : action.text;
        if (typeof payload === 'string' && typeof action.title === 'string' && action.title !== '') labels.set(payload, action.title);
      }
      return item;
    }
    const text = item.text?.trim() ?? '';
    const label = PAYLOAD.test(text) ? labels.get(text) : undefined;
    if (label === undefined) return item;
    const value: unknown = item.value;
    return { ...item, text: label, value: { ...(typeof value === 'object' && value !== null ? value : {}), payload: text } };
  });
}

function buttonsOf(item: Partial<Activity>): CardAction[] {
  const cards = (item.attachments ?? []).flatMap((attachment) => {
    const content: unknown = attachment.content;
    return typeof content === 'object' && content !== null && 'buttons' in content && Array.isArray(content.buttons) ? (content.buttons as CardAction[]) : [];
  });
  return [...(item.suggestedActions?.actions ?? []), ...cards];
}
