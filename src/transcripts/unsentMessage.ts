import { ActivityTypes, type Activity } from 'botbuilder';

/**
 * What is kept of a message its sender unsent: who sent it, where and when, as a `messageDelete` activity (botbuilder's
 * name for a deleted message) — no text, attachments, entities, values or channel data, nothing of what it said.
 * Screens show it as "message unsent".
 *
 * @example
 * unsentActivity(stored); // { type: 'messageDelete', id: stored.id, from: stored.from, … }
 */
export function unsentActivity(original: Partial<Activity>): Partial<Activity> {
  return {
    type: ActivityTypes.MessageDelete,
    ...(original.id !== undefined ? { id: original.id } : {}),
    ...(original.channelId !== undefined ? { channelId: original.channelId } : {}),
    ...(original.conversation !== undefined ? { conversation: original.conversation } : {}),
    ...(original.from !== undefined ? { from: original.from } : {}),
    ...(original.recipient !== undefined ? { recipient: original.recipient } : {}),
    ...(original.timestamp !== undefined ? { timestamp: original.timestamp } : {}),
  };
}

/** Whether `activity` is the customer withdrawing one of their messages (LINE's `unsend`, Bot Framework's delete). */
export function isUnsend<T extends Partial<Activity>>(activity: T): activity is T & { readonly id: string } {
  return activity.type === ActivityTypes.MessageDelete && typeof activity.id === 'string' && activity.id !== '';
}

/**
 * `value` with every string that was (or had as whole lines, like a handoff summary) the unsent `text` cleared of it;
 * the same object when nothing changed.
 *
 * @example
 * withoutUnsentText({ value: { summary: 'hi\nmy card 4111' } }, 'my card 4111'); // { value: { summary: 'hi' } }
 */
export function withoutUnsentText(value: unknown, text: string): unknown {
  if (text === '') return value;
  if (typeof value === 'string') return value.includes(text) ? withoutLines(value, text) : value;
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => withoutUnsentText(item, text));
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [key, withoutUnsentText(item, text)] as const);
    return entries.some(([key, item]) => item !== (value as Record<string, unknown>)[key]) ? Object.fromEntries(entries) : value;
  }
  return value;
}

/** `lines` (texts joined by line breaks) without the run of lines that was `text`. */
export function withoutLines(lines: string, text: string): string {
  const all = lines.split('\n');
  const removed = text.split('\n');
  const kept: string[] = [];
  for (let index = 0; index < all.length; ) {
    if (removed.every((line, offset) => all[index + offset] === line)) {
      index += removed.length;
      continue;
    }
    kept.push(all[index] ?? '');
    index += 1;
  }
  return kept.join('\n');
}
