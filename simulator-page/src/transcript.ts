import type { BotMessageEvent, LineQuickReplyItem } from './lineMessage';

/** What the simulated user sent, as the transcript keeps it (pictures as a small JPEG thumbnail, base64). */
export type UserContent =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'sticker'; readonly packageId: string; readonly stickerId: string }
  | { readonly type: 'image'; readonly name: string; readonly thumbnail?: string }
  | { readonly type: 'location'; readonly title: string };

/** How the webhook took a user's message: the line under its bubble. */
export interface Delivery {
  readonly text: string;
  readonly kind: 'error' | 'warning' | null;
}

/** One line of the chat. */
export type TranscriptEntry =
  | { readonly kind: 'user'; readonly id: string; readonly at: number; readonly content: UserContent; readonly delivery?: Delivery }
  | { readonly kind: 'bot'; readonly id: string; readonly event: BotMessageEvent }
  | { readonly kind: 'system'; readonly id: string; readonly text: string };

/** A chat as kept in localStorage: its lines and the quick replies still on offer. */
interface SavedChat {
  readonly entries: TranscriptEntry[];
  readonly quickReplies: LineQuickReplyItem[];
}

/** How many lines a chat keeps; older ones are dropped. */
export const MAX_TRANSCRIPT_ENTRIES = 200;

const KEY_PREFIX = 'lineSimulator.chat.v1.';
const ENTRY_KINDS = new Set(['user', 'bot', 'system']);

/** The localStorage key of a simulated user's chat. */
export function transcriptKey(userId: string): string {
  return KEY_PREFIX + userId;
}

function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * One simulated user's chat, kept in localStorage under their user id so a reload (or switching back to that user)
 * shows it again: the last {@link MAX_TRANSCRIPT_ENTRIES} lines and the quick replies of the bot's last message while
 * they are still valid. Without storage (private mode, full quota) it lives for this page only.
 *
 * @example
 * const chat = Transcript.load(user.userId);
 * chat.add({ kind: 'system', id: 's1', text: 'You added the bot as a friend' });
 */
export class Transcript {
  private constructor(
    readonly userId: string,
    private entryList: TranscriptEntry[],
    private offered: LineQuickReplyItem[],
    private readonly storage: Storage | undefined,
  ) {}

  /** The chat saved for `userId`, or an empty one. */
  static load(userId: string, storage: Storage | undefined = browserStorage()): Transcript {
    let saved: Partial<SavedChat> | null = null;
    try {
      saved = JSON.parse(storage?.getItem(transcriptKey(userId)) ?? 'null') as Partial<SavedChat> | null;
    } catch {
      saved = null;
    }
    const entries = Array.isArray(saved?.entries) ? saved.entries.filter((entry) => typeof entry === 'object' && entry !== null && ENTRY_KINDS.has(entry.kind) && typeof entry.id === 'string') : [];
    const quickReplies = Array.isArray(saved?.quickReplies) ? saved.quickReplies : [];
    return new Transcript(userId, entries.slice(-MAX_TRANSCRIPT_ENTRIES), quickReplies, storage);
  }

  /** The lines, oldest first. */
  get entries(): readonly TranscriptEntry[] {
    return this.entryList;
  }

  /** The quick replies on offer (empty once the user did anything after the bot offered them). */
  get quickReplies(): readonly LineQuickReplyItem[] {
    return this.offered;
  }

  /** Adds a line and saves. */
  add(entry: TranscriptEntry): void {
    this.entryList.push(entry);
    if (this.entryList.length > MAX_TRANSCRIPT_ENTRIES) this.entryList.splice(0, this.entryList.length - MAX_TRANSCRIPT_ENTRIES);
    this.save();
  }

  /** Records how the webhook took a user's line. */
  setDelivery(id: string, delivery: Delivery): void {
    this.entryList = this.entryList.map((entry) => (entry.id === id && entry.kind === 'user' ? { ...entry, delivery } : entry));
    this.save();
  }

  /** Replaces the quick replies on offer. */
  setQuickReplies(items: readonly LineQuickReplyItem[]): void {
    if (items.length === 0 && this.offered.length === 0) return;
    this.offered = [...items];
    this.save();
  }

  private save(): void {
    if (!this.storage) return;
    const key = transcriptKey(this.userId);
    try {
      this.storage.setItem(key, JSON.stringify({ entries: this.entryList, quickReplies: this.offered } satisfies SavedChat));
    } catch {
      // Over the quota: keep the newer half on disk (the page still shows everything until the next reload).
      try {
        this.storage.setItem(key, JSON.stringify({ entries: this.entryList.slice(-Math.ceil(this.entryList.length / 2)), quickReplies: this.offered } satisfies SavedChat));
      } catch {
        // Storage refuses even that: the chat lives for this page only.
      }
    }
  }
}
