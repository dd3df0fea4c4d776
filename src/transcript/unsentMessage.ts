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
