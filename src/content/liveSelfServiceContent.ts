import type { Logger } from 'pino';
import type { SelfServiceContent } from '../../dialogs/selfService/selfServiceContent';
import type { SelfServiceContentSource } from '../../dialogs/selfService/selfServiceContentSource';
import { CacheInvalidation } from '../storage/cacheInvalidation';
import type { ChangeFeed } from '../storage/changeFeed';
import { SelfServiceContentError } from './selfServiceContentFile';
import type { SelfServiceContentRepository, StoredSelfServiceContent } from './selfServiceContentRepository';

/** Topic of the {@link ChangeFeed} that tells other instances the content was saved or reset. */
export const SELF_SERVICE_CONTENT_TOPIC = 'selfServiceContent';

/** How often every instance reads the store for content other instances saved (when the change feed missed it). */
export const SELF_SERVICE_CONTENT_REFRESH_MS = 15_000;

/** The content the bot answers with, where it comes from, and its version for the next save. */
export interface SelfServiceContentRevision {
  readonly content: SelfServiceContent;
  /** What a save must name to replace this content; 0 while nothing was ever stored. */
  readonly version: number;
  /** `file`: the content file (nothing stored, or reset); `stored`: content an admin saved. */
  readonly source: 'file' | 'stored';
  /** When the last save or reset was, if there was one. */
  readonly updatedAt: Date | undefined;
  /** Who made the last save or reset (a username or `admin key`), if there was one. */
  readonly updatedBy: string | undefined;
}

/** What {@link LiveSelfServiceContent} needs. */
export interface LiveSelfServiceContentOptions {
  readonly repository: SelfServiceContentRepository;
  /** The content file's content: the bot's content while nothing is stored. */
  readonly fileContent: SelfServiceContent;
  readonly logger: Logger;
  /** The change feed through which a save or reset makes every other instance read the store at once. */
  readonly changes?: ChangeFeed;
}

/**
 * The self-service content the bot answers with, kept in memory so a turn reads it without waiting:
 * the stored content when there is some, else the file's. A save or reset through this object
 * applies at once in this process; other instances read it when the change feed tells them (within its poll
 * interval), or at the latest at their next refresh (every {@link SELF_SERVICE_CONTENT_REFRESH_MS} once
 * {@link startRefreshing} ran). Stored content that
 * fails validation is logged and ignored: the bot keeps the last good content.
 *
 * @example
 * const live = await LiveSelfServiceContent.open({ repository, fileContent, logger });
 * live.startRefreshing();
 * const bot = new CustomerServiceBot({ conversationState, userState, content: live, surveys });
 * await live.save(editedContent, (await live.refresh()).version, 'aiko');
 */
export class LiveSelfServiceContent implements SelfServiceContentSource {
  private revision: SelfServiceContentRevision;
  /** Counts saves and resets made here, so a refresh that overlapped one does not bring older content back. */
  private localChanges = 0;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  /** The message of the refresh failure last logged, so a lasting problem is logged once, not at every refresh. */
  private reportedFailure: string | undefined;
  private readonly invalidation: CacheInvalidation;
  private closed = false;
  private refreshAgain = false;

  private constructor(private readonly options: LiveSelfServiceContentOptions) {
    this.revision = fileRevision(options.fileContent, undefined);
    this.invalidation = new CacheInvalidation(options.changes, SELF_SERVICE_CONTENT_TOPIC, () => {
      if (!this.closed) this.refreshInBackground();
    });
  }

  /**
   * Reads the stored content. When it cannot be used the problem is logged and the bot starts with
   * the file's content, so the admin console stays up to fix it.
   */
  static async open(options: LiveSelfServiceContentOptions): Promise<LiveSelfServiceContent> {
    const live = new LiveSelfServiceContent(options);
    await live.refreshAndLog();
    return live;
  }

  /** The content to answer with now. */
  current(): SelfServiceContent {
    return this.revision.content;
  }

  /**
   * Reads the store and, unless a save or reset of this process finished meanwhile, answers with what it read.
   *
   * @throws {SelfServiceContentError} when the stored content fails validation; the current content stays.
   */
  async refresh(): Promise<SelfServiceContentRevision> {
    const changesBefore = this.localChanges;
    const revision = this.revisionOf(await this.options.repository.read());
    if (this.localChanges === changesBefore) this.revision = revision;
    return revision;
  }

  /**
   * Validates and stores `content` as the next version, and answers with it from now on.
   *
   * @throws {SelfServiceContentError} listing every problem; nothing changed.
   * @throws {SelfServiceContentConflictError} when `expectedVersion` is no longer the stored version; nothing changed.
   */
  async save(content: unknown, expectedVersion: number, updatedBy: string): Promise<SelfServiceContentRevision> {
    const revision = this.applyLocalChange(await this.options.repository.save(content, expectedVersion, updatedBy));
    await this.invalidation.announce('content');
    return revision;
  }

  /** Goes back to the file's content, here at once and in other instances at their next refresh. */
  async reset(updatedBy: string): Promise<SelfServiceContentRevision> {
    const revision = this.applyLocalChange(await this.options.repository.reset(updatedBy));
    await this.invalidation.announce('content');
    return revision;
  }

  /** Refreshes every `intervalMs` until {@link close}; the timer does not keep the process alive. */
  startRefreshing(intervalMs = SELF_SERVICE_CONTENT_REFRESH_MS): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.refreshInBackground(), intervalMs);
    this.timer.unref();
  }

  /** Stops refreshing and waits for a refresh under way, so the store can be closed after it. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.refreshing;
  }

  private refreshInBackground(): void {
    // A slow store must not pile refreshes up; but one asked for during a refresh may need what that one read too early.
    if (this.refreshing !== undefined) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = this.refreshAndLog().finally(() => {
      this.refreshing = undefined;
      if (this.refreshAgain && !this.closed) {
        this.refreshAgain = false;
        this.refreshInBackground();
      }
    });
  }

  private applyLocalChange(stored: StoredSelfServiceContent | undefined): SelfServiceContentRevision {
    const revision = this.revisionOf(stored);
    this.localChanges += 1;
    // Two saves of this process may finish out of order; the store gave the later one the higher version.
    if (revision.version >= this.revision.version) this.revision = revision;
    return revision;
  }

  private async refreshAndLog(): Promise<void> {
    const { logger } = this.options;
    try {
      await this.refresh();
      if (this.reportedFailure !== undefined) logger.info({ version: this.revision.version, source: this.revision.source }, 'the self-service content can be read from the store again');
      this.reportedFailure = undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message === this.reportedFailure) return;
      this.reportedFailure = message;
      const kept = { keptVersion: this.revision.version, keptSource: this.revision.source };
      if (error instanceof SelfServiceContentError) {
        logger.error(
          { err: error, issues: error.issues, ...kept },
          'the stored self-service content is invalid and is ignored; the bot keeps its last good content until an admin saves valid content or resets it to the file (Admin → Bot content)',
        );
      } else {
        logger.error({ err: error, ...kept }, 'could not read the self-service content from the store; the bot keeps its current content');
      }
    }
  }

  private revisionOf(stored: StoredSelfServiceContent | undefined): SelfServiceContentRevision {
    if (stored?.content === undefined) return fileRevision(this.options.fileContent, stored);
    return { content: stored.content, version: stored.version, source: 'stored', updatedAt: stored.updatedAt, updatedBy: stored.updatedBy };
  }
}

function fileRevision(fileContent: SelfServiceContent, reset: StoredSelfServiceContent | undefined): SelfServiceContentRevision {
  return { content: fileContent, version: reset?.version ?? 0, source: 'file', updatedAt: reset?.updatedAt, updatedBy: reset?.updatedBy };
}
