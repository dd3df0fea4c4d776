import type { webhook } from '@line/bot-sdk';

/** A reply token kept for later: a customer's event the bot did not answer, whose token may still serve someone else. */
export interface KeptReplyToken {
  readonly token: string;
  /** Epoch ms after which the token is not worth trying. */
  readonly expiresAt: number;
}

/**
 * What a LINE chat offers beyond its turns, shared by every server instance on the store: the reply tokens of events
 * nobody answered (so a person answering later replies for free), the newest `markAsReadToken` (to mark the customer's
 * messages read when someone reads them), and when the loading animation last started (so it is refreshed, never
 * spammed). Each take is atomic: a token is handed out once however many instances ask.
 *
 * @example
 * await signals.keepReplyToken(conversationId, { token, expiresAt: receivedAt + 50_000 });
 * const kept = await signals.takeReplyToken(conversationId, Date.now()); // the newest unexpired token, or undefined
 */
export interface LineChatSignals {
  /** Keeps an unused reply token of the conversation until it expires. */
  keepReplyToken(conversation: string, token: KeptReplyToken): Promise<void>;
  /** Hands out the conversation's newest unexpired token once, forgetting it; `undefined` when none is left. */
  takeReplyToken(conversation: string, now: number): Promise<KeptReplyToken | undefined>;
  /** Keeps the newest `markAsReadToken` of the conversation (it marks every earlier message read too). */
  keepReadToken(conversation: string, markAsReadToken: string): Promise<void>;
  /** Hands out the kept `markAsReadToken` once; `undefined` when nothing new arrived since the last take. */
  takeReadToken(conversation: string): Promise<string | undefined>;
  /**
   * Claims the right to start the loading animation now, for `untilMs`: `true` unless an animation started earlier
   * still runs past `refreshAfter` (then it is left alone).
   */
  claimLoading(conversation: string, refreshAfter: number, untilMs: number): Promise<boolean>;
  /** Forgets the running animation: a message to the chat ends it on LINE, so the next claim succeeds at once. */
  endLoading(conversation: string): Promise<void>;
}

/**
 * Keeps what a turn the bot did not answer leaves for whoever answers later: its reply token while it lasts, and the
 * message's read token.
 */
export async function keepUnanswered(signals: LineChatSignals, conversation: string, event: webhook.Event, token: KeptReplyToken): Promise<void> {
  await signals.keepReplyToken(conversation, token);
  const readToken = event.type === 'message' ? (event.message as { markAsReadToken?: unknown }).markAsReadToken : undefined;
  if (typeof readToken === 'string' && readToken !== '') await signals.keepReadToken(conversation, readToken);
}
