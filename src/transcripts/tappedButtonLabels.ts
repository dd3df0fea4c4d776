import type { Activity, CardAction, Entity } from 'botbuilder';
import type { TranscriptRepository } from './transcriptRepository';

/** Payload shape of the bot's own buttons (see `dialogs/buttonPayloads`). */
const PAYLOAD = /^(?:cmd|topic|lang|rating|survey):[\w.-]+$/;

/** Entity a tapped button's label travels in on the customer's activity, for live screens. */
export const TAPPED_BUTTON_ENTITY = 'button.tapped';

/** Activities read back to find the button a tap answers. */
const LOOKBACK = 10;

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

/**
 * The label of the button a customer's tap (its payload as the message text) came from: the newest button with that
 * payload among the conversation's last activities in the transcript. `undefined` for text that is no payload.
 *
 * @example
 * const label = await tappedButtonLabel(transcripts, context.activity); // 'Talk to a person' for 'cmd:agent'
 */
export async function tappedButtonLabel(transcripts: Pick<TranscriptRepository, 'latestActivities'>, activity: Partial<Activity>): Promise<string | undefined> {
  const text = activity.text?.trim() ?? '';
  if (!PAYLOAD.test(text) || !activity.channelId || !activity.conversation?.id) return undefined;
  for (const earlier of await transcripts.latestActivities(activity.channelId, activity.conversation.id, LOOKBACK)) {
    if (earlier.from?.role === 'user') continue;
    const action = buttonsOf(earlier).find((candidate) => (typeof candidate.value === 'string' ? candidate.value : candidate.text) === text);
    if (typeof action?.title === 'string' && action.title !== '') return action.title;
  }
  return undefined;
}

/** The label {@link tappedButtonLabel} found, as carried on the activity ({@link TAPPED_BUTTON_ENTITY}). */
export function tappedLabelOf(activity: Partial<Activity>): string | undefined {
  const entity = activity.entities?.find((candidate: Entity) => candidate.type === TAPPED_BUTTON_ENTITY);
  return typeof entity?.['label'] === 'string' ? entity['label'] : undefined;
}
