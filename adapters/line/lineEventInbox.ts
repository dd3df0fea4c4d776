import type { messagingApi, webhook } from '@line/bot-sdk';
import { conversationKeyOfSource, lineConversationId } from './lineConversationId';

/** A webhook event the inbox has taken, with when it arrived. */
export interface InboxEvent {
  readonly accountId: string;
  /** The webhook body's `destination` (the bot's user id). */
  readonly destination: string;
  readonly event: webhook.Event;
  /** Epoch ms at which our server received it. */
  readonly receivedAt: number;
}

/** Messages of one push request that did not go out, with the `X-Line-Retry-Key` they were (or would have been) sent with. */
export interface UndeliveredBatch {
  readonly retryKey: string;
  readonly messages: readonly messagingApi.Message[];
}

/** What a turn could not deliver; only this is retried (by push), the turn never runs again. */
export interface UndeliveredMessages {
  readonly chatId: string;
  /** In order; each at most five messages. */
  readonly batches: readonly UndeliveredBatch[];
}

/** An event still to be handled, as the lease holder of its conversation reads it. */
export interface PendingInboxEvent extends InboxEvent {
  /** The conversation whose lease orders it (see {@link inboxConversationOf}). */
  readonly conversation: string;
  /** Failed runs so far. */
  readonly attempts: number;
  /** Epoch ms before which it is not to be tried again. */
  readonly nextAttemptAt: number;
  /** Set when its turn ran but delivery failed: only these messages remain to be sent. */
  readonly undelivered?: UndeliveredMessages;
}

/** How a run of an event ended. */
export type InboxSettlement =
  | { readonly state: 'done' }
  | { readonly state: 'pending'; readonly error: string; readonly nextAttemptAt: number; readonly undelivered?: UndeliveredMessages }
  | { readonly state: 'dead'; readonly error: string; readonly undelivered?: UndeliveredMessages };

/** What {@link LineEventInbox.admit} recorded. */
export interface InboxAdmission {
  /** Events not seen before, in the given order: to be processed. */
  readonly admitted: InboxEvent[];
  /** Events that could not be serialised: recorded as dead letters at once, never processed. */
  readonly poisoned: number;
}

/**
 * The work queue of webhook events: events are recorded before the webhook answers 200 (so none is acknowledged
 * and then lost, and a redelivery is recognised), and handled per conversation by whoever holds the
 * conversation's lease — one process at a time, in webhook order, across every server instance on the store.
 *
 * States: `pending` (to do, possibly after `nextAttemptAt`), `done`, `dead` (given up; an operator may retry it).
 */
export interface LineEventInbox {
  /**
   * Records the events and returns those not seen before. An event that cannot be serialised is recorded as dead.
   * Must throw when the events cannot be recorded; the webhook then answers 503 and LINE redelivers.
   */
  admit(events: readonly InboxEvent[]): Promise<InboxAdmission>;
  /** Takes the lease of `conversation` for `owner` for `leaseMs` when it is free, expired or already `owner`'s. */
  claim(conversation: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Extends `owner`'s lease; `false` when `owner` no longer holds it. */
  renew(conversation: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Gives the lease up (nothing happens when `owner` does not hold it). */
  release(conversation: string, owner: string): Promise<void>;
  /** The conversation's pending events in webhook order (arrival, then place in the body); unreadable ones turn dead. */
  pending(conversation: string): Promise<PendingInboxEvent[]>;
  /**
   * Records how a run of `event` ended, unless someone else recorded a run of it meanwhile (then `false`).
   * A `pending` settlement counts one more attempt.
   */
  settle(event: PendingInboxEvent, settlement: InboxSettlement): Promise<boolean>;
  /** Moves the conversation's pending events due before `until` to `until` (they wait behind an earlier event). */
  defer(conversation: string, until: number): Promise<void>;
  /** Up to `limit` conversations with pending events due by `now` whose lease is free or expired. */
  dueConversations(now: number, limit: number): Promise<string[]>;
}

/**
 * The conversation an event belongs to, the unit of ordering and of leases: the LINE conversation id, or the event
 * alone when it has no chat.
 */
export function inboxConversationOf(accountId: string, event: webhook.Event): string {
  const key = conversationKeyOfSource(accountId, event.source);
  return key ? lineConversationId(key) : `${accountId}:event:${event.webhookEventId}`;
}

/**
 * The event as the inbox stores it, or the reason it cannot be stored (nesting too deep, cycles).
 */
export function serialiseInboxEvent(event: webhook.Event): { json: string } | { error: string } {
  try {
    const json = JSON.stringify(event);
    if (typeof json !== 'string') return { error: 'event is not serialisable' };
    return { json };
  } catch (error) {
    return { error: `event cannot be serialised: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Reads back a stored event; `{ error }` when it cannot be parsed (a poison event). */
export function parseInboxEvent(json: string): { event: webhook.Event } | { error: string } {
  try {
    const event = JSON.parse(json) as unknown;
    if (event === null || typeof event !== 'object') return { error: 'stored event is not an object' };
    return { event: event as webhook.Event };
  } catch (error) {
    return { error: `stored event cannot be parsed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
