import { EventEmitter } from 'node:events';
import type { ChangeFeed } from '../storage/changeFeed';
import type { AgentPresence } from './routing/routingModel';
import type { HandoffState } from './handoffConversation';
import type { HandoffJournalEntry } from './notes/handoffJournal';

/** Who wrote a relayed message. */
export type MessageAuthor = 'customer' | 'agent' | 'bot';

/** A message of a handed-off conversation, as agents' screens show it. */
export interface RelayedMessage {
  readonly id: string | undefined;
  readonly author: MessageAuthor;
  /** The agent's user id and display name, for agent messages. */
  readonly agentId?: string;
  readonly agentName?: string;
  /** The id the agent's screen gave the message (agent messages). */
  readonly clientMessageId?: string;
  readonly text: string | undefined;
  /** As the transcript has them: stickers carry `content` (package and sticker ids), locations their coordinates. */
  readonly attachments: readonly { readonly contentType: string; readonly contentUrl?: string; readonly thumbnailUrl?: string; readonly name?: string; readonly content?: unknown }[];
  readonly at: string;
  /** The payload of the button the customer tapped (`text` is the button's label). */
  readonly payload?: string;
  /** The customer unsent it: its text and attachments are gone. */
  readonly unsent?: boolean;
  /** On LINE, how an agent's message went out: `reply` (free), `push` (paid). */
  readonly delivery?: 'reply' | 'push' | 'failed';
  /** Quick-reply buttons the agent put under the message. */
  readonly quickReplies?: readonly string[];
}

/**
 * What happens in the handoff, for live screens: every event names the conversation's queue and agents so the stream
 * can show each user only what they may see.
 */
export type HandoffEvent =
  | {
      readonly type: 'conversation';
      readonly conversationId: string;
      readonly state: HandoffState;
      readonly queueId: string;
      readonly agentId: string | undefined;
      readonly offeredAgentId: string | undefined;
      /** What changed, e.g. `queued`, `offered`, `assigned`, `transferred`, `closed`. */
      readonly change: string;
    }
  | { readonly type: 'offer'; readonly conversationId: string; readonly queueId: string; readonly agentId: string; readonly deadline: string }
  | { readonly type: 'offerEnded'; readonly conversationId: string; readonly queueId: string; readonly agentId: string; readonly reason: 'declined' | 'expired' | 'accepted' | 'withdrawn' }
  | { readonly type: 'message'; readonly conversationId: string; readonly queueId: string; readonly agentId: string | undefined; readonly message: RelayedMessage }
  | { readonly type: 'presence'; readonly agentId: string; readonly presence: AgentPresence }
  /** The customer unsent one of their messages: screens replace it by a "message unsent" marker. */
  | { readonly type: 'messageUnsent'; readonly conversationId: string; readonly queueId: string; readonly agentId: string | undefined; readonly messageId: string }
  /** An internal note or a recorded action was added to the conversation's record (for agents and supervisors only). */
  | { readonly type: 'note'; readonly conversationId: string; readonly queueId: string; readonly agentId: string | undefined; readonly entry: JournalEntryEvent };

/** A journal entry as a live event carries it (its time as ISO text). */
export type JournalEntryEvent = Omit<HandoffJournalEntry, 'at'> & { readonly at: string };

/** Topic of handoff events in the {@link ChangeFeed}. */
export const HANDOFF_EVENTS_TOPIC = 'handoffEvents';

/**
 * The handoff's live events, across every instance of the server. With a {@link ChangeFeed} (as the server runs it),
 * an event published here reaches this instance's subscribers at once and is appended to the feed, from which every
 * other instance delivers it to its own subscribers within the feed's poll interval; this instance skips its own
 * entries when they come back from the feed, so each subscriber gets each event once. Without a feed, events stay in
 * this process. The events are a shortcut for live screens, never the only source of truth: a screen reconciles with
 * the API after reconnecting.
 *
 * @example
 * const bus = new HandoffEventBus(feed);
 * const stop = bus.subscribe((event) => console.log(event.type));
 * bus.publish({ type: 'presence', agentId: 'u1', presence: 'available' });
 * stop();
 */
export class HandoffEventBus {
  private readonly emitter = new EventEmitter();

  constructor(private readonly feed?: ChangeFeed) {
    // One listener per open screen; hundreds of agents are normal.
    this.emitter.setMaxListeners(0);
    feed?.subscribe<HandoffEvent>(HANDOFF_EVENTS_TOPIC, (entry) => {
      if (!entry.local) this.emitter.emit('event', entry.payload);
    });
  }

  /**
   * Delivers `event` to every subscriber of this instance now, and of the others through the feed; a subscriber that
   * throws does not stop the others. A feed that cannot be written is logged by the feed; local delivery still happens.
   */
  publish(event: HandoffEvent): void {
    this.emitter.emit('event', event);
    this.feed?.publish(HANDOFF_EVENTS_TOPIC, event).catch(() => undefined);
  }

  /** Calls `listener` with every event from now on; returns the function that stops it. */
  subscribe(listener: (event: HandoffEvent) => void): () => void {
    const guarded = (event: HandoffEvent): void => {
      try {
        listener(event);
      } catch {
        // A broken screen connection must not keep the event from the others.
      }
    };
    this.emitter.on('event', guarded);
    return () => this.emitter.off('event', guarded);
  }

  /** Subscribers right now. */
  get subscribers(): number {
    return this.emitter.listenerCount('event');
  }
}
