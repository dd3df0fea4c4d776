import type { messagingApi } from '@line/bot-sdk';
import type { Activity } from 'botbuilder';
import { activityToLineMessages } from '../../adapters/line/activityToLineMessages';
import type { DeliveredMessages } from '../../src/simulator/fakeLineApi';

/** Which event each batch the fake LINE API delivered answers. */
export interface Attribution {
  /** The batches that answered each event, in delivery order; events without an answer are absent. */
  readonly answers: ReadonlyMap<string, readonly DeliveredMessages[]>;
  /** Batches that answer no event the ledger knows (a reply by a token it never saw, a push to a chat without events). */
  readonly unattributed: readonly DeliveredMessages[];
  /** The event each chat's last batch before the last restart answered: the turn that may have been cut by the kill. */
  readonly lastAnsweredBeforeRestart: ReadonlyMap<string, string>;
}

interface LedgerEvent {
  readonly chatId: string;
}

/**
 * Attributes the batches the fake LINE API delivered to the events that caused them, without reading what the bot
 * said: each text event is answered by exactly one batch per turn.
 *
 * - A reply names its event by the reply token it used (an event may carry several tokens: a redelivery given a
 *   fresh one is still the same event).
 * - A push carries no token; turns run one at a time per conversation, so it answers an event of its chat. After a
 *   restart, a push to a chat whose last answer before the restart has not been repeated yet is that turn run again
 *   (the first run used its reply token, so the repeat can only push); otherwise it answers the oldest event of the
 *   chat not yet answered, or, when every one is, the most recently answered one (a repeat).
 *
 * Attribution is recomputed from the whole delivery log on every call, so it can be polled.
 *
 * @example
 * const ledger = new AnswerLedger();
 * ledger.expect('crash-0', userId, event.replyToken);
 * // … kill, then before starting again:
 * ledger.markRestart(fake.api.delivered.length);
 * const { answers } = ledger.attribute(fake.api.delivered);
 */
export class AnswerLedger {
  private readonly events = new Map<string, LedgerEvent>();
  private readonly byReplyToken = new Map<string, string>();
  /** Event keys of each chat, in the order they were first expected (sending order). */
  private readonly byChat = new Map<string, string[]>();
  /** Positions in the delivery log at which a restarted server took over. */
  private readonly restarts: number[] = [];

  /** Registers event `key` of chat `chatId`, or another reply token of an event already registered. */
  expect(key: string, chatId: string, replyToken?: string): void {
    const known = this.events.get(key);
    if (known === undefined) {
      this.events.set(key, { chatId });
      const keys = this.byChat.get(chatId) ?? [];
      keys.push(key);
      this.byChat.set(chatId, keys);
    } else if (known.chatId !== chatId) {
      throw new Error(`event ${key} registered for chat ${known.chatId}, now for ${chatId}`);
    }
    if (replyToken !== undefined) {
      const owner = this.byReplyToken.get(replyToken);
      if (owner !== undefined && owner !== key) throw new Error(`reply token ${replyToken} registered for ${owner} and ${key}`);
      this.byReplyToken.set(replyToken, key);
    }
  }

  /** The chat of event `key`, if registered. */
  chatOf(key: string): string | undefined {
    return this.events.get(key)?.chatId;
  }

  /** Says that the batches from position `deliveredCount` of the delivery log on came from a restarted server. */
  markRestart(deliveredCount: number): void {
    this.restarts.push(deliveredCount);
  }

  /** Attributes every batch of `delivered` (the fake's whole delivery log, in order). */
  attribute(delivered: readonly DeliveredMessages[]): Attribution {
    const answers = new Map<string, DeliveredMessages[]>();
    const unattributed: DeliveredMessages[] = [];
    /** The event each chat's latest batch answered. */
    const lastAnswered = new Map<string, string>();
    let lastAnsweredBeforeRestart = new Map<string, string>();
    /** Per chat, the turn cut by the latest restart not yet seen again. */
    let awaitingRepeat = new Map<string, string>();
    const restartAt = new Set(this.restarts);

    delivered.forEach((batch, index) => {
      if (restartAt.has(index)) {
        lastAnsweredBeforeRestart = new Map(lastAnswered);
        awaitingRepeat = new Map(lastAnswered);
      }
      let key: string | undefined;
      if (batch.replyToken !== undefined) {
        key = this.byReplyToken.get(batch.replyToken);
      } else {
        key = awaitingRepeat.get(batch.chatId);
        key ??= this.byChat.get(batch.chatId)?.find((candidate) => !answers.has(candidate));
        key ??= lastAnswered.get(batch.chatId);
      }
      // The turn cut by the kill runs again once at most: after its repeat, pushes are ordinary again.
      if (key !== undefined && awaitingRepeat.get(batch.chatId) === key) awaitingRepeat.delete(batch.chatId);
      if (key === undefined || this.events.get(key)?.chatId !== batch.chatId) {
        unattributed.push(batch);
        return;
      }
      const list = answers.get(key) ?? [];
      list.push(batch);
      answers.set(key, list);
      lastAnswered.set(batch.chatId, key);
    });
    // A restart after the last delivery still defines what was in flight at it.
    if (this.restarts.some((position) => position >= delivered.length)) lastAnsweredBeforeRestart = new Map(lastAnswered);
    return { answers, unattributed, lastAnsweredBeforeRestart };
  }
}

/** The fields of a transcript activity {@link loggedAnswers} reads. */
export type LoggedActivity = Partial<Pick<Activity, 'type' | 'id' | 'replyToId' | 'text' | 'attachments' | 'suggestedActions' | 'channelData' | 'attachmentLayout'>> & {
  readonly from?: { readonly role?: string };
};

/**
 * The LINE messages the bot's logged activities stand for, by the id of the customer activity they answer
 * (`replyToId`), each as a canonical JSON string — what the adapter would have sent for them.
 */
export function loggedAnswers(transcript: readonly LoggedActivity[]): Map<string, Set<string>> {
  const byIncomingId = new Map<string, Set<string>>();
  for (const activity of transcript) {
    if (activity.from?.role !== 'bot' || activity.replyToId === undefined) continue;
    let messages: messagingApi.Message[];
    try {
      messages = activityToLineMessages(activity as Partial<Activity>);
    } catch {
      continue;
    }
    const set = byIncomingId.get(activity.replyToId) ?? new Set<string>();
    for (const message of messages) set.add(canonicalJson(message));
    byIncomingId.set(activity.replyToId, set);
  }
  return byIncomingId;
}

/** JSON with object keys sorted, so that equal messages compare equal whatever order their fields were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
