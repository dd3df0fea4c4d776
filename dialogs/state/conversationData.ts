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
 * Appends `text` to the conversation's recent texts, dropping the oldest beyond {@link RECENT_TEXTS_KEPT}.
 *
 * @example
 * rememberText(data, 'Where is my parcel?');
 */
export function rememberText(data: ConversationData, text: string): void {
  data.recentTexts = [...data.recentTexts, text].slice(-RECENT_TEXTS_KEPT);
}
