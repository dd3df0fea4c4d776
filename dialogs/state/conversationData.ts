import type { HandoffReason } from '../handoffRequest';
import type { SupportedLanguage } from '../language/supportedLanguage';

/** How many of the customer's texts the handoff summary carries. */
export const RECENT_TEXTS_KEPT = 5;

/** A handoff request the bot sent that no person has closed yet. */
export interface PendingHandoff {
  /** `{channelId}:{userId}`, as sent in the request. */
  readonly customerId: string;
  readonly reason: HandoffReason;
  /** ISO 8601 time the request was sent. */
  readonly requestedAt: string;
}

/** What the bot remembers about one conversation (conversation state), besides the dialog stack. */
export interface ConversationData {
  /** The customer's last texts (button payloads excluded), oldest first, at most {@link RECENT_TEXTS_KEPT}. */
  recentTexts: string[];
  /** The message id of each of {@link recentTexts} (`''` when it had none), so that an unsent one can be forgotten. */
  recentTextIds?: string[];
  /** The topic last chosen or recognised: the handoff's topic and skill. */
  topicId?: string;
  /** Texts in a row that matched no topic. */
  misses: number;
  pendingHandoff?: PendingHandoff;
  /**
   * The language last spoken with the customer here: what events that do not come from the customer
   * (such as `handoff.ended`) are answered in.
   */
  language?: SupportedLanguage;
  /** ISO 8601 time the survey asked its rating: an answer after the survey expired is a new question. */
  surveyAskedAt?: string;
}

/**
 * A fresh {@link ConversationData}.
 *
 * @example
 * const data = await accessor.get(context, newConversationData());
 */
export function newConversationData(): ConversationData {
  return { recentTexts: [], misses: 0 };
}

/**
 * Appends `text` (with its message id, when known) to the conversation's recent texts, dropping the oldest beyond
 * {@link RECENT_TEXTS_KEPT}.
 *
 * @example
 * rememberText(data, 'Where is my parcel?', '468789577898262530');
 */
export function rememberText(data: ConversationData, text: string, messageId?: string): void {
  const ids = alignedIds(data);
  data.recentTexts = [...data.recentTexts, text].slice(-RECENT_TEXTS_KEPT);
  data.recentTextIds = [...ids, messageId ?? ''].slice(-RECENT_TEXTS_KEPT);
}

/**
 * Forgets the recent text of message `messageId` (the customer unsent it).
 *
 * @returns the text forgotten, or `undefined` when none of the recent texts is that message.
 * @example
 * forgetText(data, '468789577898262530'); // 'oops my card is 4111 1111 1111 1111'
 */
export function forgetText(data: ConversationData, messageId: string): string | undefined {
  const ids = alignedIds(data);
  const index = messageId === '' ? -1 : ids.indexOf(messageId);
  if (index < 0) return undefined;
  const text = data.recentTexts[index];
  data.recentTexts = data.recentTexts.filter((_, position) => position !== index);
  data.recentTextIds = ids.filter((_, position) => position !== index);
  return text;
}

/** The ids of the recent texts, one per text (state saved before ids were kept has none). */
function alignedIds(data: ConversationData): string[] {
  const ids = data.recentTextIds ?? [];
  return ids.length === data.recentTexts.length ? ids : data.recentTexts.map(() => '');
}
