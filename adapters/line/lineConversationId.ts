import type { webhook } from '@line/bot-sdk';

/** The kind of LINE chat a conversation is. */
export type LineChatType = 'user' | 'group' | 'room';

/** The parts a LINE conversation id is made of. */
export interface LineConversationKey {
  readonly accountId: string;
  readonly chatType: LineChatType;
  /** userId, groupId or roomId: the `to` of a push and the `chatId` of a loading animation. */
  readonly chatId: string;
}

/**
 * Builds the Bot Framework conversation id of a LINE chat: `{accountId}:{chatType}:{chatId}`.
 *
 * The account id is part of it because two channels of one LINE provider see the same user id.
 *
 * @example lineConversationId({ accountId: 'default', chatType: 'user', chatId: 'U4af4980629' }) // 'default:user:U4af4980629'
 */
export function lineConversationId(key: LineConversationKey): string {
  return `${key.accountId}:${key.chatType}:${key.chatId}`;
}

/** Parses an id made by {@link lineConversationId}; `undefined` when it is not one. */
export function parseLineConversationId(id: string): LineConversationKey | undefined {
  const match = /^([a-z0-9][a-z0-9-]*):(user|group|room):(.+)$/.exec(id);
  if (!match) return undefined;
  const [, accountId, chatType, chatId] = match;
  if (accountId === undefined || chatId === undefined) return undefined;
  return { accountId, chatType: chatType as LineChatType, chatId };
}

/**
 * The conversation key of an event's source; `undefined` for events without a usable source — also a group or room
 * source without its id, which would otherwise address `/v2/bot/group/undefined/…`.
 */
export function conversationKeyOfSource(accountId: string, source: webhook.Source | undefined): LineConversationKey | undefined {
  if (!source) return undefined;
  const chat = ((): { chatType: LineChatType; chatId: unknown } | undefined => {
    switch (source.type) {
      case 'user':
        return { chatType: 'user', chatId: source.userId };
      case 'group':
        return { chatType: 'group', chatId: source.groupId };
      case 'room':
        return { chatType: 'room', chatId: source.roomId };
      default:
        return undefined;
    }
  })();
  if (!chat || !isLineId(chat.chatId)) return undefined;
  return { accountId, chatType: chat.chatType, chatId: chat.chatId };
}

/** LINE's user, group and room ids are short tokens (`U…`, `C…`, `R…` and 32 hex digits). */
function isLineId(value: unknown): value is string {
  return typeof value === 'string' && /^[\w-]{1,128}$/.test(value);
}
