import type { Logger } from 'pino';
import type { ChangeFeed } from '../storage/changeFeed';

/** Change-feed topic on which an ingest-only process names the conversations whose events it admitted. */
export const INBOX_ANNOUNCEMENTS_TOPIC = 'lineInboxAdmitted';

/** Payload of an announcement. */
interface Announcement {
  readonly conversations: readonly string[];
}

/**
 * Tells turn processes on the same store, through the change feed, which conversations have newly admitted LINE
 * events, so they start them within the feed's poll interval instead of at their next work-queue poll. Conversations
 * named in one pass of the event loop go out in one entry. A lost announcement delays an event to the next poll; it
 * never loses it (the event is in the inbox).
 *
 * @example
 * const announcer = new InboxAnnouncer(changes, logger);
 * new LineAdapter({ accounts, inbox, turnsElsewhere: (conversation) => announcer.announce(conversation) });
 */
export class InboxAnnouncer {
  private readonly waiting = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly changes: ChangeFeed,
    private readonly logger: Logger,
  ) {}

  /** Queues `conversation` for the next announcement. */
  announce(conversation: string): void {
    this.waiting.add(conversation);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const conversations = [...this.waiting];
      this.waiting.clear();
      this.changes.publish(INBOX_ANNOUNCEMENTS_TOPIC, { conversations } satisfies Announcement).catch((error: unknown) => this.logger.warn({ err: error, conversations: conversations.length }, 'could not announce admitted LINE events; turn processes find them at their next poll'));
    });
  }
}

/**
 * Runs, through `run`, each conversation another process announces (see {@link InboxAnnouncer}); returns the
 * function that stops following.
 *
 * @example const stop = followInboxAnnouncements(changes, (conversation) => lineAdapter.runConversation(conversation));
 */
export function followInboxAnnouncements(changes: ChangeFeed, run: (conversation: string) => void): () => void {
  return changes.subscribe<Announcement>(INBOX_ANNOUNCEMENTS_TOPIC, (entry) => {
    for (const conversation of entry.payload.conversations ?? []) run(conversation);
  });
}
