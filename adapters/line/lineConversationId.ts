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

/** The conversation key of an event's source; `undefined` for events without a usable source. */
export function conversationKeyOfSource(accountId: string, source: webhook.Source | undefined): LineConversationKey | undefined {
  if (!source) return undefined;
  switch (source.type) {
    case 'user':
      return source.userId ? { accountId, chatType: 'user', chatId: source.userId } : undefined;
    case 'group':
      return { accountId, chatType: 'group', chatId: source.groupId };
    case 'room':
      return { accountId, chatType: 'room', chatId: source.roomId };
    default:
      return undefined;
  }
}
